"""The domain's word lists: the values events carry for contact outcomes, family
decisions, ways of watching a student, who receives safety responsibility, and the
emergency numbers, each with its one wording in each language.

Every writer (session, TUI entries) offers these ids, and every reader (timeline,
exports) shows these words. Add to a list, never rename an id: old journals keep them.
"""

from __future__ import annotations

from typing import Final, Literal

from oncall.vocabulary.text import Lang, Text

Level = Literal["I", "II", "III"]
LEVELS: tuple[Level, ...] = ("I", "II", "III")
"""Most severe first: I 高危关注, II 重点关注, III 一般关注."""

CONTACT_OUTCOMES: Final[dict[str, Text]] = {
    "reached": Text("已接通", "reached"),
    "no_answer": Text("无人接听", "no answer"),
    "switched_off": Text("关机", "switched off"),
    "refused": Text("拒绝", "refused"),
    "wrong_number": Text("号码错误", "wrong number"),
}
"""`contact.attempt` data.outcome."""

FAMILY_DECISIONS: Final[dict[str, Text]] = {
    "coming": Text("马上来校", "coming to school"),
    "take_home": Text("接回家治疗（休学）", "take home for treatment"),
    "agreement": Text("在校陪读（签书面协议）", "accompany in school (written agreement)"),
    "attorney": Text("不能陪同送医（签委托书）", "cannot accompany (power of attorney)"),
    "refuse_treatment": Text("拒绝治疗", "refuses treatment"),
    "to_hospital": Text("直接去医院", "going straight to the hospital"),
}
"""`family.decision` data.decision."""

OBSERVATIONS: Final[dict[str, Text]] = {
    "arm": Text("一臂之内，持续陪护", "constant, within arm's reach"),
    "sight": Text("始终在视线内", "constant, in sight"),
    "interval": Text("定时查看", "checks at an interval"),
}
"""`custody.started` data.observation."""

HANDOVER_TO: Final[dict[str, Text]] = {
    "guardian": Text("家长", "guardian"),
    "hospital": Text("医院", "hospital"),
}
"""`custody.ended` data.to."""

CALL_NUMBERS: Final[dict[str, Text]] = {
    "120": Text("120 急救", "120 ambulance"),
    "110": Text("110 报警", "110 police"),
}
"""`medical.called` data.number."""

NOTIFY_WAYS: Final[dict[str, Text]] = {
    "phone": Text("电话", "by phone"),
    "in_person": Text("当面", "in person"),
    "message": Text("消息", "by message"),
}
"""`notify` data.how."""

FACTS: Final[dict[str, Text]] = {
    "student_name": Text("学生姓名", "student's name"),
    "student_class": Text("班级", "class"),
    "student_age": Text("年龄", "age"),
    "place": Text("地点", "place"),
    "seen": Text("看到了什么", "what was seen"),
    "reporter": Text("报告人", "reported by"),
}
"""A case fact's name in words (`case.opened` facts, `case.fact` data.field)."""

HOSPITAL: Final = "hospital"
PSYCHIATRIC_HOSPITAL: Final = "psychiatric_hospital"
INSTITUTION_KINDS: Final = (
    HOSPITAL,
    PSYCHIATRIC_HOSPITAL,
    "counselling_centre",
    "police",
    "ambulance",
    "hotline",
)
"""The kinds of partner institution a school directory lists (`data/directory.toml`)."""
HOSPITALS: Final = (PSYCHIATRIC_HOSPITAL, HOSPITAL)
"""Where a student is taken, the first the directory has: a psychiatric hospital first."""

ALL_WORDS: Final[dict[str, Text]] = {
    **CONTACT_OUTCOMES,
    **FAMILY_DECISIONS,
    **OBSERVATIONS,
    **HANDOVER_TO,
    **NOTIFY_WAYS,
    **CALL_NUMBERS,
}


def word(value: object, lang: Lang) -> str:
    """The wording of a list value in `lang`; an unknown value as it is."""
    text = ALL_WORDS.get(str(value))
    return text.get(lang) if text is not None else str(value)
