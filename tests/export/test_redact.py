"""`--redact`: no original name, class or phone number anywhere in the bytes of any
format (DOCX unzipped), and the same person keeps the same pseudonym."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

import pytest

from oncall.export import case_record, render
from oncall.export.redact import Redactor, name_variants
from oncall.journal import Journal
from oncall.playbook import Playbook

from .conftest import FACTS, Scene
from .scenarios import FATHER, FATHER_PHONE, MOTHER, MOTHER_PHONE, level_i, level_ii

SECRETS = [
    "李小明（虚构）", "李小明", "小明", "初二（3）班", FATHER, "李强", MOTHER, "王芳",
    MOTHER_PHONE, FATHER_PHONE, "13900000002", "139 0000 0002",
]


def all_bytes(fmt: str, data: bytes) -> bytes:
    if fmt != "docx":
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "json", "docx"])
@pytest.mark.parametrize("build", [level_i, level_ii])
def test_no_original_name_or_number_remains(
    build: Callable[[Scene], object], fmt: str, lang: str,
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook,
) -> None:
    scene = new_scene()
    now = build(scene)
    record = case_record(journal, scene.case)
    plain = all_bytes(fmt, render(fmt, record, playbook, now=now, lang=lang))  # type: ignore[arg-type]
    assert FACTS["student_name"].encode() in plain  # the test would notice a miss
    data = all_bytes(fmt, render(fmt, record, playbook, now=now, lang=lang,  # type: ignore[arg-type]
                                 redact=True))
    for secret in SECRETS:
        assert secret.encode() not in data, (fmt, secret)
    assert ("学生甲" if lang == "zh" else "Student A").encode() in data


def test_pseudonyms_are_stable_within_an_export(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene = new_scene()
    now = level_i(scene)
    body = json.loads(render("json", case_record(journal, scene.case), playbook, now=now,
                             redact=True))
    assert body["redacted"] is True
    assert body["case"]["facts"]["student_name"] == "学生甲"
    assert body["case"]["facts"]["student_class"] == "某班"
    guardians = [e["data"] for e in body["events"] if e["kind"] == "contact.guardian"]
    assert [(g["name"], g["phone"]) for g in guardians] == [
        ("家长甲", "电话1"), ("家长乙", "电话2"),
    ]
    calls = [(e["data"]["target"], e["data"]["phone"]) for e in body["events"]
             if e["kind"] == "contact.attempt"]
    assert calls == [("家长甲", "电话1"), ("家长甲", "电话1"), ("家长乙", "电话2")]
    decisions = [e["data"]["by"] for e in body["events"] if e["kind"] == "family.decision"]
    assert decisions == ["家长乙"]
    assert all("hash" not in e and "prev" not in e for e in body["events"])
    assert body["integrity"]["final_hash"]  # kept: checks a printed copy later
    referral = next(e for e in body["events"] if e["data"].get("step") == "medical.referral")
    assert referral["data"]["value"]["problem"].startswith("学生甲说过想跳楼")


def test_name_variants_and_phone_shapes() -> None:
    assert name_variants("李小明（虚构）") == ["李小明（虚构）", "李小明", "小明"]
    assert name_variants("Li Ming") == ["Li Ming"]
    assert name_variants("王芳") == ["王芳"]
    redactor = Redactor([], "en")
    assert redactor.text("call 138 0000 0001 or +86 13800000001") == "call phone-1 or phone-1"
    assert redactor.text("2026-11-23 14:02 at 16:30, 第40次") == "2026-11-23 14:02 at 16:30, 第40次"


def test_given_names_compound_surnames_dotted_names() -> None:
    assert name_variants("欧阳小明") == ["欧阳小明", "小明"]
    assert name_variants("赵同学", given=False) == ["赵同学"]
    assert name_variants("阿依古丽·买买提") == ["阿依古丽·买买提", "阿依古丽", "买买提"]


def test_numbers_ids_and_emails_get_their_own_pseudonyms() -> None:
    redactor = Redactor([], "zh")
    text = ("身份证11010519491231002X，旧号 110105 19491231 002x；座机(010) 6543 2100、"
            "0755-12345678；邮箱 Parent.Li@Example.com 或 parent.li@example.com")
    assert redactor.text(text) == (
        "身份证证件1，旧号 证件1；座机电话1、电话2；邮箱 邮箱1 或 邮箱1"
    )


def test_latin_names_match_whole_words_in_any_case_and_staff_names_stay_whole() -> None:
    from oncall.journal.event import Event

    opened = Event(
        id="e1", case="c", seq=1, at="2026-11-23T06:00:00.000Z", tz="+08:00",
        recorded_at="2026-11-23T06:00:00.000Z", actor="小明老师", kind="case.opened",
        data={"facts": {"student_name": "李小明"}}, drill=False, prev="", hash="",
    )
    redactor = Redactor([opened], "en", also=["Ann"])
    assert redactor.text("ANN said Annual; 李小明、小明; 小明老师 stays") == (
        "term-1 said Annual; Student A、Student A; 小明老师 stays"
    )


def test_a_one_character_place_is_replaced_as_a_field_not_inside_words() -> None:
    from oncall.journal.event import Event

    opened = Event(
        id="e1", case="c", seq=1, at="2026-11-23T06:00:00.000Z", tz="+08:00",
        recorded_at="2026-11-23T06:00:00.000Z", actor="王老师", kind="case.opened",
        data={"facts": {"student_name": "韩", "place": "楼"}}, drill=False, prev="", hash="",
    )
    redactor = Redactor([opened], "zh")
    assert redactor.text("楼") == "地点甲"
    assert redactor.text("韩在教学楼，家长来了") == "学生甲在教学楼，家长来了"


def test_every_person_field_an_entry_declares_is_sorted_or_taken_for_a_person(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fields identifiers.py sorts itself exist in the entries' declarations (a
    rename would otherwise turn a family member into an unknown person quietly), and a
    person or phone field of a kind added later is redacted by the generic rule."""
    from oncall.export import identifiers
    from oncall.journal.event import Event
    from oncall.vocabulary.entries import ENTRIES, EntryField, entry_field
    from oncall.vocabulary.text import Text

    for kind, field in identifiers.SORTED - {("contact.attempt", "by")}:  # set by the session
        declared = entry_field(kind, field)
        assert declared is not None and declared.type in ("person", "people", "phone"), (
            kind, field,
        )
    later = (
        EntryField("witness", "person", Text("目击者", "Witness")),
        EntryField("phone", "phone", Text("电话", "Phone")),
    )
    monkeypatch.setattr(identifiers, "ENTRIES", {**ENTRIES, "witness.statement": later})
    event = Event(
        id="e1", case="c", seq=2, at="2026-11-23T06:00:00.000Z", tz="+08:00",
        recorded_at="2026-11-23T06:00:00.000Z", actor="王老师", kind="witness.statement",
        data={"witness": "某某某", "phone": "12345"}, drill=False, prev="", hash="",
    )
    known = identifiers.collect([event])
    assert known.persons == ["某某某"] and known.phones == ["12345"]


def test_a_phone_field_is_replaced_whatever_its_shape() -> None:
    from oncall.journal.event import Event

    guardian = Event(
        id="e2", case="c", seq=2, at="2026-11-23T06:00:00.000Z", tz="+08:00",
        recorded_at="2026-11-23T06:00:00.000Z", actor="王老师", kind="contact.guardian",
        data={"name": "王芳", "phone": "分机 6021", "priority": 1}, drill=False, prev="",
        hash="",
    )
    (redacted,) = Redactor([guardian], "zh").redacted()
    assert redacted.data == {"name": "家长甲", "phone": "电话1", "priority": 1}
