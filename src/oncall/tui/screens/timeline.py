"""Every event of the case, in the order it happened, with who recorded it and when.

A table draws only the rows in sight, so a case of any length opens without a widget
per event; the row under the cursor is shown whole, wrapped, below it (a long entry
is cut at the table's edge). The rows are described in a worker thread and added in
batches, so warnings, clocks and keys stay alive while a long case loads. It opens
inside the case screen, under the status lines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable
from textual.worker import get_current_worker

from oncall.tui import view
from oncall.tui.base import Plain
from oncall.tui.dialogs import Panel
from oncall.tui.i18n import t

BATCH = 500
"""Rows added per turn of the event loop: each batch is a few ms of the main thread."""

Row = tuple[str, str, str]


class TimelinePanel(Panel):
    BINDINGS = [Binding("escape", "back", "key.back", id="timeline.back")]

    def __init__(self, case_id: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.id = "timeline"
        self.loaded = False
        """Every row is in the table (the worker has finished)."""
        self._whats: list[str] = []

    def compose(self) -> ComposeResult:
        lang = self._oc().lang
        yield Plain(f"{t('timeline.title', lang)} · {self.case_id}   Esc", id="timeline-title")
        table: DataTable[str] = DataTable(id="timeline-list", cursor_type="row")
        table.add_column(t("timeline.when", lang), key="when")
        table.add_column(t("timeline.who", lang), key="who")
        table.add_column(t("timeline.what", lang), key="what")
        yield table
        yield Plain("", id="timeline-detail")

    def _oc(self) -> Any:
        from oncall.tui.base import OncallScreen

        screen = self.screen
        assert isinstance(screen, OncallScreen)
        return screen.oc

    def on_mount(self) -> None:
        super().on_mount()
        oc = self._oc()
        state = getattr(self.screen, "state", None)
        if state is None or getattr(state, "case", None) != self.case_id:
            # not the case screen's own case (the journal is read on this thread only)
            state = view.replay_case(oc.journal, oc.playbook, self.case_id, oc.clock())
        self._fill(oc, state)

    @work(thread=True, exclusive=True, group="timeline")
    def _fill(self, oc: Any, state: Any) -> None:
        """Describe the rows here, off the main thread (the state is immutable); add
        them there, a batch a turn."""
        worker = get_current_worker()
        for batch in _batches(view.timeline_rows(state, oc.playbook, oc.lang)):
            if worker.is_cancelled or not self.is_attached:
                return  # closed while loading
            self.app.call_from_thread(self._add, batch)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._done)

    def _add(self, rows: list[Row]) -> None:
        if not self.is_attached:
            return
        self._whats.extend(what for _when, _who, what in rows)
        self.query_one(DataTable).add_rows(rows)

    def _done(self) -> None:
        if not self.is_attached:
            return
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=table.row_count - 1, animate=False)
            # once laid out: the horizontal scrollbar (long rows) takes a line of height
            table.call_after_refresh(table.scroll_end, animate=False)
        self.loaded = True

    def on_data_table_row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        row = message.cursor_row
        if 0 <= row < len(self._whats):
            self.query_one("#timeline-detail", Plain).show(self._whats[row])

    def first_focus(self) -> Widget | None:
        return self.query_one(DataTable)

    def action_back(self) -> None:
        self.finish(None)


def _batches(rows: list[Row]) -> Iterator[list[Row]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]
