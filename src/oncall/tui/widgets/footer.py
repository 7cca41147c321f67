"""`KeysFooter`: Textual's footer, rebuilt only when the keys it shows change.

Textual's `Footer` recomposes (a new widget per key, each styled) on every bindings
signal: each focus change, each panel opened or closed, each `refresh_bindings`. A form
submit sends several; rebuilding the footer that many times cost most of a submit. This
one rebuilds at most once per refresh, and only if the shown keys differ."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeysFooter(Footer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: Shown | None = None
        self._pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def _keys(self) -> Shown:
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip or "")
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
