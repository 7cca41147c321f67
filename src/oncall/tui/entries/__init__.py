"""What each key of the case screen does: which dialog to show and which single
`CaseSession` call its answers become, one module per area. The screen keeps the
layout; these keep the entries."""

from oncall.tui.entries.contact import contact
from oncall.tui.entries.custody import custody
from oncall.tui.entries.facts import facts
from oncall.tui.entries.medical import medical
from oncall.tui.entries.report import report
from oncall.tui.entries.steps import (
    change_actor,
    close_case,
    copy,
    danger,
    earlier,
    level,
    note,
    option,
    primary,
    record_kind,
    skip,
    undo,
)

__all__ = [
    "change_actor",
    "close_case",
    "contact",
    "copy",
    "custody",
    "danger",
    "earlier",
    "facts",
    "level",
    "medical",
    "note",
    "option",
    "primary",
    "record_kind",
    "report",
    "skip",
    "undo",
]
