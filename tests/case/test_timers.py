"""Timers: started, due, overdue, met, reset; only while their condition holds."""

from __future__ import annotations

from datetime import timedelta, timezone

from oncall.case import kinds as k
from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook
from oncall.playbook.model import Text, Timer

from .helpers import Log, mini_playbook, minutes


def test_a_deadline_is_due_its_minutes_after_it_starts_and_overdue_after() -> None:
    log = Log(mini_playbook())

    before = log.state(9).timer("report-phone")
    after = log.state(10).timer("report-phone")

    assert before is not None and after is not None
    assert before.due_at == minutes(10)
    assert not before.overdue
    assert after.overdue
    assert before.remaining(minutes(9)) == minutes(10) - minutes(9)


def test_a_deadline_met_late_says_so_and_is_no_longer_overdue() -> None:
    log = Log(mini_playbook())
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 12)

    timer = log.state(30).timer("report-phone")

    assert timer is not None
    assert (timer.met, timer.late, timer.overdue) == (True, True, False)
    assert timer.met_at == minutes(12)


def test_a_stop_before_the_start_still_meets_a_deadline() -> None:
    log = Log(mini_playbook())
    log.add(k.REPORT_WRITTEN, {"to": "刘校长（虚构）"}, 5)
    log.confirm("III", 10)

    timer = log.state(3000).timer("report-written")

    assert timer is not None and timer.met and not timer.overdue


def test_an_interval_resets_on_each_checkin_and_stops_with_custody() -> None:
    log = Log(mini_playbook())
    log.confirm("II", 0)
    log.custody(["陈老师（虚构）"], 10)
    log.add(k.CUSTODY_CHECKIN, {"by": "陈老师（虚构）"}, 20)

    running = log.state(30).timer("custody-checkin")
    overdue = log.state(35).timer("custody-checkin")
    log.end_custody("guardian", "李父（虚构）", 34, place="校门")
    stopped = log.state(60).timer("custody-checkin")

    assert running is not None and running.due_at == minutes(35) and not running.overdue
    assert overdue is not None and overdue.overdue
    assert stopped is not None and stopped.met and not stopped.overdue


def test_an_interval_runs_again_when_started_after_a_stop() -> None:
    log = Log(mini_playbook())
    log.confirm("I", 0)
    log.custody(["陈老师（虚构）"], 1)
    log.end_custody("hospital", "周医生（虚构）", 60, place="急诊")
    log.custody(["孙老师（虚构）"], 90, place="病房")

    timer = log.state(100).timer("custody-checkin")

    assert timer is not None and timer.running
    assert timer.started_at == minutes(90)
    assert timer.due_at == minutes(105)


def test_a_timer_whose_condition_does_not_hold_is_not_shown() -> None:
    log = Log(mini_playbook())
    log.confirm("II", 0)

    assert log.state(1).timer("weekly") is None
    assert log.state(1).timer("contact-escalation") is not None


def test_a_closed_case_freezes_its_clocks_at_closing() -> None:
    log = Log(mini_playbook())
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 5)
    log.add(k.CASE_CLOSED, {"reason": "演示"}, 6)

    state = log.state(5000)

    assert state.closed and state.closed_at == minutes(6)
    assert not any(timer.overdue for timer in state.timers)
    assert state.warnings == ()
    assert state.next_action.en == "This case is closed."


def test_the_declared_role_not_the_id_makes_a_timer_the_report_deadline() -> None:
    log = Log(mini_playbook(timers=(
        Timer("other", Text("其他", "Other"), "deadline", 5, start=("case.opened",)),
        Timer("anything", Text("写报告", "Write it up"), "deadline", 60,
              start=("event:level.confirmed",), stop=("event:report.written",),
              role="report_deadline"),
    )))
    log.confirm("I", 0)

    state = log.state(1500)

    assert {t.id for t in state.timers} == {"other", "anything"}
    assert "report_overdue" in state.warning_codes
    assert "timer_overdue:other" in state.warning_codes
    assert "timer_overdue:anything" not in state.warning_codes


def test_the_means_check_in_is_due_at_the_call_time_agreed_with_the_guardian() -> None:
    """The means form records the agreed call (50 hours on): the check-in clock is due
    then, not at 72 hours; without an agreed time it stays 72 hours."""
    playbook = load_playbook(default_playbook_path())
    agreed_at = minutes(50 * 60).astimezone(timezone(timedelta(hours=8)))
    for value, due in (
        ({"counselled": "周（虚构）", "checkin_call": agreed_at.isoformat()}, minutes(50 * 60)),
        ({"counselled": "周（虚构）"}, minutes(10 + 72 * 60)),
    ):
        log = Log(playbook, student_age=14)
        log.answer("plan.means", value, 10)
        clock = log.state(20).timer("means-checkin")
        assert clock is not None and clock.due_at == due and not clock.overdue
        late = log.state(50 * 60 + 1).timer("means-checkin")
        assert late is not None and late.overdue is (due == minutes(50 * 60))
