"""One form builder: an entry's form made from its kind's declaration in
`vocabulary.entries` (label in the UI language, required or not, the choices of its
word list), the way each declared type maps to one control. What differs per kind is
only what is prefilled from the case (`case.prefill`) and, where a kind really
behaves differently, a small hook of its own."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from oncall.tui.dialogs import Field, FieldKind
from oncall.tui.entries.common import session_of, when_field
from oncall.tui.i18n import Lang
from oncall.vocabulary.entries import ENTRIES, EntryField
from oncall.vocabulary.words import word

if TYPE_CHECKING:
    from oncall.tui.entries.host import EntryHost

CONTROL: dict[str, FieldKind] = {
    "text": "text",
    "person": "text",
    "phone": "text",
    "people": "list",
    "checklist": "list",
    "time": "eta",  # a time a field declares is one to come (an expected arrival)
    "choice": "choice",
    "yes_no": "bool",
    "number": "number",
}
"""Declared field type → the control that takes it."""

SEVERAL = {"zh": "（逗号分隔）", "en": " (comma-separated)"}
"""Said after the label of a field that takes several names."""


def control(
    declared: EntryField,
    lang: Lang,
    value: Any = None,
    choices: tuple[tuple[str, str], ...] = (),
) -> Field:
    """The control for one declared field. `choices`: for a choice whose values are not
    a word list (a role of the playbook)."""
    kind = CONTROL[declared.type]
    label = declared.label.get(lang) + (SEVERAL[lang] if kind == "list" else "")
    if kind == "choice" and not choices:
        wording = [text.get(lang) for text in declared.wording] or [
            word(option, lang) for option in declared.options
        ]
        choices = tuple(zip(declared.options, wording, strict=True))
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return Field(declared.id, label, kind, declared.required, choices, value)


def declared_form(
    kind: str,
    lang: Lang,
    values: Mapping[str, Any] | None = None,
    *,
    choices: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
    when: bool = True,
) -> list[Field]:
    """Every declared field of `kind`, in order, prefilled from `values`; then the time
    it happened (blank = now) unless `when` is False."""
    values = values or {}
    fields = [
        control(f, lang, values.get(f.id), (choices or {}).get(f.id, ())) for f in ENTRIES[kind]
    ]
    return [*fields, when_field(lang)] if when else fields


def declared_entry(
    screen: EntryHost,
    kind: str,
    title: str,
    values: Mapping[str, Any] | None = None,
    *,
    choices: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
    when: bool = True,
    record_with: Callable[[dict[str, Any], datetime | None], object] | None = None,
) -> None:
    """Ask for an entry of `kind` and record it through `CaseSession.record_entry`, or
    through `record_with(answers, at)`: the hook of a kind whose named session call adds
    meaning (who made the call). `when=False`: no time field (recorded now)."""
    session = session_of(screen)
    lang = screen.oc.lang
    roles = tuple((role.id, role.title.get(lang)) for role in screen.oc.playbook.roles)
    # a choice that declares no word list is a choice among the playbook's roles
    choices = {
        f.id: roles for f in ENTRIES[kind] if f.type == "choice" and not f.options
    } | dict(choices or {})
    fields = declared_form(kind, lang, values, choices=choices, when=when)

    def record(answers: dict[str, Any]) -> object:
        at = answers.pop(when_field(lang).id, None)
        if record_with is not None:
            return record_with(answers, at)
        return session.record_entry(kind, answers, at)

    screen.ask(title, fields, record)
