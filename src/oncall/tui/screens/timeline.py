"""Every event of the case, in the order it happened, with who recorded it and when."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from oncall.tui import view
from oncall.tui.base import OncallScreen
from oncall.tui.i18n import t


class TimelineScreen(OncallScreen):
    BINDINGS = [Binding("escape", "back", "key.back", id="timeline.back")]

    def __init__(self, case_id: str) -> None:
        super().__init__(id="timeline")
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        yield Static(f"{t('timeline.title', self.oc.lang)} · {self.case_id}", id="timeline-title")
        table: DataTable[str] = DataTable(id="timeline-table", cursor_type="row")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        from oncall.tui.app import localize_bindings

        localize_bindings(self, self.oc.lang)
        self.refresh_bindings()
        lang = self.oc.lang
        table = self.query_one(DataTable)
        for key in ("col.at", "col.actor", "col.what"):
            table.add_column(t(key, lang), key=key)
        journal = self.oc.journal
        assert journal is not None
        for row in view.timeline_rows(journal.events(self.case_id), self.oc.playbook, lang):
            table.add_row(*row)
        table.move_cursor(row=max(0, table.row_count - 1))
        table.focus()

    def action_back(self) -> None:
        self.dismiss(None)
