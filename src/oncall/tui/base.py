"""Typed access to the running `OncallApp` from screens and widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

if TYPE_CHECKING:
    from oncall.tui.app import OncallApp


class OncallScreen(Screen[None]):
    """Every screen of the app. In drill mode each one shows the drill banner on top
    (Textual calls this handler as well as a subclass's own `on_mount`)."""

    def on_mount(self) -> None:
        self._drill_banner()

    def on_screen_resume(self) -> None:
        self._drill_banner()

    def _drill_banner(self) -> None:
        if self.oc.drill is None or self.query("#drill-banner"):
            return
        from oncall.tui.widgets.drill_banner import DrillBanner

        self.mount(DrillBanner())

    @property
    def oc(self) -> OncallApp:
        return cast("OncallApp", self.app)

    @property
    def lang(self) -> str:
        return self.oc.lang


class Plain(Static):
    """Static text shown as is: playbook text and what people type may contain square
    brackets ("[name]"), which Rich markup would otherwise swallow."""

    def __init__(self, content: object = "", **kwargs: object) -> None:
        super().__init__(content, markup=False, **kwargs)  # type: ignore[arg-type]
        self._shown: object = content

    def show(self, content: str | Text) -> None:
        """Update only if the text changed: every update costs a layout pass."""
        if content != self._shown:
            self._shown = content
            self.update(content)
