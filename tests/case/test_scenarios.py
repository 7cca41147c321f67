"""Whole cases played through a real encrypted journal and replayed against the default
playbook, asserting what the on-duty teacher would see: the level, who holds custody,
the next action, the warnings."""

from __future__ import annotations

from oncall.case import kinds as k
from support.scenes import (
    ASSESSORS,
    DAY,
    LEADER,
    Scene,
    asq,
    checkins,
    confirm,
    first_minutes,
)

CHEN = "陈老师（虚构）"
SUN = "孙老师（虚构）"
ZHAO = "赵老师（虚构）"
GUARD = "保安甲（虚构）"
MOTHER = "王芳（虚构）"
FATHER = "李强（虚构）"
CADRES = {
    "lead": "周老师（虚构）",
    "member_2": "学生干部甲（虚构）",
    "member_3": "学生干部乙（虚构）",
}


def test_level_iii_monitoring_group_and_weekly_report(scene: Scene) -> None:
    s = scene
    first_minutes(s)
    s.answer(10, "risk.warning", [])
    s.answer(12, "risk.factors", ["low_mood"])
    s.answer(13, "risk.dimensions", ["emotion", "social"])
    asq(s, 15, "no", "no", "no", "no")
    assessed = s.state(20)
    confirm(s, 25, "III", "III", list(assessed.suggestion.rule_ids))
    s.answer(40, "monitor.group", CADRES)
    s.done(41, "monitor.confidential")
    s.add(
        60,
        k.GUARDIAN_ADDED,
        {"name": MOTHER, "relation": "母亲", "phone": "13800000001", "priority": 1},
    )

    assert assessed.suggestion.level == "III"
    assert set(assessed.suggestion.rule_ids) == {"factor-any", "dimension-any"}
    assert assessed.steps["risk.safety_assessment"].status == "not_applicable"

    hour = s.state(60)
    assert hour.level == "III"
    assert hour.steps["custody.start"].status == "not_applicable"
    assert hour.steps["monitor.group"].status == "answered"
    assert hour.steps["monitor.group"].value["member_3"] == "学生干部乙（虚构）"
    assert hour.current_step == "monitor.counselor"
    assert hour.warnings == ()
    weekly = hour.timer("report-weekly")
    inform = hour.timer("parent-inform-week")
    assert weekly is not None and weekly.due_at == s.at(25 + 7 * DAY)
    assert inform is not None and inform.due_at == s.at(25 + 7 * DAY)
    assert hour.timer("contact-escalation") is None  # level III: no urgent ladder

    # the written report the same day; the guardian informed on day 2
    s.add(20 * 60, k.REPORT_WRITTEN, {"to": LEADER})
    s.add(
        2 * DAY,
        k.CONTACT_ATTEMPT,
        {"by": "周老师（虚构）", "target": MOTHER, "phone": "13800000001", "outcome": "reached"},
    )
    s.add(2 * DAY + 5, k.FAMILY_DECISION, {"decision": "coming", "by": MOTHER})
    informed = s.state(3 * DAY)
    assert informed.steps["contact.inform_week"].status == "done"
    assert informed.timer("parent-inform-week").met  # type: ignore[union-attr]
    assert informed.warnings == ()

    # the weekly report on day 7; the next is due a week after it
    s.add(7 * DAY - 60, k.REPORT_WEEKLY, {"summary": "情绪平稳，按时上课"})
    eight_days = s.state(8 * DAY)
    assert eight_days.warnings == ()
    next_weekly = eight_days.timer("report-weekly")
    assert next_weekly is not None and next_weekly.due_at == s.at(14 * DAY - 60)

    # nobody reports again: on day 14 the app says so, and it is the next action
    late = s.state(14 * DAY)
    assert late.warning_codes == ("timer_overdue:report-weekly",)
    assert late.next_action.en.startswith("Weekly monitoring report")


def test_level_ii_parents_come_and_sign_a_written_agreement(scene: Scene) -> None:
    s = scene
    first_minutes(s)
    s.answer(10, "risk.warning", ["mood_change"])
    s.answer(12, "risk.factors", ["setback"])
    s.answer(13, "risk.dimensions", ["emotion"])
    asq(s, 15, "yes", "no", "no", "no", "no")
    s.done(19, "risk.asq.nonacute")
    s.answer(30, "risk.safety_assessment", "followup")
    assessed = s.state(31)
    confirm(s, 35, "II", "II", list(assessed.suggestion.rule_ids))
    s.add(
        36,
        k.CUSTODY_STARTED,
        {"place": "心理辅导室", "custodians": [CHEN], "observation": "sight", "check_minutes": 15},
    )
    s.add(
        38,
        k.GUARDIAN_ADDED,
        {"name": FATHER, "relation": "父亲", "phone": "13800000002", "priority": 1},
    )
    s.add(
        40,
        k.CONTACT_ATTEMPT,
        {
            "by": "周老师（虚构）",
            "target": FATHER,
            "phone": "13800000002",
            "outcome": "reached",
            "said": "请今天来学校面谈",
        },
    )
    s.add(41, k.FAMILY_DECISION, {"decision": "coming", "by": FATHER, "eta": "16:30"})
    checkins(s, 36, 60, CHEN)

    assert assessed.suggestion.level == "II"
    assert {"asq-nonacute", "bssa-followup", "warning-mood"} <= set(
        assessed.suggestion.rule_ids
    )

    waiting = s.state(60)
    assert waiting.level == "II"
    assert waiting.custody.active and waiting.custody.custodians == (CHEN,)
    assert waiting.contacts.reached_who == FATHER
    assert waiting.steps["contact.call_school"].status == "done"
    assert waiting.steps["custody.security"].status == "not_applicable"  # level I only
    assert waiting.warnings == ()

    checkins(s, 56, 95, CHEN)
    s.add(95, k.FAMILY_ARRIVED, {"who": [FATHER]})
    s.done(110, "contact.explain")
    s.add(120, k.FAMILY_DECISION, {"decision": "agreement", "by": FATHER})
    s.answer(121, "contact.documents", ["agreement"])
    s.add(125, k.CUSTODY_ENDED, {"to": "guardian", "received_by": FATHER, "place": "心理辅导室"})

    after = s.state(130)
    assert not after.custody.active
    assert after.custody.ended is not None
    assert (after.custody.ended.to, after.custody.ended.received_by) == ("guardian", FATHER)
    assert [d.decision for d in after.contacts.decisions] == ["coming", "agreement"]
    assert after.steps["contact.documents"].value == ["agreement"]
    assert after.steps["custody.end"].status == "done"
    assert after.warnings == ()
    # Custody tasks stop applying once safety responsibility is handed over: the next
    # open step is the route of treatment.
    assert after.steps["custody.stimulus"].status == "not_applicable"
    assert after.current_step == "medical.route"


def test_level_i_acute_asq_custody_handovers_guardian_then_120_and_hospital(
    scene: Scene,
) -> None:
    s = scene
    first_minutes(s)
    s.answer(8, "risk.warning", ["talk_method"])
    s.answer(9, "risk.factors", ["past_attempt", "sleep"])
    s.answer(10, "risk.dimensions", ["emotion", "behaviour"])
    asq(s, 11, "yes", "no", "yes", "no", "yes")
    assessed = s.state(14)
    s.done(14.5, "risk.asq.acute")
    s.answer(15, "risk.safety_assessment", "imminent")
    confirm(s, 16, "I", "I", list(assessed.suggestion.rule_ids))
    s.add(
        18,
        k.CUSTODY_STARTED,
        {
            "place": "心理辅导室",
            "custodians": [CHEN, GUARD],
            "observation": "arm",
            "check_minutes": 15,
        },
    )
    s.add(19, k.NOTIFIED, {"role": "security", "person": GUARD, "how": "in_person"})
    s.done(25, "custody.stimulus")
    s.add(
        20,
        k.GUARDIAN_ADDED,
        {"name": MOTHER, "relation": "母亲", "phone": "13800000001", "priority": 1},
    )
    s.add(
        20,
        k.GUARDIAN_ADDED,
        {"name": FATHER, "relation": "父亲", "phone": "13800000002", "priority": 2},
    )
    s.add(
        21,
        k.CONTACT_ATTEMPT,
        {"by": "周老师（虚构）", "target": MOTHER, "phone": "13800000001", "outcome": "no_answer"},
    )
    s.add(
        28,
        k.CONTACT_ATTEMPT,
        {
            "by": "周老师（虚构）",
            "target": MOTHER,
            "phone": "13800000001",
            "outcome": "switched_off",
        },
    )
    s.add(30, k.CUSTODY_CHECKIN, {"by": CHEN})
    unreached = s.state(37)

    assert assessed.suggestion.level == "I"
    assert assessed.suggestion.drivers[0].rule == "asq-acute"
    assert assessed.steps["risk.asq.acute"].status == "pending"

    # 37 minutes: the mother unreachable for 15 minutes: go down the list
    assert unreached.level == "I"
    assert unreached.custody.custodians == (CHEN, GUARD)
    assert unreached.warning_codes == ("guardian_unreached",)
    assert FATHER in unreached.next_action.zh and "13800000002" in unreached.next_action.zh

    s.add(
        38,
        k.CONTACT_ATTEMPT,
        {
            "by": "周老师（虚构）",
            "target": FATHER,
            "phone": "13800000002",
            "outcome": "reached",
            "said": "请直接去医院",
        },
    )
    s.add(39, k.FAMILY_DECISION, {"decision": "coming", "by": FATHER})
    s.answer(40, "medical.route", "emergency")
    s.add(42, k.MEDICAL_CALLED, {"number": "120", "by": "王老师（虚构）"})
    s.add(
        44,
        k.CUSTODY_HANDOVER,
        {
            "from": [CHEN],
            "to": [SUN],
            "ipass": {
                "severity": "I",
                "summary": "ASQ 急性阳性",
                "actions": [],
                "watch": "情绪",
                "readback": True,
            },
        },
    )
    s.add(55, k.MEDICAL_ACCOMPANY, {"staff": [SUN, GUARD], "attorney": False})
    s.add(58, k.CUSTODY_CHECKIN, {"by": SUN})
    s.add(
        70,
        k.CUSTODY_HANDOVER,
        {
            "from": [GUARD],
            "to": [ZHAO],
            "place": "救护车",
            "ipass": {
                "severity": "I",
                "summary": "送医途中",
                "actions": [],
                "watch": "",
                "readback": True,
            },
        },
    )

    # on the way: the custodians after two shift changes, the 120 call recorded
    on_the_way = s.state(75)
    assert on_the_way.custody.custodians == (SUN, ZHAO)
    assert on_the_way.custody.place == "救护车"
    assert len(on_the_way.custody.handovers) == 2
    assert on_the_way.custody.gaps == ()
    assert on_the_way.steps["medical.call120"].status == "done"
    assert on_the_way.steps["danger.call120"].status == "not_applicable"
    assert on_the_way.contacts.reached_who == FATHER
    assert on_the_way.contacts.reached_at == s.at(38)
    assert on_the_way.current_step == "medical.arrived"
    assert on_the_way.next_action == s.playbook.step("medical.arrived").title
    assert on_the_way.warnings == ()

    s.add(80, k.MEDICAL_ARRIVED, {"hospital": "市精神卫生中心（虚构）"})
    s.add(85, k.CUSTODY_CHECKIN, {"by": ZHAO})
    s.add(
        90,
        k.MEDICAL_HANDOVER,
        {"hospital": "市精神卫生中心（虚构）", "staff": "周医生（虚构）", "ward_custody": False},
    )
    s.add(
        90,
        k.CUSTODY_ENDED,
        {"to": "hospital", "received_by": "周医生（虚构）", "place": "市精神卫生中心急诊"},
    )
    s.add(130, k.FAMILY_ARRIVED, {"who": [FATHER]})
    s.add(20 * 60, k.REPORT_WRITTEN, {"to": LEADER})

    # the next day: custody handed to the hospital, the report written in time
    next_day = s.state(DAY + 60)
    assert next_day.custody.ended is not None
    assert next_day.custody.ended.received_by == "周医生（虚构）"
    assert next_day.steps["medical.handover"].status == "done"
    written = next_day.timer("report-written")
    assert written is not None and written.met and not written.late
    clock = next_day.timer("custody-24h")
    assert clock is not None and clock.met
    assert next_day.warnings == ()
    assert next_day.levels[-1].assessors == tuple(ASSESSORS)


def test_a_custody_gap_and_an_overdue_report_raise_exactly_those_warnings(scene: Scene) -> None:
    s = scene
    first_minutes(s)
    s.add(8, k.DANGER_DECLARED, {"what": ["means"]})
    s.done(8.5, "danger.stay")
    s.add(9, k.MEDICAL_CALLED, {"number": "120", "by": "王老师（虚构）"})
    s.done(9.5, "danger.means")
    s.done(10, "danger.alert")
    s.add(
        12,
        k.CUSTODY_STARTED,
        {"place": "医务室", "custodians": [CHEN], "observation": "arm", "check_minutes": 15},
    )
    s.add(
        11,
        k.GUARDIAN_ADDED,
        {"name": MOTHER, "relation": "母亲", "phone": "13800000001", "priority": 1},
    )
    s.add(
        12,
        k.CONTACT_ATTEMPT,
        {"by": "周老师（虚构）", "target": MOTHER, "phone": "13800000001", "outcome": "reached"},
    )
    s.add(13, k.FAMILY_DECISION, {"decision": "coming", "by": MOTHER})
    checkins(s, 12, 1400, CHEN)
    s.add(1400, k.CUSTODY_CUSTODIAN_LEFT, {"name": CHEN})

    state = s.state(1440 + 10)  # report due at 1448, the 24 hours of custody at 1452

    assert state.level == "I"
    assert state.warning_codes == ("custody_gap", "report_overdue")
    gap, report = state.warnings
    assert gap.since == s.at(1400)
    assert report.since == s.at(8 + 1440)
    assert state.next_action == gap.message
    assert state.custody.active and state.custody.custodians == ()
    assert state.custody.open_gap is not None and state.custody.open_gap.left == CHEN
