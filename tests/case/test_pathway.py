"""The clinical pathway played through a real encrypted journal with the default
playbook: risk factors with a negative screen, a non-acute positive through the brief
safety assessment to each disposition, the safety plan and means counselling in the
debrief, and the caring contacts on the board after the student comes back."""

from __future__ import annotations

from typing import Any

import pytest

from oncall.case import CaseState
from oncall.case import kinds as k
from oncall.export import case_record, render
from oncall.journal import Journal
from oncall.playbook import Playbook
from oncall.tui.view import board_rows
from support.scenes import DAY, LEADER, Scene, asq, confirm, first_minutes

PLAN = {
    "warning_signs": "一个人待着不想说话，觉得没人懂我",
    "coping": "听音乐，出去跑步",
    "distraction": "去篮球场，找同桌聊天",
    "help_people": "妈妈 13800000001；表姐",
    "professionals": "张老师 010-0000-0003；12356；紧急情况 120",
    "safe_surroundings": "家里的药交给妈妈保管",
    "worth_living_for": "我的猫",
    "made_with": "张老师（虚构）",
}
MEANS = {
    "counselled": "王芳（虚构）",
    "heights": "卧室窗户装限位器",
    "medicines": "药物锁进柜子，由妈妈发放",
    "blades": "美工刀收起来",
    "cords": "跳绳放到父母房间",
    "counselled_by": "张老师（虚构）",
}


def _screen(s: Scene, *, factors: list[str], asq_answers: tuple[str, ...]) -> None:
    first_minutes(s)
    s.answer(10, "risk.warning", [])
    s.answer(11, "risk.factors", factors)
    s.answer(12, "risk.dimensions", [])
    asq(s, 13, *asq_answers)


def test_two_risk_factors_and_a_negative_screen_are_level_iii_with_both_named(
    scene: Scene, journal: Journal, playbook: Playbook
) -> None:
    s = scene
    _screen(s, factors=["low_mood", "sleep"], asq_answers=("no", "no", "no", "no"))
    screened = s.state(16)
    # the negative screen's instructions are the next thing to read
    assert screened.current_step == "risk.asq.negative"
    assert "阴性不等于没有风险" in screened.next_action.zh
    s.done(17, "risk.asq.negative")
    state = s.state(18)

    assert state.current_step == "risk.level"
    assert state.suggestion.level == "III"
    assert [d.because.zh for d in state.suggestion.drivers] == [
        "高危因素：情绪低落超过半个月；长期睡眠障碍"
    ]
    confirm(s, 20, "III", "III", list(state.suggestion.rule_ids))
    s.add(60, k.REPORT_WRITTEN, {"to": LEADER})
    md = render("md", case_record(journal, s.case), playbook, now=s.at(61)).decode()
    assert "高危因素：情绪低落超过半个月；长期睡眠障碍" in md  # the written report's basis


def stay_with_the_student(s: Scene, at: float) -> None:
    """After a positive screen: who stays with the student until the disposition."""
    s.add(at, k.CUSTODY_STARTED, {
        "place": "心理辅导室", "custodians": ["张老师（虚构）"], "observation": "sight",
        "check_minutes": 15,
    })


def _bssa(s: Scene, disposition: str) -> None:
    _screen(s, factors=[], asq_answers=("yes", "no", "no", "no", "no"))
    s.done(16, "risk.asq.nonacute")
    stay_with_the_student(s, 17)
    s.done(20, "risk.bssa.praise")
    s.done(21, "risk.bssa.review")
    s.answer(22, "risk.bssa.frequency", "sometimes")
    s.answer(23, "risk.bssa.plan", "none")
    s.answer(24, "risk.bssa.behaviour", "none")
    s.answer(25, "risk.bssa.symptoms", ["depressed", "sleep"])
    s.answer(26, "risk.bssa.support", ["trusted_adult", "reasons"])
    s.done(30, "risk.bssa.guardian")
    s.answer(35, "risk.safety_assessment", disposition)


def test_a_non_acute_positive_leads_through_the_bssa_in_nimh_order(scene: Scene) -> None:
    s = scene
    _screen(s, factors=[], asq_answers=("yes", "no", "no", "no", "no"))
    s.done(16, "risk.asq.nonacute")
    seen = []
    for minute in range(17, 40):
        state = s.state(minute)
        step = state.current_step
        if step is None or step in seen or step.startswith("risk.level"):
            break
        seen.append(step)
        definition = s.playbook.step(step)
        if definition.kind in ("note", "contact", "action"):
            s.done(minute, step)
        elif definition.kind == "check":
            s.answer(minute, step, [])
        else:
            s.answer(minute, step, definition.options[0].id)
    assert seen[:10] == [
        "risk.stay",  # a named person stays from the positive result on
        "risk.bssa.praise",
        "risk.bssa.review",
        "risk.bssa.frequency",
        "risk.bssa.plan",
        "risk.bssa.behaviour",
        "risk.bssa.symptoms",
        "risk.bssa.support",
        "risk.bssa.guardian",
        "risk.safety_assessment",
    ]


@pytest.mark.parametrize(
    ("disposition", "level", "then"),
    [
        ("imminent", "I", "medical"),
        ("followup", "II", "referral"),
        ("more_info", "II", "level"),
        ("home_plan", "II", "plan"),
    ],
)
def test_each_disposition_feeds_the_level_and_the_route(
    scene: Scene, disposition: str, level: str, then: str
) -> None:
    s = scene
    _bssa(s, disposition)
    state = s.state(36)

    assert state.suggestion.level == level
    if then == "plan":
        # low risk: the safety plan comes before the level, and only with it is III allowed
        assert state.current_step == "plan.safety"
        return
    assert state.current_step == "risk.level"
    confirm(s, 40, level, level, list(state.suggestion.rule_ids))
    after = s.state(41)
    if then == "medical":
        assert after.steps["custody.start"].applicable
        assert after.steps["medical.route"].applicable
        assert not after.steps["plan.safety"].applicable  # level I: hospital first
    elif then == "referral":
        assert after.steps["medical.referral"].applicable  # before any route is chosen
    else:
        assert not after.steps["medical.referral"].applicable


def _home_with_a_plan(s: Scene) -> CaseState:
    _bssa(s, "home_plan")
    s.answer(50, "plan.safety", PLAN)
    s.answer(60, "plan.means", MEANS)
    return s.state(61)


def test_low_risk_with_a_plan_in_place_allows_level_iii_and_says_why(scene: Scene) -> None:
    s = scene
    state = _home_with_a_plan(s)

    assert state.current_step == "risk.level"
    assert state.suggestion.level == "III"
    assert state.suggestion.rule_ids == ("bssa-low-plan",)
    [reason] = [d.because.zh for d in state.suggestion.drivers]
    assert "风险较低：制定安全计划，由家人接回" in reason
    assert "已与学生制定安全计划" in reason
    # the means-safety check-in call is due within 72 hours
    checkin = state.timer("means-checkin")
    assert checkin is not None and checkin.due_at == s.at(60 + 3 * DAY)
    assert state.steps["plan.means_checkin"].applicable


def test_safety_plan_and_means_counselling_are_printed_in_the_debrief(
    scene: Scene, journal: Journal, playbook: Playbook
) -> None:
    s = scene
    state = _home_with_a_plan(s)
    confirm(s, 62, "III", "III", list(state.suggestion.rule_ids))
    record = case_record(journal, s.case)

    md = render("md", record, playbook, now=s.at(70)).decode()
    assert "心理老师与学生一起写安全计划" in md
    for words in PLAN.values():
        assert words in md
    assert "这不是“不自杀保证书”" in md
    assert "与家长谈危险物品" in md
    assert "药物锁进柜子，由妈妈发放" in md

    en = render("md", record, playbook, now=s.at(70), lang="en").decode()
    assert "This is not a “no-suicide contract”" in en
    assert "3. People and places that take my mind off things" in en


def _level_ii_home(s: Scene) -> None:
    """Level II, custody, the guardian comes and takes the student home (安全责任移交)."""
    _bssa(s, "followup")
    confirm(s, 40, "II", "II", ["asq-nonacute", "bssa-followup"])
    s.add(
        41,
        k.CUSTODY_STARTED,
        {"place": "心理辅导室", "custodians": ["陈老师（虚构）"], "observation": "sight",
         "check_minutes": 15},
    )
    s.add(45, k.REPORT_WRITTEN, {"to": LEADER})
    s.add(90, k.CUSTODY_ENDED, {"to": "guardian", "received_by": "王芳（虚构）",
                                "place": "心理辅导室"})


def _follow_ups(state: CaseState) -> dict[str, Any]:
    return {t.id: t for t in state.timers if t.id.startswith("followup-")}


def test_custody_ending_with_the_guardian_starts_the_caring_contacts(scene: Scene) -> None:
    s = scene
    _level_ii_home(s)
    state = s.state(91)

    assert state.steps["followup.home"].status == "done"
    due = {tid: t.due_at for tid, t in _follow_ups(state).items()}
    assert due == {
        "followup-day1": s.at(90 + DAY),
        "followup-day3": s.at(90 + 3 * DAY),
        "followup-week1": s.at(90 + 7 * DAY),
        "followup-week2": s.at(90 + 14 * DAY),
        "followup-month1": s.at(90 + 30 * DAY),
        "followup-month3": s.at(90 + 90 * DAY),
    }
    # the day-1 contact made: that clock is met, the day-3 one still runs
    s.done(90 + DAY - 60, "followup.contact_day1")
    later = s.state(90 + DAY)
    assert later.timer("followup-day1").met  # type: ignore[union-attr]
    assert later.timer("followup-day3").running  # type: ignore[union-attr]


def test_follow_up_timers_are_due_on_the_board_after_return_to_school(
    scene: Scene, journal: Journal, playbook: Playbook
) -> None:
    s = scene
    s.add(1, k.DANGER_DECLARED, {"what": ["attempt"]})
    s.add(2, k.REPORT_PHONE, {"to": LEADER})
    s.add(5, k.CUSTODY_STARTED, {"place": "医务室", "custodians": ["陈老师（虚构）"],
                                 "observation": "arm", "check_minutes": 15})
    s.add(30, k.REPORT_WRITTEN, {"to": LEADER})
    s.add(120, k.CUSTODY_ENDED, {"to": "hospital", "received_by": "刘医生（虚构）",
                                 "place": "示例市精神卫生中心"})
    assert not _follow_ups(s.state(121)) or not any(
        t.running for t in _follow_ups(s.state(121)).values()
    )
    back = 20 * DAY
    s.answer(back - 60, "followup.return", ["certificate", "records", "counselor_eval",
                                             "application", "followup_plan", "prevention_plan"])
    s.done(back, "followup.returned")
    state = s.state(back + 1)
    assert state.steps["followup.return_plan"].applicable  # level I: a new plan on return
    assert state.timer("followup-day1").due_at == s.at(back + DAY)  # type: ignore[union-attr]

    rows = board_rows(journal, playbook, s.at(back + 2 * 60), "zh")
    [row] = [r for r in rows if r.case_id == s.case]
    assert "关怀回访：第 1 天" in row.cells[1]

    overdue = board_rows(journal, playbook, s.at(back + DAY + 30), "en")
    [row] = [r for r in overdue if r.case_id == s.case]
    assert "Caring contact: day 1" in row.cells[1]


def test_a_refused_admission_is_recorded_with_the_law_and_the_schools_next_steps(
    scene: Scene,
) -> None:
    s = scene
    s.add(1, k.DANGER_DECLARED, {"what": ["means"]})
    danger = s.state(2)
    means = s.playbook.step("danger.means")
    assert danger.steps["danger.means"].applicable
    assert any("第二十八条" in line for line in means.guidance.zh)
    assert any("art. 28" in line for line in means.guidance.en)

    s.add(60, k.FAMILY_DECISION, {"decision": "refuse_treatment", "by": "王芳（虚构）"})
    s.answer(61, "contact.documents", ["refusal"])
    refused = s.state(62)
    step = s.playbook.step("medical.refused")
    assert refused.steps["medical.refused"].applicable
    assert any("第三十条、第三十一条" in line for line in step.guidance.zh)
    assert any("arts. 30–31" in line for line in step.guidance.en)
    # going home after a refusal: a safety plan and means safety first, even at level I
    assert refused.steps["plan.safety"].applicable
    assert refused.steps["plan.means"].applicable


def test_the_120_script_reads_out_the_school_address(playbook: Playbook) -> None:
    from datetime import UTC, datetime

    from oncall.playbook import fill
    from oncall.wording import case_values

    from .helpers import Log

    log = Log(playbook, place="实验楼五楼")
    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 1)
    state = log.state(2)
    values = case_values(
        state, playbook, school="示例中学", actor="王老师（虚构）",
        now=datetime(2026, 11, 23, 6, 2, tzinfo=UTC), lang="zh", include_name=False,
        school_address="示例路 100 号，东门",
    )
    [script] = playbook.step("danger.call120").scripts
    text = fill(script.text.zh, values)
    assert "学校地址：示例路 100 号，东门" in text
    assert "{" not in text.split("学校地址")[1].splitlines()[0]


def test_the_parent_call_sends_the_parent_where_the_student_is_now(playbook: Playbook) -> None:
    """Not where the student was found: the custody room, then the hospital."""
    from datetime import UTC, datetime

    from oncall.wording import case_values, parent_call

    from .helpers import Log

    log = Log(playbook, place="实验楼五楼")
    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 1)
    log.custody(["王老师（虚构）"], 5, place="心理辅导室")

    def script(at: float) -> str:
        state = log.state(at)
        values = case_values(
            state, playbook, school="示例中学", actor="王老师（虚构）",
            now=datetime(2026, 11, 23, 6, 2, tzinfo=UTC), lang="zh", include_name=False,
        )
        return parent_call(state, playbook, values, "zh")

    assert "请到 心理辅导室 找我" in script(6)
    assert "实验楼五楼" not in script(6)
    log.add(k.MEDICAL_ARRIVED, {"hospital": "市虚构医院"}, 40)
    state = log.state(41)
    values = case_values(
        state, playbook, school="示例中学", actor="王老师（虚构）",
        now=datetime(2026, 11, 23, 6, 41, tzinfo=UTC), lang="en", include_name=False,
    )
    assert values["place"] == "市虚构医院"  # custody carried on at the hospital
    log.end_custody("hospital", "刘医生（虚构）", 50, place="市虚构医院急诊科")
    assert "请到 市虚构医院急诊科 找我" in script(51)
