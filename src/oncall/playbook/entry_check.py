"""Whether an event kind's entry records a field, and can hold a value there: the one
check behind a step's `records` preset (the playbook checker) and a drill scenario's
`on_event`/`respond.by` match (the scenario checker)."""

from __future__ import annotations

from typing import Literal

from oncall.playbook.problems import suggest
from oncall.vocabulary.entries import ENTRIES, entry_field


def entry_problem(
    kind: str, field: str, value: object
) -> tuple[Literal["field", "value"], str] | None:
    """(the key at fault, what is wrong), or None when `kind`'s entry has `field` and
    `value` is one it can hold. A kind with no entry of its own is the caller's to judge."""
    spec = entry_field(kind, field)
    fields = [f.id for f in ENTRIES.get(kind, ())]
    if spec is None:
        return "field", (
            f"{kind} has no field {field!r}{suggest(field, fields)} "
            f"(its fields: {', '.join(fields)})"
        )
    if spec.options and value not in spec.options:
        hint = suggest(value, spec.options) if isinstance(value, str) else ""
        return "value", (
            f"{value!r} is not a {kind} {field}{hint} (one of: {', '.join(spec.options)})"
        )
    if spec.type == "yes_no" and not isinstance(value, bool):
        return "value", f"{kind} {field} is true or false, not {value!r}"
    if spec.type == "number" and (isinstance(value, bool) or not isinstance(value, int)):
        return "value", f"{kind} {field} is a whole number, not {value!r}"
    return None
