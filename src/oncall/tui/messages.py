"""Messages between the entries and the screens (dataclass messages, as toolong's
`messages.py`): an entry or the drill runner says what happened; the screen that shows
it decides how to redraw."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OptionToggled(Message):
    """A digit on a check step ticked or unticked one of its items (not yet recorded:
    Enter records the ticked set)."""

    step_id: str
    option: str


@dataclass
class CaseChanged(Message):
    """Something outside the case screen (a drill inject falling due) changed what the
    case shows."""

    case_id: str


@dataclass
class SeatsChanged(Message):
    """A seat of `oncall serve`: who else is on the store changed, or the link to the
    server was lost or is back."""
