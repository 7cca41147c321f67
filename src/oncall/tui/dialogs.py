"""Typed modal dialogs: a declarative form, and a numbered menu.

Every specialised entry (custody, contact, level, medical…) is a `FormDialog` built
from a list of `Field`s, so each is keyboard-only, validated the same way, and
returns plain values that the caller turns into one journal event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from oncall.journal import OncallError
from oncall.tui.base import Plain
from oncall.tui.i18n import Lang, t

FieldKind = Literal["text", "choice", "bool", "time", "number", "list"]


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    """(value, label) for kind == "choice"."""
    value: Any = None


def parse_clock(text: str, now: datetime) -> datetime | None:
    """ "14:02" → today at 14:02 local time (yesterday if that would be in the future)."""
    text = text.strip().replace("：", ":")
    if not text:
        return None
    hours, _, minutes = text.partition(":")
    moment = now.astimezone().replace(
        hour=int(hours), minute=int(minutes or 0), second=0, microsecond=0
    )
    if moment > now + timedelta(minutes=1):
        moment -= timedelta(days=1)
    return moment


def split_names(text: str) -> list[str]:
    for sep in ("，", "、", ";", "；"):
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


class FormDialog(ModalScreen[dict[str, Any] | None]):
    """Fields in a column; Ctrl+S submits, Esc cancels. Returns {field id: value}."""

    AUTO_FOCUS = ".autofocus"  # the first required field still empty, else the first

    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", id="dialog.submit"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
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
        super().__init__(classes="dialog")
        self.title_text = title
        self.fields = fields
        self.lang = lang
        self.now = now
        self.intro = intro
        self.on_submit = on_submit
        """Records the entry; if it refuses (OncallError), the dialog stays open with
        the message, so nothing typed is lost."""

    def _focus_first(self) -> str:
        for field in self.fields:
            empty = field.value in (None, "", [])
            if field.required and field.kind not in ("bool", "choice") and empty:
                return field.id
        return self.fields[0].id if self.fields else ""

    def compose(self) -> ComposeResult:
        focus = self._focus_first()
        with Vertical(id="dialog-box"):
            yield Plain(self.title_text, id="dialog-title")
            if self.intro:
                yield Plain(self.intro, id="dialog-intro")
            with VerticalScroll(id="dialog-fields"):
                for field in self.fields:
                    classes = "autofocus" if field.id == focus else ""
                    if field.kind == "bool":
                        yield Checkbox(
                            field.label, bool(field.value), id=f"f-{field.id}", classes=classes
                        )
                        continue
                    mark = " *" if field.required else ""
                    yield Label(field.label + mark, markup=False)
                    if field.kind == "choice":
                        yield Select(
                            [(label, value) for value, label in field.choices],
                            value=field.value if field.value is not None else field.choices[0][0],
                            allow_blank=False,
                            id=f"f-{field.id}",
                            compact=True,
                            classes=classes,
                        )
                    else:
                        yield Input(
                            value="" if field.value is None else str(field.value),
                            id=f"f-{field.id}",
                            placeholder="HH:MM" if field.kind == "time" else "",
                            compact=True,
                            classes=classes,
                        )
            yield Plain("", id="dialog-error")
            yield Plain(
                f"Ctrl+S {t('key.submit', self.lang)}   Esc {t('key.cancel', self.lang)}",
                id="dialog-keys",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_submit()
        else:
            self.focus_next()

    def _error(self, message: str) -> None:
        self.query_one("#dialog-error", Plain).update(message)

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
            if field.kind == "time":
                try:
                    values[field.id] = parse_clock(text, self.now)
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
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MenuDialog(ModalScreen[str | None]):
    """A numbered list of choices: a digit or Enter picks, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="menu.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Plain(self.title_text, id="dialog-title")
            yield OptionList(
                *[
                    Option(f"{n}  {label}", id=value)
                    for n, (value, label) in enumerate(self.choices, start=1)
                ],
                id="menu",
            )

    def on_key(self, event: Any) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.choices):
                event.stop()
                self.dismiss(self.choices[index][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPanel(ModalScreen[None]):
    """Read-only text the user can select by hand (e.g. when no clipboard is reachable)."""

    BINDINGS = [Binding("escape", "close", "Close", id="panel.close")]

    def __init__(self, title: str, message: str, text: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.message = message
        self.text = text

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        with Vertical(id="dialog-box"):
            yield Plain(self.title_text, id="dialog-title")
            if self.message:
                yield Plain(self.message, id="dialog-intro")
            yield TextArea(self.text, read_only=True, id="panel-text")
            yield Plain("Esc", id="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
