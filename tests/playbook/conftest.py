"""Fixtures for playbook tests: an invented valid playbook and directory, and a helper
that writes a variant of one to a temporary file."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import VALID, Write


@pytest.fixture
def valid_text() -> str:
    return VALID.read_text(encoding="utf-8")


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """write(text, name="playbook.toml") -> path of a new file holding `text`."""
    counter = iter(range(1_000_000))

    def _write(text: str | bytes, name: str | None = None) -> Path:
        path = tmp_path / (name or f"playbook-{next(counter)}.toml")
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write
