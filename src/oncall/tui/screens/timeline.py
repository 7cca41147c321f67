"""Every event of the case, in the order it happened, with who recorded it and when.
Lines wrap (a table would cut long entries at the screen edge); arrows scroll."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer

from oncall.tui import view
from oncall.tui.base import OncallScreen, Plain
from oncall.tui.i18n import t


class TimelineScreen(OncallScreen):
    BINDINGS = [Binding("escape", "back", "key.back", id="timeline.back")]

    def __init__(self, case_id: str) -> None:
        super().__init__(id="timeline")
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        lang = self.oc.lang
        journal = self.oc.journal
        assert journal is not None
        yield Plain(f"{t('timeline.title', lang)} · {self.case_id}", id="timeline-title")
        with VerticalScroll(id="timeline-list"):
            state = view.replay_case(journal, self.oc.playbook, self.case_id, self.oc.clock())
            for when, actor, what in view.timeline_rows(state, self.oc.playbook, lang):
                with Horizontal(classes="timeline-row"):
                    yield Plain(f"{when} {actor}", classes="timeline-meta")
                    yield Plain(what, classes="timeline-what")
        yield Footer()

    def on_mount(self) -> None:
        from oncall.tui.app import localize_bindings

        localize_bindings(self, self.oc.lang)
        self.refresh_bindings()
        scroll = self.query_one("#timeline-list", VerticalScroll)
        scroll.focus()
        scroll.scroll_end(animate=False)

    def action_back(self) -> None:
        self.dismiss(None)
