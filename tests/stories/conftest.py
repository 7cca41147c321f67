"""Stories are played through the real app (Pilot, 80x24): the TUI tests' fixtures."""

from __future__ import annotations

from tui.conftest import (  # noqa: F401  (fixtures, found by name)
    clock,
    fixed_case_ids,
    home,
    no_system_clipboard,
    shanghai_time,
)
