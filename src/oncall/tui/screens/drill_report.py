"""The drill report in the app: a scenario's runs as a table, the chart of its key
intervals over time (plotext), and one run's report — the same document as
`oncall drill report`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer

from oncall.drill import Scenario, history, load_scenario, run_report
from oncall.drill.document import build_report_document
from oncall.export.to_md import render_md
from oncall.playbook.model import Lang
from oncall.tui.base import OncallScreen, Plain


class DrillReportScreen(OncallScreen):
    BINDINGS = [Binding("escape,q", "back", "key.back", id="drill_report.back")]

    def __init__(self, scenario: Scenario, case_id: str | None = None) -> None:
        super().__init__(id="drill-report")
        self.scenario = scenario
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Plain(self.report_text(), id="drill-report-body")
        yield Footer()

    def on_mount(self) -> None:
        from oncall.tui.app import localize_bindings

        localize_bindings(self, self.oc.lang)
        self.refresh_bindings()

    def report_text(self) -> str:
        journal = self.oc.journal
        assert journal is not None
        _, playbook = load_scenario(self.scenario.source)
        now = self.oc.clock()
        runs = history(journal, self.scenario, playbook, now)
        chosen = self.case_id or (runs[-1].case_id if runs else None)
        report = run_report(journal, chosen, self.scenario, playbook, now) if chosen else None
        lang: Lang = "en" if self.oc.lang == "en" else "zh"
        roles = {r.id: r.title for r in playbook.roles}
        document = build_report_document(self.scenario, runs, report, lang, roles)
        return render_md(document).decode("utf-8")

    def action_back(self) -> None:
        self.dismiss(None)
