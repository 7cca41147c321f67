"""Keys on the shown step and from anywhere on the case screen: done, answer, earlier
time, skip, note, immediate danger, level, copy, undo, who is at the keyboard, close."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from oncall.playbook.model import LEVELS, DoneBy
from oncall.tui import clipboard, view
from oncall.tui.dialogs import Field, FieldKind, FormPanel, MenuPanel, present
from oncall.tui.entries.common import menu, session_of
from oncall.tui.entries.form import Draft, control, when_field
from oncall.tui.i18n import Lang, t
from oncall.tui.messages import OptionToggled
from oncall.vocabulary import kinds
from oncall.vocabulary.entries import ACTOR_NAME, REASON


def reason_field(lang: Lang) -> Field:
    """Why (a skip, an undo, closing the case): required."""
    return control(REASON, lang)


FORM_FIELD_KINDS: dict[str, FieldKind] = {"number": "number", "time": "time", "appointment": "eta"}
"""A playbook form field's type → the kind of input it gets (others: text). An
appointment is a time to come, so HH:MM means the next such time and it is never
refused as "not yet"."""

if TYPE_CHECKING:
    from oncall.tui.entries.host import EntryHost


def primary(screen: EntryHost, step_id: str | None) -> None:
    """Space/Enter: finish the shown step the way its kind asks."""
    if step_id is None:
        return
    playbook = screen.oc.playbook
    step = playbook.step(step_id)
    session = session_of(screen)
    link = view.special_entry(step)
    from oncall.tui.entries.registry import entry_for  # the registry imports this module

    entry = entry_for(link.kind) if link is not None else None
    if link is not None and entry is not None:
        entry(screen, link)
        return
    if step.kind == "check" and screen.ticked:
        screen.record(lambda: session.answer(step_id, sorted(screen.ticked)))
    elif step.kind == "check":
        blank_check(screen, step_id)
    elif step.kind == "form":
        fields = [
            Field(
                f.id,
                f.label.get(screen.oc.lang),
                kind=FORM_FIELD_KINDS.get(f.type, "text"),
                required=f.required,
            )
            for f in step.fields
        ]

        def answered(values: dict[str, Any]) -> Any:
            clean = {
                key: (value.isoformat() if isinstance(value, datetime) else value)
                for key, value in values.items()
                if value not in ("", None)
            }
            return session.answer(step_id, clean)

        screen.ask(step.title.get(screen.oc.lang), fields, answered)
    elif step.kind in ("question", "choice"):
        screen.notify(t("case.options_hint", screen.oc.lang), markup=False)
    else:
        screen.record(lambda: session.done(step_id))


def record_kind(screen: EntryHost, kind: str) -> None:
    """Space while ▶ is an entry rather than a step (the overdue check-in): its form,
    the same one its menu opens."""
    from oncall.tui.entries.registry import entry_for  # the registry imports this module

    entry = entry_for(kind)
    if entry is not None:
        entry(screen, DoneBy(kind))


def blank_check(screen: EntryHost, step_id: str) -> None:
    """Nothing ticked: "none of these" or "not known" are different facts, so it asks
    (Enter or 1: none). Not known is recorded as not answered: skipped, with that reason."""
    lang = screen.oc.lang
    session = session_of(screen)

    def chosen(choice: str) -> None:
        if choice == "none":
            screen.record(lambda: session.answer(step_id, []))
        else:
            screen.record(lambda: session.skip(step_id, t("case.check_unknown_reason", lang)))

    choices = [("none", t("case.check_none", lang)), ("unknown", t("case.check_unknown", lang))]
    title = screen.oc.playbook.step(step_id).title.get(lang)
    menu(screen, f"{title} {t('case.check_nothing_ticked', lang)}", choices, chosen)


def option(screen: EntryHost, step_id: str | None, number: int) -> None:
    if step_id is None:
        return
    step = screen.oc.playbook.step(step_id)
    if not 1 <= number <= len(step.options):
        return
    chosen = step.options[number - 1].id
    if step.kind == "check":
        screen.post_message(OptionToggled(step_id, chosen))
    elif step.kind in ("question", "choice"):
        session = session_of(screen)
        screen.record(lambda: session.answer(step_id, chosen))


def earlier(screen: EntryHost, step_id: str | None) -> None:
    """Record the shown step as done at an earlier time ("called 120 at 14:02"). A step
    that records its own event opens that entry (it has a time field): the same fact is
    the same event whichever way it is entered."""
    if step_id is None:
        return
    step = screen.oc.playbook.step(step_id)
    link = view.special_entry(step)
    from oncall.tui.entries.registry import entry_for  # the registry imports this module

    if step.kind in ("question", "choice", "check", "form") or (
        link is not None and entry_for(link.kind) is not None
    ):
        screen.open_on = when_field(screen.oc.lang).id  # `e` is about when: the time first
        primary(screen, step_id)
        screen.open_on = None
        return
    lang = screen.oc.lang
    session = session_of(screen)
    # blank = now, so not marked required
    field = when_field(lang)
    screen.ask(step.title.get(lang), [field], lambda v: session.done(step_id, at=v["at"]))


def skip(screen: EntryHost, step_id: str | None) -> None:
    if step_id is None:
        return
    lang = screen.oc.lang
    session = session_of(screen)
    step = screen.oc.playbook.step(step_id)
    screen.ask(
        f"{t('dlg.skip', lang)}: {step.title.get(lang)}",
        [reason_field(lang)],
        lambda v: session.skip(step_id, v["reason"]),
    )


def note(screen: EntryHost) -> None:
    from oncall.tui.entries.registry import open_entry  # the registry imports this module

    open_entry(screen, kinds.NOTE)


def danger(screen: EntryHost) -> None:
    """Immediate danger: jump to the danger phase, and record that the path was taken."""
    session = session_of(screen)
    if not screen.state.danger.declared and not screen.oc.read_only:
        screen.record(lambda: session.declare_danger([]))
    screen.selected = screen.state.danger.step
    screen.redraw()


def level(screen: EntryHost) -> None:
    from oncall.tui.entries.registry import open_entry  # the registry imports this module

    open_entry(screen, kinds.LEVEL_CONFIRMED)


def level_hook(screen: EntryHost, made: Draft) -> None:
    """The level the rules suggest, and why, is offered (a suggestion: the form opens
    on it); the record keeps the suggestion beside the level chosen."""
    lang = screen.oc.lang
    session = session_of(screen)
    suggested, drivers, because = view.suggestion(screen.state, lang)
    titles = view.level_titles(screen.oc.playbook, lang)
    intro = f"{t('case.suggested', lang)}: {titles.get(suggested or '', t('level.none', lang))}"
    if because:
        intro += "\n" + "\n".join(f"  · {line}" for line in because)
    made.intro = intro
    made.choices["level"] = tuple((lv, titles[lv]) for lv in LEVELS)
    made.values.setdefault("level", suggested)
    made.suggested.add("level")
    made.values.setdefault("assessors", screen.oc.actor)
    made.record_with = lambda v, at: session.confirm_level(
        v["level"],
        suggested=suggested,
        drivers=drivers,
        assessors=v["assessors"] or [],
        reason=v["reason"] or "",
        at=at,
    )


def copy(screen: EntryHost) -> None:
    lang = screen.oc.lang
    choices = [
        ("parent", t("copy.parent", lang)),
        ("ipass", t("copy.ipass", lang)),
        ("sitrep", t("copy.sitrep", lang)),
    ]

    def chosen(kind: str) -> None:
        def with_name(values: dict[str, Any] | None) -> None:
            if values is not None:
                clipboard.copy_text(screen, kind, bool(values["include_name"]))

        present(
            screen.app,
            FormPanel(
                dict(choices)[kind],
                [Field("include_name", t("copy.include_name", lang), kind="bool")],
                lang,
                screen.now(),
            ),
            with_name,
        )

    present(
        screen.app, MenuPanel(t("copy.title", lang), choices), lambda c: chosen(c) if c else None
    )


def undo(screen: EntryHost) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    target = session.last_undoable()
    if target is None:
        screen.notify(t("dlg.nothing_to_undo", lang), markup=False)
        return
    what = view.describe_event(target, screen.oc.playbook, lang)
    screen.ask(
        t("dlg.undo", lang),
        [reason_field(lang)],
        lambda v: session.correct(target.id, v["reason"], None),
        intro=f"{t('dlg.undo_what', lang)}: {what}",
    )


def change_actor(screen: EntryHost) -> None:
    lang = screen.oc.lang
    session = session_of(screen)

    def changed(v: dict[str, Any]) -> Any:
        event = session.change_actor(v["name"])
        screen.oc.actor = session.actor
        journal = screen.oc.journal
        if journal is not None:
            journal.remember_operator(session.actor)
        return event

    screen.ask(t("dlg.actor", lang), [control(ACTOR_NAME, lang)], changed)


def close_case(screen: EntryHost) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    screen.ask(
        t("dlg.close", lang),
        [reason_field(lang)],
        lambda v: session.close(v["reason"]),
    )
