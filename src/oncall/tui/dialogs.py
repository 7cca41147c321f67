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

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from oncall.journal import OncallError
from oncall.tui.base import Plain
from oncall.tui.i18n import Lang, t

FieldKind = Literal["text", "choice", "bool", "time", "eta", "number", "list"]


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    """(value, label) for kind == "choice"."""
    value: Any = None


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


class Tick(Checkbox):
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

    def first_focus(self) -> Widget | None:
        return None

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

        self.call_after_refresh(focus)


@runtime_checkable
class PanelHost(Protocol):
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
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.lang = lang
        self.now = now
        self.intro = intro
        self.on_submit = on_submit
        """Records the entry; if it refuses (OncallError), the form stays open with
        the message, so nothing typed is lost."""

    def _focus_first(self) -> str:
        """The first required field still empty, else the first field."""
        for field in self.fields:
            empty = field.value in (None, "", [])
            if field.required and field.kind not in ("bool", "choice") and empty:
                return field.id
        return self.fields[0].id if self.fields else ""

    def first_focus(self) -> Widget | None:
        focus = self._focus_first()
        return self.query_one(f"#f-{focus}") if focus else None

    def compose(self) -> ComposeResult:
        yield Plain(self.title_text, id="dialog-title")
        if self.intro:
            yield Plain(self.intro, id="dialog-intro")
        with VerticalScroll(id="dialog-fields"):
            for field in self.fields:
                if field.kind == "bool":
                    yield Tick(field.label, bool(field.value), id=f"f-{field.id}")
                    continue
                mark = " *" if field.required else ""
                label = field.label + mark
                if field.kind == "choice" and len(field.choices) <= 6:
                    # every choice and its digit, so nobody has to open the list
                    label += "  " + "  ".join(
                        f"{n} {text}" for n, (_, text) in enumerate(field.choices, start=1)
                    )
                yield Label(label, markup=False)
                if field.kind == "choice":
                    yield Select(
                        [
                            (f"{n} {label}", value)
                            for n, (value, label) in enumerate(field.choices, start=1)
                        ],
                        value=field.value if field.value is not None else field.choices[0][0],
                        allow_blank=False,
                        id=f"f-{field.id}",
                        compact=True,
                    )
                else:
                    yield Input(
                        value="" if field.value is None else str(field.value),
                        id=f"f-{field.id}",
                        placeholder=self._placeholder(field),
                        compact=True,
                    )
        yield Plain("", id="dialog-error")
        yield Plain(
            f"Ctrl+S {t('key.submit', self.lang)}   Esc {t('key.cancel', self.lang)}",
            id="dialog-keys",
        )

    def _placeholder(self, field: Field) -> str:
        if field.kind == "time":
            return t("dlg.time_blank", self.lang)
        if field.kind == "eta":
            return "HH:MM"
        return ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_submit()
        else:
            self.screen.focus_next()

    def _error(self, message: str) -> None:
        self.query_one("#dialog-error", Plain).update(message)

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

    def action_submit(self) -> None:
        values: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#f-{field.id}")
            if isinstance(widget, Checkbox):
                values[field.id] = widget.value
                continue
            if isinstance(widget, Select):
                values[field.id] = widget.value
                continue
            assert isinstance(widget, Input)
            text = widget.value.strip()
            if field.required and not text:
                self._error(f"{field.label}: {t('dlg.required', self.lang)}")
                widget.focus()
                return
            if field.kind in ("time", "eta"):
                try:
                    values[field.id] = parse_clock(text, self.now, future=field.kind == "eta")
                except ValueError:
                    self._error(t("dlg.bad_time", self.lang))
                    widget.focus()
                    return
            elif field.kind == "number":
                try:
                    values[field.id] = int(text) if text else None
                except ValueError:
                    self._error(f"{field.label}: {t('new.age_invalid', self.lang)}")
                    widget.focus()
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
                self._error(text_of(self.lang) if callable(text_of) else exc.message)
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
