"""What each kind of event records: its data fields, with their types.

This is the entry a step takes when it `records` an event kind: the fields the teacher
fills in (the TUI builds its entry from the same list, adding a time field for things
that can have happened earlier) and the data the journal holds. A step's `records` may
preset one field (`field`/`value`: "the 120 call" is a `medical.called` with `number` =
"120"); the playbook checker verifies the field exists and the value is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from oncall.vocabulary import kinds
from oncall.vocabulary.text import Text
from oncall.vocabulary.words import (
    CALL_NUMBERS,
    CONTACT_OUTCOMES,
    FAMILY_DECISIONS,
    HANDOVER_TO,
    OBSERVATIONS,
)

FieldType = Literal[
    "text", "person", "people", "phone", "time", "choice", "yes_no", "number", "checklist"
]


@dataclass(frozen=True, slots=True)
class EntryField:
    id: str
    type: FieldType
    label: Text
    required: bool = False
    options: tuple[str, ...] = ()
    """A choice's allowed values (empty: any, e.g. a role of the playbook)."""
    wording: tuple[Text, ...] = ()
    """How each of `options` reads, from its word list (empty: the value itself)."""


def _f(
    field_id: str,
    type_: FieldType,
    zh: str,
    en: str,
    *,
    required: bool = False,
    options: tuple[str, ...] = (),
    words: Mapping[str, Text] | None = None,
) -> EntryField:
    """One field; a choice among a word list takes `words` (its values and wording)."""
    if words is not None:
        return EntryField(
            field_id, type_, Text(zh, en), required, tuple(words), tuple(words.values())
        )
    return EntryField(field_id, type_, Text(zh, en), required, options)


ENTRIES: Final[dict[str, tuple[EntryField, ...]]] = {
    kinds.LEVEL_CONFIRMED: (
        _f("level", "choice", "级别", "Level", required=True, options=("I", "II", "III")),
        _f("reason", "text", "理由", "Reason"),
        _f("assessors", "people", "参与评估的人", "Who assessed", required=True),
    ),
    kinds.CUSTODY_STARTED: (
        _f("place", "text", "地点", "Place", required=True),
        _f("custodians", "people", "监护人员", "Custodians", required=True),
        _f("observation", "choice", "观察方式", "Observation", words=OBSERVATIONS),
        _f("check_minutes", "number", "签到间隔（分钟）", "Check-in every (minutes)"),
    ),
    kinds.CUSTODY_CHECKIN: (
        _f("by", "person", "签到人", "Checked by", required=True),
        _f("state", "text", "学生状态", "Student's state"),
    ),
    kinds.CUSTODY_HANDOVER: (
        _f("from", "people", "交出人", "Handing over"),
        _f("to", "people", "接班人", "Receiving", required=True),
        _f("place", "text", "地点", "Place"),
    ),
    kinds.CUSTODY_CUSTODIAN_LEFT: (_f("name", "person", "离开的人", "Who left", required=True),),
    kinds.CUSTODY_ENDED: (
        _f("to", "choice", "移交给", "Handed to", required=True, words=HANDOVER_TO),
        _f("received_by", "person", "接收人", "Received by", required=True),
        _f("place", "text", "地点", "Place", required=True),
    ),
    kinds.GUARDIAN_ADDED: (
        _f("name", "person", "姓名", "Name", required=True),
        _f("relation", "text", "关系", "Relation"),
        _f("phone", "phone", "电话", "Phone", required=True),
        _f("priority", "number", "联系顺序", "Order"),
        _f("emergency", "yes_no", "紧急联系人", "Emergency contact"),
    ),
    # the outcome first: its form opens on it, a digit picks it (the person is prefilled)
    kinds.CONTACT_ATTEMPT: (
        _f("outcome", "choice", "结果", "Outcome", required=True, words=CONTACT_OUTCOMES),
        _f("target", "person", "联系谁", "Who was called", required=True),
        _f("phone", "phone", "电话", "Phone"),
        _f("said", "text", "说了什么", "What was said"),
    ),
    kinds.FAMILY_DECISION: (
        _f("decision", "choice", "决定", "Decision", required=True, words=FAMILY_DECISIONS),
        _f("eta", "time", "预计到达", "Expected arrival"),
        _f("by", "person", "家长", "Guardian"),
        _f("note", "text", "备注", "Note"),
    ),
    kinds.FAMILY_ARRIVED: (_f("who", "people", "到校的人", "Who arrived", required=True),),
    kinds.STAFF_ARRIVED: (
        _f("role", "choice", "角色", "Role", required=True),
        _f("who", "person", "到场的人", "Who arrived", required=True),
    ),
    kinds.NOTIFIED: (
        _f("role", "choice", "角色", "Role", required=True),
        _f("person", "person", "姓名", "Name", required=True),
        _f("how", "choice", "方式", "How", options=("phone", "in_person", "message")),
    ),
    kinds.REPORT_PHONE: (_f("to", "person", "报告给", "Reported to", required=True),),
    kinds.REPORT_WRITTEN: (_f("to", "person", "报送给", "Submitted to", required=True),),
    kinds.REPORT_WEEKLY: (_f("summary", "text", "概要", "Summary", required=True),),
    kinds.MEDICAL_CALLED: (
        _f("number", "choice", "号码", "Number", required=True, words=CALL_NUMBERS),
        _f("by", "person", "拨打人", "Called by"),
    ),
    kinds.MEDICAL_ACCOMPANY: (
        _f("staff", "people", "陪同教师", "Staff", required=True),
        _f("guardian", "person", "陪同家长", "Guardian"),
        _f("attorney", "yes_no", "有委托书", "Power of attorney"),
    ),
    kinds.MEDICAL_ARRIVED: (_f("hospital", "text", "医院", "Hospital", required=True),),
    kinds.MEDICAL_HANDOVER: (
        _f("hospital", "text", "医院", "Hospital", required=True),
        _f("staff", "person", "医院接收人", "Hospital staff member", required=True),
        _f(
            "ward_custody",
            "yes_no",
            "医院要求学校继续病房监护",
            "Hospital requires ward custody by the school",
        ),
    ),
    kinds.REFERRAL: (
        _f("institution", "text", "机构", "Institution", required=True),
        _f("consent", "yes_no", "家长同意", "Guardian consents"),
        _f("recommendation", "text", "建议", "Recommendation"),
    ),
    kinds.CASE_FACT: (
        _f("field", "text", "哪一项", "Which fact", required=True),
        _f("value", "text", "内容", "Value"),
    ),
    kinds.NOTE: (_f("text", "text", "记录", "Note", required=True),),
}
"""By event kind: the fields its entry takes. Kinds absent here are not recorded by a
step's own entry (steps, corrections, the journal's own events)."""


def entry_field(kind: str, field_id: str) -> EntryField | None:
    return next((f for f in ENTRIES.get(kind, ()) if f.id == field_id), None)
