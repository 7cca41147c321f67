"""What a user sees when a store is cut short, its index or a key wrap is damaged,
a printed report is checked, a passphrase is weak, a key is rotated, or the umask is
permissive: messages in both languages and the documented exit codes."""

from __future__ import annotations

import base64
import json
import os
import stat
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from oncall.cli import cli
from oncall.commands.common import PASSPHRASE_ENV, Settings, get_passphrase
from oncall.journal import Journal
from oncall.journal.stream import RecordStream

from .conftest import PASSPHRASE

NEW = "violet kettle under thursday rain"
TEACHER = "值班教师"


def run(home: Path, *args: str, passfile: Path | None = None, lang: str = "en") -> Result:
    options = ["--home", str(home), "--lang", lang]
    if passfile is not None:
        options += ["--passphrase-file", str(passfile)]
    return CliRunner().invoke(cli, [*options, *args])


def make_store(home: Path, notes: int = 3) -> str:
    with Journal.create(home, PASSPHRASE, kdf_n=2**10) as j:
        case = j.new_case(actor=TEACHER, student_name="赵小红（虚构）")
        for n in range(notes):
            j.append(case, "note", {"text": f"记录{n}"}, TEACHER)
    return case


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, str]:
    home = tmp_path / "store"
    return home, make_store(home)


def test_a_case_missing_its_last_records_is_reported_damaged(
    store: tuple[Path, str], passfile: Path
) -> None:
    home, case = store
    path = home / "cases" / f"{case}.db"
    raw = path.read_bytes()
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        stream = RecordStream(path, j.keyring)
        ends = [stream.end for _ in stream]  # where each record ends
    path.write_bytes(raw[: ends[-2]])  # the last record deleted, exactly at its boundary
    result = run(home, "verify", passfile=passfile)
    assert result.exit_code == 1, result.output
    assert f"DAMAGED {case}  at event 4: event 4 missing" in result.output
    assert "torn tail" not in result.output


def test_a_damaged_index_is_reported_and_rebuilt(store: tuple[Path, str], passfile: Path) -> None:
    home, case = store
    index = home / "index.db"
    raw = bytearray(index.read_bytes())
    raw[-3] ^= 0x40
    index.write_bytes(bytes(raw))
    result = run(home, "verify", passfile=passfile)
    assert result.exit_code == 1
    assert "DAMAGED index.db" in result.output and "oncall repair-index" in result.output
    assert f"ok      {case}" in result.output
    refused = run(home, "passwd", "--new-passphrase-file", str(passfile), passfile=passfile)
    assert refused.exit_code == 5 and "repair-index" in refused.output
    zh = run(home, "passwd", "--new-passphrase-file", str(passfile), passfile=passfile, lang="zh")
    assert zh.exit_code == 5 and "重建" in zh.output
    rebuilt = run(home, "repair-index", passfile=passfile)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "1 case\n" in rebuilt.output
    (kept,) = home.glob("index.db.damaged-*")
    assert kept.read_bytes() == bytes(raw)
    assert case in run(home, "list", passfile=passfile).output
    assert run(home, "verify", passfile=passfile).exit_code == 0


def damage_wrap(path: Path) -> None:
    raw = path.read_bytes()
    length = int.from_bytes(raw[8:12], "big")
    header = json.loads(raw[12 : 12 + length])
    blob = bytearray(base64.b64decode(header["keys"]["wrap_passphrase"]))
    blob[-1] ^= 0x01
    header["keys"]["wrap_passphrase"] = base64.b64encode(bytes(blob)).decode()
    path.write_bytes(raw[:12] + json.dumps(header, sort_keys=True).encode() + raw[12 + length :])


def test_a_damaged_key_wrap_exits_5_not_wrong_passphrase(
    store: tuple[Path, str], passfile: Path, tmp_path: Path
) -> None:
    home, _ = store
    damage_wrap(home / "index.db")
    en = run(home, "list", passfile=passfile)
    assert en.exit_code == 5 and "key wrap" in en.output and "wrong passphrase" not in en.output
    zh = run(home, "list", passfile=passfile, lang="zh")
    assert zh.exit_code == 5 and "密钥封装" in zh.output
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all\n", encoding="utf-8")
    assert run(home, "list", passfile=wrong).exit_code == 3
    checked = run(home, "verify", passfile=passfile)
    assert checked.exit_code == 1 and "DAMAGED index.db" in checked.output
    assert run(home, "repair-index", passfile=passfile).exit_code == 0
    assert run(home, "list", passfile=passfile).exit_code == 0


def test_a_printed_fingerprint_is_checked_against_the_store(
    store: tuple[Path, str], passfile: Path
) -> None:
    home, case = store
    with Journal.open(home, PASSPHRASE, read_only=True) as j:
        printed = j.fingerprint(case)
    assert printed.events == 4 and printed.text == f"4:{printed.head_hash}"
    same = run(home, "verify", "--case", case, "--fingerprint", printed.text, passfile=passfile)
    assert same.exit_code == 0 and "matches" in same.output, same.output
    with Journal.open(home, PASSPHRASE) as j:
        j.append(case, "note", {"text": "after the report"}, TEACHER)
    later = run(
        home, "verify", "--case", case, "--fingerprint", printed.head_hash[:16], passfile=passfile
    )
    assert later.exit_code == 0 and "1 recorded after the report" in later.output
    zh = run(
        home, "verify", "--case", case, "--fingerprint", printed.text, passfile=passfile, lang="zh"
    )
    assert zh.exit_code == 0 and "一致" in zh.output
    forged = f"4:{'0' * 64}"
    bad = run(home, "verify", "--case", case, "--fingerprint", forged, passfile=passfile)
    assert bad.exit_code == 1 and "MISMATCH" in bad.output
    unknown = run(home, "verify", "--case", case, "--fingerprint", "ab" * 8, passfile=passfile)
    assert unknown.exit_code == 1
    assert run(home, "verify", "--fingerprint", printed.text, passfile=passfile).exit_code == 2
    garbage = run(home, "verify", "--case", case, "--fingerprint", "xyz", passfile=passfile)
    assert garbage.exit_code == 1 and "not a fingerprint" in garbage.output


@pytest.mark.parametrize("weak", ["a", " ", "12345678", "密码密码密码密码"])
def test_init_refuses_a_weak_passphrase_and_says_what_would_do(tmp_path: Path, weak: str) -> None:
    home = tmp_path / "new"
    file = tmp_path / "weak.txt"
    file.write_text(weak + "\n", encoding="utf-8")
    zh = run(home, "init", passfile=file, lang="zh")
    assert zh.exit_code == 2 and "至少 8 个字符" in zh.output and "Traceback" not in zh.output
    en = run(home, "init", passfile=file)
    assert en.exit_code == 2 and "at least 8 characters" in en.output
    assert not Journal.exists(home)


def test_init_accepts_a_chinese_phrase(tmp_path: Path) -> None:
    file = tmp_path / "zh.txt"
    file.write_text("操场边的老槐树下午三点开花\n", encoding="utf-8")
    assert run(tmp_path / "new", "init", passfile=file).exit_code == 0


def test_passwd_refuses_a_weak_new_passphrase(
    store: tuple[Path, str], passfile: Path, tmp_path: Path
) -> None:
    home, _ = store
    weak = tmp_path / "weak.txt"
    weak.write_text("abc\n", encoding="utf-8")
    result = run(home, "passwd", "--new-passphrase-file", str(weak), passfile=passfile)
    assert result.exit_code == 2
    assert run(home, "list", passfile=passfile).exit_code == 0


def test_passwd_rotate_key_issues_a_new_recovery_key(
    store: tuple[Path, str], passfile: Path, tmp_path: Path
) -> None:
    home, case = store
    new = tmp_path / "new.txt"
    new.write_text(NEW + "\n", encoding="utf-8")
    result = run(
        home, "passwd", "--rotate-key", "--new-passphrase-file", str(new), passfile=passfile
    )
    assert result.exit_code == 0, result.output
    key = result.output.split("New recovery key")[1].splitlines()[1].strip()
    assert run(home, "list", passfile=passfile).exit_code == 3
    assert case in run(home, "list", passfile=new).output
    with Journal.open(home, recovery_key=key) as j:
        assert [c.id for c in j.cases()] == [case]


def test_the_passphrase_leaves_the_environment_once_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    assert get_passphrase(Settings(home=Path("unused"))) == PASSPHRASE
    assert PASSPHRASE_ENV not in os.environ


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
@pytest.mark.usefixtures("umask_000")
def test_every_folder_0700_and_every_file_0600_whatever_the_umask(
    tmp_path: Path, passfile: Path
) -> None:
    home = tmp_path / "store"
    assert run(home, "init", passfile=passfile).exit_code == 0
    with Journal.open(home, PASSPHRASE) as j:  # the lock and its holder file exist now
        case = j.new_case(actor=TEACHER)
        j.append(case, "note", {"text": "x"}, TEACHER)
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in home.iterdir() if p.is_file()}
        assert {"oncall.lock", "oncall.lock.json"} <= set(modes)
    with (home / "cases" / f"{case}.db").open("ab") as handle:  # a torn tail, kept aside
        handle.write(struct.pack(">II", 99, 99 ^ 0xFFFFFFFF) + b"z" * 9)
    with Journal.open(home, PASSPHRASE) as j:
        j.open_cases([case])
    assert list((home / "cases").glob("*.torn-*"))
    archive = tmp_path / "case.oncall"
    assert run(home, "archive", case, "--out", str(archive), passfile=passfile).exit_code == 0
    index = home / "index.db"
    raw = bytearray(index.read_bytes())
    raw[-2] ^= 1
    index.write_bytes(bytes(raw))
    os.chmod(index, 0o600)
    assert run(home, "repair-index", passfile=passfile).exit_code == 0
    new = tmp_path / "new.txt"
    new.write_text(NEW + "\n", encoding="utf-8")
    rotated = run(
        home, "passwd", "--rotate-key", "--new-passphrase-file", str(new), passfile=passfile
    )
    assert rotated.exit_code == 0, rotated.output
    folders = [home, *(p for p in home.rglob("*") if p.is_dir())]
    files = [archive, *(p for p in home.rglob("*") if p.is_file())]
    assert {f.name: oct(stat.S_IMODE(f.stat().st_mode)) for f in folders} == {
        f.name: "0o700" for f in folders
    }
    assert {f.name: oct(stat.S_IMODE(f.stat().st_mode)) for f in files} == {
        f.name: "0o600" for f in files
    }
    assert any(f.name.startswith("index.db.damaged-") for f in files)


def test_the_fingerprint_a_debrief_prints_checks_out_against_the_store(
    store: tuple[Path, str], passfile: Path, tmp_path: Path
) -> None:
    home, case = store
    out = tmp_path / "debrief.json"
    exported = run(home, "export", case, "--format", "json", "--out", str(out), passfile=passfile)
    assert exported.exit_code == 0, exported.output
    printed = json.loads(out.read_text(encoding="utf-8"))["integrity"]["fingerprint"]
    md = tmp_path / "debrief.md"
    assert run(home, "export", case, "--out", str(md), passfile=passfile).exit_code == 0
    assert printed in md.read_text(encoding="utf-8")
    same = run(home, "verify", "--case", case, "--fingerprint", printed, passfile=passfile)
    assert same.exit_code == 0 and "matches" in same.output
    count, _, head = printed.partition(":")
    forged = f"{int(count) - 1}:{head}"
    assert run(home, "verify", "--case", case, "--fingerprint", forged,
               passfile=passfile).exit_code == 1
