"""CaseSession: every intent is one journal event; refusals leave the journal as it was."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from oncall.case import kinds as k
from oncall.case import replay
from oncall.journal import Journal
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook
from oncall.session import CaseSession, SessionError
from support.clocks import FakeClock
from support.entries import custody, ended, medical_called

TEACHER = "王老师（虚构）"


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook(default_playbook_path())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(tmp_path: Path, playbook: Playbook, clock: FakeClock) -> Iterator[CaseSession]:
    journal = Journal.create(tmp_path / "s", "session test passphrase", kdf_n=2**10, clock=clock)
    case_id = journal.new_case(actor=TEACHER, playbook=playbook, place="三楼", student_age=14)
    yield CaseSession(journal, case_id, playbook, TEACHER)
    journal.close()


def kinds(session: CaseSession) -> list[str]:
    return [e.kind for e in session.events()]


def test_answers_are_checked_against_the_playbook(session: CaseSession) -> None:
    with pytest.raises(SessionError):
        session.answer("risk.asq.q1", "maybe")
    with pytest.raises(SessionError):
        session.answer("danger.check", ["not-an-item"])
    with pytest.raises(SessionError):
        session.answer("first.stay", "yes")  # an action is done, not answered
    with pytest.raises(SessionError):
        session.done("no.such.step")
    assert kinds(session) == ["case.opened"]
    session.answer("risk.asq.q1", "refused")
    assert session.events()[-1].data == {"step": "risk.asq.q1", "value": "refused"}


def test_level_override_needs_a_reason_and_assessors(session: CaseSession) -> None:
    with pytest.raises(SessionError, match="reason") as refused:
        session.confirm_level("III", suggested="II", drivers=["warning-signal"], assessors=["甲"])
    assert refused.value.text("zh").startswith("请填写")
    with pytest.raises(SessionError, match="assessment"):
        session.confirm_level("II", suggested="II", drivers=[], assessors=[" "])
    event = session.confirm_level(
        "III",
        suggested="II",
        drivers=["warning-signal"],
        assessors=["甲", "乙", "丙"],
        reason="家长已接回",
    )
    assert event.data["override"] is True and event.data["assessors"] == ["甲", "乙", "丙"]


def test_handover_needs_a_receiver_who_read_it_back(session: CaseSession) -> None:
    session.record_entry(k.CUSTODY_STARTED, custody("心理室", ["甲"], "arm"))
    with pytest.raises(SessionError, match="Read back"):
        session.handover(
            ["甲"], ["乙"], severity="I", summary="平稳", actions=[], watch="", readback=False
        )
    session.handover(
        ["甲"],
        ["乙"],
        severity="I",
        summary="平稳",
        actions=[{"what": "签到", "owner": "乙"}],
        watch="情绪",
        readback=True,
    )
    assert replay(session.playbook, session.events(), datetime.now(UTC)).custody.custodians == (
        "乙",
    )


def test_custody_ends_only_with_a_handover_to_guardian_or_hospital(
    session: CaseSession,
) -> None:
    session.record_entry(k.CUSTODY_STARTED, custody("心理室", ["甲"]))
    with pytest.raises(SessionError):
        session.record_entry(k.CUSTODY_ENDED, ended("nobody", "x", "y"))
    session.record_entry(k.CUSTODY_ENDED, ended("guardian", "父亲（虚构）", "校门口"))
    assert kinds(session)[-1] == "custody.ended"


def test_undo_withdraws_the_latest_entry_never_deletes(
    session: CaseSession, clock: FakeClock
) -> None:
    first = session.done("first.stay")
    clock.now += timedelta(minutes=1)
    note = session.note("学生平静")
    undo = session.undo("记错了")
    assert undo.data == {"corrects": note.id, "reason": "记错了", "replacement": None}
    assert session.last_undoable() == first
    state = replay(session.playbook, session.events(), clock.now)
    assert note.id in state.withdrawn
    assert [e.kind for e in session.events()] == ["case.opened", "step.done", "note", "correction"]


def test_actor_change_is_recorded_and_carried(session: CaseSession) -> None:
    session.change_actor("李老师（虚构）")
    event = session.note("接班")
    assert event.actor == "李老师（虚构）"
    assert session.events()[-2].data == {"from": TEACHER, "to": "李老师（虚构）"}


def test_late_entry_keeps_both_times(session: CaseSession, clock: FakeClock) -> None:
    clock.now += timedelta(minutes=30)
    called = medical_called(session, "120", at=clock.now - timedelta(minutes=12))
    assert called.at_time == clock.now - timedelta(minutes=12)
    assert called.recorded_time == clock.now


@pytest.mark.parametrize(
    ("minutes", "why"),
    [(-5, "before the case opened"), (30, "has not come yet")],
    ids=["before the case opened", "in the future"],
)
def test_a_time_before_the_case_or_still_to_come_is_refused(
    session: CaseSession, clock: FakeClock, minutes: int, why: str
) -> None:
    """No interval can come out negative: a late entry is between the opening and now,
    and the refusal names the field it is about (the form shows it there)."""
    opened = session.events()[0].at_time
    clock.advance(10)
    with pytest.raises(SessionError, match=why) as refused:
        medical_called(session, "120", at=opened + timedelta(minutes=minutes))
    assert refused.value.field == "at"
    assert kinds(session) == ["case.opened"]
    medical_called(session, "120", at=opened + timedelta(minutes=2))
    assert session.events()[-1].at_time == opened + timedelta(minutes=2)


def test_record_entry_checks_values_against_the_declaration(session: CaseSession) -> None:
    with pytest.raises(SessionError) as missing:
        session.record_entry("medical.handover", {"hospital": "市虚构医院"})
    assert missing.value.field == "staff" and missing.value.text("zh") == "请填写医院接收人"
    with pytest.raises(SessionError) as not_a_choice:
        session.record_entry("medical.called", {"number": "119"})
    assert not_a_choice.value.field == "number"
    with pytest.raises(SessionError, match="no field"):
        session.record_entry("note", {"text": "x", "colour": "red"})
    with pytest.raises(SessionError, match="not recorded from an entry"):
        session.record_entry("step.done", {"step": "first.stay"})
    assert kinds(session) == ["case.opened"]
    session.record_entry(
        "medical.accompany", {"staff": ["王虚构老师", " "], "guardian": "", "attorney": 0}
    )
    assert session.events()[-1].data == {"staff": ["王虚构老师"], "attorney": False}


def test_a_time_typed_in_the_minute_the_case_opened_is_not_before_it(
    session: CaseSession, playbook: Playbook, clock: FakeClock
) -> None:
    """The case opened at 14:00:30; "14:00" typed for a note is 14:00:30, not earlier."""
    clock.advance(0.5)
    case_id = session.journal.new_case(actor=TEACHER, playbook=playbook, place="操场")
    later = CaseSession(session.journal, case_id, playbook, TEACHER)
    opened = later.events()[0].at_time
    assert opened.second == 30
    clock.advance(5)
    later.note("已通知保安", at=opened.replace(second=0))
    assert later.events()[-1].at_time == opened


def test_a_time_typed_for_a_minute_comes_after_what_that_minute_already_holds(
    session: CaseSession, playbook: Playbook, clock: FakeClock
) -> None:
    """Danger declared at 14:00:01, the 120 call entered later as "14:00": the call is
    recorded after the declaration, so it does the danger path's "Call 120" and ▶ moves
    on (it said "拨打 120！" still, and a teacher could have called twice)."""
    clock.advance(1 / 60)
    session.declare_danger(["injured"])
    declared = session.events()[-1].at_time
    assert declared.second == 1
    clock.advance(3)
    medical_called(session, "120", at=declared.replace(second=0))
    call = session.events()[-1]
    assert call.at_time == declared
    state = replay(playbook, session.events(), clock())
    assert state.steps["danger.call120"].status == "done"
    assert state.current_step != "danger.call120"
    # a time with its seconds (not typed) keeps them
    clock.advance(1)
    session.note("已通知保安", at=declared.replace(second=0, microsecond=500_000))
    assert session.events()[-1].at_time == declared.replace(second=0, microsecond=500_000)


def test_a_typed_minute_comes_after_that_minutes_events_recorded_since_the_last_entry(
    session: CaseSession, playbook: Playbook, clock: FakeClock
) -> None:
    """The events of each minute are kept as the case grows (a long case is not read
    whole for every typed time): what was recorded since the last typed time, here or by
    someone else on the same case, still comes before a time typed for its minute; a
    later minute's events do not move it."""
    clock.advance(1)
    session.note("第一条补记", at=clock().replace(second=0) - timedelta(minutes=1))
    clock.advance(1 / 60 * 20)  # 14:02:20
    session.note("到场")
    other = CaseSession(session.journal, session.case_id, playbook, "另一位老师（虚构）")
    clock.advance(1 / 60 * 20)  # 14:02:40
    other.note("家长来电")
    clock.advance(1)  # 14:03:40
    session.note("下一分钟")
    typed = session.events()[-1].at_time.replace(minute=2, second=0, microsecond=0)
    session.note("补记：14:02 已联系校医", at=typed)
    assert session.events()[-1].at_time == typed.replace(second=40)
