"""The store survives its own advice: following every message after losing index.db
brings every case back; anchors cannot vanish unseen; the witness catches what a
rollback of the anchors hides; the passphrase is out of the environment at once."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from oncall.cli import cli
from oncall.journal import Journal
from oncall.journal.stream import RecordStream

from .conftest import PASSPHRASE

TEACHER = "周老师（虚构）"


def run(home: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--home", str(home), *args], env=env)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    home = tmp_path / "store"
    with Journal.create(home, PASSPHRASE, kdf_n=2**10) as j:
        j.remember_operator(TEACHER)
        for name in ("赵小红（虚构）", "钱小军（虚构）"):
            case = j.new_case(actor=TEACHER, student_name=name)
            for n in range(3):
                j.append(case, "note", {"text": f"第{n}条"}, TEACHER)
        j.append(case, "case.closed", {"reason": "已转介"}, TEACHER)
    return home


def snapshot(home: Path) -> dict[str, str]:
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file()
    }


def test_following_the_messages_after_losing_the_index_brings_every_case_back(
    store: Path, passfile: Path
) -> None:
    pw = ("--passphrase-file", str(passfile))
    before = run(store, *pw, "list")
    (store / "index.db").unlink()
    files = snapshot(store)
    for command in (["list"], ["verify"], []):  # the app itself stops before its screen
        lost = run(store, *pw, *command)
        assert lost.exit_code in (1, 5), (command, lost.output)
        assert "oncall repair-index" in lost.output, (command, lost.output)
        assert "oncall init`" not in lost.output.replace("不要在这里运行 `oncall init`", "")
    refused = run(store, *pw, "init")
    assert refused.exit_code == 4 and "repair-index" in refused.output
    assert "什么也没有改动" in refused.output
    assert snapshot(store) == files  # init changed nothing
    repaired = run(store, *pw, "repair-index")
    assert repaired.exit_code == 0, repaired.output
    assert "2 个案件" in repaired.output
    after = run(store, *pw, "list")
    assert after.exit_code == 0 and after.output == before.output
    assert run(store, *pw, "verify").exit_code == 0


def test_the_english_interface_names_repair_index_too(store: Path, passfile: Path) -> None:
    (store / "index.db").unlink()
    lost = run(store, "--lang", "en", "--passphrase-file", str(passfile), "list")
    assert lost.exit_code == 5
    assert "index (index.db) is missing" in lost.output and "oncall repair-index" in lost.output
    init = run(store, "--lang", "en", "--passphrase-file", str(passfile), "init")
    assert init.exit_code == 4 and "Nothing was changed" in init.output


def test_deleting_or_rolling_back_the_anchors_fails_verify(store: Path, passfile: Path) -> None:
    pw = ("--passphrase-file", str(passfile))
    old_heads = (store / "heads.db").read_bytes()
    with Journal.open(store, PASSPHRASE) as j:
        case = j.cases()[0].id
        j.append(case, "note", {"text": "再记一条"}, TEACHER)
    (store / "heads.db").write_bytes(old_heads)
    rolled = run(store, *pw, "--lang", "en", "verify")
    assert rolled.exit_code == 1 and "older than the index" in rolled.output
    (store / "heads.db").unlink()
    deleted = run(store, *pw, "verify")
    assert deleted.exit_code == 1 and "heads.db" in deleted.output
    assert "missing" in deleted.output


def test_the_witness_catches_a_case_cut_short_with_its_anchors_rolled_back(
    store: Path, passfile: Path, tmp_path: Path
) -> None:
    pw = ("--passphrase-file", str(passfile))
    early = tmp_path / "early"
    shutil.copytree(store, early)  # the whole folder as it was before the witness
    taken = run(store, *pw, "witness")
    assert taken.exit_code == 0, taken.output
    fingerprint = taken.output.splitlines()[1].strip()
    assert len(fingerprint) == 24 and fingerprint.count("-") == 4
    assert run(store, *pw, "verify", "--witness", fingerprint).exit_code == 0
    with Journal.open(store, PASSPHRASE, read_only=True) as j:
        case = j.cases()[0].id
        path = store / "cases" / f"{case}.db"
        ends = [RecordStream(path, j.keyring).start]
        stream = RecordStream(path, j.keyring)
        ends += [stream.end for _ in stream]
    with Journal.open(store, PASSPHRASE) as j:  # a later event, anchored and recorded
        j.append(case, "note", {"text": "之后的一条"}, TEACHER)
    # cut the case back to two events, and roll back the anchors to match it
    with path.open("r+b") as handle:
        handle.truncate(ends[2])
    shutil.copy2(early / "heads.db", store / "heads.db")
    caught = run(store, *pw, "--lang", "en", "verify", "--witness", fingerprint)
    assert caught.exit_code == 1
    assert f"MISMATCH case {case}: shorter than the witness saw: 2 intact events, it saw 4" in (
        caught.output
    )
    # rolling back the whole folder, index included, to before the witness
    shutil.rmtree(store)
    shutil.copytree(early, store)
    assert run(store, *pw, "verify").exit_code == 0  # self-consistent, so verify passes
    witness_file = tmp_path / "weekly.txt"
    witness_file.write_text(f"第 49 周 存储指纹：{fingerprint}\n", encoding="utf-8")
    rolled = run(store, *pw, "verify", "--witness", str(witness_file))
    assert rolled.exit_code == 1 and "本库不认识它" in rolled.output


def test_known_and_local_phrases_are_refused_in_the_interface_language(
    tmp_path: Path,
) -> None:
    for weak in ("oncall2026", "oncall2026!", "correcthorsebatterystaple", "我爱北京天安门广场"):
        path = tmp_path / "weak.txt"
        path.write_text(weak + "\n", encoding="utf-8")
        result = run(tmp_path / "new", "--passphrase-file", str(path), "init")
        assert result.exit_code == 2, (weak, result.output)
        assert "可接受的口令" in result.output
        assert not (tmp_path / "new").exists()
    path.write_text("示例中学值班记录2026\n", encoding="utf-8")  # the directory's school
    en = run(tmp_path / "new", "--lang", "en", "--passphrase-file", str(path), "init")
    assert en.exit_code == 2 and "this school's own words" in en.output


def test_the_environment_passphrase_is_gone_from_the_process_at_once() -> None:
    code = (
        "import os, resource, sys\n"
        "import oncall.process as p\n"
        "p.secure_start(process=True)  # what oncall.cli.main does first\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE)[0], 'ONCALL_PASSPHRASE' in os.environ,"
        " flush=True)\n"
        "sys.stdin.read()\n"
    )
    env = dict(os.environ, ONCALL_PASSPHRASE="zebra-secret-4711")
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().split() == ["0", "False"]
        environ = Path(f"/proc/{child.pid}/environ")
        if environ.exists():
            with contextlib.suppress(PermissionError):  # not dumpable: unreadable to others
                assert b"zebra-secret-4711" not in environ.read_bytes()
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait()


def test_a_command_removes_the_passphrase_from_the_environment(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONCALL_PASSPHRASE", PASSPHRASE)
    result = CliRunner().invoke(cli, ["--home", str(store), "list"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "ONCALL_PASSPHRASE" not in os.environ


@pytest.mark.parametrize(
    ("step", "said", "opens_with"),
    [
        ("rotate.swapped", "现已完成", "new"),  # committed, half swapped: finished
        ("rotate.staged", "尚未生效，已撤销", "old"),  # not committed: thrown away
    ],
)
def test_an_interrupted_key_change_is_named_and_finished_by_a_read_only_command(
    store: Path, tmp_path: Path, step: str, said: str, opens_with: str
) -> None:
    new = "another rather long test passphrase"
    worker = Path(__file__).parents[1] / "journal" / "crash_worker.py"
    killed = subprocess.run(
        [sys.executable, str(worker), "rotate", str(store), PASSPHRASE, new, step],
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == 70, killed.stderr
    passfile = tmp_path / "pw.txt"
    passfile.write_text((new if opens_with == "new" else PASSPHRASE) + "\n", encoding="utf-8")
    listed = run(store, "--passphrase-file", str(passfile), "list")
    assert listed.exit_code == 0, listed.output
    assert said in listed.output and "passwd --rotate-key" in listed.output
    assert "DAMAGED" not in listed.output and "已损坏" not in listed.output
    assert run(store, "--passphrase-file", str(passfile), "verify").exit_code == 0
