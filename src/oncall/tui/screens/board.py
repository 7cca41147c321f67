"""The case board: open cases first (level, time open, custody, most urgent item),
closed cases below. `n` opens a case; `!` opens one straight into immediate danger."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.timer import Timer
from textual.widgets import DataTable, Footer

from oncall.case import LEVEL1_CUSTODY_MINUTES, CaseState
from oncall.case.incremental import CaseReplayers
from oncall.journal import OncallError
from oncall.session import CaseSession
from oncall.tui import view
from oncall.tui.base import OncallScreen, Plain
from oncall.tui.dialogs import Field, FormPanel, present
from oncall.tui.entries.form import control
from oncall.tui.i18n import t
from oncall.tui.messages import CaseChanged, SeatsChanged
from oncall.vocabulary.entries import FACT_FIELDS

READ_ONLY_EVERY = timedelta(seconds=5)
"""How often a read-only watcher looks for events another process recorded."""
MINUTE = timedelta(minutes=1)


def next_change(state: CaseState, now: datetime) -> datetime:
    """The next moment a case's board row can change with time alone: the minute of its
    time open, or of a countdown, turns; a timer or check-in falls due; a level I case
    passes its deadline for custody. Cells show minutes (`view.hm`)."""
    moments = [state.opened_at + MINUTE * ((now - state.opened_at) // MINUTE + 1)]
    for timer in state.timers:
        if timer.running and timer.due_at is not None:
            moments.append(timer.due_at - MINUTE * ((timer.due_at - now) // MINUTE))
            moments.append(timer.due_at)
    if state.custody.next_check_due is not None:
        moments.append(state.custody.next_check_due)
    if state.level_since is not None:
        moments.append(state.level_since + timedelta(minutes=LEVEL1_CUSTODY_MINUTES))
    return min((moment for moment in moments if moment > now), default=now + MINUTE)


class BoardScreen(OncallScreen):
    BINDINGS = [
        Binding("n", "new_case", "key.new", id="board.new"),
        Binding("D", "new_drill", "key.new_drill", id="board.new_drill"),
        Binding("exclamation_mark", "danger", "key.danger", id="board.danger"),
        Binding("enter", "open", "key.open", id="board.open", show=False),
        Binding("d", "export", "key.export", id="board.export"),
        Binding("i", "intervals", "key.intervals", id="board.intervals"),
        Binding("s", "scenarios", "key.scenarios", id="board.scenarios"),
    ]

    def __init__(self) -> None:
        super().__init__(id="board")
        self.replayers: CaseReplayers | None = None
        """Each open case's replayed state, kept between reloads."""
        self._shown: list[view.BoardRow] | None = None
        self._next_reload = datetime.min.replace(tzinfo=UTC)
        """When a row can next change with time alone (a minute, a due time)."""
        self._ticker: Timer | None = None
        self._last_reload = datetime.min.replace(tzinfo=UTC)

    def compose(self) -> ComposeResult:
        lang = self.oc.lang
        yield Plain(t("board.title", lang), id="board-title")
        yield Plain(t("board.empty", lang), id="board-empty")
        table: DataTable[str] = DataTable(id="board-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Plain("", id="board-drills")
        yield Footer(compact=True, show_command_palette=False)  # room for "? 帮助" at 80

    def on_mount(self) -> None:
        from oncall.tui.app import localize_bindings

        localize_bindings(self, self.oc.lang)
        self.refresh_bindings()
        table = self.query_one(DataTable)
        for key in ("col.level", "col.due", "col.custody", "col.elapsed", "col.case"):
            table.add_column(t(key, self.oc.lang), key=key)
        self.reload()
        self._ticker = self.set_interval(1, self.tick)

    def on_case_changed(self, _message: CaseChanged) -> None:
        self.reload()  # another seat recorded (replayed from where each case was)

    def on_seats_changed(self, _message: SeatsChanged) -> None:
        """A seat: who else is on the store, or the server lost, on the title line."""
        lang = self.oc.lang
        parts = [t("board.title", lang), self.oc.seat_note(None), *self.oc.seat_alerts()]
        self.query_one("#board-title", Plain).show(" · ".join(part for part in parts if part))

    def on_screen_resume(self) -> None:
        self.reload()
        self.on_seats_changed(SeatsChanged())
        if self._ticker is not None:
            self._ticker.resume()

    def on_screen_suspend(self) -> None:
        if self._ticker is not None:
            self._ticker.pause()  # nothing under an open case screen: it reloads on resume

    def tick(self) -> None:
        """Every second, but a reload only when a row can have changed: a minute shown
        has passed or a due time has come. This process is the only writer (the store
        is locked), and its own entries reload on return; a read-only watcher of
        another's store also picks up their events every few seconds."""
        now = self.oc.clock()
        if now >= self._next_reload or (
            self.oc.read_only and now >= self._last_reload + READ_ONLY_EVERY
        ):
            self.reload()

    def reload(self) -> None:
        journal = self.oc.journal
        if journal is None:
            return
        now = self.oc.clock()
        self._last_reload = now
        if self.replayers is None or self.replayers.playbook is not self.oc.playbook:
            self.replayers = CaseReplayers(self.oc.playbook)
            view.load_board_passes(journal, self.replayers)
        # the board lists real cases only: drill mode lasts while a drill case is on
        # screen, and its cases are listed on the drills screen (`s`)
        rows = view.board_rows(
            journal, self.oc.playbook, now, self.oc.lang, self.replayers, drill=False
        )
        if self.replayers.changed:  # sealed after the frame: the next unlock reads it
            self.call_after_refresh(view.save_board_passes, journal, self.replayers)
        self._next_reload = min(
            (next_change(state, now) for state in self.replayers.states()),
            default=datetime.max.replace(tzinfo=UTC),
        )
        kept_apart = sum(1 for c in journal.cases() if c.drill)
        others = self.query_one("#board-drills", Plain)
        others.show(t("drill.board_count", self.oc.lang).format(n=kept_apart))
        others.display = bool(kept_apart)
        if rows == self._shown:
            return  # the same rows: nothing to redraw
        self._shown = rows
        table = self.query_one(DataTable)
        selected = None
        if table.row_count and table.cursor_row is not None:
            try:
                selected = table.coordinate_to_cell_key(
                    Coordinate(table.cursor_row, 0)
                ).row_key.value
            except Exception:  # a stale cursor is harmless
                selected = None
        table.clear()
        for row in rows:
            table.add_row(*(Text(cell) for cell in row.cells), key=row.case_id)
        self.query_one("#board-empty").display = not rows
        if selected is not None:
            for index, row in enumerate(rows):
                if row.case_id == selected:
                    table.move_cursor(row=index)

    def _selected_case(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.oc.open_case(str(event.row_key.value))

    def action_open(self) -> None:
        case_id = self._selected_case()
        if case_id is not None:
            self.oc.open_case(case_id)

    def action_export(self) -> None:
        from oncall.tui.exporting import start_export

        case_id = self._selected_case()
        if case_id is not None:
            start_export(self.oc, case_id)

    def action_intervals(self) -> None:
        from oncall.tui.exporting import show_intervals

        case_id = self._selected_case()
        if case_id is not None:
            show_intervals(self.oc, case_id)

    def action_scenarios(self) -> None:
        from oncall.tui.screens.drills import DrillsScreen

        screen = DrillsScreen()

        def closed(_: None) -> None:
            if screen.chosen is not None:
                self.oc.enter_drill(screen.chosen)

        self.app.push_screen(screen, closed)

    # --- new cases ---------------------------------------------------------------------------
    def _case_fields(self) -> list[Field]:
        # the facts' own fields (the `f` entry's), who reported and where first
        fact = {f.id: f for f in FACT_FIELDS}
        asked = ("reporter", "place", "seen", "student_name", "student_class", "student_age")
        known = {"reporter": self.oc.actor}
        required = {"place"}  # a case opens somewhere
        return [
            control(replace(fact[key], required=key in required), self.oc.lang, known.get(key))
            for key in asked
        ]

    def action_new_case(self, drill: bool = False) -> None:
        if self.oc.read_only:
            self.notify(t("case.read_only", self.oc.lang), severity="warning", markup=False)
            return
        title = t("new.drill_title" if drill else "new.title", self.oc.lang)

        def created(values: dict[str, Any] | None) -> None:
            if values is not None:
                self._create(values, drill=drill, danger=False)

        present(
            self.app, FormPanel(title, self._case_fields(), self.oc.lang, self.oc.clock()), created
        )

    def action_new_drill(self) -> None:
        self.action_new_case(drill=True)

    def action_danger(self) -> None:
        """Immediate danger from the board: a case now, details later."""
        if self.oc.read_only:
            self.notify(t("case.read_only", self.oc.lang), severity="warning", markup=False)
            return
        self._create({"reporter": self.oc.actor}, drill=False, danger=True)

    def _create(self, values: dict[str, Any], *, drill: bool, danger: bool) -> None:
        journal = self.oc.journal
        assert journal is not None
        try:
            case_id = CaseSession.open_new(
                journal, self.oc.playbook, self.oc.actor, drill=drill, **values
            ).case_id
        except OncallError as exc:
            self.notify(exc.text(self.oc.lang), severity="error", markup=False)
            return
        self.reload()
        self.oc.open_case(case_id, danger=danger)
