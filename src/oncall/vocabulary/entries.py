"""Each kind of record's one home (`ENTRIES`): its title, its words, the menu that
offers it, and its fields with their types, labels, hints and word lists.

This is the entry a step takes when it `records` an event kind: the fields the teacher
fills in (the TUI builds its form from it, adding a time field for things that can
have happened earlier), the data the journal holds, its line in the timeline and
exports, and whether undo may withdraw it. A step's `records` may
preset one field (`field`/`value`: "the 120 call" is a `medical.called` with `number` =
"120"); the playbook checker verifies the field exists and the value is allowed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from oncall.vocabulary import kinds
from oncall.vocabulary.text import Text
from oncall.vocabulary.words import (
    CALL_NUMBERS,
    CONTACT_OUTCOMES,
    FACTS,
    FAMILY_DECISIONS,
    HANDOVER_TO,
    LEVELS,
    NOTIFY_WAYS,
    OBSERVATIONS,
)

DEFAULT_CHECK_MINUTES: Final = 15
"""How often a custodian checks on the student when nothing else says (a custody
start's form offers it; a case with no check-in timer counts with it)."""

IPASS: Final = "ipass"
"""Where a shift handover holds its I-PASS (`custody.handover` data.ipass)."""

FieldType = Literal[
    "text", "person", "people", "phone", "time", "choice", "yes_no", "number", "checklist", "tasks"
]
"""`tasks`: things to do, each with whoever does them ("what/owner; what/owner")."""


@dataclass(frozen=True, slots=True)
class EntryField:
    id: str
    type: FieldType
    label: Text
    required: bool = False
    """Must be given; a required yes/no must be yes (the handover read back)."""
    options: tuple[str, ...] = ()
    """A choice's allowed values (empty: any, e.g. a role of the playbook)."""
    wording: tuple[Text, ...] = ()
    """How each of `options` reads, from its word list (empty: the value itself)."""
    hint: Text | None = None
    """Said after the label in a form only (how to write it), never in a record."""
    default: object = None
    """What the form offers when the case knows nothing better."""
    within: str | None = None
    """The key of the event's data this field is held under (a handover's "ipass")."""
    observed: bool = False
    """What happened, as the teacher saw it (a call's outcome): a step whose `records`
    presets it names what it waits for, so its form leaves it to be chosen."""


def _f(
    field_id: str,
    type_: FieldType,
    zh: str,
    en: str,
    *,
    required: bool = False,
    options: tuple[str, ...] = (),
    words: Mapping[str, Text] | None = None,
    hint: tuple[str, str] | None = None,
    default: object = None,
    within: str | None = None,
    observed: bool = False,
) -> EntryField:
    """One field; a choice among a word list takes `words` (its values and wording)."""
    wording: tuple[Text, ...] = ()
    if words is not None:
        options, wording = tuple(words), tuple(words.values())
    return EntryField(
        field_id,
        type_,
        Text(zh, en),
        required,
        options,
        wording,
        None if hint is None else Text(*hint),
        default,
        within,
        observed,
    )


MenuKey = Literal["custody", "contact", "medical", "report"]
"""The case screen's menus an entry can be offered in (`c`, `p`, `m`, `r`)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One kind of record as the teacher enters it: everything a kind needs, in one
    place. Its form (title, fields), the menu that offers it, the kind in words (a
    condition in `oncall rehearse`), its record (`CaseSession.record_entry`), its
    line in the timeline and exports (`describe`), and whether undo may withdraw it
    (every entry may) are all read from here."""

    title: Text
    """Its form's title and its line in a menu."""
    words: Text
    """The kind as words ("a custody check-in")."""
    fields: tuple[EntryField, ...]
    menu: MenuKey | None = None
    timed: bool = True
    """Its form asks when it happened (blank = now); False: recorded as it is entered."""

    def __iter__(self) -> Iterator[EntryField]:
        return iter(self.fields)


def _e(
    title: tuple[str, str],
    words: tuple[str, str],
    *fields: EntryField,
    menu: MenuKey | None = None,
    timed: bool = True,
) -> Entry:
    return Entry(Text(*title), Text(*words), fields, menu, timed)


FACT_FIELDS: Final[tuple[EntryField, ...]] = tuple(
    EntryField(
        key,
        "number" if key == "student_age" else "text",
        Text(text.zh, text.en[:1].upper() + text.en[1:]),
        hint=Text("（只显示在本机屏幕）", " (this screen only)") if key == "student_name" else None,
    )
    for key, text in FACTS.items()
)
"""The case's facts as form fields (the new case form, the facts entry), from the
words that name them in a record (`words.FACTS`)."""

ENTRIES: Final[dict[str, Entry]] = {
    kinds.LEVEL_CONFIRMED: _e(
        ("确认风险级别", "Confirm the risk level"),
        ("确定风险级别", "the risk level confirmed"),
        _f("level", "choice", "级别", "Level", required=True, options=LEVELS),
        _f(
            "reason",
            "text",
            "理由",
            "Reason",
            hint=("（与建议不同时必填）", " (required if not the suggestion)"),
        ),
        _f(
            "assessors",
            "people",
            "参与评估的人",
            "Who assessed",
            required=True,
            hint=("（建议至少3人）", " (at least 3 advised)"),
        ),
    ),
    kinds.CUSTODY_STARTED: _e(
        ("开始监护", "Start custody"),
        ("开始监护", "custody started"),
        _f("place", "text", "地点", "Place", required=True),
        _f("custodians", "people", "监护人员", "Custodians", required=True),
        _f("observation", "choice", "观察方式", "Observation", words=OBSERVATIONS, default="arm"),
        _f(
            "check_minutes",
            "number",
            "签到间隔（分钟）",
            "Check-in every (minutes)",
            default=DEFAULT_CHECK_MINUTES,
        ),
        menu="custody",
    ),
    kinds.CUSTODY_CHECKIN: _e(
        ("监护签到", "Custody check-in"),
        ("监护签到", "a custody check-in"),
        _f("by", "person", "签到人", "Checked by", required=True),
        _f("state", "text", "学生状态", "Student's state"),
        menu="custody",
    ),
    kinds.CUSTODY_HANDOVER: _e(
        ("交接班（I-PASS）", "Shift handover (I-PASS)"),
        ("监护交接", "a custody handover"),
        _f("from", "people", "交出人", "Handing over"),
        _f("to", "people", "接班人", "Receiving", required=True),
        _f(
            "severity",
            "text",
            "I 严重程度",
            "I Illness severity",
            required=True,
            hint=("（级别与学生状态）", " (the level and how the student is)"),
            within=IPASS,
        ),
        _f("summary", "text", "P 情况概要", "P Patient summary", required=True, within=IPASS),
        _f(
            "actions",
            "tasks",
            "A 待办及负责人",
            "A Actions and owners",
            hint=("（每项“事项/负责人”，分号分隔）", " (what/owner; ...)"),
            within=IPASS,
        ),
        _f("watch", "text", "S 需要留意的情况", "S What to watch", within=IPASS),
        _f(
            "readback",
            "yes_no",
            "S 接班人已复述确认",
            "S Read back by the receiver",
            required=True,
            within=IPASS,
        ),
        _f("place", "text", "地点", "Place"),
        menu="custody",
    ),
    kinds.CUSTODY_CUSTODIAN_LEFT: _e(
        ("有人离开（未交接）", "A custodian left (no handover)"),
        ("监护人员离开", "a custodian leaving"),
        _f("name", "person", "离开的人", "Who left", required=True),
        menu="custody",
    ),
    kinds.CUSTODY_ENDED: _e(
        ("安全责任移交（结束监护）", "Safety handover (end custody)"),
        ("安全责任移交", "the safety responsibility handed over"),
        _f("to", "choice", "移交给", "Handed to", required=True, words=HANDOVER_TO),
        _f("received_by", "person", "接收人", "Received by", required=True),
        _f("place", "text", "地点", "Place", required=True),
        menu="custody",
    ),
    # the outcome first: its form opens on it, a digit picks it (the person is prefilled)
    kinds.CONTACT_ATTEMPT: _e(
        ("记录一次联系", "Log a call"),
        ("联系家长", "a call to a guardian"),
        _f(
            "outcome",
            "choice",
            "结果",
            "Outcome",
            required=True,
            words=CONTACT_OUTCOMES,
            observed=True,
        ),
        _f("target", "person", "联系谁", "Who was called", required=True),
        _f("phone", "phone", "电话", "Phone"),
        _f("said", "text", "说了什么", "What was said"),
        menu="contact",
    ),
    kinds.GUARDIAN_ADDED: _e(
        ("添加家长/联系人", "Add a guardian / contact"),
        ("添加家长", "a guardian added"),
        _f("name", "person", "姓名", "Name", required=True),
        _f("relation", "text", "关系", "Relation"),
        _f("phone", "phone", "电话", "Phone", required=True),
        _f("priority", "number", "联系顺序", "Order", hint=("（1为最先）", " (1 = first)")),
        _f("emergency", "yes_no", "紧急联系人", "Emergency contact"),
        menu="contact",
        timed=False,
    ),
    # recorded when it is given; its time is the expected arrival's
    kinds.FAMILY_DECISION: _e(
        ("家长的决定", "Family decision"),
        ("家长的决定", "the family's decision"),
        _f("decision", "choice", "决定", "Decision", required=True, words=FAMILY_DECISIONS),
        _f("eta", "time", "预计到达", "Expected arrival"),
        _f("by", "person", "家长", "Guardian"),
        _f("note", "text", "备注", "Note"),
        menu="contact",
        timed=False,
    ),
    kinds.FAMILY_ARRIVED: _e(
        ("家长已到校", "Family arrived"),
        ("家长到校", "the family arriving"),
        _f("who", "people", "到校的人", "Who arrived", required=True),
        menu="contact",
    ),
    kinds.MEDICAL_CALLED: _e(
        ("已拨打急救/报警电话", "Called 120 / 110"),
        ("拨打急救/报警电话", "an emergency call"),
        _f("number", "choice", "号码", "Number", required=True, words=CALL_NUMBERS),
        _f("by", "person", "拨打人", "Called by"),
        menu="medical",
    ),
    kinds.MEDICAL_ACCOMPANY: _e(
        ("陪同人员", "Who accompanies"),
        ("陪同就医", "accompanying to hospital"),
        _f("staff", "people", "陪同教师", "Staff", required=True),
        _f("guardian", "person", "陪同家长", "Guardian"),
        _f("attorney", "yes_no", "有委托书", "Power of attorney"),
        menu="medical",
    ),
    kinds.MEDICAL_ARRIVED: _e(
        ("已到达医院", "Arrived at hospital"),
        ("到达医院", "arrival at hospital"),
        _f("hospital", "text", "医院", "Hospital", required=True),
        menu="medical",
    ),
    kinds.MEDICAL_HANDOVER: _e(
        ("移交给医院人员", "Handed to hospital staff"),
        ("移交医院", "the hospital handover"),
        _f("hospital", "text", "医院", "Hospital", required=True),
        _f("staff", "person", "医院接收人", "Hospital staff member", required=True),
        _f(
            "ward_custody",
            "yes_no",
            "医院要求学校继续病房监护",
            "Hospital requires ward custody by the school",
        ),
        menu="medical",
    ),
    kinds.REFERRAL: _e(
        ("转介", "Referral"),
        ("转介", "a referral"),
        _f("institution", "text", "机构", "Institution", required=True),
        _f("consent", "yes_no", "家长同意", "Guardian consents"),
        _f("recommendation", "text", "建议", "Recommendation"),
        menu="medical",
    ),
    kinds.REPORT_PHONE: _e(
        ("已电话报告领导", "Phone report to the leader made"),
        ("电话报告", "a report by phone"),
        _f("to", "person", "报告给", "Reported to", required=True),
        menu="report",
    ),
    kinds.REPORT_WRITTEN: _e(
        ("已提交书面报告", "Written report submitted"),
        ("书面报告", "the written report"),
        _f("to", "person", "报送给", "Submitted to", required=True),
        menu="report",
    ),
    kinds.REPORT_WEEKLY: _e(
        ("周报（III级）", "Weekly report (level III)"),
        ("周报", "a weekly report"),
        _f("summary", "text", "概要", "Summary", required=True),
        menu="report",
    ),
    kinds.NOTIFIED: _e(
        ("已通知某人", "Someone was told"),
        ("通知相关人员", "someone notified"),
        _f("role", "choice", "角色", "Role", required=True),
        _f("person", "person", "姓名", "Name", required=True),
        _f("how", "choice", "方式", "How", words=NOTIFY_WAYS),
        menu="report",
    ),
    kinds.STAFF_ARRIVED: _e(
        ("工作人员到场", "A member of staff arrived"),
        ("工作人员到场", "a member of staff arriving"),
        _f("role", "choice", "角色", "Role", required=True),
        _f("who", "person", "到场的人", "Who arrived", required=True),
        menu="report",
    ),
    kinds.CASE_FACT: _e(
        ("基本情况（可随时按 f 补充或改正）", "The facts (add or correct any time with f)"),
        ("补充案件信息", "a case detail recorded"),
        _f("field", "text", "哪一项", "Which fact", required=True),
        _f("value", "text", "内容", "Value"),
        timed=False,
    ),
    kinds.NOTE: _e(
        ("记一笔", "Add a note"),
        ("备注", "a note"),
        _f("text", "text", "记录", "Note", required=True),
    ),
}
"""By event kind: its entry. Kinds absent here are not recorded by an entry of their
own (steps, corrections, the journal's own events)."""

REASON: Final = _f("reason", "text", "原因", "Reason", required=True)
"""Why a step is skipped, or a record withdrawn, or the case closed: the one field of
those forms (`step.skipped`, `correction`, `case.closed` data.reason)."""

ACTOR_NAME: Final = _f("name", "person", "姓名", "Name", required=True)
"""Who is at the keyboard (`actor.changed` data.to; the first operator at unlock)."""


def entry_field(kind: str, field_id: str) -> EntryField | None:
    return next((f for f in ENTRIES.get(kind, ()) if f.id == field_id), None)
