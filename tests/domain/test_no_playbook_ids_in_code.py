"""The playbook is the contract: no step id or timer id of the shipped playbook appears
as a string literal in `src/` (docstrings and event kinds aside). Rename a step and
nothing in the code silently stops working: the code reads what the playbook declares."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from oncall.vocabulary.kinds import ALL_KINDS

ROOT = Path(__file__).resolve().parents[2]


def ids_of(playbook: Path) -> set[str]:
    data = tomllib.loads(playbook.read_text(encoding="utf-8"))
    ids = {timer["id"] for timer in data.get("timers", [])}
    for phase in data.get("phases", []):
        ids |= {step["id"] for step in phase.get("steps", [])}
    return ids


def literals(source: Path | ast.Module, skip: set[int] | None = None) -> list[tuple[int, str]]:
    """String constants but docstrings (and the nodes whose ids are in `skip`)."""
    tree = source if isinstance(source, ast.Module) else ast.parse(source.read_text("utf-8"))
    docs = set(skip or ())
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docs.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def test_no_step_or_timer_id_of_the_shipped_playbook_is_written_in_the_code() -> None:
    # a step may share its name with an event kind (custody.checkin): kinds are vocabulary
    ids = ids_of(ROOT / "playbooks" / "school-crisis.toml") - ALL_KINDS
    assert len(ids) > 40  # the playbook was read
    hits = [
        f"{path.relative_to(ROOT)}:{line} {value}"
        for path in sorted((ROOT / "src" / "oncall").rglob("*.py"))
        for line, value in literals(path)
        if value in ids
    ]
    assert hits == []


def test_the_check_finds_a_literal_when_there_is_one(tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text('"""danger.call120 in a docstring is fine."""\nSTEP = "danger.call120"\n')
    assert literals(source) == [(2, "danger.call120")]


def kind_literals(source: Path) -> list[tuple[int, str]]:
    """Event kinds written as strings ("medical.called"), not as the vocabulary's names;
    the message ids given to `t(...)` aside (a message may be named like a kind)."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    message_ids = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
        for inner in (ast.walk(node.args[0]) if node.args else ())
    }
    dotted = {kind for kind in ALL_KINDS if "." in kind}
    return [(line, value) for line, value in literals(tree, skip=message_ids) if value in dotted]


def outside_the_vocabulary() -> list[Path]:
    """Every source file of `src/` but the vocabulary's (which names the kinds) and the
    TUI's message table (ids, some named like a kind)."""
    src = ROOT / "src" / "oncall"
    return [
        path
        for path in sorted(src.rglob("*.py"))
        if path.relative_to(src).parts[0] != "vocabulary" and path.name != "i18n.py"
    ]


def test_no_event_kind_is_written_as_a_string_anywhere_in_src() -> None:
    """Code names kinds through `oncall.vocabulary.kinds` (issue 16, item 8: the entry
    registry had 19 literals; the archive and export looked up "case.closed")."""
    hits = [
        f"{path.relative_to(ROOT)}:{line} {value}"
        for path in outside_the_vocabulary()
        for line, value in kind_literals(path)
    ]
    assert hits == []


def interval_ids_compared(source: Path, ids: set[str]) -> list[tuple[int, str]]:
    """`x.id == "custody"`, `i.id in ("a", "b")`: an interval picked by its id."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        if not any(isinstance(side, ast.Attribute) and side.attr == "id" for side in sides):
            continue
        for side in sides:
            for inner in ast.walk(side):
                if isinstance(inner, ast.Constant) and inner.value in ids:
                    hits.append((inner.lineno, str(inner.value)))
    return hits


def test_no_interval_is_picked_by_its_id_anywhere_in_src() -> None:
    """The playbook names its intervals; the code asks what an interval measures
    (`measure = "coverage"`) or which milestone it ends at, never its id (the export
    tested `interval.id == "custody"` and looked up "report_written")."""
    data = tomllib.loads((ROOT / "playbooks" / "school-crisis.toml").read_text("utf-8"))
    # `level` is also a name of the condition language (`level == "I"`), which the
    # playbook package parses (`ast.Name.id == "level"`): not an interval picked by id
    ids = {interval["id"] for interval in data["intervals"]} - {"level"}
    assert {"custody", "report_written"} <= ids
    hits = [
        f"{path.relative_to(ROOT)}:{line} {value}"
        for path in outside_the_vocabulary()
        for line, value in interval_ids_compared(path, ids)
    ]
    assert hits == []


def test_the_interval_check_finds_a_comparison(tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text('late = interval.id == "custody"\nlevel = "level"\n')
    assert interval_ids_compared(source, {"custody", "level"}) == [(1, "custody")]


def test_the_kind_check_finds_a_kind_literal(tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text('KIND = "medical.called"\nMSG = t("case.closed", lang)\n')
    assert kind_literals(source) == [(1, "medical.called")]


def vocabulary_names() -> set[str]:
    """The names the vocabulary itself declares (a field id, a word of a list, a menu
    key): such a string in code names that, not the playbook's role or interval that
    happens to share it (the `guardian` field of the accompanying, the `level` field)."""
    from typing import get_args

    from oncall.vocabulary.entries import ENTRIES, FACT_FIELDS, MenuKey
    from oncall.vocabulary.words import ALL_WORDS

    fields = {f.id for entry in ENTRIES.values() for f in entry} | {f.id for f in FACT_FIELDS}
    return fields | set(ALL_WORDS) | set(get_args(MenuKey))


def playbook_names() -> set[str]:
    """Every role id, timer role and interval id of the shipped playbook, and every timer
    role a playbook can give (`vocabulary.timer_roles`)."""
    from oncall.vocabulary.timer_roles import TIMER_ROLES

    data = tomllib.loads((ROOT / "playbooks" / "school-crisis.toml").read_text("utf-8"))
    roles = set(data["roles"])
    timer_roles = {timer["role"] for timer in data["timers"] if "role" in timer}
    intervals = {interval["id"] for interval in data["intervals"]}
    assert {"leader", "guardian"} <= roles and "check_in" in timer_roles
    return roles | timer_roles | set(TIMER_ROLES) | intervals


def test_no_role_timer_role_or_interval_id_is_written_as_a_string_in_src() -> None:
    """Issue 16, item 8: the code reads roles from the playbook (`receives_reports`),
    timer roles through `vocabulary.timer_roles`, intervals by what they measure; a
    role id written as "leader" or a timer role as "check_in" silently stops working
    when a school's playbook names them otherwise."""
    names = playbook_names() - vocabulary_names()
    assert {"leader", "counselor", "check_in", "custody_clock", "report_written"} <= names
    hits = [
        f"{path.relative_to(ROOT)}:{line} {value}"
        for path in outside_the_vocabulary()
        for line, value in literals(path)
        if value in names
    ]
    assert hits == []


def test_the_name_check_finds_a_role_and_a_timer_role(tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text('TO = "leader"\nCLOCK = "check_in"\nFIELD = "guardian"\n')
    names = playbook_names() - vocabulary_names()
    assert [(line, value) for line, value in literals(source) if value in names] == [
        (1, "leader"),
        (2, "check_in"),
    ]
