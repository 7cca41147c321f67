"""One form builder: an entry's form made from its kind's declaration in
`vocabulary.entries` (title, label in the UI language, how to write it, required or
not, the choices of its word list, what it offers by default), the way each declared
type maps to one control. What differs per kind is only what is prefilled from the case
(`case.prefill`) and, where a kind really behaves differently, one small hook of its
own (`registry.HOOKS`), which adjusts the `Draft` before the form opens."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from oncall.tui.dialogs import Field, FieldKind
from oncall.tui.i18n import Lang, t
from oncall.vocabulary.entries import ENTRIES, Entry, EntryField
from oncall.vocabulary.words import word

if TYPE_CHECKING:
    from oncall.tui.entries.host import EntryHost

CONTROL: dict[str, FieldKind] = {
    "text": "text",
    "person": "text",
    "phone": "text",
    "tasks": "text",
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

Choices = tuple[tuple[str, str], ...]
Recorder = Callable[[dict[str, Any], datetime | None], object]


def control(
    declared: EntryField,
    lang: Lang,
    value: Any = None,
    choices: Choices = (),
    *,
    suggested: bool = False,
) -> Field:
    """The control for one declared field. `choices`: for a choice whose values are not
    a word list (a role of the playbook). No value given: the declared default."""
    kind = CONTROL[declared.type]
    label = declared.label.get(lang) + (SEVERAL[lang] if kind == "list" else "")
    if declared.hint is not None:
        label += declared.hint.get(lang)
    if kind == "choice" and not choices:
        wording = [text.get(lang) for text in declared.wording] or [
            word(option, lang) for option in declared.options
        ]
        choices = tuple(zip(declared.options, wording, strict=True))
    if value is None:
        value = declared.default
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return Field(declared.id, label, kind, declared.required, choices, value, suggested)


def when_field(lang: str) -> Field:
    """When it happened (blank = now): the time field of every timed entry."""
    return Field("at", t("dlg.when", lang), kind="time")


@dataclass
class Draft:
    """An entry about to open: its declaration and what the case prefills. A hook may
    change any of it (prefill, add fields, record through a named session call)."""

    kind: str
    entry: Entry
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, Choices] = field(default_factory=dict)
    suggested: set[str] = field(default_factory=set)
    """Fields whose value is the app's suggestion, not an answer (the form opens there)."""
    intro: str = ""
    fields: tuple[EntryField, ...] = ()
    """The declared fields the form shows (the declaration's, unless a hook says)."""
    extra: list[Field] = field(default_factory=list)
    """Fields beyond the declared ones (the next guardian to call)..."""
    extra_after: str | None = None
    """...shown after this declared field (None: after them all)."""
    record_with: Recorder | None = None
    """The hook's own record call, where a named session call adds meaning."""
    when_as: Field | None = None
    """The time field, where a kind says more than "blank = now" (custody's start)."""

    def form(self, lang: Lang) -> list[Field]:
        built = [
            control(
                f,
                lang,
                self.values.get(f.id),
                self.choices.get(f.id, ()),
                suggested=f.id in self.suggested,
            )
            for f in self.fields
        ]
        at = next((n + 1 for n, f in enumerate(built) if f.id == self.extra_after), len(built))
        built[at:at] = self.extra
        return [*built, *([self.when_as or when_field(lang)] if self.entry.timed else [])]


def draft(kind: str, lang: Lang, values: Mapping[str, Any] | None = None) -> Draft:
    entry = ENTRIES[kind]
    return Draft(kind, entry, entry.title.get(lang), dict(values or {}), fields=entry.fields)


def declared_form(
    kind: str,
    lang: Lang,
    values: Mapping[str, Any] | None = None,
    *,
    choices: Mapping[str, Choices] | None = None,
    when: bool = True,
    when_as: Field | None = None,
) -> list[Field]:
    """Every declared field of `kind`, in order, prefilled from `values`; then the time
    it happened (blank = now; `when_as`: a time field of the kind's own) unless `when`
    is False."""
    made = draft(kind, lang, values)
    made.when_as = when_as
    made.choices = dict(choices or {})
    fields = made.form(lang)
    return fields if when or not made.entry.timed else fields[:-1]


def ask_draft(screen: EntryHost, made: Draft) -> None:
    """Show `made` as a form; its answers become one `CaseSession.record_entry` (or the
    hook's `record_with(answers, at)`)."""
    session = screen.session
    assert session is not None
    lang = screen.oc.lang
    when = when_field(lang).id

    def record(answers: dict[str, Any]) -> object:
        at = answers.pop(when, None) if made.entry.timed else None
        if made.record_with is not None:
            return made.record_with(answers, at)
        return session.record_entry(made.kind, answers, at)

    screen.ask(made.title, made.form(lang), record, intro=made.intro)
