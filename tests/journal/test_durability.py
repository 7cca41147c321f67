"""Crashes, torn tails, damage and a full disk: nothing acknowledged is ever lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oncall.journal import DiskFull, Journal, WriteRefused

from .conftest import PASSPHRASE

WORKER = Path(__file__).with_name("append_worker.py")
TEACHER = "王老师（虚构）"


def case_file(home: Path, case: str) -> Path:
    return home / "cases" / f"{case}.db"


def record_offsets(path: Path) -> list[int]:
    """Byte offsets where each record of a store file starts (from the framing)."""
    raw = path.read_bytes()
    header_len = int.from_bytes(raw[8:12], "big")
    pos, offsets = 12 + header_len, []
    while pos < len(raw):
        offsets.append(pos)
        pos += 8 + int.from_bytes(raw[pos : pos + 4], "big")
    return offsets


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_loses_nothing_acknowledged(journal: Journal, home: Path) -> None:
    case = journal.new_case(actor=TEACHER)
    journal.close()
    for round_ in range(3):
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(home), PASSPHRASE, case],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        acknowledged: list[int] = []
        deadline = time.monotonic() + 30
        target = 40 + 37 * round_  # kill at a different moment each round
        while len(acknowledged) < target and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            acknowledged.append(int(line))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with Journal.open(home, PASSPHRASE) as j:
            seqs = {e.seq for e in j.events(case)}
            assert set(acknowledged) <= seqs
            assert j.verify().ok
            assert j.case_problem(case) is None


def test_torn_tail_is_cut_reported_and_recorded(journal: Journal, home: Path) -> None:
    case = journal.new_case(actor=TEACHER)
    for n in range(5):
        journal.append(case, "note", {"text": str(n)}, TEACHER)
    journal.close()
    path = case_file(home, case)
    raw = path.read_bytes()
    last = record_offsets(path)[-1]
    with path.open("ab") as handle:  # a crash halfway through writing one more record
        handle.write(raw[last : last + (len(raw) - last) // 2])
    with Journal.open(home, PASSPHRASE, read_only=True) as watcher:
        report = watcher.verify()
        assert report.ok and report.files[0].torn_bytes > 0
    with Journal.open(home, PASSPHRASE) as j:
        events = j.events(case)
        assert [e.kind for e in events][-1] == "journal.repaired"
        assert events[-1].data["bytes_cut"] > 0
        assert len(events) == 7
        assert j.repairs and j.repairs[0][0] == case
        j.append(case, "note", {"text": "work goes on"}, TEACHER)
        assert j.verify().ok
    kept = list(path.parent.glob(f"{path.name}.torn-*"))
    assert len(kept) == 1


def test_flipped_byte_is_damage_not_a_tail(journal: Journal, home: Path) -> None:
    case = journal.new_case(actor=TEACHER)
    other = journal.new_case(actor=TEACHER)
    for n in range(6):
        journal.append(case, "note", {"text": str(n)}, TEACHER)
    journal.close()
    path = case_file(home, case)
    raw = bytearray(path.read_bytes())
    third = record_offsets(path)[3]
    raw[third + 30] ^= 0x01
    path.write_bytes(bytes(raw))
    with Journal.open(home, PASSPHRASE) as j:
        report = j.verify()
        assert not report.ok
        bad = [c for c in report.files if not c.ok]
        assert [c.case for c in bad] == [case]
        assert bad[0].position == "record 3, after event 3"
        assert [e.seq for e in j.events(case)] == [1, 2, 3]  # what came before is readable
        with pytest.raises(WriteRefused, match="damaged at record 3"):
            j.append(case, "note", {"text": "x"}, TEACHER)
        j.append(other, "note", {"text": "other cases go on"}, TEACHER)
    assert path.read_bytes() == bytes(raw)  # not "repaired" away


def test_missing_middle_is_detected(journal: Journal, home: Path) -> None:
    case = journal.new_case(actor=TEACHER)
    for n in range(6):
        journal.append(case, "note", {"text": str(n)}, TEACHER)
    journal.close()
    path = case_file(home, case)
    raw = path.read_bytes()
    offsets = record_offsets(path)
    path.write_bytes(raw[: offsets[2]] + raw[offsets[3] :])
    with Journal.open(home, PASSPHRASE) as j:
        report = j.verify()
        assert not report.ok
        assert report.files[0].position == "record 2, after event 2"
        with pytest.raises(WriteRefused):
            j.append(case, "note", {}, TEACHER)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE")
def test_disk_full_is_a_clear_error_and_loses_nothing(journal: Journal, home: Path) -> None:
    case = journal.new_case(actor=TEACHER)
    journal.close()
    size = case_file(home, case).stat().st_size
    proc = subprocess.run(
        [sys.executable, str(WORKER), str(home), PASSPHRASE, case, str(size + 5000)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = proc.stdout.splitlines()
    assert lines[-1].startswith("FULL the disk is full")
    assert "Traceback" not in proc.stderr
    acknowledged = [int(line) for line in lines[:-1]]
    assert len(acknowledged) > 5
    with Journal.open(home, PASSPHRASE) as j:
        assert [e.seq for e in j.events(case)] == [1, *acknowledged]
        assert j.verify().ok
        j.append(case, "note", {"text": "space again"}, "w")


def test_disk_full_in_process_rolls_back(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import oncall.journal.storage as storage_module

    case = journal.new_case(actor=TEACHER)
    real_write = os.write

    def half_then_full(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, bytes(data)[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    real_pwrite = os.pwrite

    def half_then_full_at(fd: int, data: bytes | memoryview, offset: int) -> int:
        real_pwrite(fd, bytes(data)[:10], offset)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module.os, "write", half_then_full)
    monkeypatch.setattr(storage_module.os, "pwrite", half_then_full_at)  # case files write in place
    with pytest.raises(DiskFull, match="disk is full"):
        journal.append(case, "note", {"text": "lost?"}, TEACHER)
    monkeypatch.undo()
    assert [e.kind for e in journal.events(case)] == ["case.opened"]
    journal.append(case, "note", {"text": "after"}, TEACHER)
    assert journal.verify().ok
