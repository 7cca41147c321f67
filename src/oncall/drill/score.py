"""The drill report: how one run of a scenario went, judged against the playbook.

- each declared interval met or missed against its target, by
  `oncall.export.intervals.intervals_of` (the one implementation the debrief uses);
- steps skipped, with their reasons;
- injects handled (a response within its time), handled late, or missed;
- custody gaps;
- the slowest step: the done step with the longest time since the action before it;
- the school's previous runs of the same scenario, interval by interval.

Pure: the same scenario, playbook, states and `now` give the same report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from oncall.case import CaseState, Gap
from oncall.case import kinds as k
from oncall.drill.scenario import NO_TEXT, EventMatch, Scenario
from oncall.drill.schedule import DONE, fired, started_at
from oncall.export.intervals import Interval, intervals_of
from oncall.playbook.model import Playbook, Text

InjectStatus = Literal["handled", "late", "missed", "pending", "not_reached", "info"]
INJECT_STATUSES: tuple[InjectStatus, ...] = (
    "handled",
    "late",
    "missed",
    "pending",
    "not_reached",
    "info",
)


@dataclass(frozen=True, slots=True)
class InjectResult:
    id: str
    text: Text
    status: InjectStatus
    """handled: a response within its time; late: after it; missed: none and the time
    is past (or the drill ended); pending: the time is still running; not_reached: it
    never fired (its step or event did not happen); info: it asks for no response."""
    fired_at: datetime | None = None
    due_at: datetime | None = None
    response_at: datetime | None = None
    response: str = ""
    """What answered it: the typed response, or the kind of the event that did."""
    expected: Text = NO_TEXT

    @property
    def minutes(self) -> float | None:
        if self.fired_at is None or self.response_at is None:
            return None
        return (self.response_at - self.fired_at).total_seconds() / 60


@dataclass(frozen=True, slots=True)
class SkippedStep:
    step: str
    title: Text
    reason: str
    at: datetime | None


@dataclass(frozen=True, slots=True)
class SlowStep:
    step: str
    title: Text
    minutes: float
    """From the action before it (or the start) to this step being done."""
    at: datetime


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One run as the history shows it."""

    case_id: str
    started_at: datetime
    closed: bool
    players: Mapping[str, str]
    at_keyboard: str
    minutes: Mapping[str, float | None]
    """Interval id -> minutes it took (None: did not happen)."""
    statuses: Mapping[str, str]
    injects: Mapping[str, int]
    """Inject status -> how many."""
    names: Mapping[str, Text] = field(default_factory=dict)
    """Interval id -> its name, in the order measured."""

    @property
    def met(self) -> int:
        return sum(1 for s in self.statuses.values() if s == "met")

    @property
    def missed(self) -> int:
        return sum(1 for s in self.statuses.values() if s == "missed")


@dataclass(frozen=True, slots=True)
class DrillReport:
    scenario: Scenario
    run: RunSummary
    intervals: tuple[Interval, ...]
    skipped: tuple[SkippedStep, ...]
    injects: tuple[InjectResult, ...]
    gaps: tuple[Gap, ...]
    slowest: SlowStep | None
    previous: tuple[RunSummary, ...] = field(default_factory=tuple)
    """Earlier runs of the same scenario, oldest first."""

    def interval(self, interval_id: str) -> Interval:
        return next(i for i in self.intervals if i.id == interval_id)

    def inject(self, inject_id: str) -> InjectResult:
        return next(i for i in self.injects if i.id == inject_id)


def score(
    scenario: Scenario,
    playbook: Playbook,
    state: CaseState,
    previous: Sequence[RunSummary] = (),
) -> DrillReport:
    """The report of one run (`state` replayed as of the moment to judge)."""
    measured = tuple(intervals_of(state, playbook))
    injects = tuple(judge_injects(scenario, state))
    return DrillReport(
        scenario=scenario,
        run=summary(state, measured, injects),
        intervals=measured,
        skipped=tuple(skipped_steps(state, playbook)),
        injects=injects,
        gaps=state.custody.gaps,
        slowest=slowest_step(state, playbook),
        previous=tuple(p for p in previous if p.case_id != state.case),
    )


def summary(
    state: CaseState, measured: Sequence[Interval], injects: Sequence[InjectResult]
) -> RunSummary:
    started = next((e for e in state.events if e.kind == k.DRILL_STARTED), None)
    data = started.data if started is not None else {}
    counts: dict[str, int] = {}
    for result in injects:
        counts[result.status] = counts.get(result.status, 0) + 1
    return RunSummary(
        case_id=state.case,
        started_at=started_at(state),
        closed=state.closed,
        players=dict(data.get("players", {})),
        at_keyboard=str(data.get("at_keyboard", "")),
        minutes={i.id: i.minutes for i in measured},
        statuses={i.id: i.status for i in measured},
        injects=counts,
        names={i.id: i.name for i in measured},
    )


def judge_injects(scenario: Scenario, state: CaseState) -> list[InjectResult]:
    arrived = fired(state)
    results = []
    for inject in scenario.injects:
        event = arrived.get(inject.id)
        respond = inject.respond
        if event is None:
            results.append(InjectResult(inject.id, inject.text, "not_reached"))
            continue
        at = event.at_time
        if respond is None:
            results.append(InjectResult(inject.id, inject.text, "info", fired_at=at))
            continue
        due = at + timedelta(minutes=respond.within_minutes)
        answer_at, answer = _response(state, inject.id, respond.by, at, event.seq)
        if answer_at is not None:
            status: InjectStatus = "handled" if answer_at <= due else "late"
        elif state.closed or state.now > due:
            status = "missed"
        else:
            status = "pending"
        results.append(
            InjectResult(
                inject.id,
                inject.text,
                status,
                fired_at=at,
                due_at=due,
                response_at=answer_at,
                response=answer,
                expected=respond.expected,
            )
        )
    return results


def _response(
    state: CaseState, inject_id: str, by: Sequence[EventMatch], since: datetime, seq: int
) -> tuple[datetime | None, str]:
    """The first answer recorded after the inject (`seq`) and not dated before it: an
    event it names, or a typed `drill.response` to it. The event that set the inject off
    is never its own answer."""
    for event in state.events:
        if event.at_time < since or event.seq <= seq:
            continue
        if event.kind == k.DRILL_RESPONSE and event.data.get("inject") == inject_id:
            return event.at_time, str(event.data.get("text", ""))
        if any(m.matches(event.kind, event.data) for m in by):
            return event.at_time, event.kind
    return None, ""


def skipped_steps(state: CaseState, playbook: Playbook) -> list[SkippedStep]:
    titles = {s.id: s.title for s in playbook.steps()}
    return [
        SkippedStep(step.id, titles.get(step.id, Text(step.id, step.id)), step.reason, step.at)
        for step in state.steps.values()
        if step.status == "skipped"
    ]


def slowest_step(state: CaseState, playbook: Playbook) -> SlowStep | None:
    """The done step with the longest time since the step done before it (or the
    start): where the players spent the most time."""
    titles = {s.id: s.title for s in playbook.steps()}
    done = sorted(
        (s for s in state.steps.values() if s.status in DONE and s.at is not None),
        key=lambda s: (s.at, s.id),
    )
    before = started_at(state)
    slowest: SlowStep | None = None
    for step in done:
        assert step.at is not None
        minutes = max(0.0, (step.at - before).total_seconds() / 60)
        if slowest is None or minutes > slowest.minutes:
            slowest = SlowStep(
                step.id, titles.get(step.id, Text(step.id, step.id)), minutes, step.at
            )
        before = max(before, step.at)
    return slowest
