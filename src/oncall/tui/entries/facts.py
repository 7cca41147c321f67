"""The case's facts (student name, class, age, where, what was found, who reported it):
any time with `f`, and when the ▶ step records `case.fact`. The hook shows one field per
fact (`vocabulary.entries.FACT_FIELDS`), prefilled with what the case knows; each
changed value is one `case.fact` event; a correction is a new one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from oncall.case import prefill
from oncall.tui.entries.common import session_of
from oncall.vocabulary import kinds
from oncall.vocabulary.entries import FACT_FIELDS

if TYPE_CHECKING:
    from oncall.tui.entries.form import Draft
    from oncall.tui.entries.host import EntryHost

REPORTER = "reporter"
"""The fact recorded when nothing is known yet: who is at the keyboard reported it."""


def facts_hook(screen: EntryHost, made: Draft) -> None:
    session = session_of(screen)
    known = {f.id: prefill.fact(screen.state, f.id) for f in FACT_FIELDS}
    made.fields = FACT_FIELDS
    made.values = dict(known)

    def record(values: dict[str, Any], _at: datetime | None) -> object:
        changed = [
            (key, value)
            for key, value in values.items()
            if value not in ("", None) and str(value) != known.get(key)
        ]
        if not changed:  # nothing new: the step is still done, with what is known
            first = next(((k, v) for k, v in known.items() if v), None)
            changed = [first] if first else [(REPORTER, screen.oc.actor)]
        return [
            session.record_entry(kinds.CASE_FACT, {"field": key, "value": value})
            for key, value in changed
        ]

    made.record_with = record
