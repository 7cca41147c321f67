"""Forms, menus and text boxes as panels.

Every entry (custody, contact, level, medical…) is a `FormPanel` built from a list of
`Field`s, so each is keyboard-only, validated the same way, and returns plain values
that the caller turns into one journal event. On the case screen a panel opens inside
the screen, below the status lines and the ▶ line, which stay visible under every form;
elsewhere (the board) the same panel is shown in a modal screen. `present` picks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol, runtime_checkable

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Log, OptionList, Select
from textual.widgets.option_list import Option

from oncall.journal import OncallError
from oncall.tui.base import Plain
from oncall.tui.i18n import Lang, t

FieldKind = Literal["text", "choice", "bool", "time", "eta", "number", "list"]

FOCUSED, UNFOCUSED = "▸ ", "  "
"""Before a field's label: where the keys typed now go."""
CLOCK = "HH:MM"
"""How a time is written: said beside every time field."""


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    """(value, label) for kind == "choice"."""
    value: Any = None
    suggested: bool = False
    """`value` is the app's suggestion, not an answer: the form opens on this field
    (the level the rules suggest, which the teacher confirms or overrides)."""


def parse_clock(text: str, now: datetime, *, future: bool = False) -> datetime | None:
    """A typed time in local time. "14:02" is the most recent 14:02 that has passed (or,
    with `future`, for an ETA, the next one to come); "11-23 14:02" or
    "2026-11-23 14:02" names the day too."""
    text = text.strip().replace("：", ":").replace("/", "-").replace("T", " ")
    if not text:
        return None
    local_now = now.astimezone()
    day, _, clock_part = text.rpartition(" ")
    hours, _, minutes = clock_part.partition(":")
    moment = local_now.replace(hour=int(hours), minute=int(minutes or 0), second=0, microsecond=0)
    if day:
        parts = [int(p) for p in day.split("-")]
        if len(parts) == 3:
            moment = moment.replace(year=parts[0], month=parts[1], day=parts[2])
        elif len(parts) == 2:
            moment = moment.replace(month=parts[0], day=parts[1])
        else:
            raise ValueError(text)
        return moment
    if future:
        if moment < local_now - timedelta(minutes=1):
            moment += timedelta(days=1)
    elif moment > local_now + timedelta(minutes=1):
        moment -= timedelta(days=1)
    return moment


def split_names(text: str) -> list[str]:
    for sep in ("，", "、", ";", "；"):
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


class FormField:
    """A form's field. When its form closes it is hidden at once and torn down after the
    frame that shows the screen behind: losing the focus on its way out, it keeps its
    looks (Textual restyles a widget at every focus change, about a millisecond a
    field, here for a frame that no longer shows it)."""

    def watch_has_focus(self, has_focus: bool) -> None:
        assert isinstance(self, Widget)
        if has_focus or not any(isinstance(n, Panel) and n.closed for n in self.ancestors):
            super().watch_has_focus(has_focus)  # type: ignore[misc]


class FieldInput(FormField, Input):
    """A text field of a form."""


class FieldSelect(FormField, Select[Any]):
    """A choice of a form."""


class Tick(FormField, Checkbox):
    """A checkbox that reads without colour: [x] ticked, [ ] not."""

    @property
    def _button(self) -> Content:
        return Content("[x]" if self.value else "[ ]")


class Panel(Vertical):
    """A box that ends with a result. Whoever shows it sets `finish`."""

    DEFAULT_CLASSES = "panel"

    def __init__(self) -> None:
        super().__init__()
        self.finish: Callable[[Any], None] = lambda result: None
        self._held: list[events.Key | events.Paste] = []
        """Keys typed before the panel has drawn and focused its first field."""
        self._key_target: Widget | None = None
        self.closing = False
        """A key that closes it has come (a menu's digit): what is typed after it is
        for what opens next, not for this panel (`hold_for`)."""
        self.spill: list[events.Key | events.Paste] = []
        """Keys typed after the one that closes it, for the panel it opens."""
        self.closed = False
        """It has ended: hidden, and torn down once the screen behind is drawn."""

    def first_focus(self) -> Widget | None:
        return None

    def closes_on(self, event: events.Key) -> bool:
        """Whether this key closes the panel (its binding runs once it has bubbled up,
        after the keys typed behind it have reached the screen)."""
        return False

    def take_key(self, event: events.Key | events.Paste) -> None:
        """A key (or a paste) that reached the screen behind the panel because the
        panel's field had no focus yet: it goes into the panel, in the order typed,
        and never to the screen behind (a fast typist, a paste or an input method
        committing a whole word right after the key that opened the panel)."""
        copy: events.Key | events.Paste = (
            events.Key(event.key, event.character)
            if isinstance(event, events.Key)
            else events.Paste(event.text)
        )
        if self._key_target is None:
            self._held.append(copy)
        else:
            self._key_target.focus(scroll_visible=False)
            self._key_target.post_message(copy)

    def on_mount(self) -> None:
        from oncall.tui.app import localize_bindings

        localize_bindings(self, "en" if getattr(self.app, "lang", "zh") == "en" else "zh")
        self.refocus()

    def refocus(self) -> None:
        def focus() -> None:
            target = self.first_focus()
            if target is not None:
                # scroll only once laid out: early, a field below the first screenful
                # scrolls its own label (and the fields above it) out of sight
                target.focus(scroll_visible=False)
                self.call_after_refresh(target.scroll_visible, animate=False)
                self._key_target = target
                held, self._held = self._held, []
                for event in held:
                    target.post_message(event)

        self.call_after_refresh(focus)


@runtime_checkable
class PanelHost(Protocol):
    panels: list[Panel]
    """Its open panels, newest last."""

    def show_panel(self, panel: Panel, then: Callable[[Any], None] | None) -> None: ...


class PanelScreen(ModalScreen[Any]):
    """A panel on its own, over a screen that has no room for it (the board)."""

    def __init__(self, panel: Panel) -> None:
        super().__init__(classes="dialog")
        self.panel = panel

        def finish(result: Any) -> None:
            self.dismiss(result)

        panel.finish = finish

    def compose(self) -> ComposeResult:
        yield self.panel

    def on_key(self, event: events.Key) -> None:
        hold_for(self.panel, self, event)

    def on_paste(self, event: events.Paste) -> None:
        hold_for(self.panel, self, event)


def hold_for(panel: Panel | None, screen: Screen[Any], event: events.Key | events.Paste) -> None:
    """On a screen showing `panel`: a key that reached the screen itself goes into the
    panel instead. Before a field of the panel has focus the panel holds it; after, a
    printable key (or a paste) reaching the screen is one sent there before the focus
    moved (a text field stops the ones typed into it), so it goes to the field. Other
    keys bubble on: the app checks them against the focused field's bindings."""
    if panel is None:
        return
    focused = screen.focused
    if focused is not None and (focused is panel or panel in focused.ancestors):
        if panel.closing:  # typed right behind the key that closes it: for the next one
            event.stop()
            event.prevent_default()
            panel.spill.append(_copy(event))
            return
        if isinstance(event, events.Key) and panel.closes_on(event):
            panel.closing = True  # on to its binding
            return
        typed = isinstance(event, events.Paste) or event.is_printable
        if typed and isinstance(focused, Input):
            event.stop()
            event.prevent_default()
            focused.post_message(
                events.Paste(event.text)
                if isinstance(event, events.Paste)
                else events.Key(event.key, event.character)
            )
        return
    event.stop()
    event.prevent_default()
    panel.take_key(event)


def _copy(event: events.Key | events.Paste) -> events.Key | events.Paste:
    if isinstance(event, events.Key):
        return events.Key(event.key, event.character)
    return events.Paste(event.text)


def panel_has_keys(app: App[Any]) -> bool:
    """A form, menu or list is open (or opening) in front, or a text field has focus:
    the keys typed are its own."""
    screen = app.screen
    if isinstance(screen, PanelScreen) or isinstance(app.focused, Input):
        return True
    return isinstance(screen, PanelHost) and bool(screen.panels)


def present(app: App[Any], panel: Panel, then: Callable[[Any], None] | None = None) -> None:
    """Show `panel` in the current screen if it can hold one, else in a modal screen;
    `then(result)` runs once it closes."""
    screen = app.screen
    if isinstance(screen, PanelHost):
        screen.show_panel(panel, then)
    else:
        app.push_screen(PanelScreen(panel), then)


class FormPanel(Panel):
    """Fields in a column; Ctrl+S submits, Esc cancels. Ends with {field id: value}."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "key.submit", id="dialog.submit"),
        Binding("escape", "cancel", "key.cancel", id="dialog.cancel"),
        *[
            Binding(str(n), f"choose({n})", show=False, id=f"dialog.choose{n}")
            for n in range(1, 10)
        ],
    ]

    def __init__(
        self,
        title: str,
        fields: list[Field],
        lang: Lang,
        now: datetime,
        intro: str = "",
        on_submit: Callable[[dict[str, Any]], object] | None = None,
        focus: str | None = None,
        earliest: datetime | None = None,
    ) -> None:
        super().__init__()
        self.earliest = earliest
        """When the case opened: no time before it is taken."""
        self.focus_on = focus
        """The field to open on (the time field, for an entry opened with `e`)."""
        self.title_text = title
        self.fields = fields
        self.lang = lang
        self.now = now
        self.intro = intro
        self.on_submit = on_submit
        """Records the entry; if it refuses (OncallError), the form stays open with
        the message, so nothing typed is lost."""

    def _focus_first(self) -> str:
        """The first field the user must fill: the one asked for; else the first
        required field still empty (a choice with no answer among them); else a choice
        whose value is only a suggestion; else the first empty field; else the first.
        Never an already-answered choice: a digit typed there would change the answer."""
        if self.focus_on is not None and any(f.id == self.focus_on for f in self.fields):
            return self.focus_on

        def empty(field: Field) -> bool:
            return field.kind != "bool" and field.value in (None, "", [])

        for field in self.fields:
            if field.required and empty(field):
                return field.id
        for field in self.fields:
            if field.kind == "choice" and field.suggested:
                return field.id
        for field in self.fields:
            if field.kind != "choice" and empty(field):
                return field.id
        return self.fields[0].id if self.fields else ""

    def first_focus(self) -> Widget | None:
        focus = self._focus_first()
        return self.query_one(f"#f-{focus}") if focus else None

    def compose(self) -> ComposeResult:
        yield Plain(self.title_text, id="dialog-title")
        if self.intro:
            yield Plain(self.intro, id="dialog-intro")
        with VerticalScroll(id="dialog-fields", can_focus=False):
            for field in self.fields:
                yield from self._field(field)
                refusal = Plain("", id=f"e-{field.id}", classes="field-error")
                refusal.display = False  # a refused value says why here, under its field
                yield refusal
        yield Plain("", id="dialog-error")
        yield Plain(
            f"Ctrl+S {t('key.submit', self.lang)}   Esc {t('key.cancel', self.lang)}",
            id="dialog-keys",
        )

    def _label(self, field: Field) -> str:
        """A field's label as the form shows it: required or not, how to write a time,
        whether the case filled it in (so a Tab and a key typed there is seen to
        replace something), and a choice's digits."""
        if field.kind == "bool":
            return field.label
        label = field.label
        if field.kind in ("time", "eta") and CLOCK not in label:
            label += f"（{CLOCK}）" if self.lang == "zh" else f" ({CLOCK})"
        label += " *" if field.required else ""
        if field.value not in (None, "", []) and not field.suggested:
            label += t("dlg.prefilled", self.lang)
        if field.kind == "choice" and len(field.choices) <= 6:
            # every choice and its digit, so nobody has to open the list
            label += "  " + "  ".join(
                f"{n} {text}" for n, (_, text) in enumerate(field.choices, start=1)
            )
        return label

    def _field(self, field: Field) -> ComposeResult:
        label = UNFOCUSED + self._label(field)
        if field.kind == "bool":
            yield Tick(label, bool(field.value), id=f"f-{field.id}")
            return
        yield Label(label, markup=False, id=f"l-{field.id}")
        if field.kind == "choice":
            yield FieldSelect(
                [
                    (f"{n} {label}", value)
                    for n, (value, label) in enumerate(field.choices, start=1)
                ],
                # no answer yet: blank, so a choice nobody made is never recorded
                value=field.value if field.value is not None else Select.NULL,
                allow_blank=field.value is None,
                prompt=t("dlg.pick", self.lang),
                id=f"f-{field.id}",
                compact=True,
            )
        else:
            yield FieldInput(
                value="" if field.value is None else str(field.value),
                id=f"f-{field.id}",
                placeholder=self._placeholder(field),
                compact=True,
            )

    def _placeholder(self, field: Field) -> str:
        if field.kind == "time":
            return t("dlg.time_blank", self.lang)
        if field.kind == "eta":
            return "HH:MM"
        return ""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The field with the focus is marked in text (▸), not by colour alone: a screen
        read as text (a capture, a colour-blind eye) still shows where a key will go."""
        focused = next(
            (w for w in (event.widget, *event.widget.ancestors) if (w.id or "").startswith("f-")),
            None,
        )
        for field in self.fields:
            mark = FOCUSED if focused is not None and focused.id == f"f-{field.id}" else UNFOCUSED
            text = mark + self._label(field)
            if field.kind == "bool":
                self.query_one(f"#f-{field.id}", Tick).label = text
            else:
                self.query_one(f"#l-{field.id}", Label).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_submit()
        else:
            self.screen.focus_next()

    def _error(self, message: str, widget: Widget | None = None) -> None:
        """A refusal: said under the field it is about (which takes the focus), else
        at the foot of the form."""
        field_id = (widget.id or "")[2:] if widget is not None else ""
        if widget is not None and field_id:
            line = self.query_one(f"#e-{field_id}", Plain)
            line.update(message)
            line.display = True
            widget.focus()
        else:
            self.query_one("#dialog-error", Plain).show(message)

    def clear_errors(self) -> None:
        self.query_one("#dialog-error", Plain).show("")
        for line in self.query(".field-error"):
            line.display = False

    def action_choose(self, number: int) -> None:
        """A digit on a choice picks its n-th entry and moves on: one key per choice.
        (In a text field the digit is typed: the field takes it first.)"""
        focused = self.screen.focused
        if not isinstance(focused, Select):
            return
        field_id = (focused.id or "")[2:]
        field = next((f for f in self.fields if f.id == field_id), None)
        if field is not None and 1 <= number <= len(field.choices):
            focused.value = field.choices[number - 1][0]
            self.screen.focus_next()

    def _refused_time(self, moment: datetime | None, expected: bool) -> str:
        """Why a typed time cannot be when this happened (empty: it can). A time before
        the case opened, or still to come (except an expected arrival), is refused."""
        if moment is None:
            return ""
        shown = moment.astimezone().strftime("%m-%d %H:%M")
        if not expected and moment > self.now + timedelta(minutes=1):
            return t("dlg.time_future", self.lang).format(time=shown)
        if self.earliest is not None and moment < self.earliest.replace(second=0, microsecond=0):
            opened = self.earliest.astimezone().strftime("%m-%d %H:%M")
            return t("dlg.time_before_open", self.lang).format(time=shown, opened=opened)
        return ""

    def action_submit(self) -> None:
        self.clear_errors()
        values: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#f-{field.id}")
            if isinstance(widget, Checkbox):
                values[field.id] = widget.value
                continue
            if isinstance(widget, Select):
                if widget.is_blank():
                    if field.required:
                        self._error(f"{field.label}: {t('dlg.required', self.lang)}", widget)
                        return
                    values[field.id] = None
                    continue
                values[field.id] = widget.value
                continue
            assert isinstance(widget, Input)
            text = widget.value.strip()
            if field.required and not text:
                self._error(f"{field.label}: {t('dlg.required', self.lang)}", widget)
                return
            if field.kind in ("time", "eta"):
                try:
                    moment = parse_clock(text, self.now, future=field.kind == "eta")
                except ValueError:
                    self._error(t("dlg.bad_time", self.lang), widget)
                    return
                refusal = self._refused_time(moment, field.kind == "eta")
                if refusal:
                    self._error(refusal, widget)
                    return
                values[field.id] = moment
            elif field.kind == "number":
                try:
                    values[field.id] = int(text) if text else None
                except ValueError:
                    self._error(f"{field.label}: {t('new.age_invalid', self.lang)}", widget)
                    return
            elif field.kind == "list":
                values[field.id] = split_names(text)
            else:
                values[field.id] = text
        if self.on_submit is not None:
            try:
                self.on_submit(values)
            except OncallError as exc:
                text_of = getattr(exc, "text", None)
                about = getattr(exc, "field", None)
                at_field = self.query(f"#f-{about}") if about else None
                self._error(
                    text_of(self.lang) if callable(text_of) else exc.message,
                    at_field.first() if at_field else None,
                )
                return
        self.finish(values)

    def action_cancel(self) -> None:
        self.finish(None)


class MenuPanel(Panel):
    """A numbered list of choices: a digit or Enter picks, Esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="menu.cancel"),
        *[Binding(str(n), f"pick({n})", show=False, id=f"menu.pick{n}") for n in range(1, 10)],
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        yield Plain(self.title_text, id="dialog-title")
        yield OptionList(
            *[
                Option(f"{n}  {label}", id=value)
                for n, (value, label) in enumerate(self.choices, start=1)
            ],
            id="menu",
        )

    def first_focus(self) -> Widget | None:
        return self.query_one(OptionList)

    def closes_on(self, event: events.Key) -> bool:
        return event.key.isdigit() and 1 <= int(event.key) <= min(len(self.choices), 9)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self.finish(self.choices[number - 1][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.finish(event.option.id)

    def action_cancel(self) -> None:
        self.finish(None)


class TextPanel(Panel):
    """Read-only text the user can scroll or select by hand (e.g. when no clipboard is
    reachable, or the key intervals). Esc closes."""

    BINDINGS = [Binding("escape", "close", "key.back", id="panel.close")]

    def __init__(self, title: str, message: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.text = text

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        yield Plain(self.title_text, id="dialog-title")
        if self.message:
            yield Plain(self.message, id="dialog-intro")
        yield TextArea(self.text, read_only=True, id="panel-text")
        yield Plain("Esc", id="dialog-keys")

    def first_focus(self) -> Widget | None:
        return self.query_one("#panel-text")

    def action_close(self) -> None:
        self.finish(None)


class LinesPanel(TextPanel):
    """Read-only lines of any number (a long case's key intervals list every custody
    handover): only the lines on screen are drawn (`WrappedLines`), so a case of 50,000
    events opens as fast as one of 1,000. Scroll with the keys; select with the mouse."""

    def compose(self) -> ComposeResult:
        yield Plain(self.title_text, id="dialog-title")
        if self.message:
            yield Plain(self.message, id="dialog-intro")
        yield WrappedLines(self.text.split("\n"), self.app.size.width - 4, id="panel-text")
        yield Plain("Esc", id="dialog-keys")


class WrappedLines(Log):
    """A `Log` of fixed lines, each too long for the width wrapped (a `TextArea` wraps
    every line, several times while it is laid out). `width`: the first guess, before
    the widget has its size (the panel spans the screen, inside its border)."""

    DEFAULT_CSS = """
    WrappedLines { border: tall $border-blurred; }
    WrappedLines:focus { border: tall $border; }
    """

    def __init__(self, lines: list[str], width: int, *, id: str) -> None:
        super().__init__(auto_scroll=False, id=id)
        self.source = lines
        self.wrapped_at = 0
        self._wrap(width)

    def _wrap(self, width: int) -> None:
        from rich.cells import cell_len
        from rich.text import Text

        if width <= 0 or width == self.wrapped_at:
            return
        self.wrapped_at = width
        lines: list[str] = []
        for line in self.source:
            if cell_len(line) <= width:
                lines.append(line)
            else:
                lines.extend(part.plain for part in Text(line).wrap(self.app.console, width))
        self.clear()
        self.write_lines(lines)

    def on_resize(self) -> None:
        self._wrap(self.scrollable_content_region.width)
