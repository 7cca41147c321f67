"""`KeysFooter`: Textual's footer, its keys built once per set of keys shown.

Textual's `Footer` recomposes (a new widget per key, each styled) on every bindings
signal: each focus change, each panel opened or closed, each `refresh_bindings`. A form
submit sends several, and rebuilding the keys cost most of a submit. This one looks at
the shown keys once per burst of signals, as soon as the signals are handled: a set of
keys it has shown before (the case screen's, back after every form) is shown again as
built, in the same frame (the frame that shows a form closed names the case screen's
keys, not the form's for one more frame); a set it has not is built after that frame,
once, and kept (the last few sets)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widgets import Footer

from oncall.tui.textual_private import FooterKey

Shown = tuple[tuple[str, str, str, bool, str], ...]

KEPT_SETS = 8
"""Key sets kept built: the case screen's, and those of the forms opened lately."""


class KeySet(HorizontalGroup):
    """The keys of one set of bindings, in a row."""

    DEFAULT_CSS = "KeySet { width: auto; height: 1; }"


class KeysFooter(Footer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: Shown | None = None
        self._pending = False
        self._sets: dict[Shown, KeySet] = {}

    def compose(self) -> Any:
        return iter(())  # the keys are mounted by set, in `_show_keys`

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_later(self._show_keys)

    def _shown_bindings(self) -> list[tuple[Binding, bool, str]]:
        return [
            (binding, enabled, tooltip or "")
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ]

    def _build(self, bindings: list[tuple[Binding, bool, str]]) -> KeySet:
        """What `Footer.compose` yields for bindings without groups (one key per action)."""
        keys: list[FooterKey] = []
        actions: set[str] = set()
        for binding, enabled, tooltip in bindings:
            if binding.action in actions:
                continue
            actions.add(binding.action)
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            )
            key.compact = self.compact
            keys.append(key)
        return KeySet(*keys)

    def _wanted(self) -> tuple[Shown, list[tuple[Binding, bool, str]]]:
        bindings = self._shown_bindings()
        keys: Shown = tuple(
            (b.key, b.description, b.action, enabled, tooltip) for b, enabled, tooltip in bindings
        )
        return keys, bindings

    async def _show_keys(self) -> None:
        """A set shown before is shown again at once, in the frame being drawn; a set
        not seen before is built after that frame, so building it never delays what a
        key shows (the answer, the ▶ line)."""
        self._pending = False
        if not self.is_attached:
            return
        keys, _bindings = self._wanted()
        if keys == self._shown:
            return
        if keys in self._sets:
            await self._swap(keys, self._sets.pop(keys))
        else:
            self.call_after_refresh(self._build_keys)

    async def _build_keys(self) -> None:
        if not self.is_attached:
            return
        keys, bindings = self._wanted()
        if keys == self._shown:
            return
        shown = self._sets.pop(keys, None)
        if shown is None:
            shown = self._build(bindings)
            await self.mount(shown)
        await self._swap(keys, shown)

    async def _swap(self, keys: Shown, shown: KeySet) -> None:
        self._shown = keys
        self._sets[keys] = shown  # newest last
        for kept in self._sets.values():
            kept.display = kept is shown
        while len(self._sets) > KEPT_SETS:
            oldest = next(iter(self._sets))
            await self._sets.pop(oldest).remove()
