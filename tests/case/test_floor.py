"""The clinical floor of the default playbook (playbooks/README.md, "Clinical sources"),
walked over every answer of the brief suicide safety assessment and every disposition:

- a student who screened positive leaves school only through a recorded handover of
  safety responsibility to a guardian or the hospital, whatever level is confirmed;
- nobody is ▶ led to archive the case before that handover;
- "home with a plan" never yields level III while thoughts of suicide came with a method
  or plan, or there was a past attempt; the reason names the answers;
- going home with a guardian starts the caring contacts;
- a refused Q5 counts as acute.

The expectations are written from the published pathways, not from the conditions."""

from __future__ import annotations

import itertools

import pytest

from oncall.case import CaseState
from oncall.case import kinds as k
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook

from .helpers import Log

FREQUENCY = ("none", "sometimes", "often", "now")
PLAN = ("none", "method", "plan", "plan_access")
BEHAVIOUR = ("none", "self_harm", "attempt_past", "attempt_recent")
DISPOSITION = ("imminent", "followup", "home_plan", "more_info")
ASSESSMENTS = list(itertools.product(FREQUENCY, PLAN, BEHAVIOUR, DISPOSITION))
CUSTODIAN = "张老师（虚构）"


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook(default_playbook_path())


def floor_holds(frequency: str, plan: str, behaviour: str) -> bool:
    """Current or recent thoughts of suicide with a method or plan, or any past attempt."""
    thoughts = frequency != "none"
    return (thoughts and plan != "none") or behaviour in ("attempt_past", "attempt_recent")


def positive_screen(playbook: Playbook) -> Log:
    """The first steps done, then a non-acute positive ASQ and its result read."""
    log = Log(playbook, student_age=14)
    log.answer("danger.check", [], 1)
    log.done("first.stay", 2)
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 3)
    for step_id in ("first.counselor", "first.class_teacher"):
        log.done(step_id, 4)
    for step_id in ("risk.warning", "risk.factors", "risk.dimensions"):
        log.answer(step_id, [], 5)
    log.done("risk.asq.intro", 8)
    log.answer("risk.asq.q1", "yes", 9)
    for number in (2, 3, 4):
        log.answer(f"risk.asq.q{number}", "no", 9 + number)
    log.answer("risk.asq.q5", "no", 14)
    log.done("risk.asq.nonacute", 15)
    return log


def assessed(
    playbook: Playbook, frequency: str, plan: str, behaviour: str, disposition: str
) -> Log:
    """A non-acute positive ASQ, a named person staying, the BSSA answered."""
    log = positive_screen(playbook)
    log.custody([CUSTODIAN], 16)
    log.answer("risk.bssa.frequency", frequency, 20)
    log.answer("risk.bssa.plan", plan, 21)
    log.answer("risk.bssa.behaviour", behaviour, 22)
    log.answer("risk.safety_assessment", disposition, 30)
    if disposition == "home_plan":
        log.answer("plan.safety", {"warning_signs": "一个人待着", "made_with": CUSTODIAN}, 35)
    return log


def confirmed(log: Log, at: float, *, level: str | None = None) -> CaseState:
    """Confirm the suggestion (or override it to `level`), then follow ▶ until nothing
    but the handover and the archive would be left, doing every step it names."""
    suggestion = log.state(at).suggestion
    chosen = level or suggestion.level or "III"
    log.confirm(chosen, at, suggested=suggestion.level)
    return log.state(at + 1)


@pytest.mark.parametrize(("frequency", "plan", "behaviour", "disposition"), ASSESSMENTS)
def test_a_positive_screen_leaves_school_only_through_a_handover(
    playbook: Playbook, frequency: str, plan: str, behaviour: str, disposition: str
) -> None:
    for override in (None, "III"):
        log = assessed(playbook, frequency, plan, behaviour, disposition)
        suggestion = log.state(40).suggestion
        if disposition == "home_plan" and floor_holds(frequency, plan, behaviour):
            assert suggestion.level in ("I", "II")
            assert "bssa-floor" in suggestion.rule_ids
            [reason] = [d.because.zh for d in suggestion.drivers if d.rule == "bssa-floor"]
            labels = {o.id: o.label.zh for o in playbook.step("risk.bssa.plan").options}
            assert labels[plan] in reason or "自杀尝试" in reason
        state = confirmed(log, 40, level=override)
        handover = state.steps["custody.end"]
        assert handover.applicable and handover.required and handover.status == "pending"
        assert state.custody.active and state.custody.custodians == (CUSTODIAN,)
        # follow ▶ with every step done: it never reaches the archive before the handover
        at = 41.0
        for _ in range(80):
            current = state.current_step
            if current is None or current == "custody.end":
                break
            assert current != "followup.archive"
            log.done(current, at)
            at += 1
            state = log.state(at)
        assert state.current_step == "custody.end" or state.steps["custody.end"].status == "pending"
        log.end_custody("guardian", "王芳（虚构）", at + 1)
        home = log.state(at + 2)
        assert home.steps["followup.home"].status == "done"
        day1 = home.timer("followup-day1")
        assert day1 is not None and day1.running  # caring contacts start


def test_a_refused_q5_is_acute(playbook: Playbook) -> None:
    log = Log(playbook, student_age=14)
    log.answer("danger.check", [], 1)
    log.answer("risk.asq.q1", "yes", 2)
    for number in (2, 3, 4):
        log.answer(f"risk.asq.q{number}", "no", 2 + number)
    log.answer("risk.asq.q5", "refused", 8)
    state = log.state(9)
    assert state.suggestion.level == "I"
    assert "asq-acute" in state.suggestion.rule_ids
    assert state.steps["risk.asq.acute"].applicable


def test_a_positive_screen_asks_who_stays_before_the_assessment(playbook: Playbook) -> None:
    log = positive_screen(playbook)
    assert log.state(16).current_step == "risk.stay"
    log.custody([CUSTODIAN], 16)
    state = log.state(17)
    assert state.steps["risk.stay"].status == "done"
    assert state.custody.custodians == (CUSTODIAN,)
    assert state.current_step == "risk.bssa.praise"
