"""Every event of the case, in the order it happened, with who recorded it and when.

The rows are described and measured in a worker thread, then handed at once to an
`EventTable`, which draws only the lines in sight: a case of any length opens in about
the time its rows take to describe, and warnings, clocks and keys stay alive meanwhile.
The row under the cursor is shown whole, wrapped, below it (a long entry is cut at the
table's edge). It opens inside the case screen, under the status lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.worker import get_current_worker

from oncall.describe import Describer
from oncall.tui import view
from oncall.tui.base import Plain
from oncall.tui.dialogs import Panel
from oncall.tui.i18n import t
from oncall.tui.widgets.event_table import EventTable, Row, measure


class TimelinePanel(Panel):
    BINDINGS = [Binding("escape", "back", "key.back", id="timeline.back")]

    def __init__(self, case_id: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.id = "timeline"
        self.loaded = False
        """Every row is in the table (the worker has finished)."""
        self.events: list[Any] = []
        """The event of each row, in the rows' order (for the detail under the table)."""

    def compose(self) -> ComposeResult:
        lang = self._oc().lang
        yield Plain(f"{t('timeline.title', lang)} · {self.case_id}   Esc", id="timeline-title")
        header = (t("timeline.when", lang), t("timeline.who", lang), t("timeline.what", lang))
        yield EventTable(header, id="timeline-list")
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
        self._fill(oc, state, self.query_one(EventTable).header)

    # described here: unnamed, Textual would describe the worker by repr() of its
    # arguments, on the main thread, and the repr of a 50k-event state takes a second
    @work(thread=True, exclusive=True, group="timeline", description="timeline rows")
    def _fill(self, oc: Any, state: Any, header: Row) -> None:
        """Describe and measure the rows here, off the main thread (the state is
        immutable); hand them over there in one call that costs no more for more rows."""
        worker = get_current_worker()
        rows: Sequence[Row] = view.timeline_rows(state, oc.playbook, oc.lang)
        events = [row.event for row in state.timeline()]  # the rows' events, in order
        widths = measure(rows, header)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, rows, widths, events)

    def _show(self, rows: Sequence[Row], widths: tuple[int, ...], events: list[Any]) -> None:
        if not self.is_attached:
            return  # closed while loading
        self.events = events
        self.query_one(EventTable).set_rows(rows, widths)
        self.loaded = True

    def on_event_table_highlighted(self, message: EventTable.Highlighted) -> None:
        """The row whole, and under it every field its entry recorded, with its label
        (the family decision's note, who decided): nothing typed is out of sight."""
        if message.row < message.table.row_count:  # not emptied by closing meanwhile
            what = message.table.row(message.row)[2]
            if message.row < len(self.events):
                oc = self._oc()
                fields = Describer(oc.playbook, oc.lang).details(self.events[message.row])
                colon = "：" if oc.lang == "zh" else ": "
                shown = ("；" if oc.lang == "zh" else "; ").join(
                    f"{label}{colon}{value}" for label, value in fields
                )
                what += f"\n{shown}" if shown else ""
            self.query_one("#timeline-detail", Plain).show(what)

    def first_focus(self) -> Widget | None:
        return self.query_one(EventTable)

    def action_back(self) -> None:
        self.finish(None)
