"""Custody: who holds the student, handovers, gaps, check-ins, the handover that ends it."""

from __future__ import annotations

from datetime import timedelta

from oncall.case import kinds as k

from .helpers import Log, mini_playbook, minutes

CHEN = "陈老师（虚构）"
SUN = "孙老师（虚构）"
GUARD = "保安甲（虚构）"


def started_case() -> Log:
    log = Log(mini_playbook())
    log.confirm("I", 0)
    log.custody([CHEN, GUARD], 2)
    return log


def test_custody_names_who_holds_the_student_where_and_since_when() -> None:
    custody = started_case().state(5).custody

    assert custody.active
    assert custody.custodians == (CHEN, GUARD)
    assert custody.place == "心理辅导室"
    assert custody.since == minutes(2)
    assert custody.elapsed(minutes(5)) == timedelta(minutes=3)


def test_a_handover_replaces_the_givers_by_the_receivers() -> None:
    log = started_case()
    log.handover([CHEN], [SUN], 60)

    custody = log.state(61).custody

    assert custody.custodians == (GUARD, SUN)
    assert custody.handovers[0].giver == (CHEN,)
    assert custody.handovers[0].readback
    assert custody.gaps == ()


def test_when_the_last_custodian_leaves_a_gap_opens_until_someone_takes_over() -> None:
    log = started_case()
    log.add(k.CUSTODY_CUSTODIAN_LEFT, {"name": GUARD}, 20)
    log.add(k.CUSTODY_CUSTODIAN_LEFT, {"name": CHEN}, 25)

    during = log.state(30)
    log.handover([], [SUN], 32)
    after = log.state(33)

    assert during.custody.open_gap is not None
    assert during.custody.open_gap.start == minutes(25)
    assert during.custody.open_gap.left == CHEN
    assert during.warning_codes[0] == "custody_gap"
    assert during.next_action.en == "Get someone to the student now, and record who holds custody."
    assert after.custody.gaps[0].end == minutes(32)
    assert after.custody.open_gap is None
    assert "custody_gap" not in after.warning_codes


def test_checkins_are_due_at_the_interval_chosen_when_custody_started() -> None:
    log = Log(mini_playbook())
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 0)
    log.confirm("II", 0)
    log.custody([CHEN], 0, check_minutes=30)
    log.add(k.CUSTODY_CHECKIN, {"by": CHEN, "state": "平稳"}, 25)

    quiet = log.state(50)
    late = log.state(55)

    assert quiet.custody.next_check_due == minutes(55)
    assert "checkin_overdue" not in quiet.warning_codes
    assert late.custody.last_checkin_by == CHEN
    assert late.warning_codes == ("checkin_overdue",)
    assert late.next_action.en == "Check on the student now, and record the check-in."


def test_a_handover_counts_as_a_check() -> None:
    log = started_case()
    log.handover([CHEN], [SUN], 15)

    assert log.state(29).custody.next_check_due == minutes(30)


def test_custody_ends_with_a_named_handover_of_safety_responsibility() -> None:
    log = started_case()
    log.end_custody("guardian", "李父（虚构）", 90, place="校门口")

    custody = log.state(200).custody

    assert not custody.active
    assert custody.custodians == ()
    assert custody.ended is not None
    assert (custody.ended.to, custody.ended.received_by) == ("guardian", "李父（虚构）")
    assert custody.next_check_due is None
    assert custody.elapsed(minutes(200)) == timedelta(minutes=88)


def test_ending_custody_during_a_gap_closes_the_gap() -> None:
    log = started_case()
    log.add(k.CUSTODY_CUSTODIAN_LEFT, {"name": CHEN}, 10)
    log.add(k.CUSTODY_CUSTODIAN_LEFT, {"name": GUARD}, 11)
    log.end_custody("hospital", "周医生（虚构）", 12, place="急诊")

    custody = log.state(13).custody

    assert custody.gaps[0].end == minutes(12)
    assert "custody_gap" not in log.state(13).warning_codes
