"""The case's facts (student name, class, age, where, what was found, who reported it):
any time with `f`, and when the ▶ step records `case.fact`. Each changed value is one
`case.fact` event; a correction is a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oncall.case import prefill
from oncall.tui.dialogs import Field
from oncall.tui.entries.common import session_of
from oncall.tui.i18n import t

if TYPE_CHECKING:
    from oncall.tui.entries.host import EntryHost

FACTS: tuple[tuple[str, str, str], ...] = (
    ("student_name", "new.student_name", "text"),
    ("student_class", "new.student_class", "text"),
    ("student_age", "new.student_age", "number"),
    ("place", "new.place", "text"),
    ("seen", "new.seen", "text"),
    ("reporter", "new.reporter", "text"),
)


def facts(screen: EntryHost) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    known = {key: prefill.fact(screen.state, key) for key, _, _ in FACTS}
    fields = [
        Field(key, t(label, lang), kind="number" if kind == "number" else "text", value=known[key])
        for key, label, kind in FACTS
    ]

    def record(values: dict[str, Any]) -> Any:
        changed = [
            (key, values[key])
            for key, _, _ in FACTS
            if values[key] not in ("", None) and str(values[key]) != known[key]
        ]
        if not changed:  # nothing new: the step is still done, with what is known
            first = next(((k, v) for k, v in known.items() if v), None)
            changed = [first] if first else [("reporter", screen.oc.actor)]
        return [session.fact(key, value) for key, value in changed]

    screen.ask(t("dlg.facts", lang), fields, record)
