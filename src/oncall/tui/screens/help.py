"""`?`: what the keys of the screen underneath do, and how the journal works."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer

from oncall.tui.base import OncallScreen, Plain
from oncall.tui.i18n import t


def key_label(key: str) -> str:
    names = {
        "question_mark": "?",
        "exclamation_mark": "!",
        "semicolon": ";",
        "space": "Space",
        "enter": "Enter",
        "escape": "Esc",
    }
    return names.get(key, key.replace("ctrl+", "Ctrl+").replace("shift+", "Shift+"))


class HelpScreen(OncallScreen):
    BINDINGS = [
        Binding("escape", "close", "key.back", id="help.close"),
        Binding("question_mark", "close", "key.back", id="help.close2", show=False),
    ]

    def __init__(self, beneath: Screen[Any]) -> None:
        super().__init__(id="help")
        self.beneath = beneath

    def on_mount(self) -> None:
        from oncall.tui.app import localize_bindings

        localize_bindings(self, self.oc.lang)
        self.refresh_bindings()
        self.query_one("#help-scroll").focus()  # arrows and PgUp/PgDn scroll the list

    def compose(self) -> ComposeResult:
        lang = self.oc.lang
        lines = []
        seen: set[str] = set()
        # Only oncall's own keys (ids like "case.note"): Textual's built-in focus/copy
        # keys are not what a teacher needs here, and are not translated.
        for node in (self.beneath, self.app):
            for key, binding in node._bindings:
                if binding.action in seen or not binding.description:
                    continue
                if not binding.id or "." not in binding.id:
                    continue
                seen.add(binding.action)
                lines.append(f"  {key_label(key):<10} {binding.description}")
        with Vertical(id="help-box"):
            yield Plain(t("help.title", lang), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Plain(t("help.intro", lang), classes="help-para")
                yield Plain(t("help.palette", lang), classes="help-para")
                yield Plain(t("help.keys", lang), classes="help-head")
                yield Plain("\n".join(lines), id="help-keys")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
