"""Sealed side files: what the store keeps only to be fast (the board's folded cases)
is encrypted and authenticated like every record, and anything wrong with it reads as
nothing (then it is rebuilt from the case files), never as something else."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

from oncall.journal import Journal

from .conftest import PASSPHRASE, STUDENT, TEST_KDF_N

SIDE = f"board：{STUDENT}".encode()


def test_a_side_file_reads_back_sealed_owner_only_and_never_in_clear(journal: Journal) -> None:
    journal.write_side("board", SIDE)
    assert journal.read_side("board") == SIDE
    path = journal.home / "board.sealed"
    assert STUDENT.encode() not in path.read_bytes()
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert journal.read_side("other") is None  # sealed for one purpose only


def test_a_damaged_cut_or_foreign_side_file_reads_as_none(journal: Journal, tmp_path: Path) -> None:
    journal.write_side("board", SIDE)
    path = journal.home / "board.sealed"
    good = path.read_bytes()
    for bad in (good[:-1], good[:-5] + bytes([good[-5] ^ 1]) + good[-4:], b"", b"junk"):
        path.write_bytes(bad)
        assert journal.read_side("board") is None
    other = Journal.create(tmp_path / "other", PASSPHRASE, kdf_n=TEST_KDF_N)
    try:
        other.write_side("board", SIDE)
        path.write_bytes((other.home / "board.sealed").read_bytes())  # another store's key
        assert journal.read_side("board") is None
    finally:
        other.close()


def test_a_read_only_open_writes_no_side_file(journal: Journal, home: Path) -> None:
    journal.new_case(actor="陈老师（虚构）", student_name=STUDENT)
    with Journal.open(home, PASSPHRASE, read_only=True) as watcher:
        watcher.write_side("board", SIDE)
        assert watcher.read_side("board") is None
        case_id = watcher.cases()[0].id
        assert watcher.case_version(case_id) is None  # a writer may be appending


def test_a_case_version_changes_with_every_event_and_is_named_without_reading(
    journal: Journal, home: Path
) -> None:
    case_id = journal.new_case(actor="陈老师（虚构）", student_name=STUDENT)
    first = journal.case_version(case_id)
    journal.append(case_id, "note", {"text": "平稳"}, "陈老师（虚构）")
    second = journal.case_version(case_id)
    assert first is not None and second is not None and first != second
    journal.close()
    with Journal.open(home, PASSPHRASE) as again:
        assert again.case_version(case_id) == second  # from the anchor, the file unread
        assert again._cases == {}
        assert len(again.events(case_id)) == 2
        assert again.case_version(case_id) == second  # the open file agrees


def test_rotating_the_key_leaves_no_side_file_under_the_old_key(
    journal: Journal, home: Path
) -> None:
    journal.write_side("board", SIDE)
    journal.rotate_key("violet harbour under winter rain")
    assert not list(home.glob("*.sealed"))
    assert journal.read_side("board") is None
    journal.write_side("board", SIDE)  # sealed again under the new key
    assert journal.read_side("board") == SIDE
