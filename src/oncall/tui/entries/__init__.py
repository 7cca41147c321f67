"""What each key of the case screen does: which form to show (made from its kind's
declaration, `form` and `registry`) and which single `CaseSession` call its answers
become. The screen keeps the layout; these keep the entries."""

from oncall.tui.entries.registry import contact, custody, facts, medical, report
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
