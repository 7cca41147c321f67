"""The shipped default playbook and directory check clean, and the playbook package
never imports the UI."""

from __future__ import annotations

import subprocess
import sys

from oncall.locations import default_directory_path, default_playbook_path
from oncall.playbook import check_directory_file, check_playbook_file


def test_default_playbook_is_valid() -> None:
    problems = check_playbook_file(default_playbook_path())
    assert problems == [], "\n".join(str(p) for p in problems)


def test_default_directory_is_valid() -> None:
    problems = check_directory_file(default_directory_path())
    assert problems == [], "\n".join(str(p) for p in problems)


def test_playbook_package_does_not_import_textual() -> None:
    code = (
        "import sys, oncall.playbook, oncall.commands.playbook; "
        "sys.exit(1 if any(m.split('.')[0] == 'textual' for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
