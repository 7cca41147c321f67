"""Anchors: a case cut short is damage, never a torn tail; a real torn tail is cut
and recorded even when the process is killed at any step of the repair."""

from __future__ import annotations

import itertools
import random
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from oncall.journal import Journal, StoreDamaged
from oncall.journal import anchors as anchors_module
from oncall.journal.stream import RecordStream
from oncall.journal.verify import verify_store

from .conftest import PASSPHRASE, TEST_KDF_N

WORKER = Path(__file__).with_name("crash_worker.py")
V1_STORE = Path(__file__).parents[1] / "history" / "store-v1"
V1_PASSPHRASE = "history fixture passphrase"
TEACHER = "王老师（虚构）"


def small_store(home: Path, events: int = 5) -> str:
    with Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N) as j:
        case = j.new_case(actor=TEACHER, student_name="李小明（虚构）")
        for n in range(events):
            j.append(case, "note", {"text": f"第{n}条"}, TEACHER)
    return case


def case_file(home: Path, case: str) -> Path:
    return home / "cases" / f"{case}.db"


def record_ends(home: Path, case: str) -> list[int]:
    """The byte offset where the file's header ends and where each record ends."""
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        stream = RecordStream(case_file(home, case), j.keyring)
        ends = [stream.start]
        for _ in stream:
            ends.append(stream.end)
    return ends


def torn_tail() -> bytes:
    """What a crash mid-append leaves: a frame whose body never fully reached the disk."""
    return struct.pack(">II", 200, 200 ^ 0xFFFFFFFF) + b"\x5a" * 37


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    home = tmp_path_factory.mktemp("pristine") / "store"
    return home, small_store(home)


def cut_copy(pristine: tuple[Path, str], tmp_path: Path, size: int) -> Path:
    source, case = pristine
    home = tmp_path / f"cut-{size}"
    shutil.copytree(source, home)
    with case_file(home, case).open("r+b") as handle:
        handle.truncate(size)
    return home


def cut_offsets(pristine: tuple[Path, str]) -> list[int]:
    home, case = pristine
    ends = record_ends(home, case)
    rng = random.Random(10)
    inside = [rng.randrange(a + 1, b) for a, b in itertools.pairwise(ends)]
    inside += [rng.randrange(ends[0] + 1, ends[-1]) for _ in range(8)]
    return sorted(set(ends[:-1] + inside))


def test_every_cut_below_the_anchor_is_damage_not_a_torn_tail(
    pristine: tuple[Path, str], tmp_path: Path
) -> None:
    source, case = pristine
    full = case_file(source, case).stat().st_size
    offsets = cut_offsets(pristine)
    assert len(offsets) >= 12  # every record boundary and mid-record offsets
    for size in offsets:
        home = cut_copy(pristine, tmp_path, size)
        with Journal.open(home, PASSPHRASE) as j:
            report = verify_store(home, j.keyring)
            (check,) = report.files
            assert not check.ok, size
            assert "missing" in (check.problem or "") and check.torn_bytes == 0, size
            assert "6" in (check.problem or "")  # the anchor: case.opened + 5 notes
            assert j.case_problem(case) is not None, size  # writes refused
        # the writable open cut nothing and recorded nothing
        assert case_file(home, case).stat().st_size == size
        assert not list((home / "cases").glob("*.torn-*"))
        assert full > size


def test_a_torn_tail_that_reaches_the_anchor_is_cut_and_recorded(tmp_path: Path) -> None:
    home = tmp_path / "store"
    case = small_store(home)
    path = case_file(home, case)
    intact = path.stat().st_size
    with path.open("ab") as handle:
        handle.write(torn_tail())
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        (check,) = verify_store(home, j.keyring).files
        assert check.ok and check.torn_bytes == len(torn_tail())
    with Journal.open(home, PASSPHRASE) as j:
        events = j.events(case)
        assert [e.kind for e in events][-1] == "journal.repaired"
        assert events[-1].data["bytes_cut"] == len(torn_tail())
        assert j.case_problem(case) is None
        assert verify_store(home, j.keyring).ok
    assert path.stat().st_size > intact
    (kept,) = (home / "cases").glob("*.torn-*")
    assert kept.read_bytes() == torn_tail()


REPAIR_STEPS = ["repair.kept", "repair.pending", "repair.cut", "repair.recorded"]


@pytest.mark.skipif(sys.platform == "win32", reason="process kill semantics")
@pytest.mark.parametrize("step", REPAIR_STEPS)
def test_a_kill_at_any_step_of_the_repair_is_finished_by_the_next_open(
    tmp_path: Path, step: str
) -> None:
    home = tmp_path / "store"
    case = small_store(home)
    with case_file(home, case).open("ab") as handle:
        handle.write(torn_tail())
    killed = subprocess.run(
        [sys.executable, str(WORKER), "repair", str(home), PASSPHRASE, case, step],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert killed.returncode == 70, killed.stderr
    with Journal.open(home, PASSPHRASE) as j:
        kinds = [e.kind for e in j.events(case)]
        assert kinds.count("journal.repaired") == 1
        assert kinds[-1] == "journal.repaired"
        assert j.case_problem(case) is None
        assert j._anchors is not None and j._anchors.pending_repair(case) is None
        assert verify_store(home, j.keyring).ok
        j.append(case, "note", {"text": "after"}, TEACHER)
    with Journal.open(home, PASSPHRASE) as j:  # nothing left to do
        assert [e.kind for e in j.events(case)].count("journal.repaired") == 1


def test_another_history_of_the_same_length_is_damage(tmp_path: Path) -> None:
    """A case file swapped for a valid one with a different last event is caught."""
    home = tmp_path / "store"
    case = small_store(home, events=2)
    other = tmp_path / "other"
    shutil.copytree(home, other)
    with Journal.open(home, PASSPHRASE) as j:
        j.append(case, "note", {"text": "what was recorded"}, TEACHER)
    with Journal.open(other, PASSPHRASE) as j:
        j.append(case, "note", {"text": "a rewritten history"}, TEACHER)
    shutil.copy(case_file(other, case), case_file(home, case))
    with Journal.open(home, PASSPHRASE) as j:
        (check,) = verify_store(home, j.keyring).files
        assert check.problem is not None and "not the one the store recorded" in check.problem
        assert "not the one" in (j.case_problem(case) or "")


def test_a_store_from_before_anchors_gets_them_at_the_next_open(tmp_path: Path) -> None:
    """The real store written by version 1 (no heads.db): a watcher writes nothing; the
    next writable open anchors every case, and verify then holds."""
    home = tmp_path / "store"
    shutil.copytree(V1_STORE, home)
    with Journal.open(home, V1_PASSPHRASE, read_only=True) as j:
        cases = [info.id for info in j.cases()]
        assert cases and j.events(cases[0])  # a watcher does not write
    assert not (home / "heads.db").exists()
    with Journal.open(home, V1_PASSPHRASE) as j:
        assert j._anchors is not None
        for case in cases:
            anchor = j._anchors.get(case)
            assert anchor is not None and anchor.events == len(j.events(case))
        assert verify_store(home, j.keyring).ok


def test_deleting_the_anchors_of_a_current_store_is_damage_not_a_fresh_start(
    tmp_path: Path,
) -> None:
    home = tmp_path / "store"
    case = small_store(home)
    (home / "heads.db").unlink()
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        assert len(j.events(case)) == 6  # still readable
        report = verify_store(home, j.keyring)
    assert not report.ok
    heads = next(c for c in report.store_files if c.file == "heads.db")
    assert heads.problem is not None and "missing" in heads.problem
    with pytest.raises(StoreDamaged, match="repair-index"):
        Journal.open(home, PASSPHRASE)  # never anchored afresh at the cut length
    assert not (home / "heads.db").exists()


def test_the_anchors_are_compacted_and_keep_every_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "store"
    case = small_store(home, events=40)
    monkeypatch.setattr(anchors_module, "COMPACT_SLACK", 4)
    before = (home / "heads.db").stat().st_size
    with Journal.open(home, PASSPHRASE) as j:
        assert j._anchors is not None and j._anchors.storage.records == 1
        anchor = j._anchors.get(case)
        assert anchor is not None and anchor.events == 41
        assert verify_store(home, j.keyring).ok
    assert (home / "heads.db").stat().st_size < before


def test_an_anchor_torn_into_the_zeros_is_cut_not_damage(tmp_path: Path) -> None:
    """heads.db keeps zeros past its last record; a kill mid-write leaves part of a
    record followed by zeros, which the next open cuts like any torn tail."""
    home = tmp_path / "store"
    case = small_store(home)
    heads = home / "heads.db"
    with Journal.open(home, PASSPHRASE) as j:
        assert j._anchors is not None
        end = j._anchors.storage._end
        j.append(case, "note", {"text": "the last one"}, TEACHER)
    # as a killed writer leaves it: the zeros it keeps past the records still there
    raw = bytearray(heads.read_bytes() + bytes(4096))
    # the last anchor only half written: its second half still zeros
    record_end = end + 8 + int.from_bytes(raw[end : end + 4], "big")
    middle = (end + record_end) // 2
    raw[middle:record_end] = bytes(record_end - middle)
    heads.write_bytes(bytes(raw))
    with Journal.open(home, PASSPHRASE) as j:
        assert j.case_problem(case) is None  # anchored at event 6, the case has 7
        assert verify_store(home, j.keyring).ok
        j.append(case, "note", {"text": "after"}, TEACHER)
        anchor = j._anchors.get(case) if j._anchors else None
        assert anchor is not None and anchor.events == 8


def test_verify_memory_does_not_grow_with_the_case(tmp_path: Path) -> None:
    """verify streams: the peak it allocates is the same for 400 and 4,000 events."""
    import tracemalloc

    peaks = []
    for events in (400, 4000):
        home = tmp_path / f"s{events}"
        with Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N) as j:
            case = j.new_case(actor=TEACHER)
            with j._case(case).storage.deferred_sync():
                for n in range(events):
                    j.append(case, "note", {"text": f"第{n}条记录：学生情绪平稳。"}, TEACHER)
            keyring = j.keyring
        tracemalloc.start()
        report = verify_store(home, keyring)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert report.ok and report.events == events + 1
    assert peaks[1] < 1.3 * peaks[0], peaks


def test_a_case_file_that_is_gone_is_damage(tmp_path: Path) -> None:
    home = tmp_path / "store"
    case = small_store(home)
    case_file(home, case).unlink()
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        report = verify_store(home, j.keyring)
    (check,) = report.files
    assert check.case == case and check.problem == "the case file is missing (events 1–6)"


def test_the_zeros_a_killed_writer_leaves_are_neither_torn_nor_damage(tmp_path: Path) -> None:
    """An open case file keeps zeros past its records; a writer killed before closing
    leaves them on disk, and the next open simply writes into them."""
    home = tmp_path / "store"
    case = small_store(home)
    with Journal.open(home, PASSPHRASE) as j:
        j.append(case, "note", {"text": "while open"}, TEACHER)
        killed = tmp_path / "killed"
        shutil.copytree(home, killed)  # the files as a kill would leave them
    raw = case_file(killed, case).read_bytes()
    assert raw.endswith(bytes(1000))
    with Journal.open(killed, PASSPHRASE) as j:
        (check,) = verify_store(killed, j.keyring).files
        assert check.ok and check.torn_bytes == 0 and check.events == 7
        j.append(case, "note", {"text": "after the kill"}, TEACHER)
        assert [e.seq for e in j.events(case)] == list(range(1, 9))
    assert not list((killed / "cases").glob("*.torn-*"))
    with Journal.open(killed, PASSPHRASE, read_only=True) as j:
        assert verify_store(killed, j.keyring).ok
    assert not case_file(killed, case).read_bytes().endswith(bytes(100))  # given back
