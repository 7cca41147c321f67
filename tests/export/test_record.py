"""`case_record` reuses the journal's read of a case: the links the open checked are
not checked again, and each event's hash is computed once. Whatever is wrong is still
found, and said the same way as a full check of the chain says it."""

from __future__ import annotations

from pathlib import Path

from tinydb import TinyDB

from oncall.case import kinds as k
from oncall.export import case_record
from oncall.export.record import check_events
from oncall.journal import Journal
from oncall.journal.storage import EncryptedStorage

from .conftest import PASSPHRASE, Scene


def test_an_intact_case_holds_and_ends_at_its_last_hash(new_scene, journal: Journal) -> None:
    scene: Scene = new_scene()
    scene.add(1, k.NOTE, {"text": "学生情绪平稳"})
    record = case_record(journal, scene.case)
    events = journal.events(scene.case)
    assert record.integrity.ok and record.integrity.events == len(events) == 2
    assert record.integrity.final_hash == events[-1].hash
    assert record.integrity == check_events(scene.case, events)


def test_an_event_changed_by_someone_with_the_key_is_found(
    new_scene, journal: Journal, home: Path
) -> None:
    """The record still authenticates (it was written with the key), its links hold,
    but its content no longer gives its hash."""
    scene: Scene = new_scene()
    scene.add(1, k.NOTE, {"text": "学生情绪平稳"})
    scene.add(2, k.NOTE, {"text": "第二条"})
    case = scene.case
    journal.close()
    db = TinyDB(home / "cases" / f"{case}.db", storage=EncryptedStorage, passphrase=PASSPHRASE)
    db.update({"data": {"text": "改过的内容"}}, doc_ids=[2])
    db.close()
    with Journal.open(home, PASSPHRASE, read_only=True) as reopened:
        record = case_record(reopened, case)
        full = check_events(case, reopened.events(case))
    assert not record.integrity.ok
    assert record.integrity.problem == "event hash does not match its content"
    assert record.integrity.position == "event 2" and record.integrity.events == 1
    assert record.integrity == full
