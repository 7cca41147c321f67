"""Which injects are due: a pure function of the scenario, the case state and `now`.

    for due in due_injects(scenario, state, playbook, now):
        journal.append(case, DRILL_INJECT, inject_data(due.inject), SYSTEM, at=due.at)

An inject's time is fixed by what happened: `at_minutes` after the drill started, or
`delay_minutes` after its step was reached (became the next thing to do) or done, or
after its event first happened. An inject fires
once: the `drill.inject` events already in the case say which have. The clock is an
argument, so a test moves it and sees injects arrive with no real waiting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from oncall.case import CaseState
from oncall.case import kinds as k
from oncall.case.incremental import CaseReplayer
from oncall.drill.scenario import Inject, Scenario
from oncall.journal.event import Event
from oncall.playbook.model import Playbook

DONE = ("done", "answered")


@dataclass(frozen=True, slots=True)
class Due:
    inject: Inject
    at: datetime
    """When it was due (the inject is recorded at this time, even if noticed later)."""


def started_at(state: CaseState) -> datetime:
    """The drill's T+0: its `drill.started` event, else the opening."""
    for event in state.events:
        if event.kind == k.DRILL_STARTED:
            return event.at_time
    return state.opened_at


def trigger_time(inject: Inject, state: CaseState, playbook: Playbook) -> datetime | None:
    """When the inject falls due, or None while its step or event has not happened."""
    trigger = inject.trigger
    delay = timedelta(minutes=trigger.minutes)
    if trigger.kind == "time":
        return started_at(state) + delay
    if trigger.kind == "step":
        if trigger.moment == "reached":
            reached = reached_at(state, playbook, trigger.step)
            return None if reached is None else reached + delay
        step = state.steps.get(trigger.step)
        if step is None or step.status not in DONE or step.at is None:
            return None
        return step.at + delay
    match = trigger.event
    if match is None:
        return None
    for event in state.events:
        if match.matches(event.kind, event.data):
            return event.at_time + delay
    return None


def reached_at(state: CaseState, playbook: Playbook, step_id: str) -> datetime | None:
    """When the step first became the next thing to do (or was done, skipped or
    answered without ever being next): the time of the event after which it was."""
    step = state.steps.get(step_id)
    if step is None:
        return None
    if state.current_step != step_id and step.status in ("pending", "not_applicable"):
        return None  # not reached yet (the usual answer, found without replaying)
    replayer = CaseReplayer(playbook)
    for event in state.events:
        moment = event.at_time
        now = replayer.update([event], moment)
        seen = now.steps.get(step_id)
        if now.current_step == step_id or (
            seen is not None and seen.status not in ("pending", "not_applicable")
        ):
            return moment
    return None


def fired(state: CaseState) -> Mapping[str, Event]:
    """Inject id -> the `drill.inject` event that recorded it (the first one)."""
    found: dict[str, Event] = {}
    for event in state.events:
        if event.kind == k.DRILL_INJECT:
            found.setdefault(str(event.data.get("inject", "")), event)
    return found


def due_injects(
    scenario: Scenario, state: CaseState, playbook: Playbook, now: datetime
) -> list[Due]:
    """Injects whose time has come (at or before `now`) and that have not fired yet,
    earliest first. Nothing is due once the case is closed."""
    if state.closed:
        return []
    done = fired(state)
    due = []
    for inject in scenario.injects:
        if inject.id in done:
            continue
        at = trigger_time(inject, state, playbook)
        if at is not None and at <= now:
            due.append(Due(inject, at))
    return sorted(due, key=lambda d: d.at)


def next_due(
    scenario: Scenario, state: CaseState, playbook: Playbook, now: datetime
) -> datetime | None:
    """The earliest time after `now` at which an inject known so far falls due."""
    done = fired(state)
    times = [
        at
        for inject in scenario.injects
        if inject.id not in done
        and (at := trigger_time(inject, state, playbook)) is not None
        and at > now
    ]
    return min(times, default=None)


def inject_data(inject: Inject) -> dict[str, Any]:
    """The data of the `drill.inject` event that records an inject."""
    return {
        "inject": inject.id,
        "text": {"zh": inject.text.zh, "en": inject.text.en},
        "from": inject.source,
        "respond_minutes": inject.respond.within_minutes if inject.respond else None,
    }


def next_reply(scenario: Scenario, state: CaseState, guardian_id: str) -> tuple[int, str]:
    """(the number of the next call to this guardian, its scripted outcome): the cast's
    reply, so a drill plays the same way every time."""
    guardian = scenario.guardian(guardian_id)
    calls = sum(
        1
        for event in state.events
        if event.kind == k.CONTACT_ATTEMPT
        and (event.data.get("target") == guardian.name or event.data.get("phone") == guardian.phone)
    )
    return calls + 1, guardian.reply(calls + 1)
