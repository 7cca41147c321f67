"""A lost or damaged index is rebuilt from the case files, never replaced; the anchors
cannot vanish or roll back unseen; a kill at any step of the rebuild loses nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from oncall.journal import Journal, StoreDamaged
from oncall.journal.verify import verify_store

from .conftest import PASSPHRASE, TEST_KDF_N

WORKER = Path(__file__).with_name("crash_worker.py")
TEACHER = "王老师（虚构）"
STEPS = (
    "rebuild.heads_written",
    "rebuild.heads_kept",
    "rebuild.heads_replaced",
    "rebuild.index_written",
    "rebuild.index_kept",
    "rebuild.index_replaced",
)


def make_store(home: Path) -> dict[str, int]:
    """Two cases (one closed), worked by a remembered operator."""
    with Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N) as j:
        j.remember_operator(TEACHER)
        first = j.new_case(actor=TEACHER, student_name="李小明（虚构）")
        for n in range(4):
            j.append(first, "note", {"text": f"第{n}条"}, TEACHER)
        j.append(first, "case.closed", {"reason": "转介完成"}, TEACHER)
        second = j.new_case(actor=TEACHER, student_name="赵小红（虚构）")
        j.append(second, "note", {"text": "还在处理"}, TEACHER)
        return {case: len(j.events(case)) for case in (first, second)}


def state(home: Path) -> tuple[dict[str, tuple[int, bool]], str]:
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        cases = {
            info.id: (len(j.events(info.id)), info.closed_at is not None) for info in j.cases()
        }
        return cases, j.last_operator()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    home = tmp_path_factory.mktemp("rebuild") / "store"
    return home, make_store(home)


def copy(pristine: tuple[Path, dict[str, int]], tmp_path: Path) -> Path:
    home = tmp_path / "store"
    shutil.copytree(pristine[0], home)
    return home


def test_a_lost_index_is_rebuilt_with_every_case_closed_state_and_operator(
    pristine: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    home = copy(pristine, tmp_path)
    before = state(home)
    (home / "index.db").unlink()
    assert Journal.exists(home)  # case files make it a store: never offered init
    with pytest.raises(StoreDamaged, match="repair-index"):
        Journal.open(home, PASSPHRASE)
    result = Journal.rebuild_index(home, PASSPHRASE)
    assert result.index_was == "missing" and result.kept_index is None
    assert result.last_operator == ""  # nothing left to read it from
    cases, _ = state(home)
    assert cases == before[0]
    with Journal.open(home, PASSPHRASE) as j:  # writable again, and sound
        assert verify_store(home, j.keyring).ok


def test_repairing_a_good_index_keeps_the_operator_and_unique_copies(
    pristine: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    home = copy(pristine, tmp_path)
    before = state(home)
    first = Journal.rebuild_index(home, PASSPHRASE)
    second = Journal.rebuild_index(home, PASSPHRASE)  # same second: both copies kept
    assert first.index_was == "intact" and first.kept_index is not None
    assert ".previous-" in first.kept_index and "damaged" not in first.kept_index
    assert second.kept_index not in (None, first.kept_index)
    assert (home / first.kept_index).exists() and (home / str(second.kept_index)).exists()
    assert state(home) == before  # the last operator too
    assert first.last_operator == TEACHER


def test_a_case_cut_short_with_its_anchors_deleted_stays_damaged(
    pristine: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    home = copy(pristine, tmp_path)
    case = max(pristine[1], key=pristine[1].__getitem__)  # the six-event case
    path = home / "cases" / f"{case}.db"
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        from oncall.journal.stream import RecordStream

        stream = RecordStream(path, j.keyring)
        ends = [stream.end for _ in stream]
    with path.open("r+b") as handle:
        handle.truncate(ends[2])  # three events left of six
    (home / "heads.db").unlink()
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        report = verify_store(home, j.keyring)
    assert not report.ok
    problems = {check.case: check.problem for check in (*report.files, *report.store_files)}
    assert "missing" in str(problems["heads.db"])
    assert "shorter" in str(problems[case])
    result = Journal.rebuild_index(home, PASSPHRASE)
    assert result.heads_was == "missing" and case in result.short_cases
    with Journal.open(home, PASSPHRASE) as j:
        assert j.case_problem(case) is not None  # never re-anchored at the cut length
        assert not verify_store(home, j.keyring).ok


def test_heads_rolled_back_is_caught_by_verify(
    pristine: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    home = copy(pristine, tmp_path)
    old_heads = (home / "heads.db").read_bytes()
    case = min(pristine[1], key=pristine[1].__getitem__)
    with Journal.open(home, PASSPHRASE) as j:
        j.append(case, "note", {"text": "后来的一条"}, TEACHER)
    (home / "heads.db").write_bytes(old_heads)
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        report = verify_store(home, j.keyring)
    heads = next(check for check in report.store_files if check.file == "heads.db")
    assert heads.problem is not None and "older than the index" in heads.problem


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_each_step_of_the_rebuild_loses_nothing(
    pristine: tuple[Path, dict[str, int]], tmp_path: Path, step: str
) -> None:
    home = copy(pristine, tmp_path)
    before = state(home)
    (home / "index.db").write_bytes((home / "index.db").read_bytes()[:-40])  # cut, then
    (home / "heads.db").unlink()  # the anchors lost as well: every step runs
    done = subprocess.run(
        [sys.executable, str(WORKER), "rebuild", str(home), PASSPHRASE, "-", step],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 70, done.stderr  # killed at that step
    Journal.rebuild_index(home, PASSPHRASE)  # the rerun finishes
    cases, _ = state(home)
    assert cases == before[0]
    with Journal.open(home, PASSPHRASE) as j:
        assert verify_store(home, j.keyring).ok
    leftovers = [p.name for p in home.iterdir() if p.name.endswith(".rebuild")]
    assert leftovers == []


def test_a_cut_index_still_shows_the_closed_case_as_closed(
    pristine: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    home = copy(pristine, tmp_path)
    before = state(home)[0]
    index = home / "index.db"
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        from oncall.journal.stream import RecordStream

        stream = RecordStream(index, j.keyring)
        starts = [stream.start]
        closing = None
        for _, _, payload in stream:
            if closing is None and "closed_at" in str(payload):
                closing = len(starts) - 1
            starts.append(stream.end)
    assert closing is not None
    raw = index.read_bytes()
    index.write_bytes(raw[: starts[closing] + 10])  # torn in the record of the closing
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        listed = {info.id: info.closed_at for info in j.cases()}
    assert any(listed.values())  # the watcher completes it from the case files
    assert state(home)[0] == before
    with Journal.open(home, PASSPHRASE):  # the writer repairs the index for good
        pass
    assert (home / "index.db").stat().st_size >= starts[closing]
    assert state(home)[0] == before


def test_folders_made_for_a_new_store_are_private_under_umask_000(tmp_path: Path) -> None:
    home = tmp_path / "a" / "b" / "store"
    old = os.umask(0)
    try:
        Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N).close()
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", home, home / "cases"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


def test_events_written_without_anchors_fail_verify_then_are_reanchored_on_record(
    pristine: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """What an older version (which keeps no anchors) leaves: a case longer than its
    anchor by more than one event. Cutting those would go unseen, so verify says so;
    the next writable open anchors them with a journal.reanchored event."""
    home = copy(pristine, tmp_path)
    case = max(pristine[1], key=pristine[1].__getitem__)
    old_heads = (home / "heads.db").read_bytes()
    old_index = (home / "index.db").read_bytes()
    with Journal.open(home, PASSPHRASE) as j:
        for n in range(3):
            j.append(case, "note", {"text": f"旧版本写的第{n}条"}, TEACHER)
    # as if those three were written by a version that touches neither file
    (home / "heads.db").write_bytes(old_heads)
    (home / "index.db").write_bytes(old_index)
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        report = verify_store(home, j.keyring)
    check = next(c for c in report.files if c.case == case)
    assert check.problem is not None and "events 7–9 are not anchored" in check.problem
    with Journal.open(home, PASSPHRASE) as j:
        events = j.events(case)
        assert events[-1].kind == "journal.reanchored"
        assert events[-1].data == {"anchored": 6, "events": 9}
        assert verify_store(home, j.keyring).ok


def test_a_lost_index_is_rebuilt_with_the_recovery_key(tmp_path: Path) -> None:
    home = tmp_path / "store"
    with Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N) as j:
        key = j.recovery_key
        case = j.new_case(actor=TEACHER, student_name="李小明（虚构）")
    assert key is not None
    (home / "index.db").unlink()
    result = Journal.rebuild_index(home, recovery_key=key)
    assert result.cases == 1 and result.index_was == "missing"
    with Journal.open(home, recovery_key=key) as j:
        assert [info.id for info in j.cases()] == [case]


def test_an_index_an_older_version_replaced_under_a_new_key_is_rebuilt(
    pristine: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """What following the old advice did: `init` over a lost index wrote a new index
    under a new data key. The rebuild takes the case files' key, and every case is back."""
    home = copy(pristine, tmp_path)
    before = state(home)[0]
    other = tmp_path / "other"
    Journal.create(other, PASSPHRASE, kdf_n=TEST_KDF_N).close()
    shutil.copy2(other / "index.db", home / "index.db")
    with pytest.raises(StoreDamaged):
        Journal.open(home, PASSPHRASE)
    result = Journal.rebuild_index(home, PASSPHRASE)
    assert result.index_was == "damaged" and result.damaged_cases == ()
    assert state(home)[0] == before
