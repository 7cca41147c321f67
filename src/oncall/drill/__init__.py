"""Drills (演练): scenarios, injects and scoring. No Textual here.

scenario, playbook = load_scenario("playbooks/drills/diary-note.toml")
case = start_run(journal, scenario, playbook, actor="…", players={…})
record_due(journal, case, scenario, playbook, now)       # injects as they fall due
report = run_report(journal, case, scenario, playbook, now)
"""

from oncall.drill.catalog import catalog, drills_dir, find_scenario, scenario_files
from oncall.drill.history import history, run_report
from oncall.drill.loader import check_scenario_file, is_scenario_file, load_scenario
from oncall.drill.run import SCENARIO_FACT, record_due, respond, runs_of, scenario_of, start_run
from oncall.drill.scenario import EventMatch, Guardian, Inject, Response, Scenario, Trigger
from oncall.drill.schedule import Due, due_injects, fired, next_due, next_reply, trigger_time
from oncall.drill.score import DrillReport, InjectResult, RunSummary, score

__all__ = [
    "SCENARIO_FACT",
    "DrillReport",
    "Due",
    "EventMatch",
    "Guardian",
    "Inject",
    "InjectResult",
    "Response",
    "RunSummary",
    "Scenario",
    "Trigger",
    "catalog",
    "check_scenario_file",
    "drills_dir",
    "due_injects",
    "find_scenario",
    "fired",
    "history",
    "is_scenario_file",
    "load_scenario",
    "next_due",
    "next_reply",
    "record_due",
    "respond",
    "run_report",
    "runs_of",
    "scenario_files",
    "scenario_of",
    "score",
    "start_run",
    "trigger_time",
]
