"""The store commands through click's runner: output and exit codes a user sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from oncall.cli import cli
from oncall.journal import Journal

from .conftest import PASSPHRASE

STUDENT = "赵小红（虚构）"


def run(
    home: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None
) -> Result:
    runner = CliRunner()
    return runner.invoke(cli, ["--home", str(home), *args], env=env, input=input)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    home = tmp_path / "store"
    with Journal.create(home, PASSPHRASE, kdf_n=2**10) as j:
        case = j.new_case(actor="值班教师", student_name=STUDENT, student_class="初二(3)班")
        j.append(case, "note", {"text": "x"}, "值班教师")
    return home


def test_init_creates_a_store_and_shows_the_recovery_key(tmp_path: Path, passfile: Path) -> None:
    home = tmp_path / "new"
    result = run(home, "--passphrase-file", str(passfile), "init")
    assert result.exit_code == 0, result.output
    assert "恢复密钥" in result.output  # Chinese by default
    key = result.output.split("恢复密钥")[1].splitlines()[1].strip()
    assert len(key.split("-")) == 8
    with Journal.open(home, recovery_key=key) as j:
        assert j.cases() == []
    again = run(home, "--passphrase-file", str(passfile), "init")
    assert again.exit_code == 4 and "已经有一个记录库" in again.output


def test_list_hides_names_unless_asked(store: Path, passfile: Path) -> None:
    plain = run(store, "--passphrase-file", str(passfile), "list")
    assert plain.exit_code == 0
    assert STUDENT not in plain.output and "开案" in plain.output  # local time, in Chinese
    named = run(store, "--passphrase-file", str(passfile), "list", "--show-names")
    assert STUDENT in named.output and "初二(3)班" in named.output


def test_verify_exit_codes(store: Path, passfile: Path) -> None:
    good = run(store, "--passphrase-file", str(passfile), "verify")
    assert good.exit_code == 0 and "已检查 1 个案件、2 条事件：全部完好" in good.output
    english = run(store, "--lang", "en", "--passphrase-file", str(passfile), "verify")
    assert "1 case, 2 events checked: all intact" in english.output  # not "1 cases"
    path = next((store / "cases").glob("*.db"))
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0xFF
    path.write_bytes(bytes(raw))
    bad = run(store, "--lang", "en", "--passphrase-file", str(passfile), "verify")
    assert bad.exit_code == 1
    assert f"DAMAGED {path.stem}  at record 1" in bad.output


def test_wrong_passphrase_exit_3(store: Path) -> None:
    result = run(store, "list", env={"ONCALL_PASSPHRASE": "wrong"})
    assert result.exit_code == 3
    assert "口令不对" in result.output
    english = run(store, "--lang", "en", "list", env={"ONCALL_PASSPHRASE": "wrong"})
    assert english.exit_code == 3 and "wrong passphrase" in english.output
    assert "Traceback" not in result.output


def test_missing_store_hints_init(tmp_path: Path, passfile: Path) -> None:
    result = run(tmp_path / "nothing", "--passphrase-file", str(passfile), "list")
    assert result.exit_code == 4
    assert "oncall init" in result.output


def test_no_passphrase_and_no_terminal(store: Path) -> None:
    result = run(store, "list", env={"ONCALL_PASSPHRASE": ""})
    assert result.exit_code == 1
    assert "--passphrase-file" in result.output


def test_passwd_from_files(store: Path, passfile: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    new.write_text("another passphrase\n", encoding="utf-8")
    result = run(
        store, "--passphrase-file", str(passfile), "passwd", "--new-passphrase-file", str(new)
    )
    assert result.exit_code == 0, result.output
    assert run(store, "--passphrase-file", str(passfile), "list").exit_code == 3
    assert run(store, "--passphrase-file", str(new), "list").exit_code == 0
