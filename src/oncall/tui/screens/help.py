"""`?`: what the keys of the screen underneath do, and how the journal works. On the
case screen it opens inside the screen, under the status lines; on the board, alone."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget

from oncall.tui.base import Plain
from oncall.tui.dialogs import Panel
from oncall.tui.i18n import Lang, t
from oncall.tui.textual_private import bindings_of


def key_label(key: str) -> str:
    names = {
        "question_mark": "?",
        "exclamation_mark": "!",
        "semicolon": ";",
        "space": "Space",
        "enter": "Enter",
        "escape": "Esc",
        "down": "↓",
        "up": "↑",
    }
    return names.get(key, key.replace("ctrl+", "Ctrl+").replace("shift+", "Shift+"))


class HelpPanel(Panel):
    BINDINGS = [
        Binding("escape", "close", "key.back", id="help.close"),
        Binding("question_mark", "close", "key.back", id="help.close2", show=False),
    ]

    def __init__(self, beneath: Screen[Any], lang: Lang) -> None:
        super().__init__()
        self.id = "help"
        self.beneath = beneath
        self.lang = lang

    def first_focus(self) -> Widget | None:
        return self.query_one("#help-scroll")  # arrows and PgUp/PgDn scroll the list

    def compose(self) -> ComposeResult:
        lang = self.lang
        lines = []
        seen: set[str] = set()
        # Only oncall's own keys (ids like "case.note"): Textual's built-in focus/copy
        # keys are not what a teacher needs here, and are not translated.
        for node in (self.beneath, self.beneath.app):
            for key, binding in bindings_of(node):
                if binding.action in seen or not binding.description:
                    continue
                if not binding.id or "." not in binding.id:
                    continue
                seen.add(binding.action)
                lines.append(f"  {key_label(key):<10} {binding.description}")
        yield Plain(f"{t('help.title', lang)}   Esc", id="help-title")
        with VerticalScroll(id="help-scroll"):
            yield Plain(t("help.intro", lang), classes="help-para")
            yield Plain(t("help.palette", lang), classes="help-para")
            yield Plain(t("help.keys", lang), classes="help-head")
            yield Plain("\n".join(lines), id="help-keys")

    def action_close(self) -> None:
        self.finish(None)
