"""Every command answers in the interface language (issue 9, item 12): Chinese by
default and with `--lang zh`, no Chinese at all with `--lang en` (the fixtures hold no
Chinese names or folders that could show). Exit codes are the same in both."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from oncall.cli import cli
from oncall.journal import Journal

from .conftest import PASSPHRASE

NEW_PASSPHRASE = "another rather long test passphrase"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass
class Place:
    home: Path
    passfile: Path
    case: str
    tmp: Path


@pytest.fixture
def place(tmp_path: Path) -> Place:
    home = tmp_path / "store"
    with Journal.create(home, PASSPHRASE, kdf_n=2**10) as journal:
        case = journal.new_case(actor="duty teacher", student_name="Li Xiaoming (made up)")
        journal.append(case, "note", {"text": "x"}, "duty teacher")
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text(NEW_PASSPHRASE + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "taken.md").write_text("old", encoding="utf-8")
    (tmp_path / "bad.toml").write_text('title = "x\n', encoding="utf-8")
    return Place(home, passfile, case, tmp_path)


Args = Callable[[Place], list[str]]


def _with_pass(*rest: str) -> Args:
    return lambda p: ["--passphrase-file", str(p.passfile), *[r.format(p=p) for r in rest]]


# id: (arguments after --lang, exit code, a Chinese phrase, the English phrase)
CASES: dict[str, tuple[Args, int, str, str]] = {
    "init-exists": (_with_pass("init"), 4, "已经有一个记录库", "already exists"),
    "verify-ok": (_with_pass("verify"), 0, "全部完好", "all intact"),
    "verify-no-case": (_with_pass("verify", "--case", "nope"), 1, "库里没有案件", "no case"),
    "verify-fingerprint-usage": (
        _with_pass("verify", "--fingerprint", "abc"),
        2,
        "需要同时给出 --case",
        "needs --case",
    ),
    "verify-file-missing": (
        _with_pass("verify", "{p.tmp}/missing.oncall"),
        1,
        "没有这个文件",
        "no such file",
    ),
    "empty-passphrase-file": (
        lambda p: ["--passphrase-file", str(p.tmp / "empty.txt"), "list"],
        1,
        "是空的",
        "is empty",
    ),
    "passwd": (
        _with_pass("passwd", "--new-passphrase-file", "{p.tmp}/new.txt"),
        0,
        "口令已更改",
        "Passphrase changed",
    ),
    "passwd-rotate-key": (
        _with_pass("passwd", "--rotate-key", "--new-passphrase-file", "{p.tmp}/new.txt"),
        0,
        "新的恢复密钥",
        "New recovery key",
    ),
    "repair-index": (_with_pass("repair-index"), 0, "重建索引", "index rebuilt"),
    "export-ok": (
        _with_pass("export", "{p.case}", "--out", "{p.tmp}/out.md"),
        0,
        "已写入",
        "wrote",
    ),
    "export-plain-text-warning": (
        _with_pass("export", "{p.case}", "--out", "{p.tmp}/out.md"),
        0,
        "以明文保存了学生信息",
        "holds student details in plain text",
    ),
    "export-exists": (
        _with_pass("export", "{p.case}", "--out", "{p.tmp}/taken.md"),
        1,
        "已经存在",
        "already exists",
    ),
    "export-no-case": (_with_pass("export", "20990101-0000-ffff"), 1, "库里没有案件", "no case"),
    "export-encrypt-stdout": (
        _with_pass("export", "{p.case}", "--encrypt", "--out", "-"),
        1,
        "加密包只能写到文件",
        "not to stdout",
    ),
    "archive-ok": (
        _with_pass("archive", "{p.case}", "--out", "{p.tmp}/a.oncall"),
        0,
        "已归档案件",
        "archived case",
    ),
    "archive-still-open": (
        _with_pass("archive", "{p.case}", "--out", "{p.tmp}/a.oncall"),
        0,
        "尚未结案",
        "still open",
    ),
    "import-missing": (
        _with_pass("import", "{p.tmp}/missing.oncall"),
        4,
        "没有这个文件",
        "no such file",
    ),
    "no-store": (
        lambda p: ["--home", str(p.tmp / "none"), "--passphrase-file", str(p.passfile), "list"],
        4,
        "没有记录库",
        "no store at",
    ),
    "playbook-check-ok": (lambda p: ["playbook", "check"], 0, "都没有问题", "files ok"),
    "playbook-check-problems": (
        lambda p: ["playbook", "check", str(p.tmp / "bad.toml")],
        1,
        "个问题",
        "problem in 1 of 1 file",
    ),
    "drill-list": (lambda p: ["drill", "list"], 0, "突发情况", "injects"),
    "drill-report-overview": (_with_pass("drill", "report"), 0, "还没有演练过", "no runs"),
    "drill-unknown": (
        lambda p: ["drill", "report", "no-such-drill"],
        1,
        "没有演练场景",
        "no drill scenario",
    ),
    "rehearse-print": (lambda p: ["rehearse", "--print"], 0, "预案演习", "Rehearsal"),
}


def run(place: Place, lang: str, args: list[str]) -> Result:
    home = [] if "--home" in args else ["--home", str(place.home)]
    return CliRunner().invoke(cli, [*home, "--lang", lang, *args])


@pytest.mark.parametrize("name", list(CASES))
def test_chinese_mode_speaks_chinese(place: Place, name: str) -> None:
    args, code, zh, en = CASES[name]
    result = run(place, "zh", args(place))
    assert result.exit_code == code, result.output
    assert zh in result.output, result.output
    assert en not in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", list(CASES))
def test_english_mode_has_no_chinese(place: Place, name: str) -> None:
    args, code, _zh, en = CASES[name]
    result = run(place, "en", args(place))
    assert result.exit_code == code, result.output
    assert en in result.output, result.output
    assert not CJK.findall(result.output), result.output


def test_the_default_language_is_chinese(place: Place) -> None:
    result = CliRunner().invoke(
        cli, ["--home", str(place.home), "--passphrase-file", str(place.passfile), "verify"]
    )
    assert result.exit_code == 0 and "全部完好" in result.output


def test_command_help_is_bilingual() -> None:
    listed = CliRunner().invoke(cli, ["--help"])
    assert "界面语言 / Language of the interface" in listed.output
    for command in (["export"], ["verify"], ["playbook", "check"], ["drill", "report"]):
        shown = CliRunner().invoke(cli, [*command, "--help"])
        assert shown.exit_code == 0
        first = shown.output.split("\n\n")[1]
        assert CJK.search(first) and " / " in first and re.search("[A-Za-z]{4,}", first), first
