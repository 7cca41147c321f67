"""Typed access to the running `OncallApp` from screens and widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

if TYPE_CHECKING:
    from oncall.tui.app import OncallApp


class OncallScreen(Screen[None]):
    @property
    def oc(self) -> OncallApp:
        return cast("OncallApp", self.app)

    @property
    def lang(self) -> str:
        return self.oc.lang


class OncallModal(ModalScreen[None]):
    @property
    def oc(self) -> OncallApp:
        return cast("OncallApp", self.app)


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
