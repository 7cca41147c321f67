"""▶ waits for what a step needs and comes back for what recurs (issue 17): the ASQ
waits until its asker is recorded present (the counselor, or the school doctor; or the
wait skipped with a reason), and whoever asked it, it is not asked again; a step that
records what meets an overdue deadline is urgent; the weekly report of a level III watch
comes back to ▶ each time its clock is due, although it was done before."""

from __future__ import annotations

from oncall.case import kinds as k
from oncall.session import CaseSession
from support.scenes import DAY, Scene, asq, confirm, first_minutes


def _before_the_asq(s: Scene) -> None:
    first_minutes(s)
    s.answer(8, "risk.warning", [])
    s.answer(9, "risk.factors", ["low_mood"])
    s.answer(10, "risk.dimensions", [])


def _level_iii(s: Scene) -> None:
    """A risk factor, the counselor here, a negative screen: level III confirmed."""
    _before_the_asq(s)
    s.add(11, k.STAFF_ARRIVED, {"role": "counselor", "who": "张老师（虚构）"})
    asq(s, 12, "no", "no", "no", "no")
    confirm(s, 20, "III", "III", ["factor-any"])


def test_the_asq_waits_for_the_counselor_and_says_so(scene: Scene) -> None:
    s = scene
    _before_the_asq(s)
    waiting = s.state(30)
    assert waiting.current_step == "risk.assessor"
    assert "等心理老师到场" in waiting.next_action.zh
    assert "Wait for the counselor" in waiting.next_action.en
    # she arrives: recorded from the report menu (the session's one entry path)
    session = CaseSession(s.journal, s.case, s.playbook, actor=s.actor)
    s.clock.now = s.at(41)
    session.record_entry(k.STAFF_ARRIVED, {"role": "counselor", "who": "张老师（虚构）"})
    state = s.state(41)
    assert state.steps["risk.assessor"].status == "done"
    assert state.steps["risk.assessor"].by_event == k.STAFF_ARRIVED
    assert state.current_step == "risk.asq.intro"


def test_the_school_doctor_arriving_is_an_asker_too(scene: Scene) -> None:
    s = scene
    _before_the_asq(s)
    s.add(20, k.STAFF_ARRIVED, {"role": "school_doctor", "who": "钱校医（虚构）"})
    assert s.state(20).current_step == "risk.asq.intro"


def test_someone_else_arriving_does_not_end_the_wait(scene: Scene) -> None:
    s = scene
    _before_the_asq(s)
    s.add(20, k.STAFF_ARRIVED, {"role": "security", "who": "孙保安（虚构）"})
    assert s.state(20).current_step == "risk.assessor"


def test_nobody_can_come_the_wait_is_skipped_and_the_teacher_asks(scene: Scene) -> None:
    s = scene
    _before_the_asq(s)
    s.skip(20, "risk.assessor", "夜里心理老师来不了，值班老师来问")
    assert s.state(20).current_step == "risk.asq.intro"


def test_an_asq_asked_without_the_counselor_is_not_asked_again(scene: Scene) -> None:
    s = scene
    _before_the_asq(s)
    asq(s, 12, "no", "no", "no", "no")  # the on-duty teacher asked, from the screen
    state = s.state(16)
    assert not state.steps["risk.assessor"].applicable
    assert state.current_step == "risk.asq.negative"


def test_an_overdue_written_report_is_urgent(scene: Scene) -> None:
    s = scene
    _level_iii(s)
    assert s.state(DAY - 10).current_step != "report.written"  # not due yet: in its turn
    assert s.state(DAY + 30).current_step == "report.written"  # overdue: before the rest


def test_the_weekly_report_comes_back_every_week(scene: Scene) -> None:
    s = scene
    _level_iii(s)
    s.add(30, k.REPORT_WRITTEN, {"to": "刘校长（虚构）"})
    s.done(40, "contact.inform_week")  # the mother told the same day
    assert s.state(2 * DAY).current_step != "report.weekly"  # a week away
    due = s.state(7 * DAY + 30)
    assert due.current_step == "report.weekly"  # due: before what merely waits
    s.add(7 * DAY + 40, k.REPORT_WEEKLY, {"summary": "情绪平稳"})
    done = s.state(7 * DAY + 41)
    assert done.steps["report.weekly"].status == "done"
    assert done.current_step != "report.weekly"
    assert s.state(13 * DAY).current_step != "report.weekly"
    again = s.state(14 * DAY + 50)
    assert again.steps["report.weekly"].status == "done"  # done last week, and
    assert again.current_step == "report.weekly"  # ▶ again this week
    s.add(14 * DAY + 60, k.REPORT_WEEKLY, {"summary": "第二周：好转"})
    assert s.state(14 * DAY + 61).current_step != "report.weekly"
