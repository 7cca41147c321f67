"""Every use of Textual's private API, in one place, so a Textual upgrade is checked
here alone (pinned: Textual 8.2.8).

- a node's bindings map (`_bindings.key_to_bindings`): descriptions shown in the
  interface language, and the drill keys added and taken away at run time;
- the crash handler (`_handle_exception` and the fields it sets): a crash says only
  what failed and where, never a traceback with local variables that can hold a
  student's details;
- the footer's key widget (`textual.widgets._footer.FooterKey`, not exported): the
  case screen's footer builds its keys once per set and shows a set again as built;
- `Screen.focused` redeclared on the case screen without `repaint` (Textual's repaints
  the whole screen at each focus change; its watcher `_watch_focused` is kept);
- `Widget.watch_has_focus` extended by a form's fields (`dialogs.FormField`): a field
  of a form that has closed skips the restyle Textual does when it loses the focus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets._footer import FooterKey

__all__ = ["FooterKey"]

ReturnType = TypeVar("ReturnType")


def rewrite_bindings(node: DOMNode, rewrite: Callable[[Binding], Binding]) -> None:
    """Replace every binding of the node by `rewrite(binding)` (Textual reads the
    footer's descriptions from this map)."""
    bindings = node._bindings
    bindings.key_to_bindings = {
        key: [rewrite(b) for b in group] for key, group in bindings.key_to_bindings.items()
    }


def bindings_of(node: DOMNode) -> list[tuple[str, Binding]]:
    """The node's own bindings as (key, binding), in declaration order."""
    return list(node._bindings)


def add_bindings(node: DOMNode, added: Iterable[Binding]) -> None:
    for binding in added:
        node._bindings.key_to_bindings.setdefault(binding.key, []).append(binding)


def remove_bindings(node: DOMNode, removed: Iterable[Binding]) -> None:
    """Take away the bindings of these keys to these actions."""
    key_to_bindings = node._bindings.key_to_bindings
    for binding in removed:
        kept = [b for b in key_to_bindings.get(binding.key, []) if b.action != binding.action]
        if kept:
            key_to_bindings[binding.key] = kept
        else:
            key_to_bindings.pop(binding.key, None)


class QuietCrashApp(App[ReturnType]):
    """An app whose crash report is `crash_text(error)` alone (Textual's own report shows
    a traceback with local variables)."""

    def crash_text(self, error: Exception) -> str:
        raise NotImplementedError

    def _handle_exception(self, error: Exception) -> None:
        self._return_code = 1
        if self._exception is None:  # Pilot re-raises the first error for tests
            self._exception = error
            self._exception_event.set()
        self.bell()
        self._exit_renderables.append(Text(self.crash_text(error)))
        self._close_messages_no_wait()
