"""The shipped default playbook and directory check clean, and the playbook package
never imports the UI."""

from __future__ import annotations

from oncall.locations import default_directory_path, default_playbook_path
from oncall.playbook import check_directory_file, check_playbook_file


def test_default_playbook_is_valid() -> None:
    problems = check_playbook_file(default_playbook_path())
    assert problems == [], "\n".join(str(p) for p in problems)


def test_default_directory_is_valid() -> None:
    problems = check_directory_file(default_directory_path())
    assert problems == [], "\n".join(str(p) for p in problems)

