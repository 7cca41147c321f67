"""What an entry may ask of the screen it opens on: a small typed interface, so the
entries never reach into a screen's private parts (the case screen implements it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel

from oncall.session import CaseSession

if TYPE_CHECKING:
    from oncall.tui.app import OncallApp
    from oncall.tui.dialogs import Field


class EntryHost(Protocol):
    """The case screen as the entries see it."""

    case_id: str
    session: CaseSession | None
    state: Any
    selected: str | None
    shown_step: str | None
    open_on: str | None

    @property
    def ticked(self) -> set[str]:
        """The items of a check step ticked so far (changed only by `OptionToggled`)."""

    @property
    def oc(self) -> OncallApp: ...

    @property
    def app(self) -> App[object]: ...

    def now(self) -> datetime: ...

    def redraw(self) -> None: ...

    def record(self, do: Callable[[], object]) -> bool: ...

    def ask(
        self,
        title: str,
        fields: list[Field],
        then: Callable[[dict[str, Any]], object],
        intro: str = "",
    ) -> None: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def post_message(self, message: Message) -> bool: ...
