"""The default playbook's clinical pathway: the triage table (inputs -> level, with the
items named), the ASQ exactly (all 162 answer combinations, and corrections between
them), and the brief suicide safety assessment's dispositions.

The expected values come from the published pathways (playbooks/README.md, "Clinical
sources"), written here independently of the playbook's conditions."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from oncall.case import CaseState
from oncall.case import kinds as k
from oncall.playbook import Playbook
from support.scenes import Scene, first_minutes

from .helpers import Log

Q14 = ("yes", "no", "refused")
Q5 = ("yes", "no")
COMBINATIONS = [(*q, q5) for q in itertools.product(Q14, repeat=4) for q5 in Q5]
BSSA_STEPS = (
    "risk.bssa.praise",
    "risk.bssa.review",
    "risk.bssa.frequency",
    "risk.bssa.plan",
    "risk.bssa.behaviour",
    "risk.bssa.symptoms",
    "risk.bssa.support",
    "risk.bssa.guardian",
    "risk.safety_assessment",
)


def expected_screen(answers: tuple[str, ...]) -> str:
    """NIMH ASQ: any yes or refusal on Q1-4 is positive; Q5 decides acute only then."""
    positive = any(a in ("yes", "refused") for a in answers[:4])
    if not positive:
        return "negative"
    return "acute" if answers[4] == "yes" else "nonacute"


EXPECTED_LEVEL = {"negative": None, "acute": "I", "nonacute": "II"}
RESULT_STEP = {
    "negative": "risk.asq.negative",
    "acute": "risk.asq.acute",
    "nonacute": "risk.asq.nonacute",
}


def _opening(log: Log) -> None:
    """The steps before the ASQ, none of them raising the level."""
    log.answer("danger.check", [], 1)
    log.done("first.stay", 2)
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 3)
    log.add(k.NOTIFIED, {"role": "counselor", "person": "张老师（虚构）"}, 4)
    log.add(k.NOTIFIED, {"role": "class_teacher", "person": "周老师（虚构）"}, 4)
    log.answer("risk.warning", [], 5)
    log.answer("risk.factors", [], 5)
    log.answer("risk.dimensions", [], 5)
    log.done("risk.asq.intro", 6)


def assert_screen(state: CaseState, answers: tuple[str, ...]) -> None:
    screen = expected_screen(answers)
    positive = screen != "negative"
    assert state.steps["risk.asq.q5"].applicable is positive, answers
    for result, step_id in RESULT_STEP.items():
        assert state.steps[step_id].applicable is (result == screen), (answers, step_id)
    assert state.suggestion.level == EXPECTED_LEVEL[screen], answers
    # the result is always the next thing to read: a negative too (it is required)
    assert state.current_step == RESULT_STEP[screen], answers
    assert state.steps[RESULT_STEP[screen]].required
    # the brief safety assessment follows a non-acute positive only
    for step_id in BSSA_STEPS:
        assert state.steps[step_id].applicable is (screen == "nonacute"), (answers, step_id)


@pytest.mark.parametrize("answers", COMBINATIONS, ids="-".join)
def test_every_asq_answer_combination(playbook: Playbook, answers: tuple[str, ...]) -> None:
    log = Log(playbook)
    _opening(log)
    for number, value in enumerate(answers[:4], start=1):
        log.answer(f"risk.asq.q{number}", value, 7 + number)
    # Q5 is recorded in every combination: asked by mistake after a negative, it must
    # not count.
    log.answer("risk.asq.q5", answers[4], 12)

    assert_screen(log.state(13), answers)
    assert len(COMBINATIONS) == 162


def test_corrections_between_every_combination_recompute_everything(scene: Scene) -> None:
    """One real case walks through all 162 combinations by correcting the answers that
    change; after every step the screen, the level and the next step are recomputed."""
    s = scene
    first_minutes(s)
    for step_id in ("risk.warning", "risk.factors", "risk.dimensions"):
        s.answer(7, step_id, [])
    s.done(8, "risk.asq.intro")
    current = COMBINATIONS[0]
    ids = {}
    for number, value in enumerate(current, start=1):
        ids[number] = s.answer(9, f"risk.asq.q{number}", value)
    minute = 10.0
    assert_screen(s.state(minute), current)
    for answers in COMBINATIONS[1:] + COMBINATIONS[:1]:
        for number, (old, new) in enumerate(zip(current, answers, strict=True), start=1):
            if old != new:
                minute += 0.01
                s.add(
                    minute,
                    k.CORRECTION,
                    {
                        "corrects": ids[number],
                        "reason": "听错了",
                        "replacement": {"step": f"risk.asq.q{number}", "value": new},
                    },
                )
        current = answers
        assert_screen(s.state(minute + 0.01), current)


def test_the_stale_answer_of_the_issue(scene: Scene) -> None:
    """Q1 yes, Q5 no, then Q1 corrected to no: a negative screen, nothing left of the
    non-acute positive; with a stale Q5 "yes" no level I either."""
    s = scene
    first_minutes(s)
    for step_id in ("risk.warning", "risk.factors", "risk.dimensions"):
        s.answer(7, step_id, [])
    s.done(8, "risk.asq.intro")
    q1 = s.answer(9, "risk.asq.q1", "yes")
    for number in (2, 3, 4):
        s.answer(9, f"risk.asq.q{number}", "no")
    q5 = s.answer(10, "risk.asq.q5", "no")
    assert s.state(11).current_step == "risk.asq.nonacute"

    s.add(12, k.CORRECTION, {"corrects": q1, "reason": "学生说错了", "replacement": {
        "step": "risk.asq.q1", "value": "no"}})
    s.add(12.5, k.CORRECTION, {"corrects": q5, "reason": "记错了", "replacement": {
        "step": "risk.asq.q5", "value": "yes"}})
    state = s.state(13)

    assert state.current_step == "risk.asq.negative"
    assert state.next_action.en.startswith("Result: negative screen")
    assert not state.steps["risk.asq.nonacute"].applicable
    assert state.suggestion.level is None


# --- the triage table --------------------------------------------------------------------
# (what was recorded, the suggested level, the reason lines that must be shown)
TRIAGE: list[tuple[str, dict[str, Any], str | None, list[str]]] = [
    ("nothing", {}, None, []),
    (
        "two risk factors, ASQ negative",
        {"risk.factors": ["low_mood", "sleep"], "asq": "nnnn"},
        "III",
        ["高危因素：情绪低落超过半个月；长期睡眠障碍"],
    ),
    (
        "screening concerns only",
        {"risk.dimensions": ["emotion", "life_event"], "asq": "nnnn"},
        "III",
        ["筛查维度：情绪：持续焦虑、抑郁、易怒、低落或失控；"
         "重大生活事件：亲人离世、父母离异、被欺凌、疾病或意外"],
    ),
    (
        "a sudden change of mood, ASQ negative",
        {"risk.warning": ["mood_change"], "asq": "nnnn"},
        "III",
        ["警示讯号：情绪突然明显变化"],
    ),
    (
        "talk of suicide with a method",
        {"risk.warning": ["talk_method"], "asq": "nnnn"},
        "II",
        ["警示讯号：谈论过自杀并想过方法"],
    ),
    (
        "a past attempt among the risk factors",
        {"risk.factors": ["past_attempt"]},
        "II",
        ["过去有过自杀尝试"],
    ),
    ("ASQ non-acute positive", {"asq": "ynnnn"}, "II", ["ASQ 阳性（非急性）"]),
    ("ASQ refused", {"asq": "rrrrn"}, "II", ["ASQ 阳性（非急性）"]),
    ("ASQ acute positive", {"asq": "nnnyy"}, "I", ["ASQ 急性阳性"]),
    (
        "immediate danger",
        {"danger.check": ["means", "attempt"]},
        "I",
        ["即时危险：身边有危险手段：高处、刀具、药物、绳带；正在尝试伤害自己"],
    ),
    (
        "BSSA: thoughts of suicide right now",
        {"asq": "ynnnn", "risk.bssa.frequency": "now"},
        "I",
        ["简短安全评估：学生说现在就有自杀的念头"],
    ),
    (
        "BSSA: an attempt in the past 3 months",
        {"asq": "nnnyn", "risk.bssa.behaviour": "attempt_recent"},
        "I",
        ["自杀行为：过去 3 个月内有过自杀尝试"],
    ),
    (
        "BSSA: imminent risk",
        {"asq": "ynnnn", "risk.safety_assessment": "imminent"},
        "I",
        ["心理老师评估结果：紧迫风险"],
    ),
    (
        "BSSA: non-urgent follow-up",
        {"asq": "ynnnn", "risk.safety_assessment": "followup"},
        "II",
        ["心理老师评估结果：需要精神卫生随访"],
    ),
    (
        "BSSA: more information needed",
        {"asq": "ynnnn", "risk.safety_assessment": "more_info"},
        "II",
        ["心理老师评估结果：需要更多信息"],
    ),
    (
        "BSSA: low risk, home with the family, no plan yet",
        {"asq": "ynnnn", "risk.safety_assessment": "home_plan"},
        "II",
        ["ASQ 阳性（非急性）"],
    ),
    (
        "BSSA: low risk with a safety plan in place",
        {"asq": "ynnnn", "risk.safety_assessment": "home_plan", "plan.safety": "done"},
        "III",
        ["已与学生制定安全计划（II 级降为 III 级的理由）"],
    ),
    (
        "talk with a method, low risk with a safety plan in place",
        {"risk.warning": ["talk_method"], "asq": "nnnn",
         "risk.safety_assessment": "home_plan", "plan.safety": "done"},
        "III",
        ["风险较低：制定安全计划，由家人接回"],
    ),
]
LETTERS = {"y": "yes", "n": "no", "r": "refused"}
PLAN = {
    "warning_signs": "一个人待着不想说话",
    "coping": "听音乐，出去走走",
    "distraction": "去篮球场，找同桌聊天",
    "help_people": "妈妈 13800000001",
    "professionals": "张老师；12356；120",
    "safe_surroundings": "药交给妈妈保管",
    "made_with": "张老师（虚构）",
}


def _record(log: Log, inputs: dict[str, Any]) -> None:
    at = 5.0
    for step_id, value in inputs.items():
        at += 1
        if step_id == "asq":
            for number, letter in enumerate(value, start=1):
                log.answer(f"risk.asq.q{number}", LETTERS[letter], at + number / 10)
        elif value == "done":
            log.answer(step_id, PLAN, at)
        else:
            log.answer(step_id, value, at)


@pytest.mark.parametrize(
    ("inputs", "level", "reasons"),
    [row[1:] for row in TRIAGE],
    ids=[row[0] for row in TRIAGE],
)
def test_triage_table(
    playbook: Playbook, inputs: dict[str, Any], level: str | None, reasons: list[str]
) -> None:
    log = Log(playbook)
    _record(log, inputs)
    suggestion = log.state(30).suggestion

    assert suggestion.level == level
    shown = [driver.because.zh for driver in suggestion.drivers]
    for reason in reasons:
        assert any(reason in line for line in shown), (reason, shown)
    assert not any("{" in line for line in shown)  # every placeholder filled
    assert all(driver.because.en and "{" not in driver.because.en
               for driver in suggestion.drivers)


def test_reasons_name_the_items_in_english_too(playbook: Playbook) -> None:
    log = Log(playbook)
    log.answer("risk.factors", ["sleep", "low_mood"], 5)
    [driver] = log.state(6).suggestion.drivers

    assert driver.because.en == (
        "High-risk factors: Low mood for more than half a month; Long-term sleep disorder"
    )


def test_a_child_under_8_goes_straight_to_the_counselor(playbook: Playbook) -> None:
    log = Log(playbook, student_age=7)
    _opening(log)
    state = log.state(10)

    assert not state.steps["risk.asq.q1"].applicable
    assert state.current_step == "risk.young_child"
    assert state.steps["risk.bssa.frequency"].applicable
    assert state.steps["risk.safety_assessment"].applicable
    assert not state.steps["risk.bssa.review"].applicable  # no ASQ answers to review


@pytest.mark.parametrize("age", [8, 12, 17])
def test_the_asq_is_asked_from_8(playbook: Playbook, age: int) -> None:
    log = Log(playbook, student_age=age)
    _opening(log)
    state = log.state(10)

    assert state.steps["risk.asq.q1"].applicable
    assert not state.steps["risk.young_child"].applicable
