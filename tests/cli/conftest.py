"""What the CLI tests share: the test passphrase and a file holding it."""

from __future__ import annotations

from pathlib import Path

import pytest

PASSPHRASE = "a long test passphrase"


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path
