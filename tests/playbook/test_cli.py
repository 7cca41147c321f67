"""`oncall playbook check` through click's CliRunner."""

from __future__ import annotations

from click.testing import CliRunner

from oncall.cli import cli

from .helpers import DIRECTORY, VALID, Write


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--lang", "en", "playbook", "check", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_clean_files_exit_0() -> None:
    code, output = run(str(VALID), str(DIRECTORY))
    assert code == 0
    assert f"{VALID}: ok (playbook)" in output
    assert f"{DIRECTORY}: ok (directory); placeholder = true" in output
    assert output.rstrip().endswith("all 2 files ok")


def test_problems_exit_1_with_locations(write: Write) -> None:
    text = VALID.read_text(encoding="utf-8").replace('kind = "choice"', 'kind = "chioce"')
    bad = write(text)
    code, output = run(str(bad), str(VALID))
    assert code == 1
    lines = output.splitlines()
    assert any(
        line.startswith(f"{bad}:") and "phases[1].steps[0].kind" in line and "chioce" in line
        for line in lines
    )
    assert f"{VALID}: ok (playbook)" in output
    assert lines[-1].endswith("in 1 of 2 files")


def test_syntax_error_is_file_line_col(write: Write) -> None:
    bad = write("[playbook]\nid = \n")
    code, output = run(str(bad))
    assert code == 1
    assert output.startswith(f"{bad}:2:")
    assert "1 problem in 1 of 1 file" in output


def test_garbage_never_tracebacks(write: Write, tmp_path: object) -> None:
    paths = [write(b"\x00\xff\xfe binary"), write(b"a = [[[[[[[["), write("x" * 100)]
    code, output = run(*(str(p) for p in paths), "/does/not/exist.toml", str(paths[0].parent))
    assert code == 1
    assert "no such file" in output and "is a directory" in output


def test_directory_roles_come_from_a_playbook_given_alongside() -> None:
    code, output = run(str(DIRECTORY))  # checked against the default playbook
    assert code == 1
    assert "unknown role 'coach'" in output


def test_no_arguments_checks_the_defaults() -> None:
    code, output = run()
    assert "school-crisis.toml" in output and "directory.toml" in output
    assert code in (0, 1)


def test_an_unterminated_string_and_a_missing_top_level_key_have_a_line(write: Write) -> None:
    """Every problem has a place to look: TOML's "at end of document" names the last
    line and column, and a key missing from the top of the file names line 1."""
    cut = write('id = "x"\n[meta]\nname = "a')
    code, output = run(str(cut))
    assert code == 1
    assert f"{cut}:3:10: TOML syntax: Unterminated string (at the end of the file)" in output
    missing = write('[[phases]]\nid = "p"\n')
    code, output = run(str(missing))
    assert code == 1
    assert f"{missing}:1:1: playbook: missing required key 'playbook'" in output
