"""Key hygiene: rotating the data key (crash-safe), telling a damaged key wrap from
a wrong passphrase, passphrase rules, no core dumps once unlocked."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from oncall.journal import Journal, StoreDamaged, WrongPassphrase
from oncall.journal.errors import WeakPassphrase
from oncall.journal.passphrase import passphrase_problem
from oncall.journal.stream import read_file_header
from oncall.journal.verify import verify_store

from .conftest import PASSPHRASE, TEST_KDF_N

WORKER = Path(__file__).with_name("crash_worker.py")
NEW = "violet kettle under thursday rain"
TEACHER = "王老师（虚构）"


def store_with_cases(home: Path) -> tuple[list[str], str]:
    with Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N) as j:
        cases = [j.new_case(actor=TEACHER, student_name=f"学生{n}（虚构）") for n in range(3)]
        for case in cases:
            for n in range(4):
                j.append(case, "note", {"text": f"记录{n}"}, TEACHER)
        j.append(cases[0], "case.closed", {}, TEACHER)
        assert j.recovery_key is not None
        return cases, j.recovery_key


def snapshot(home: Path, passphrase: str) -> dict[str, list[str]]:
    with Journal.open(home, passphrase, read_only=True) as j:
        return {c.id: [e.hash for e in j.events(c.id)] for c in j.cases()}


def key_ids(home: Path) -> set[str]:
    files = [home / "index.db", home / "heads.db", *(home / "cases").glob("*.db")]
    return {read_file_header(path)[0].keys.key_id for path in files}


def opens_with(home: Path, passphrase: str) -> bool:
    try:
        Journal.open(home, passphrase).close()
    except WrongPassphrase:
        return False
    return True


def test_rotating_the_key_reencrypts_everything(tmp_path: Path) -> None:
    home = tmp_path / "store"
    _, old_recovery = store_with_cases(home)
    before = snapshot(home, PASSPHRASE)
    (old_key,) = key_ids(home)
    with Journal.open(home, PASSPHRASE) as j:
        new_recovery = j.rotate_key(NEW)
        assert verify_store(home, j.keyring).ok
    (new_key,) = key_ids(home)
    assert new_key != old_key
    assert snapshot(home, NEW) == before
    assert not opens_with(home, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        Journal.open(home, recovery_key=old_recovery)
    with Journal.open(home, recovery_key=new_recovery) as j:
        assert [c.closed_at is not None for c in j.cases()] == [True, False, False]
    assert not (home / ".rotate").exists()


ROTATE_KILLS = [
    ("rotate.staged", 1, "old"),
    ("rotate.staged", 4, "old"),  # three cases and the anchors staged, not the index
    ("rotate.ready", 1, "new"),
    ("rotate.swapped", 1, "new"),
    ("rotate.swapped", 4, "new"),
]


@pytest.mark.skipif(sys.platform == "win32", reason="process kill semantics")
@pytest.mark.parametrize(("step", "nth", "opens"), ROTATE_KILLS)
def test_a_kill_at_any_step_of_the_rotation_leaves_old_or_new(
    tmp_path: Path, step: str, nth: int, opens: str
) -> None:
    home = tmp_path / "store"
    store_with_cases(home)
    before = snapshot(home, PASSPHRASE)
    killed = subprocess.run(
        [sys.executable, str(WORKER), "rotate", str(home), PASSPHRASE, NEW, step, str(nth)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == 70, killed.stderr
    good, bad = (PASSPHRASE, NEW) if opens == "old" else (NEW, PASSPHRASE)
    assert opens_with(home, good) and not opens_with(home, bad)
    assert len(key_ids(home)) == 1  # never a mixed store once opened
    assert snapshot(home, good) == before
    with Journal.open(home, good) as j:  # rerunning finishes
        if opens == "old":
            j.rotate_key(NEW)
        assert verify_store(home, j.keyring).ok
    assert snapshot(home, NEW) == before
    assert not (home / ".rotate").exists()


def damage_wrap(path: Path, field: str) -> None:
    """Change one byte inside a wrapped key in a file's header (still valid base64)."""
    raw = path.read_bytes()
    length = int.from_bytes(raw[8:12], "big")
    header = json.loads(raw[12 : 12 + length])
    blob = bytearray(base64.b64decode(header["keys"][field]))
    blob[20] ^= 0x01
    header["keys"][field] = base64.b64encode(bytes(blob)).decode()
    body = json.dumps(header, sort_keys=True).encode()
    assert len(body) == length
    path.write_bytes(raw[:12] + body + raw[12 + length :])


def test_a_damaged_passphrase_wrap_is_damage_not_a_wrong_passphrase(tmp_path: Path) -> None:
    home = tmp_path / "store"
    store_with_cases(home)
    damage_wrap(home / "index.db", "wrap_passphrase")
    with pytest.raises(StoreDamaged) as caught:
        Journal.open(home, PASSPHRASE)
    assert "key wrap" in caught.value.message and caught.value.exit_code == 5
    assert caught.value.zh is not None and "密钥封装" in caught.value.zh
    with pytest.raises(WrongPassphrase):  # a wrong passphrase is still just that
        Journal.open(home, "not the passphrase at all")
    keyring, damage = Journal.unlock_for_check(home, PASSPHRASE)
    report = verify_store(home, keyring, damage)
    assert not report.ok and not report.store_files[0].ok
    assert all(check.ok for check in report.files)
    Journal.rebuild_index(home, PASSPHRASE)
    with Journal.open(home, PASSPHRASE) as j:
        assert len(j.cases()) == 3
        assert verify_store(home, j.keyring).ok
    assert list(home.glob("index.db.damaged-*"))


def test_a_damaged_recovery_wrap_is_damage_too(tmp_path: Path) -> None:
    home = tmp_path / "store"
    _, recovery = store_with_cases(home)
    damage_wrap(home / "index.db", "wrap_recovery")
    with pytest.raises(StoreDamaged) as caught:
        Journal.open(home, recovery_key=recovery)
    assert "key wrap" in caught.value.message
    with pytest.raises(StoreDamaged):  # the header's MAC covers both wraps
        Journal.open(home, PASSPHRASE)


def test_an_interrupted_passphrase_change_opens_with_either(tmp_path: Path) -> None:
    home = tmp_path / "store"
    store_with_cases(home)
    index = home / "index.db"
    old_index = index.read_bytes()
    with Journal.open(home, PASSPHRASE) as j:
        j.change_passphrase(NEW)
    index.write_bytes(old_index)  # as if killed before the index was rewritten
    assert opens_with(home, PASSPHRASE) and opens_with(home, NEW)
    with Journal.open(home, NEW) as j:
        j.change_passphrase(NEW)  # rerunning finishes
    assert opens_with(home, NEW) and not opens_with(home, PASSPHRASE)


@pytest.mark.parametrize(
    "weak", ["a", " ", "        ", "12345678", "password1234", "密码密码密码密码", "值班老师"]
)
def test_weak_passphrases_are_refused_with_what_would_do(tmp_path: Path, weak: str) -> None:
    problem = passphrase_problem(weak)
    assert isinstance(problem, WeakPassphrase) and problem.exit_code == 2
    assert "at least 8 characters" in problem.message
    assert problem.zh is not None and "至少 8 个字符" in problem.zh
    with pytest.raises(WeakPassphrase):
        Journal.create(tmp_path / "store", weak, kdf_n=TEST_KDF_N)
    assert not (tmp_path / "store" / "index.db").exists()


@pytest.mark.parametrize(
    "strong", ["值班老师今天很辛苦", "操场边的老槐树下午三点开花", NEW, PASSPHRASE]
)
def test_long_unguessable_passphrases_are_accepted_in_any_script(strong: str) -> None:
    assert passphrase_problem(strong) is None


def test_changing_to_a_weak_passphrase_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "store"
    store_with_cases(home)
    with Journal.open(home, PASSPHRASE) as j, pytest.raises(WeakPassphrase):
        j.change_passphrase("abc")
    assert opens_with(home, PASSPHRASE)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_an_unlocked_process_cannot_dump_core(tmp_path: Path) -> None:
    home = tmp_path / "store"
    store_with_cases(home)
    code = (
        "import ctypes, resource, sys\n"
        "from oncall.journal import Journal\n"
        "libc = ctypes.CDLL(None)\n"
        "before = (resource.getrlimit(resource.RLIMIT_CORE)[0], libc.prctl(3, 0, 0, 0, 0))\n"
        f"j = Journal.open(sys.argv[1], {PASSPHRASE!r})\n"
        "after = (resource.getrlimit(resource.RLIMIT_CORE)[0], libc.prctl(3, 0, 0, 0, 0))\n"
        "print(before[1], after[0], after[1])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(home)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["1", "0", "0"]  # dumpable before; no core, not dumpable after
