"""`oncall playbook check`: validate playbooks and the school directory."""

from __future__ import annotations

from pathlib import Path

import click

from oncall.commands.language import say, tr
from oncall.playbook import (
    Playbook,
    PlaybookError,
    Problem,
    check_directory_file,
    check_playbook_file,
    load_playbook,
)
from oncall.playbook.check import file_kind
from oncall.playbook.problems import errors

KINDS_ZH = {"playbook": "预案", "directory": "通讯录", "scenario": "演练场景"}


@click.group()
def playbook() -> None:
    """预案与学校通讯录 /
    Playbooks and the school directory (for the people who edit them)."""


@playbook.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """检查预案、通讯录和演练场景文件 /
    Check playbook and directory FILES; with none, the default ones.

    Prints one line per problem (file:line:col: where: message), then a summary.
    Exit status 1 if any file has a problem, else 0. A directory's role ids are checked
    against the first playbook given that loads, else the default playbook. Drill
    scenarios (a [scenario] table) are checked against the playbook they name; with no
    FILES, every scenario in playbooks/drills/ is checked too.
    """
    from oncall.drill import check_scenario_file, is_scenario_file, scenario_files
    from oncall.locations import default_directory_path, default_playbook_path

    paths = list(files) or [default_playbook_path(), default_directory_path(), *scenario_files()]
    kinds: dict[Path, str] = {
        path: "scenario" if is_scenario_file(path) else file_kind(path) for path in paths
    }
    roles_from = _first_loading([p for p in paths if kinds[p] == "playbook"])
    problems: list[Problem] = []
    bad_files = 0
    for path in paths:
        if kinds[path] == "directory":
            found = check_directory_file(path, roles_from)
        elif kinds[path] == "scenario":
            found = check_scenario_file(path)
        else:
            found = check_playbook_file(path)
        for problem in found:
            click.echo(str(problem))
        found = errors(found)
        if found:
            bad_files += 1
            problems.extend(found)
        else:
            kind = kinds[path]
            note = _note(path, kind, roles_from)
            say(
                f"{path}：没有问题（{KINDS_ZH.get(kind, kind)}）{note}",
                f"{path}: ok ({kind}){note}",
            )
    n, files_ = len(problems), len(paths)
    if problems:
        say(
            f"{files_} 个文件中有 {bad_files} 个有问题，共 {n} 个问题",
            f"{n} problem{'s' if n != 1 else ''} in {bad_files} of {files_} "
            f"file{'s' if files_ != 1 else ''}",
        )
        raise SystemExit(1)
    say(f"全部 {files_} 个文件都没有问题", f"all {files_} file{'s' if files_ != 1 else ''} ok")


def _first_loading(paths: list[Path]) -> Playbook | None:
    for path in paths:
        try:
            return load_playbook(path)
        except PlaybookError:
            continue
    return None


def _note(path: Path, kind: str, roles_from: Playbook | None) -> str:
    if kind != "directory":
        return ""
    from oncall.playbook import load_directory

    try:
        directory = load_directory(path, roles_from)
    except PlaybookError:
        return ""
    if directory.placeholder:
        return tr(
            "；placeholder = true：示例内容，正式使用前请替换",
            "; placeholder = true: made-up content, replace it before real use",
        )
    return ""
