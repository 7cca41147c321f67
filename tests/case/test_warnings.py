"""Warnings and the next action: what is most urgent wins the one line."""

from __future__ import annotations

from oncall.case import LEVEL1_CUSTODY_MINUTES, replay
from oncall.case import kinds as k

from .helpers import Log, mini_playbook, minutes


def test_level_i_without_custody_is_raised_after_the_grace_minutes() -> None:
    log = Log(mini_playbook())
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 1)
    log.confirm("I", 10)

    calm = log.state(10 + LEVEL1_CUSTODY_MINUTES - 0.5)
    raised = log.state(10 + LEVEL1_CUSTODY_MINUTES)

    assert "level1_without_custody" not in calm.warning_codes
    assert raised.warning_codes == ("level1_without_custody",)
    assert raised.next_action.en.startswith("Start 24-hour custody now")
    assert raised.warnings[0].since == minutes(10 + LEVEL1_CUSTODY_MINUTES)


def test_level_i_with_custody_started_raises_nothing() -> None:
    log = Log(mini_playbook())
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 1)
    log.confirm("I", 10)
    log.custody(["陈老师（虚构）"], 12)

    assert log.state(20).warnings == ()


def test_level_i_again_after_custody_was_handed_over_needs_custody_again() -> None:
    log = Log(mini_playbook())
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 1)
    log.confirm("II", 2)
    log.custody(["陈老师（虚构）"], 3)
    log.end_custody("guardian", "李父（虚构）", 60, place="校门")
    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 120)

    assert "level1_without_custody" in log.state(130).warning_codes


def test_level_ii_without_custody_is_not_level_i_without_custody() -> None:
    log = Log(mini_playbook())
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 1)
    log.confirm("II", 2)

    assert "level1_without_custody" not in log.state(60).warning_codes


def test_an_overdue_timer_is_the_next_action_before_the_current_step() -> None:
    log = Log(mini_playbook())
    log.answer("danger.check", [], 1)

    state = log.state(11)

    assert state.current_step == "first.report_leader"
    assert state.warning_codes == ("timer_overdue:report-phone",)
    assert state.next_action == state.warnings[0].message
    assert "Phone report" in state.next_action.en


def test_the_immediate_danger_step_comes_before_any_warning() -> None:
    log = Log(mini_playbook())
    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 1)

    state = log.state(30)

    assert "level1_without_custody" in state.warning_codes
    assert state.next_action.en == "Do danger.call120"


def test_a_custody_gap_comes_before_even_the_immediate_danger_steps() -> None:
    log = Log(mini_playbook())
    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 1)
    log.custody(["陈老师（虚构）"], 2)
    log.add(k.CUSTODY_CUSTODIAN_LEFT, {"name": "陈老师（虚构）"}, 3)

    state = log.state(4)

    assert state.current_step == "danger.call120"
    assert state.next_action == state.warnings[0].message
    assert state.warnings[0].code == "custody_gap"


def test_warnings_come_most_urgent_first() -> None:
    log = Log(mini_playbook())
    log.confirm("I", 0)
    log.custody(["陈老师（虚构）"], 1)
    log.add(k.CONTACT_ATTEMPT, {"by": "x", "target": "王芳（虚构）", "phone": "1",
                                "outcome": "no_answer"}, 2)
    log.add(k.CUSTODY_CUSTODIAN_LEFT, {"name": "陈老师（虚构）"}, 100)

    codes = log.state(1500).warning_codes

    assert codes == (
        "custody_gap", "guardian_unreached", "report_overdue",
        "timer_overdue:report-phone", "timer_overdue:custody-24h",
    )


def test_messages_are_one_calm_line_in_both_languages() -> None:
    log = Log(mini_playbook())
    log.confirm("I", 0)
    log.custody(["陈老师（虚构）"], 1)
    log.add(k.CONTACT_ATTEMPT, {"by": "x", "target": "王芳（虚构）", "phone": "1",
                                "outcome": "no_answer"}, 2)
    log.add(k.CUSTODY_CUSTODIAN_LEFT, {"name": "陈老师（虚构）"}, 100)

    for warning in log.state(1500).warnings:
        for line in (warning.message.zh, warning.message.en):
            assert line and "\n" not in line
            assert "!" not in line and "！" not in line


def test_replay_is_deterministic_and_leaves_the_events_alone() -> None:
    log = Log(mini_playbook())
    log.confirm("I", 0)
    log.custody(["陈老师（虚构）"], 1)
    before = [event.to_document() for event in log.events]

    first = replay(log.playbook, log.events, minutes(50))
    second = replay(log.playbook, list(reversed(log.events)), minutes(50))

    assert first == second
    assert [event.to_document() for event in log.events] == before
