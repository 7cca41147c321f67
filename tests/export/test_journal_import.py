"""`Journal.import_case`: an archived case comes back read-only, byte-identical in
content (same hashes), re-encrypted under the receiving store's key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from oncall.journal import Journal, StoreDamaged, StoreExists, WriteRefused
from oncall.journal.journal import META_TABLE

from .conftest import TEST_KDF_N, FakeClock, Scene
from .scenarios import level_ii


@pytest.fixture
def other(tmp_path: Path, clock: FakeClock) -> Iterator[Journal]:
    j = Journal.create(tmp_path / "other", "another passphrase", kdf_n=TEST_KDF_N, clock=clock)
    yield j
    j.close()


def documents(journal: Journal, case_id: str) -> dict[str, dict[str, object]]:
    return {str(e.seq): e.to_document() for e in journal.events(case_id)}


def test_an_imported_case_keeps_its_events_and_refuses_writes(
    new_scene: Callable[..., Scene], journal: Journal, other: Journal, tmp_path: Path
) -> None:
    scene = new_scene()
    level_ii(scene)
    original = journal.events(scene.case)
    case_id = other.import_case(documents(journal, scene.case),
                                {"playbook": {"1": {"text": "x", "hash": "y"}}})
    assert case_id == scene.case
    assert other.events(case_id) == original
    assert other.verify().ok
    info = next(c for c in other.cases() if c.id == case_id)
    assert info.imported and info.facts["student_name"] == "李小明（虚构）"
    assert other.case_table(case_id, "playbook") == {"1": {"text": "x", "hash": "y"}}
    with pytest.raises(WriteRefused, match="imported from an archive"):
        other.append(case_id, "note", {"text": "x"}, "someone")
    other.close()
    reopened = Journal.open(tmp_path / "other", "another passphrase")
    try:
        assert reopened.events(case_id) == original
        with pytest.raises(WriteRefused):
            reopened.append(case_id, "note", {"text": "x"}, "someone")
        assert journal.case_table(scene.case, META_TABLE) == {}  # the original stays writable
        journal.append(scene.case, "note", {"text": "still open here"}, "someone")
    finally:
        reopened.close()


def test_import_refuses_a_case_already_there_and_a_broken_chain(
    new_scene: Callable[..., Scene], journal: Journal, other: Journal
) -> None:
    scene = new_scene()
    level_ii(scene)
    docs = documents(journal, scene.case)
    with pytest.raises(StoreExists):
        journal.import_case(docs, {})
    broken = {key: dict(doc) for key, doc in docs.items()}
    broken["3"]["actor"] = "someone else"
    with pytest.raises(StoreDamaged, match="event 3"):
        other.import_case(broken, {})
    assert other.cases() == []
    assert not list((other.home / "cases").glob("*.db"))
