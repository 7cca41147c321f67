"""Check any file the `oncall playbook check` command is given: playbook or directory."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from oncall.playbook.directory import check_directory_file, is_directory
from oncall.playbook.loader import check_playbook_file
from oncall.playbook.model import Playbook
from oncall.playbook.problems import Problem

FileKind = Literal["playbook", "directory"]


def file_kind(path: str | Path) -> FileKind:
    """ "directory" for a school directory ([school] table or directory.toml), else
    "playbook". Never raises."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except Exception:
        data = None
    return "directory" if is_directory(data, path) else "playbook"


def check_file(
    path: str | Path, playbook: Playbook | None = None
) -> tuple[FileKind, list[Problem]]:
    """(what the file is, its problems). Never raises."""
    kind = file_kind(path)
    if kind == "directory":
        return kind, check_directory_file(path, playbook)
    return kind, check_playbook_file(path)
