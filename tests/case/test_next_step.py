"""▶ is chosen from the case's state by what the playbook declares (`urgent`, `ready`,
`closing`, moot steps through `when`), on the default playbook and on small ones."""

from __future__ import annotations

import pytest

from oncall.case import kinds as k
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook
from oncall.playbook.model import Phase, Step, Text, Timer
from oncall.tui.view import case_view, step_detail

from .helpers import Log, minutes, step

DAY = 24 * 60


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook(default_playbook_path())


def _small(*steps: Step, timers: tuple[Timer, ...] = ()) -> Playbook:
    return Playbook(
        id="t", version="1", title=Text("t", "t"), roles=(),
        phases=(Phase(id="p", title=Text("p", "p"), steps=steps),), timers=timers,
    )


def test_a_step_whose_clock_is_overdue_comes_before_file_order() -> None:
    late = Timer("late", Text("l", "l"), "deadline", 60, start=("case.opened",),
                 stop=("step:call",))
    pb = _small(step("first"), step("second"), step("call"), timers=(late,))
    log = Log(pb)
    assert log.state(30).current_step == "first"
    assert log.state(61).current_step == "call"  # overdue: first
    log.done("call", 62)
    assert log.state(63).current_step == "first"


def test_urgent_and_ready_are_read_from_the_playbook() -> None:
    pb = _small(
        step("a"),
        Step("b", "action", Text("b", "b"), ready='done("c")'),
        Step("c", "action", Text("c", "c"), urgent='done("a")'),
    )
    log = Log(pb)
    assert log.state(1).current_step == "a"
    log.done("a", 1)
    assert log.state(2).current_step == "c"  # urgent once a is done
    log.done("c", 2)
    assert log.state(3).current_step == "b"  # ready now


def test_a_step_that_is_not_ready_waits_but_is_never_lost() -> None:
    pb = _small(Step("b", "action", Text("b", "b"), ready='done("z")'), step("a"))
    log = Log(pb)
    assert log.state(1).current_step == "a"
    log.done("a", 1)
    assert log.state(2).current_step == "b"  # nothing else left: shown anyway


def test_closing_waits_while_a_clock_runs_or_is_overdue() -> None:
    followup = Timer("f", Text("f", "f"), "deadline", 60, start=("step:home",),
                     stop=("step:call",))
    pb = _small(
        step("home"),
        step("call", when='done("home")'),
        Step("archive", "action", Text("a", "a"), closing=True),
        timers=(followup,),
    )
    log = Log(pb)
    log.done("home", 1)
    log.add(k.STEP_SKIPPED, {"step": "call", "reason": "稍后"}, 2)
    state = log.state(30)
    assert state.current_step is None  # the clock runs: not archive
    assert log.state(90).current_step is None  # overdue: still not archive
    log2 = Log(pb)
    log2.done("home", 1)
    log2.done("call", 5)
    assert log2.state(6).current_step == "archive"


def _on_the_way_to_hospital(playbook: Playbook) -> Log:
    """Danger declared, its steps done, custody started, the emergency route chosen."""
    log = Log(playbook, student_age=14)
    log.add(k.DANGER_DECLARED, {"what": ["attempt"]}, 1)
    for minute in range(2, 5):
        current = log.state(minute).current_step
        while current is not None and current.startswith("danger."):
            log.done(current, minute)
            current = log.state(minute).current_step
    log.custody(["张老师（虚构）"], 5)
    log.answer("medical.route", "emergency", 10)
    return log


def test_the_hospital_handover_ends_custody_and_the_school_check_is_moot(
    playbook: Playbook,
) -> None:
    log = _on_the_way_to_hospital(playbook)
    log.add(k.MEDICAL_HANDOVER, {"hospital": "市精神卫生中心（虚构）", "staff": "刘医生（虚构）"},
            50)
    log.answer("medical.ward_required", "no", 51)
    state = log.state(52)
    assert state.current_step == "custody.end"
    assert not state.steps["risk.bssa.frequency"].applicable
    assert not state.steps["risk.asq.q1"].applicable


@pytest.mark.parametrize(("ward", "answer"), [(False, "no"), (True, "yes")])
def test_the_handover_form_answers_whether_the_ward_needs_custody(
    playbook: Playbook, ward: bool, answer: str
) -> None:
    """The handover form's "hospital requires ward custody" box is the answer to the
    question: ▶ does not ask it again (one fact, one record)."""
    log = _on_the_way_to_hospital(playbook)
    data = {"hospital": "市精神卫生中心（虚构）", "staff": "刘医生（虚构）", "ward_custody": ward}
    log.add(k.MEDICAL_HANDOVER, data, 50)
    state = log.state(51)
    asked = state.steps["medical.ward_required"]
    assert (asked.status, asked.value, asked.by_event) == ("answered", answer, k.MEDICAL_HANDOVER)
    assert state.current_step != "medical.ward_required"
    assert state.steps["medical.ward_custody"].applicable is ward
    if not ward:
        assert state.current_step == "custody.end"
        # the school's risk check, made moot by the hospital's own evaluation, counts
        # only what was recorded in it: the stay step, done by the custody's start (it
        # read "✓ 0/0", as if done, and then "— n/a" although that step was ticked)
        for lang, line in (("zh", "✓ 1/1 风险评估"), ("en", "✓ 1/1 Risk check")):
            lines = case_view(state, playbook, lang, minutes(51), None).phase_lines
            assert line in lines
            assert not any(" 0/0 " in shown for shown in lines)


def test_the_route_waits_for_the_assessment_unless_danger_was_found(
    playbook: Playbook,
) -> None:
    log = Log(playbook, student_age=14)
    log.answer("danger.check", [], 1)
    log.confirm("II", 2, suggested="II")
    state = log.state(3)
    assert state.steps["medical.route"].applicable
    order = [s.id for s in playbook.steps()]
    # ▶ goes past the route to the risk check while nothing is assessed
    log.custody(["张老师（虚构）"], 3)
    for minute in range(4, 40):
        current = log.state(minute).current_step
        assert current != "medical.route"
        if current is None or current.startswith("risk.asq.q"):
            break
        log.done(current, minute)
    assert current is not None and order.index(current) > order.index("medical.route")


def test_ticking_danger_items_makes_the_route_ready(playbook: Playbook) -> None:
    log = Log(playbook, student_age=14)
    log.answer("danger.check", ["means"], 1)
    state = log.state(2)
    assert state.suggestion.level == "I"


def test_a_danger_item_on_a_case_opened_with_n_asks_to_confirm_level_i(
    playbook: Playbook,
) -> None:
    log = Log(playbook, student_age=14)
    log.answer("danger.check", ["means"], 1)
    state = log.state(2)
    assert state.suggestion.level == "I"
    assert "danger-declared" in state.suggestion.rule_ids
    [because] = [d.because.zh for d in state.suggestion.drivers if d.rule == "danger-declared"]
    means = next(o.label.zh for o in playbook.step("danger.check").options if o.id == "means")
    assert means in because  # the ticked item is the level's driver
    minute = 2
    while (current := log.state(minute).current_step) and current.startswith("danger."):
        log.done(current, minute)
        minute += 1
    assert log.state(minute).current_step == "risk.level"  # confirmation comes next
    log.confirm("I", minute, suggested="I")
    after = log.state(minute + 1)
    assert after.steps["custody.start"].applicable
    minute += 1
    while (current := log.state(minute).current_step) != "custody.start":
        assert current is not None and current.startswith("first.")  # the first calls only
        log.done(current, minute)
        minute += 1


def test_danger_declared_with_nothing_named_leaves_the_check_first(playbook: Playbook) -> None:
    log = Log(playbook, student_age=14)
    log.add(k.DANGER_DECLARED, {"what": []}, 1)
    state = log.state(2)
    assert state.level == "I"
    assert state.steps["danger.check"].status == "pending"
    assert state.current_step == "danger.check"


def test_a_follow_up_not_due_yet_is_named_with_its_time_and_first_once_overdue() -> None:
    day1 = Timer("d1", Text("d1", "d1"), "deadline", 60, start=("step:home",),
                 stop=("step:call1",))
    day3 = Timer("d3", Text("第3天", "day 3 (call)"), "deadline", 180, start=("step:home",),
                 stop=("step:call3",))
    pb = _small(
        step("home"),
        step("call3", when='done("home")', required=False),
        step("call1", when='done("home")', required=False),
        step("report"),
        Step("archive", "action", Text("a", "a"), closing=True),
        timers=(day1, day3),
    )
    log = Log(pb)
    log.done("home", 1)
    assert log.state(2).current_step == "report"  # a required step first
    assert log.state(70).current_step == "call1"  # overdue: before the required step
    log.done("report", 71)
    log.done("call1", 72)
    waiting = log.state(73)
    # nothing to do now: not a call that is not due, and never archive while it runs
    assert waiting.current_step is None
    due = minutes(181).astimezone().strftime("%H:%M")
    assert waiting.next_action.zh == f"现在无待办；下一项：第3天 {due}"
    assert waiting.next_action.en == f"Nothing due now; next: day 3 {due}"
    shown = case_view(waiting, pb, "en", minutes(73), None)
    assert shown.next_action == f"▶ Next: Nothing due now; next: day 3 {due}"
    assert step_detail(waiting, pb, None, "en", set()).title == waiting.next_action.en
    assert log.state(181).current_step == "call3"  # due now: ▶ again
    log.done("call3", 182)
    assert log.state(183).current_step == "archive"


def test_a_phase_with_recorded_work_shows_its_count_after_the_hospital_handover(
    playbook: Playbook,
) -> None:
    """Issue 17: after the hospital handover the checklist read "— 不适用 风险评估"
    although the ASQ had been answered, and "— 不适用 24 小时监护" although custody had
    run with check-ins. Recorded work shows its count; only untouched phases read n/a."""
    log = _on_the_way_to_hospital(playbook)
    log.answer("risk.warning", [], 12)
    log.answer("risk.factors", ["low_mood"], 13)
    for number, minute in zip(range(1, 5), range(14, 18), strict=True):
        log.answer(f"risk.asq.q{number}", "yes" if number == 1 else "no", minute)
    log.add(k.MEDICAL_HANDOVER, {"hospital": "市精神卫生中心（虚构）", "staff": "刘医生（虚构）",
                                 "ward_custody": False}, 50)
    log.add(k.CUSTODY_ENDED, {"to": "hospital", "received_by": "刘医生（虚构）"}, 52)
    state = log.state(53)
    assert not state.steps["risk.asq.q1"].applicable  # moot: the hospital evaluates
    lines = case_view(state, playbook, "zh", minutes(53), None).phase_lines
    risk = next(line for line in lines if line.endswith("风险评估"))
    assert "不适用" not in risk
    assert risk.startswith("✓ 7/7")  # the check, the factors, four answers, the stay
    custody = next(line for line in lines if line.endswith("24 小时监护"))
    assert "不适用" not in custody and "/" in custody
    # a phase nobody touched still says n/a, never "✓ 0/0"
    assert not any(" 0/0 " in line for line in lines)


def test_a_guardian_taking_over_at_the_hospital_is_not_going_home(playbook: Playbook) -> None:
    """Issue 17: "✓ 学生由家长接回" was ticked when the mother took over at the hospital
    (the student was in hospital). Only a handover that sends the student home ticks it."""
    log = _on_the_way_to_hospital(playbook)
    log.add(k.MEDICAL_HANDOVER, {"hospital": "市精神卫生中心（虚构）", "staff": "刘医生（虚构）",
                                 "ward_custody": True}, 50)
    log.add(k.CUSTODY_ENDED, {"to": "guardian", "received_by": "周虚构",
                              "place": "市精神卫生中心（虚构）"}, 90)
    home = log.state(91).steps["followup.home"]
    assert home.status != "done" and not home.applicable
    # the family refused admission and takes the student home from the hospital: it is
    log.answer("contact.documents", ["refusal"], 95)
    log.add(k.CUSTODY_ENDED, {"to": "guardian", "received_by": "周虚构",
                              "place": "市精神卫生中心（虚构）"}, 96)
    assert log.state(97).steps["followup.home"].status == "done"
    # and at school, as before
    school = Log(playbook, student_age=14)
    school.confirm("II", 2)
    school.custody(["张老师（虚构）"], 3)
    school.add(k.CUSTODY_ENDED, {"to": "guardian", "received_by": "周虚构", "place": "办公室"}, 60)
    assert school.state(61).steps["followup.home"].status == "done"
