"""Every event of the case, in the order it happened, with who recorded it and when.
Lines wrap (a table would cut long entries at the screen edge); arrows scroll. It opens
inside the case screen, under the status lines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget

from oncall.tui import view
from oncall.tui.base import Plain
from oncall.tui.dialogs import Panel
from oncall.tui.i18n import t


class TimelinePanel(Panel):
    BINDINGS = [Binding("escape", "back", "key.back", id="timeline.back")]

    def __init__(self, case_id: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.id = "timeline"

    def compose(self) -> ComposeResult:
        from oncall.tui.base import OncallScreen

        screen = self.screen
        assert isinstance(screen, OncallScreen)
        oc = screen.oc
        journal = oc.journal
        assert journal is not None
        lang = oc.lang
        yield Plain(f"{t('timeline.title', lang)} · {self.case_id}   Esc", id="timeline-title")
        with VerticalScroll(id="timeline-list"):
            state = view.replay_case(journal, oc.playbook, self.case_id, oc.clock())
            for when, actor, what in view.timeline_rows(state, oc.playbook, lang):
                with Horizontal(classes="timeline-row"):
                    yield Plain(f"{when} {actor}", classes="timeline-meta")
                    yield Plain(what, classes="timeline-what")

    def first_focus(self) -> Widget | None:
        scroll = self.query_one("#timeline-list", VerticalScroll)
        scroll.scroll_end(animate=False)
        return scroll

    def action_back(self) -> None:
        self.finish(None)
