"""What every entry shares: the session, a numbered menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from oncall.session import CaseSession
from oncall.tui.dialogs import MenuPanel, present
from oncall.tui.i18n import t

if TYPE_CHECKING:
    from oncall.tui.entries.host import EntryHost


def session_of(screen: EntryHost) -> CaseSession:
    assert screen.session is not None
    return screen.session


def menu(
    screen: EntryHost, title: str, choices: list[tuple[str, str]], then: Callable[[str], None]
) -> None:
    if screen.oc.read_only:
        screen.notify(t("case.read_only", screen.oc.lang), severity="warning", markup=False)
        return

    def picked(choice: str | None) -> None:
        if choice is not None:
            then(choice)

    present(screen.app, MenuPanel(title, choices), picked)
