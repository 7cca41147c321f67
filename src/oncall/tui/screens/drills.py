"""Drill scenarios and drill cases, from the board (`s`): start a scenario (Enter), see
its history report (`h`), open a drill case (Enter in the lower table). Drill cases
live here, never on the board of real cases."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer

from oncall.drill import catalog, runs_of, scenario_of
from oncall.tui.base import OncallScreen, Plain
from oncall.tui.i18n import t


class DrillsScreen(OncallScreen):
    BINDINGS = [
        Binding("h", "history", "key.history", id="drills.history"),
        Binding("escape", "back", "key.back", id="drills.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="drills")
        self.paths: dict[str, Path] = {}
        self.chosen: Path | None = None
        """The scenario to start once this screen is gone."""

    def compose(self) -> ComposeResult:
        lang = self.oc.lang
        yield Plain(t("drill.scenarios_title", lang), classes="drills-heading")
        yield DataTable(id="drill-scenarios", cursor_type="row")
        yield Plain(t("drill.board_title", lang), classes="drills-heading")
        yield DataTable(id="drill-cases", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        from oncall.tui.app import localize_bindings

        localize_bindings(self, self.oc.lang)
        self.refresh_bindings()
        lang = self.oc.lang
        scenarios = self.query_one("#drill-scenarios", DataTable)
        for key in ("col.scenario", "col.runs", "col.last_run"):
            scenarios.add_column(t(key, lang), key=key)
        cases = self.query_one("#drill-cases", DataTable)
        for key in ("col.case", "col.scenario", "col.state"):
            cases.add_column(t(key, lang), key=key)
        self.reload()
        scenarios.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        journal = self.oc.journal
        if journal is None:
            return
        lang = self.oc.lang
        scenarios = self.query_one("#drill-scenarios", DataTable)
        scenarios.clear()
        for path, scenario, problems in catalog():
            if scenario is None:
                scenarios.add_row(Text(f"{path.stem} ⚠ {problems}"), Text("-"), Text("-"))
                continue
            self.paths[scenario.id] = path
            runs = runs_of(journal, scenario.id)
            last = runs[-1].opened_at[:16].replace("T", " ") if runs else "-"
            scenarios.add_row(
                Text(f"{scenario.id}  {scenario.title.get(lang)}"),
                Text(str(len(runs))),
                Text(last),
                key=scenario.id,
            )
        cases = self.query_one("#drill-cases", DataTable)
        cases.clear()
        for info in reversed([c for c in journal.cases() if c.drill]):
            state = t("board.closed", lang) if info.closed_at else ""
            cases.add_row(
                Text(info.id),
                Text(scenario_of(info) or "-"),
                Text(state),
                key=info.id,
            )

    def _selected(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return None if key is None else str(key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is None:
            return
        if event.data_table.id == "drill-cases":
            self.oc.open_case(str(key))
        else:
            self.start(str(key))

    def start(self, scenario_id: str) -> None:
        from oncall.drill import load_scenario

        path = self.paths.get(scenario_id)
        if path is None:
            return
        _, playbook = load_scenario(path)
        if playbook.content_hash != self.oc.playbook.content_hash:
            self.notify(
                t("drill.wrong_playbook", self.oc.lang).format(id=scenario_id),
                severity="warning",
                markup=False,
            )
            return
        self.chosen = path
        self.dismiss(None)  # the board then starts the drill (see BoardScreen)

    def action_history(self) -> None:
        from oncall.drill import load_scenario
        from oncall.tui.screens.drill_report import DrillReportScreen

        scenario_id = self._selected("#drill-scenarios")
        if scenario_id is None or scenario_id not in self.paths:
            return
        scenario, _ = load_scenario(self.paths[scenario_id])
        self.app.push_screen(DrillReportScreen(scenario))

    def action_back(self) -> None:
        self.dismiss(None)
