"""A drill run in the journal: a drill case (every event flagged `drill`) opened from a
scenario, its injects recorded as they fall due, and typed responses to them.

The case's `case.opened` facts carry the scenario id (so the index finds a scenario's
runs without opening every case); `drill.started` records the scenario's version and
hash, who is at the keyboard and who plays which role.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from oncall.case import CaseState, replay
from oncall.case import kinds as k
from oncall.drill.scenario import Scenario
from oncall.drill.schedule import Due, due_injects, inject_data
from oncall.journal import CaseInfo, Journal
from oncall.journal.journal import SYSTEM_ACTOR
from oncall.playbook.model import Lang, Playbook

SCENARIO_FACT = "scenario"
"""The `case.opened` fact naming the scenario a drill case runs."""


def start_run(
    journal: Journal,
    scenario: Scenario,
    playbook: Playbook,
    *,
    actor: str,
    players: Mapping[str, str],
    lang: Lang = "zh",
    at: datetime | None = None,
) -> str:
    """Open the drill case of one run and record who plays what. Returns its id."""
    student = scenario.student
    facts: dict[str, Any] = {
        "reporter": actor,
        "place": scenario.situation.place.get(lang),
        "seen": scenario.situation.seen.get(lang),
        "student_name": student.name,
        "student_class": student.klass,
        SCENARIO_FACT: scenario.id,
    }
    if student.age is not None:
        facts["student_age"] = student.age
    case_id = journal.new_case(actor=actor, drill=True, playbook=playbook, at=at, **facts)
    opened = journal.events(case_id)[0].at_time
    journal.append(
        case_id,
        k.DRILL_STARTED,
        {
            "scenario": scenario.id,
            "version": scenario.version,
            "hash": scenario.content_hash,
            "title": {"zh": scenario.title.zh, "en": scenario.title.en},
            "at_keyboard": actor,
            "players": {role: name for role, name in players.items() if name},
        },
        actor,
        at=opened,
    )
    return case_id


def record_due(
    journal: Journal, case_id: str, scenario: Scenario, playbook: Playbook, now: datetime
) -> tuple[list[Due], CaseState]:
    """Record every inject due by `now` (each at the time it was due); return them and
    the state they were judged on."""
    state = replay(playbook, journal.events(case_id), now)
    due = due_injects(scenario, state, playbook, now)
    for item in due:
        journal.append(case_id, k.DRILL_INJECT, inject_data(item.inject), SYSTEM_ACTOR, at=item.at)
    return due, state


def respond(
    journal: Journal, case_id: str, inject_id: str, text: str, actor: str, at: datetime | None
) -> None:
    journal.append(case_id, k.DRILL_RESPONSE, {"inject": inject_id, "text": text}, actor, at=at)


def runs_of(journal: Journal, scenario_id: str) -> list[CaseInfo]:
    """The drill cases that ran this scenario, in the order opened."""
    return [
        info
        for info in journal.cases()
        if info.drill and info.facts.get(SCENARIO_FACT) == scenario_id
    ]


def scenario_of(info: CaseInfo) -> str | None:
    value = info.facts.get(SCENARIO_FACT)
    return str(value) if info.drill and value else None
