"""The scenario cases of the playbook issue (as in tests/case/test_scenarios.py), played
through a real journal, with what a debrief must show: corrections, an override, a
skipped step, late entries, the family's documents, a referral, a closed case.
Every person here is invented."""

from __future__ import annotations

from datetime import datetime

from oncall.case import kinds as k
from support.scenes import (
    CLASS_TEACHER,
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
MOTHER_PHONE = "13800000001"
FATHER_PHONE = "139-0000-0002"
TEACHER_120 = "王老师（虚构）"


def level_iii(s: Scene) -> datetime:
    """Monitoring group, report the same day, the guardian informed on day 2."""
    first_minutes(s)
    s.answer(10, "risk.warning", [])
    s.answer(12, "risk.factors", ["low_mood"])
    s.answer(13, "risk.dimensions", ["emotion", "social"])
    asq(s, 15, "no", "no", "no", "no")
    confirm(s, 25, "III", "III", ["factor-any", "dimension-any"])
    s.answer(
        40,
        "monitor.group",
        {"lead": CLASS_TEACHER, "member_2": "学生干部甲（虚构）", "member_3": "学生干部乙（虚构）"},
    )
    s.done(41, "monitor.confidential")
    s.add(
        60,
        k.GUARDIAN_ADDED,
        {"name": MOTHER, "relation": "母亲", "phone": MOTHER_PHONE, "priority": 1},
    )
    s.add(20 * 60, k.REPORT_WRITTEN, {"to": LEADER})
    s.add(
        2 * DAY,
        k.CONTACT_ATTEMPT,
        {"by": CLASS_TEACHER, "target": MOTHER, "phone": MOTHER_PHONE, "outcome": "reached"},
    )
    s.add(2 * DAY + 5, k.FAMILY_DECISION, {"decision": "coming", "by": MOTHER})
    return s.at(3 * DAY)


SAFETY_PLAN = {
    "warning_signs": "一个人待着不想说话，觉得什么都没意思",
    "coping": "听音乐，出去跑步",
    "distraction": "去篮球场，找同桌聊天",
    "help_people": "爸爸；表姐",
    "professionals": "张老师（心理辅导室）；12356；紧急情况 120",
    "safe_surroundings": "家里的药交给爸爸保管",
    "made_with": "张老师（虚构）",
}
MEANS = {
    "heights": "卧室窗户装限位器",
    "medicines": "药物锁进柜子，由爸爸发放",
    "blades": "美工刀收起来",
    "cords": "跳绳放到父母房间",
    "checkin_call": "2026-11-26T18:00:00+08:00",
    "counselled_by": "张老师（虚构）",
}


def level_ii(s: Scene) -> datetime:
    """Parents called to school; the brief safety assessment and a safety plan; an
    override, a corrected note, a skipped step, a written agreement, means counselling
    with the father, custody handed to the father (the caring contacts start)."""
    first_minutes(s)
    s.answer(10, "risk.warning", ["mood_change"])
    s.answer(12, "risk.factors", ["setback"])
    s.answer(13, "risk.dimensions", ["emotion"])
    asq(s, 15, "yes", "no", "no", "no", "no")
    s.done(19, "risk.asq.nonacute")
    # the counselor's brief safety assessment: low risk, a safety plan, home with family
    s.done(20, "risk.bssa.praise")
    s.done(21, "risk.bssa.review")
    s.answer(22, "risk.bssa.frequency", "sometimes")
    s.answer(23, "risk.bssa.plan", "method")
    s.answer(24, "risk.bssa.behaviour", "none")
    s.answer(25, "risk.bssa.symptoms", ["depressed", "sleep"])
    s.answer(26, "risk.bssa.support", ["trusted_adult", "reasons"])
    s.done(28, "risk.bssa.guardian")
    s.answer(30, "risk.safety_assessment", "home_plan")
    s.answer(33, "plan.safety", SAFETY_PLAN)
    # the school keeps closer attention than the suggested III: an override, with reason
    confirm(
        s,
        35,
        "II",
        "III",
        ["bssa-low-plan", "warning-mood", "factor-any", "dimension-any"],
        reason="班主任反映李小明近一周多次说“没意思”",
    )
    s.add(
        36,
        k.CUSTODY_STARTED,
        {"place": "心理辅导室", "custodians": [CHEN], "observation": "sight", "check_minutes": 15},
    )
    s.add(
        38,
        k.GUARDIAN_ADDED,
        {"name": FATHER, "relation": "父亲", "phone": FATHER_PHONE, "priority": 1},
    )
    s.add(
        40,
        k.CONTACT_ATTEMPT,
        {
            "by": CLASS_TEACHER,
            "target": FATHER,
            "phone": FATHER_PHONE,
            "outcome": "reached",
            "said": "请今天来学校面谈",
        },
    )
    s.add(
        41,
        k.FAMILY_DECISION,
        {"decision": "coming", "by": FATHER, "eta": "2026-11-23T16:30:00+08:00"},
    )
    note = s.add(45, k.NOTE, {"text": "父亲说 16:00 到，手机 13900000002"})
    s.add(
        47,
        k.CORRECTION,
        {
            "corrects": note,
            "reason": "记错时间",
            "replacement": {"text": "父亲说 16:30 到，手机 13900000002"},
        },
    )
    checkins(s, 36, 95, CHEN)
    s.add(95, k.FAMILY_ARRIVED, {"who": [FATHER]})
    s.done(110, "contact.explain")
    s.add(120, k.FAMILY_DECISION, {"decision": "agreement", "by": FATHER})
    s.answer(121, "contact.documents", ["agreement"])
    s.answer(123, "plan.means", {**MEANS, "counselled": FATHER})
    s.add(125, k.CUSTODY_ENDED, {"to": "guardian", "received_by": FATHER, "place": "心理辅导室"})
    s.skip(130, "followup.others", "没有其他同学知情")
    s.add(100, k.NOTE, {"text": "小明在辅导室情绪渐稳"}, recorded=140)  # typed afterwards
    return s.at(6 * 60)


def level_i(s: Scene) -> datetime:
    """Acute ASQ, custody with two shift changes, the mother unreachable, the father
    reached, 120, hospital handover, referral, report in time, case closed."""
    first_minutes(s)
    s.answer(8, "risk.warning", ["talk_method"])
    s.answer(9, "risk.factors", ["past_attempt", "sleep"])
    s.answer(10, "risk.dimensions", ["emotion", "behaviour"])
    asq(s, 11, "yes", "no", "yes", "no", "yes")
    s.done(14.5, "risk.asq.acute")
    confirm(
        s,
        16,
        "I",
        "I",
        ["asq-acute", "warning-suicidal", "attempt-past", "factor-any", "dimension-any"],
    )
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
        {"name": MOTHER, "relation": "母亲", "phone": MOTHER_PHONE, "priority": 1},
    )
    s.add(
        20,
        k.GUARDIAN_ADDED,
        {"name": FATHER, "relation": "父亲", "phone": FATHER_PHONE, "priority": 2},
    )
    s.add(
        21,
        k.CONTACT_ATTEMPT,
        {"by": CLASS_TEACHER, "target": MOTHER, "phone": MOTHER_PHONE, "outcome": "no_answer"},
    )
    s.add(
        28,
        k.CONTACT_ATTEMPT,
        {"by": CLASS_TEACHER, "target": MOTHER, "phone": MOTHER_PHONE, "outcome": "switched_off"},
    )
    s.add(30, k.CUSTODY_CHECKIN, {"by": CHEN})
    s.add(
        38,
        k.CONTACT_ATTEMPT,
        {
            "by": CLASS_TEACHER,
            "target": FATHER,
            "phone": FATHER_PHONE,
            "outcome": "reached",
            "said": "请直接去医院",
        },
    )
    s.add(39, k.FAMILY_DECISION, {"decision": "attorney", "by": FATHER})
    s.answer(40, "medical.route", "emergency")
    s.add(42, k.MEDICAL_CALLED, {"number": "120", "by": TEACHER_120})
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
    s.add(55, k.MEDICAL_ACCOMPANY, {"staff": [SUN, GUARD], "attorney": True})
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
    s.add(
        100,
        k.REFERRAL,
        {"institution": "市精神卫生中心（虚构）", "consent": True, "recommendation": "住院评估"},
    )
    s.answer(
        101,
        "medical.referral",
        {
            "institution": "市精神卫生中心（虚构）",
            "problem": "李小明说过想跳楼，并想过方法",
            "recommendation": "住院评估与治疗",
            "consent": "yes",
            "referred_by": "心理老师（虚构）",
        },
    )
    s.add(130, k.FAMILY_ARRIVED, {"who": [FATHER]})
    s.add(20 * 60, k.REPORT_WRITTEN, {"to": LEADER})
    s.answer(30 * DAY, "followup.return", ["certificate", "counselor_eval"])
    s.add(30 * DAY + 10, k.CASE_CLOSED, {"reason": "学生康复复学，转入常规跟踪"})
    return s.at(31 * DAY)


def gap_and_overdue(s: Scene) -> datetime:
    """A drill on the immediate-danger path: custody with a gap, the report overdue."""
    first_minutes(s)
    s.add(8, k.DANGER_DECLARED, {"what": ["means"]})
    s.done(8.5, "danger.stay")
    s.add(9, k.MEDICAL_CALLED, {"number": "120", "by": TEACHER_120})
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
        {"name": MOTHER, "relation": "母亲", "phone": MOTHER_PHONE, "priority": 1},
    )
    s.add(
        12,
        k.CONTACT_ATTEMPT,
        {"by": CLASS_TEACHER, "target": MOTHER, "phone": MOTHER_PHONE, "outcome": "reached"},
    )
    s.add(13, k.FAMILY_DECISION, {"decision": "coming", "by": MOTHER})
    checkins(s, 12, 200, CHEN)
    s.add(200, k.CUSTODY_CUSTODIAN_LEFT, {"name": CHEN})
    s.add(
        230,
        k.CUSTODY_STARTED,
        {"place": "医务室", "custodians": [SUN], "observation": "arm", "check_minutes": 15},
    )
    return s.at(DAY + 10)


SCENARIOS = {
    "level-iii": (level_iii, False),
    "level-ii": (level_ii, False),
    "level-i": (level_i, False),
    "gap-drill": (gap_and_overdue, True),
}
"""name -> (builder, drill)."""
