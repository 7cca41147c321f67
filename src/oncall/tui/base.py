"""Typed access to the running `OncallApp` from screens and widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import ModalScreen, Screen

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
