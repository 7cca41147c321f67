"""`oncall export --redact` against a case with a sentinel in every free-text and person
field (`sentinels.py`): no identifier survives in the bytes of any format (DOCX
unzipped: the document, its headers and its properties), every free-text marker does,
staff and institutions keep their names, and a name the case does not know (typed only
in a note) is covered by `--redact-also`."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from oncall.cli import cli
from oncall.export import case_record, redaction_preview, render
from oncall.journal import Journal
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook
from support.clocks import FakeClock

from . import sentinels as s
from .conftest import PASSPHRASE

FORMATS = ["md", "html", "json", "docx"]


@pytest.fixture(scope="module")
def default_playbook() -> Playbook:
    return load_playbook(default_playbook_path())


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def run(home: Path, passfile: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--home", str(home), "--passphrase-file", str(passfile), *args])


def all_bytes(fmt: str, data: bytes) -> bytes:
    """Every byte a reader could see: a DOCX is unzipped (document.xml, the headers,
    the core properties, everything)."""
    if fmt != "docx":
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert "word/document.xml" in names
        assert any(name.startswith("word/header") for name in names)
        return b"\n".join(archive.read(name) for name in names)


def export(home: Path, passfile: Path, tmp_path: Path, case: str, fmt: str, *extra: str) -> bytes:
    out = tmp_path / f"{case}-{fmt}-{len(extra)}.{fmt}"
    result = run(home, passfile, "export", case, "--format", fmt, "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    return all_bytes(fmt, out.read_bytes())


@pytest.fixture
def sentinel_case(journal: Journal, default_playbook: Playbook, clock: FakeClock) -> s.Built:
    built = s.build(journal, default_playbook, clock)
    journal.close()
    return built


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_identifier_survives_a_redacted_export(
    fmt: str, sentinel_case: s.Built, home: Path, passfile: Path, tmp_path: Path
) -> None:
    case, markers, identifiers = (
        sentinel_case.case, sentinel_case.markers, sentinel_case.identifiers
    )
    plain = export(home, passfile, tmp_path, case, fmt)
    redacted = export(home, passfile, tmp_path, case, fmt, "--redact")
    missing = [i for i in identifiers if i.encode() not in plain]
    assert not missing, f"the plain {fmt} export does not show {missing}: the test could not fail"
    leaked = [i for i in identifiers if i.encode() in redacted]
    assert not leaked, f"{fmt}: {leaked}"
    for kept in (s.STAFF, s.COUNSELOR, s.NIGHT, "市第一人民医院（虚构）", "急诊刘医生（虚构）"):
        assert kept.encode() in redacted, kept  # staff and institutions keep their names
    for pseudonym in ("学生甲", "某班", "地点甲", "家长甲", "相关人甲", "电话1", "证件1", "邮箱1"):
        assert pseudonym.encode() in redacted, pseudonym
    if fmt == "json":  # the complete record: every free-text field is there
        lost = [m for m in markers if m.encode() not in redacted]
        assert not lost, f"free-text fields missing from the export: {lost}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_person_field_gets_a_pseudonym_of_its_kind(
    lang: str, journal: Journal, default_playbook: Playbook, clock: FakeClock
) -> None:
    record = case_record(journal, s.build(journal, default_playbook, clock).case)
    now = clock.now
    body = json.loads(render("json", record, default_playbook, now=now, lang=lang,  # type: ignore[arg-type]
                             redact=True))
    zh = lang == "zh"
    facts = body["case"]["facts"]
    assert facts["student_name"] == ("学生甲" if zh else "Student A")
    assert facts["student_class"] == ("某班" if zh else "Class X")
    assert facts["place"] == ("地点甲" if zh else "Place A")
    assert facts["reporter"] == ("相关人甲" if zh else "Person A")
    events = body["events"]
    guardians = [(e["data"]["name"], e["data"]["phone"]) for e in events
                 if e["kind"] == "contact.guardian"]
    assert guardians == (
        [("家长甲", "电话1"), ("家长乙", "电话1")] if zh
        else [("Guardian A", "phone-1"), ("Guardian B", "phone-1")]
    )  # the uncle's number is the mother's with +86: the same phone
    forms = {e["data"]["step"]: e["data"]["value"] for e in events
             if e["kind"] == "step.answered" and isinstance(e["data"]["value"], dict)}
    people = [  # each form's own person fields (two forms may share a field id)
        forms[step.id][f.id] for step in default_playbook.steps()
        if step.kind == "form" and step.id in forms for f in step.fields
        if f.type == "person" and f.id in forms[step.id]
    ]
    assert people and all(p.startswith("相关人" if zh else "Person ") for p in people)
    assert len(set(people)) == len(people)  # each classmate their own pseudonym
    told = next(e["data"]["person"] for e in events
                if e["kind"] == "notify" and e["data"]["role"] == "guardian")
    assert told.startswith("相关人" if zh else "Person ")  # a private role is not staff
    custody = next(e for e in events if e["kind"] == "custody.ended")["data"]
    assert custody["received_by"] == ("家长丙" if zh else "Guardian C")  # the father
    assert custody["place"].startswith("地点" if zh else "Place ")


def test_the_preview_lists_every_category_and_never_staff(
    journal: Journal, default_playbook: Playbook, clock: FakeClock
) -> None:
    case = s.build(journal, default_playbook, clock).case
    preview = redaction_preview(case_record(journal, case), default_playbook, lang="zh",
                                redact_also=["天台"])
    assert preview.has_student_name
    by_category: dict[str, list[str]] = {}
    for row in preview.replacements:
        by_category.setdefault(row.category, []).extend(row.originals)
    assert set(by_category) == {
        "student", "class", "family", "person", "place", "phone", "id", "email", "term"
    }
    assert s.STUDENT in by_category["student"]
    assert {s.MOTHER, s.FATHER, s.GRANDMA, s.UNCLE} <= set(by_category["family"])
    assert {s.REPORTER, s.AUNT} <= set(by_category["person"])
    assert s.ID_NUMBER in by_category["id"]
    everything = [o for found in by_category.values() for o in found]
    assert s.STAFF not in everything and s.COUNSELOR not in everything


@pytest.fixture
def note_only_case(journal: Journal, default_playbook: Playbook, clock: FakeClock) -> str:
    """Opened on the danger path with nothing typed: the name is only in a note."""
    from oncall.session import CaseSession

    case = journal.new_case(actor=s.STAFF, playbook=default_playbook)
    session = CaseSession(journal, case, default_playbook, s.STAFF)
    session.declare_danger([])
    session.note(f"学生叫{s.STUDENT}，大家叫他{s.GIVEN}；SENTINEL-NOTE-ONLY")
    journal.close()
    return case


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_name_typed_only_in_a_note_is_covered_by_redact_also(
    fmt: str, note_only_case: str, home: Path, passfile: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"unknown.{fmt}"
    result = run(home, passfile, "export", note_only_case, "--format", fmt, "--out", str(out),
                 "--redact")
    assert result.exit_code == 0, result.output
    assert "--redact-also" in result.stderr  # says the case knows no student name
    assert s.STUDENT.encode() in all_bytes(fmt, out.read_bytes())  # what --redact-also is for
    data = export(home, passfile, tmp_path, note_only_case, fmt, "--redact-also", s.STUDENT)
    assert s.STUDENT.encode() not in data and s.GIVEN.encode() not in data
    assert "隐去1".encode() in data
    if fmt == "json":
        assert b"SENTINEL-NOTE-ONLY" in data
        assert json.loads(data)["redacted"] is True  # --redact-also implies --redact


def test_redact_also_takes_several_terms_and_rejects_an_empty_one(
    note_only_case: str, home: Path, passfile: Path, tmp_path: Path
) -> None:
    data = export(home, passfile, tmp_path, note_only_case, "md",
                  "--redact-also", s.STUDENT, "--redact-also", "NOTE-ONLY")
    assert b"NOTE-ONLY" not in data and "隐去2".encode() in data
    result = run(home, passfile, "export", note_only_case, "--out", str(tmp_path / "x.md"),
                 "--redact-also", "  ")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.md").exists()
