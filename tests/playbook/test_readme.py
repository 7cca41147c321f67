"""The examples in playbooks/README.md are valid, so the documentation stays true."""

from __future__ import annotations

import re
from pathlib import Path

from oncall.playbook import check_directory_file, check_playbook_file, load_playbook

from .helpers import VALID, Write

README = Path(__file__).parents[2] / "playbooks" / "README.md"


def examples() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_playbook_example_is_valid(write: Write) -> None:
    problems = check_playbook_file(write(examples()[0]))
    assert problems == [], "\n".join(map(str, problems))


def test_directory_example_is_valid(write: Write) -> None:
    example = examples()[-1].replace('"leader"', '"coach"')  # a role of the test playbook
    problems = check_directory_file(write(example, "directory.toml"), load_playbook(VALID))
    assert problems == [], "\n".join(map(str, problems))
