"""Copy wording to the clipboard: the system clipboard through pyperclip, or, where
there is none (no xclip/xsel/wl-clipboard, or over SSH), the terminal's OSC 52 plus a
panel showing the text to select by hand. The user is told which happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyperclip  # type: ignore[import-untyped]

from oncall import wording
from oncall.tui import view
from oncall.tui.dialogs import TextPanel, present
from oncall.tui.i18n import t

if TYPE_CHECKING:
    from oncall.tui.entries.host import EntryHost


def system_copy(text: str) -> bool:
    """True if the system clipboard took the text."""
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        return False
    return True


def copy_text(screen: EntryHost, kind: str, include_name: bool) -> None:
    lang = screen.oc.lang
    values = view.wording_values(screen.state, screen.oc, include_name)
    if kind == "parent":
        text = wording.parent_call(screen.state, screen.oc.playbook, values, lang)
    elif kind == "ipass":
        text = wording.ipass_summary(screen.state, screen.oc.playbook, values, lang)
    else:
        text = wording.situation_report(screen.state, screen.oc.playbook, values, lang)
    screen.app.copy_to_clipboard(text)  # also what tests read back (app.clipboard)
    if system_copy(text):
        screen.notify(t("copy.done_system", lang), markup=False)
    else:
        present(screen.app, TextPanel(t("copy.title", lang), t("copy.done_osc52", lang), text))
