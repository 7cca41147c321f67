"""The drill commands through click's runner, on a real store with one scripted run;
and how real-case commands keep drills apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from oncall.cli import cli
from oncall.journal import Journal
from support.clocks import FakeClock

from .conftest import DRILLS, PASSPHRASE, TEST_KDF_N
from .test_score import Run, scripted

REAL_STUDENT = "赵小红（虚构）"


def run(home: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["--home", str(home), *args], env={"ONCALL_PASSPHRASE": PASSPHRASE}
    )


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, str, str]:
    """A real case and one finished run of diary-note."""
    home = tmp_path / "store"
    clock = FakeClock()
    with Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N, clock=clock) as journal:
        drill = Run(journal, clock)
        scripted(drill)
        real = journal.new_case(actor="值班教师", student_name=REAL_STUDENT, place="操场")
    return home, real, drill.case


def test_a_malformed_scenario_gets_located_problems_never_a_traceback(tmp_path: Path) -> None:
    text = (DRILLS / "diary-note.toml").read_text(encoding="utf-8")
    text = text.replace('"../school-crisis.toml"', f'"{DRILLS.parent / "school-crisis.toml"}"')
    bad = text.replace('phone = "000-0000-0101"', 'phone = "13800138000"')
    bad = bad.replace('step = "risk.asq.q5"', 'step = "risk.asq.q9"')
    bad = bad.replace("at_minutes = 8\n", 'at_minutes = 8\non_step = "first.stay"\n')
    # a misspelt field would never match, so the inject would never fire
    bad = bad.replace(
        'field = "outcome", value = "no_answer"', 'field = "outcom", value = "no_answer"'
    )
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    result = run(tmp_path, "--lang", "en", "playbook", "check", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert any(
        line.startswith(f"{path}:33:10: cast.guardians[0].phone:") and "000" in line
        for line in lines
    ), result.output
    assert any(
        line.startswith(f"{path}:73:21: injects[2].on_step.step:") and "risk.asq.q5" in line
        for line in lines
    ), result.output
    assert any(
        line.startswith(f"{path}:83:")
        and "contact.attempt has no field 'outcom'" in line
        and "did you mean 'outcome'" in line
        for line in lines
    ), result.output
    assert f"{path}:61:1: injects[1]: give exactly one of" in result.output
    assert lines[-1] == "4 problems in 1 of 1 file"


def test_a_broken_scenario_file_is_located_too(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[scenario]\nid = "x"\ntitle = { zh = "缺右括号" \n', encoding="utf-8")
    result = run(tmp_path, "--lang", "en", "playbook", "check", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"{path}:3:")


def test_the_default_check_covers_every_shipped_scenario(tmp_path: Path) -> None:
    result = run(tmp_path, "--lang", "en", "playbook", "check")
    assert result.exit_code == 0, result.output
    for name in (
        "diary-note",
        "rooftop",
        "farewell-gifts",
        "no-guardian",
        "family-refuses",
        "night-dorm",
    ):
        assert f"{name}.toml: ok (scenario)" in result.output


def test_drill_list_needs_no_store(tmp_path: Path) -> None:
    result = run(tmp_path / "none", "--lang", "en", "drill", "list")
    assert result.exit_code == 0
    assert "rooftop  A student at the edge of the roof  (4 injects" in result.output
    assert len(result.output.splitlines()) == 6


def test_drill_report_shows_the_history_chart_and_the_run(store: tuple[Path, str, str]) -> None:
    home, _real, drill = store
    result = run(home, "--lang", "en", "drill", "report", "diary-note")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "[DRILL] Drill report: A diary note about suicide" in out
    assert "Discovery → custody started (minutes, fewer is better)" in out  # a plotext chart
    assert "Custody coverage (minutes, more is better)" in out
    assert "Run #1" in out and drill in out
    assert "| Discovery → custody started | 35.0 | 30 | missed |" in out
    assert REAL_STUDENT not in out


def test_drill_report_formats(store: tuple[Path, str, str], tmp_path: Path) -> None:
    home, _real, drill = store
    result = run(home, "drill", "report", "diary-note", "--format", "json", "--out", "-")
    body = json.loads(result.output)
    assert body["drill"] is True and body["scenario"]["id"] == "diary-note"
    assert [r["case"] for r in body["runs"]] == [drill]
    injects = {i["id"]: i["status"] for i in body["report"]["injects"]}
    assert injects["toilet-alone"] == "late" and injects["class-chat"] == "missed"
    intervals = {i["id"]: i for i in body["report"]["intervals"]}
    assert intervals["custody"]["better"] == "higher" and intervals["leader"]["better"] == "lower"
    assert intervals["leader"]["verdict"] == "met"
    for fmt in ("md", "html", "docx"):
        out = tmp_path / f"r.{fmt}"
        written = run(home, "drill", "report", "diary-note", "--format", fmt, "--out", str(out))
        assert written.exit_code == 0, written.output
        data = out.read_bytes()
        assert data
        if fmt != "docx":
            assert "演练 · 内部资料 · 非真实案件".encode() in data
    again = run(home, "drill", "report", "diary-note", "--format", "md", "--out", str(out))
    assert again.exit_code == 1 and "--force" in again.output


def test_drill_report_of_unknown_things_says_so(store: tuple[Path, str, str]) -> None:
    home, real, _drill = store
    unknown = run(home, "--lang", "en", "drill", "report", "no-such-drill")
    assert unknown.exit_code == 1 and "no drill scenario 'no-such-drill'" in unknown.output
    wrong = run(home, "--lang", "en", "drill", "report", "diary-note", "--run", real)
    assert wrong.exit_code == 1 and "is not a run of the scenario" in wrong.output
    assert "Traceback" not in unknown.output + wrong.output
    overview = run(home, "--lang", "en", "drill", "report")
    assert "diary-note  A diary note about suicide  1 run;" in overview.output
    assert "rooftop  A student at the edge of the roof  — no runs" in overview.output


def test_list_keeps_drills_apart(store: tuple[Path, str, str]) -> None:
    home, real, drill = store
    plain = run(home, "list")
    assert real in plain.output and drill not in plain.output
    assert "另有 1 个演练案件：oncall list --drills" in plain.output  # Chinese by default
    drills = run(home, "list", "--drills")
    assert drill in drills.output and real not in drills.output
    assert "演练 diary-note" in drills.output


def test_a_drill_export_is_pseudonymous_unless_asked(store: tuple[Path, str, str]) -> None:
    home, _real, drill = store
    redacted = run(home, "export", drill, "--format", "md", "--out", "-")
    assert redacted.exit_code == 0, redacted.output
    assert "林小雨" not in redacted.output and "陈虚构" not in redacted.output
    assert "演练" in redacted.output
    named = run(home, "export", drill, "--format", "md", "--out", "-", "--no-redact")
    assert "林小雨（虚构）" in named.output


def test_rehearse_prints_the_walk_and_records_nothing(tmp_path: Path) -> None:
    home = tmp_path / "store"
    result = run(home, "--lang", "en", "rehearse", "--print")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Rehearsal (no clock, nothing recorded)")
    assert "== Immediate danger ==" in result.output
    assert "[1/" in result.output and "What to say to 120" in result.output
    assert not home.exists()
    bad = run(home, "rehearse", str(tmp_path / "missing.toml"), "--print")
    assert bad.exit_code == 1 and "Traceback" not in bad.output


def test_the_scenario_example_in_playbooks_readme_is_valid(tmp_path: Path) -> None:
    import re

    from oncall.drill import check_scenario_file

    readme = (DRILLS.parent / "README.md").read_text(encoding="utf-8")
    example = next(
        block for block in re.findall(r"```toml\n(.*?)```", readme, re.S) if "[scenario]" in block
    )
    example = example.replace(
        '"../school-crisis.toml"', f'"{DRILLS.parent / "school-crisis.toml"}"'
    )
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    assert check_scenario_file(path) == []


def test_drill_of_an_unknown_scenario_says_which_exist(tmp_path: Path) -> None:
    result = run(tmp_path, "drill", "no-such-drill")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "没有演练场景 'no-such-drill'" in result.output and "rooftop" in result.output
    english = run(tmp_path, "--lang", "en", "drill", "no-such-drill")
    assert "no drill scenario 'no-such-drill'" in english.output
