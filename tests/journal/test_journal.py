"""The journal API: cases, events, the hash chain, late entries, passphrases."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tinydb import TinyDB

from oncall.journal import Journal, StoreExists, StoreNotFound, WriteRefused, WrongPassphrase
from oncall.journal.event import GENESIS
from oncall.storage import EncryptedStorage

from .conftest import PASSPHRASE, STUDENT, TEST_KDF_N

TEACHER = "王老师（虚构）"


def test_a_case_records_events_in_order_with_a_hash_chain(journal: Journal) -> None:
    case = journal.new_case(actor=TEACHER, student_name=STUDENT, place="三楼走廊")
    journal.append(case, "note", {"text": "学生情绪低落"}, TEACHER)
    journal.append(case, "custody.started", {"place": "心理室", "custodians": [TEACHER]}, TEACHER)
    events = journal.events(case)
    assert [e.kind for e in events] == ["case.opened", "note", "custody.started"]
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev == GENESIS
    assert all(later.prev == earlier.hash for earlier, later in itertools.pairwise(events))
    assert all(e.hash == e.compute_hash() for e in events)
    assert events[0].data["facts"] == {"student_name": STUDENT, "place": "三楼走廊"}
    assert {e.actor for e in events} == {TEACHER}


def test_events_survive_reopening(journal: Journal, home: Path) -> None:
    case = journal.new_case(actor=TEACHER)
    for n in range(20):
        journal.append(case, "note", {"text": f"第{n}条"}, TEACHER)
    before = journal.events(case)
    journal.close()
    with Journal.open(home, PASSPHRASE) as again:
        assert again.events(case) == before
        assert [c.id for c in again.cases()] == [case]
        again.append(case, "note", {"text": "继续"}, TEACHER)
        assert again.events(case)[-1].prev == before[-1].hash


def test_late_entry_keeps_both_times(journal: Journal) -> None:
    case = journal.new_case(actor=TEACHER)
    earlier = datetime.now(UTC) - timedelta(minutes=20)
    event = journal.append(case, "medical.called", {"number": "120"}, TEACHER, at=earlier)
    assert abs(event.at_time - earlier) < timedelta(milliseconds=1)
    assert event.recorded_time - event.at_time >= timedelta(minutes=19)
    assert event.at.endswith("Z") and len(event.at) == len("2026-11-23T14:02:05.123Z")


def test_future_and_naive_times_are_refused(journal: Journal) -> None:
    case = journal.new_case(actor=TEACHER)
    with pytest.raises(ValueError, match="future"):
        journal.append(case, "note", {}, TEACHER, at=datetime.now(UTC) + timedelta(hours=1))
    with pytest.raises(ValueError, match="timezone"):
        journal.append(case, "note", {}, TEACHER, at=datetime(2026, 1, 1, 12, 0))
    with pytest.raises(ValueError, match="JSON"):
        journal.append(case, "note", {"when": datetime.now(UTC)}, TEACHER)
    assert [e.kind for e in journal.events(case)] == ["case.opened"]


def test_drill_cases_mark_every_event(journal: Journal) -> None:
    drill = journal.new_case(actor=TEACHER, drill=True)
    real = journal.new_case(actor=TEACHER)
    journal.append(drill, "note", {"text": "演练"}, TEACHER)
    journal.append(real, "note", {"text": "真实"}, TEACHER)
    assert all(e.drill for e in journal.events(drill))
    assert not any(e.drill for e in journal.events(real))
    assert {c.id: c.drill for c in journal.cases()} == {drill: True, real: False}


def test_a_case_file_is_a_tinydb_anyone_can_read(journal: Journal, home: Path) -> None:
    case = journal.new_case(actor=TEACHER, student_name=STUDENT)
    journal.append(case, "note", {"text": "x"}, TEACHER)
    journal.close()
    db = TinyDB(home / "cases" / f"{case}.db", storage=EncryptedStorage, passphrase=PASSPHRASE)
    kinds = [doc["kind"] for doc in db.all()]
    assert kinds == ["case.opened", "note"]
    assert db.all()[0]["data"]["facts"]["student_name"] == STUDENT


def test_events_cannot_be_edited_through_the_journal_table(journal: Journal) -> None:
    case = journal.new_case(actor=TEACHER)
    table = journal._case(case).table
    with pytest.raises(WriteRefused, match="append-only"):
        table.update({"kind": "x"})
    with pytest.raises(WriteRefused, match="append-only"):
        table.remove(doc_ids=[1])
    assert journal.events(case)[0].kind == "case.opened"


def test_read_only_journal_refuses_writes(journal: Journal, home: Path) -> None:
    case = journal.new_case(actor=TEACHER)
    with Journal.open(home, PASSPHRASE, read_only=True) as watcher:
        assert len(watcher.events(case)) == 1
        with pytest.raises(WriteRefused, match="read-only"):
            watcher.append(case, "note", {}, TEACHER)


def test_missing_store_and_existing_store(home: Path) -> None:
    with pytest.raises(StoreNotFound, match="oncall init"):
        Journal.open(home, PASSPHRASE)
    Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N).close()
    with pytest.raises(StoreExists):
        Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N)


def test_wrong_passphrase_changes_nothing(journal: Journal, home: Path) -> None:
    journal.new_case(actor=TEACHER)
    journal.close()
    before = {p: p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}
    with pytest.raises(WrongPassphrase):
        Journal.open(home, "not it")
    after = {p: p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}
    assert after == before


def test_passphrase_change_rewraps_without_reencrypting(journal: Journal, home: Path) -> None:
    case = journal.new_case(actor=TEACHER, student_name=STUDENT)
    journal.append(case, "note", {"text": "x"}, TEACHER)
    recovery = journal.recovery_key
    assert recovery is not None
    case_file = home / "cases" / f"{case}.db"
    # (an open case file keeps zeros past its records for the next writes)
    records_before = case_file.read_bytes().rstrip(b"\0")[-200:]
    journal.change_passphrase("new passphrase")
    journal.close()
    assert case_file.read_bytes()[-200:] == records_before  # same ciphertext
    with pytest.raises(WrongPassphrase):
        Journal.open(home, PASSPHRASE)
    with Journal.open(home, "new passphrase") as j:
        assert len(j.events(case)) == 2
    with Journal.open(home, recovery_key=recovery.lower()) as j:
        assert len(j.events(case)) == 2
    with pytest.raises(WrongPassphrase):
        TinyDB(case_file, storage=EncryptedStorage, passphrase=PASSPHRASE)


def test_an_unindexed_case_file_is_listed_again(journal: Journal, home: Path) -> None:
    case = journal.new_case(actor=TEACHER, student_name=STUDENT)
    journal.close()
    # Simulate a crash between writing the case file and indexing it: a store whose
    # index lost the entry (an index made anew) still lists the case.
    index = home / "index.db"
    with Journal.open(home, PASSPHRASE) as j:
        keyring = j.keyring
    index.unlink()
    EncryptedStorage(index, keyring=keyring).close()
    with Journal.open(home, PASSPHRASE) as j:
        assert [c.id for c in j.cases()] == [case]
        assert j.cases()[0].facts["student_name"] == STUDENT


def test_closed_cases_are_listed_as_closed(journal: Journal, home: Path) -> None:
    first = journal.new_case(actor=TEACHER)
    second = journal.new_case(actor=TEACHER)
    closing = journal.append(first, "case.closed", {"reason": "移交家长"}, TEACHER)
    journal.close()
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        listed = {c.id: c.closed_at for c in j.cases()}
    assert listed == {first: closing.at, second: None}
