"""A scenario's runs in one store, and the report of one run against the runs before it."""

from __future__ import annotations

from datetime import datetime

from oncall.case import replay
from oncall.drill.run import runs_of
from oncall.drill.scenario import Scenario
from oncall.drill.score import DrillReport, RunSummary, judge_injects, score, summary
from oncall.export.intervals import intervals_of
from oncall.journal import Journal
from oncall.playbook.model import Playbook


def history(
    journal: Journal, scenario: Scenario, playbook: Playbook, now: datetime
) -> list[RunSummary]:
    """Every run of the scenario, oldest first (a damaged case is left out)."""
    found = []
    for info in runs_of(journal, scenario.id):
        if journal.case_problem(info.id) is not None:
            continue
        state = replay(playbook, journal.events(info.id), now)
        measured = intervals_of(state, playbook)
        found.append(summary(state, playbook, measured, judge_injects(scenario, state, playbook)))
    return sorted(found, key=lambda run: run.started_at)


def run_report(
    journal: Journal, case_id: str, scenario: Scenario, playbook: Playbook, now: datetime
) -> DrillReport:
    """The report of one run, compared with the runs that started before it."""
    state = replay(playbook, journal.events(case_id), now)
    earlier = [
        run
        for run in history(journal, scenario, playbook, now)
        if run.case_id != case_id and run.started_at <= state.opened_at
    ]
    return score(scenario, playbook, state, earlier)
