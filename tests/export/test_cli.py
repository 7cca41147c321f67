"""`oncall export`, `archive`, `import` and `verify FILE` through click's runner: files
written 0600, the plain-text warning, encrypted bundles, an archive round trip into a
second store, and every bad input with its message and exit code (no traceback)."""

from __future__ import annotations

import io
import json
import stat
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from oncall.cli import cli
from oncall.export import archive as archives
from oncall.journal import Journal

from .conftest import PASSPHRASE, TEST_KDF_N, Scene
from .scenarios import level_i

STUDENT = "李小明（虚构）"
OTHER_PASSPHRASE = "the other school office"


def run(home: Path, *args: str, passfile: Path | None = None, lang: str = "zh") -> Result:
    options = ["--home", str(home), "--lang", lang]
    if passfile is not None:
        options += ["--passphrase-file", str(passfile)]
    return CliRunner().invoke(cli, [*options, *args])


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def case(new_scene: Callable[..., Scene], journal: Journal) -> str:
    """A closed level I case in the store at `home`; the store is closed for the CLI."""
    scene = new_scene()
    level_i(scene)
    journal.close()
    return scene.case


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", ["md", "html", "json", "docx"])
def test_export_writes_0600_and_warns_about_plain_text(
    fmt: str, case: str, home: Path, passfile: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"debrief.{fmt}"
    result = run(home, "export", case, "--format", fmt, "--out", str(out), passfile=passfile)
    assert result.exit_code == 0, result.output
    assert mode(out) == 0o600
    assert "以明文保存了学生信息" in result.stderr  # Chinese by default
    assert "student details" not in result.stderr
    assert STUDENT not in result.output  # nothing personal on the terminal
    data = out.read_bytes()
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        assert "学生心理危机事件书面报告" in text
    elif fmt == "json":
        assert json.loads(data)["case"]["id"] == case
    else:
        assert STUDENT.encode() in data


def test_english_redacted_export_replaces_an_existing_file_only_with_force(
    case: str, home: Path, passfile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "shared.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o644)
    refused = run(home, "--lang", "en", "export", case, "--redact", "--out", str(out),
                  passfile=passfile)
    assert refused.exit_code == 1 and "already exists" in refused.output
    assert out.read_text(encoding="utf-8") == "old"
    result = run(home, "--lang", "en", "export", case, "--redact", "--out", str(out), "--force",
                 passfile=passfile)
    assert result.exit_code == 0, result.output
    assert mode(out) == 0o600
    text = out.read_text(encoding="utf-8")
    assert "Crisis debrief" in text and "Student A" in text and STUDENT not in text
    assert "plain text" not in result.stderr


def test_export_to_stdout_and_default_name(
    case: str, home: Path, passfile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    piped = run(home, "export", case, "--format", "json", "--out", "-", passfile=passfile)
    assert piped.exit_code == 0 and json.loads(piped.stdout)["case"]["id"] == case
    monkeypatch.chdir(tmp_path)
    named = run(home, "export", case, "--redact", passfile=passfile)
    assert named.exit_code == 0, named.output
    assert (tmp_path / f"{case}-redacted.md").is_file()


def test_encrypted_export_and_decrypt(case: str, home: Path, passfile: Path, tmp_path: Path
                                      ) -> None:
    bundle = tmp_path / "debrief.oncall"
    made = run(home, "export", case, "--format", "html", "--encrypt", "--out", str(bundle),
               passfile=passfile)
    assert made.exit_code == 0, made.output
    assert "plain text" not in made.stderr
    assert STUDENT.encode() not in bundle.read_bytes() and b"<html" not in bundle.read_bytes()
    checked = run(home, "verify", str(bundle), passfile=passfile, lang="en")
    assert checked.exit_code == 0 and "encrypted export of case" in checked.output
    zh = run(home, "verify", str(bundle), passfile=passfile)
    assert zh.exit_code == 0 and "的加密导出" in zh.output and "全部完好" in zh.output
    out = tmp_path / "opened.html"
    opened = run(home, "export", str(bundle), "--decrypt", "--out", str(out), passfile=passfile)
    assert opened.exit_code == 0, opened.output
    assert mode(out) == 0o600 and STUDENT in out.read_text(encoding="utf-8")
    not_bundle = run(home, "import", str(bundle), passfile=passfile, lang="en")
    assert not_bundle.exit_code == 1 and "not a case archive" in not_bundle.output


def test_archive_verify_and_import_into_a_second_store(
    case: str, home: Path, passfile: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "case.oncall"
    made = run(home, "archive", case, "--out", str(archive), passfile=passfile, lang="en")
    assert made.exit_code == 0, made.output
    assert STUDENT.encode() not in archive.read_bytes()
    with Journal.open(home, PASSPHRASE, read_only=True) as source:
        original = source.events(case)
    assert f"final hash {original[-1].hash}" in made.output

    verified = run(home, "verify", str(archive), passfile=passfile, lang="en")
    assert verified.exit_code == 0, verified.output
    assert f"{len(original)} events, final hash {original[-1].hash}" in verified.output

    second = tmp_path / "second"
    Journal.create(second, OTHER_PASSPHRASE, kdf_n=TEST_KDF_N).close()
    other_pass = tmp_path / "other.txt"
    other_pass.write_text(OTHER_PASSPHRASE, encoding="utf-8")
    refused = run(second, "import", str(archive), passfile=other_pass, lang="en")
    assert refused.exit_code == 3 and "--archive-passphrase-file" in refused.output
    imported = run(second, "import", str(archive), "--archive-passphrase-file", str(passfile),
                   passfile=other_pass, lang="en")
    assert imported.exit_code == 0, imported.output
    assert "read-only" in imported.output
    with Journal.open(second, OTHER_PASSPHRASE) as target:
        assert target.events(case) == original
        assert target.verify().ok
        assert next(c for c in target.cases() if c.id == case).imported
    again = run(second, "import", str(archive), "--archive-passphrase-file", str(passfile),
                passfile=other_pass, lang="en")
    assert again.exit_code == 4 and "already in this store" in again.output
    exported = run(second, "export", case, "--format", "json", "--out", "-",
                   passfile=other_pass)
    assert exported.exit_code == 0, exported.output
    body = json.loads(exported.stdout)
    assert body["case"]["imported"] is True
    assert [e["hash"] for e in body["events"]] == [e.hash for e in original]
    assert body["integrity"] == {"ok": True, "events": len(original),
                                 "final_hash": original[-1].hash,
                                 "fingerprint": f"{len(original)}:{original[-1].hash}",
                                 "problem": None, "position": None}


def test_the_recovery_key_opens_an_archive(
    new_scene: Callable[..., Scene], journal: Journal, tmp_path: Path
) -> None:
    scene = new_scene()
    level_i(scene)
    key = journal.recovery_key
    assert key is not None
    path = tmp_path / "case.oncall"
    playbook_text = "title = 'x'\n"
    archives.write_archive(path, journal.keyring, journal.events(scene.case), playbook_text,
                           now=scene.at(0))
    keyring = archives.unlock(path, recovery_key=key)
    result = archives.check(archives.open_file(path, keyring))
    assert result.ok and result.events == len(journal.events(scene.case))


def test_damaged_and_cut_archives_fail_verify_and_import(
    case: str, home: Path, passfile: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "case.oncall"
    assert run(home, "archive", case, "--out", str(archive), passfile=passfile).exit_code == 0
    raw = archive.read_bytes()
    flipped = tmp_path / "flipped.oncall"
    middle = bytearray(raw)
    middle[len(raw) // 2] ^= 0xFF
    flipped.write_bytes(bytes(middle))
    cut = tmp_path / "cut.oncall"
    cut.write_bytes(raw[: raw.rindex(raw[-40:]) - 200])
    junk = tmp_path / "junk.oncall"
    junk.write_bytes(b"not an archive at all")
    result = run(home, "verify", str(archive), str(flipped), str(cut), str(junk),
                 passfile=passfile, lang="en")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("ok ")
    assert lines[1].startswith(f"DAMAGED {flipped}") and "authentication" in lines[1]
    assert lines[2].startswith(f"DAMAGED {cut}")
    assert lines[3].startswith(f"DAMAGED {junk}") and "not an oncall store" in lines[3]
    assert "4 files checked: 3 damaged" in result.output
    assert "Traceback" not in result.output
    second = tmp_path / "second"
    Journal.create(second, PASSPHRASE, kdf_n=TEST_KDF_N).close()
    refused = run(second, "import", str(flipped), passfile=passfile)
    assert refused.exit_code == 5 and "什么也没有导入" in refused.output
    with Journal.open(second, PASSPHRASE, read_only=True) as target:
        assert target.cases() == []


def test_bad_input_gives_a_message_and_an_exit_code(
    case: str, home: Path, passfile: Path, tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase", encoding="utf-8")
    def run_en(home: Path, *args: str, passfile: Path | None = None) -> Result:
        return run(home, *args, passfile=passfile, lang="en")

    cases = [
        (run_en(home, "export", "20990101-0000-ffff", passfile=passfile), 1, "no case"),
        (run(home, "export", "20990101-0000-ffff", passfile=passfile), 1, "库里没有案件"),
        (run_en(home, "export", "../etc", passfile=passfile), 1, "not a case id"),
        (run(home, "export", case, passfile=wrong), 3, "口令不对"),
        (run_en(tmp_path / "none", "export", case, passfile=passfile), 4, "oncall init"),
        (run(tmp_path / "none", "export", case, passfile=passfile), 4, "没有记录库"),
        (run_en(home, "export", case, "--out", str(tmp_path / "no" / "such" / "dir.md"),
                passfile=passfile), 6, "cannot write the export"),
        (run(home, "export", case, "--out", str(tmp_path / "no" / "such" / "dir.md"),
             passfile=passfile), 6, "无法把导出写到"),
        (run(home, "export", case, "--out", str(tmp_path), passfile=passfile), 2, ""),
        (run_en(home, "archive", case, "--out", str(tmp_path / "no" / "dir.oncall"),
                passfile=passfile), 6, "does not exist"),
        (run(home, "verify", str(tmp_path / "missing.oncall"), passfile=passfile), 1,
         "没有这个文件"),
        (run_en(home, "import", str(tmp_path / "missing.oncall"), passfile=passfile), 4,
         "no such file"),
    ]
    for result, code, message in cases:
        assert result.exit_code == code, (result.output, code)
        assert message in result.output
        assert "Traceback" not in result.output
        assert STUDENT not in result.output
    assert not (tmp_path / "no").exists()


def test_bench_export_runs(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["bench", "export", "--json", "--events", "200",
                                      "--runs", "1", "--command", "150"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["events"] == 200 and body["integrity_ok"]
    assert set(body["formats"]) == {"md", "html", "json", "docx"}
    (command,) = body["command"]  # the whole command, run as a user runs it
    assert command["events"] == 150 and command["unlock_alone"]["peak_mb"] > 0
    assert set(command["formats"]) == {"md", "html", "json", "docx"}
    assert all(row["peak_mb"] > 0 and row["p50_s"] > 0 for row in command["formats"].values())
    assert len(command["targets"]) == 5


def test_a_damaged_case_exports_with_the_damage_said_and_is_not_archived(
    case: str, home: Path, passfile: Path, tmp_path: Path
) -> None:
    path = home / "cases" / f"{case}.db"
    raw = bytearray(path.read_bytes())
    raw[-30] ^= 0xFF  # the last record no longer authenticates
    path.write_bytes(bytes(raw))
    out = tmp_path / "damaged.md"
    result = run(home, "export", case, "--out", str(out), passfile=passfile)
    assert result.exit_code == 0, result.output
    assert "未通过完整性检查" in result.stderr
    assert "**完整性校验**：有损坏" in out.read_text(encoding="utf-8")
    refused = run(home, "archive", case, "--out", str(tmp_path / "a.oncall"), passfile=passfile)
    assert refused.exit_code == 5 and "没有归档" in refused.output
    assert not (tmp_path / "a.oncall").exists()
