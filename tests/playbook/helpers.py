"""Paths of the invented fixtures, and the type of the `write` fixture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid.toml"
DIRECTORY = FIXTURES / "directory.toml"

Write = Callable[..., Path]
