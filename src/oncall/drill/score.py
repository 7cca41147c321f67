"""The drill report: how one run of a scenario went, judged against the playbook.

- each declared interval met or missed against its target, by
  `oncall.export.intervals.intervals_of` (the one implementation the debrief uses); an
  interval with no target has no verdict and is not counted;
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
from oncall.describe import Describer
from oncall.drill.scenario import NO_TEXT, EventMatch, Scenario
from oncall.drill.schedule import DONE, fired, started_at
from oncall.export.intervals import Interval, Status, intervals_of
from oncall.journal.event import Event
from oncall.playbook.model import IntervalSpec, Playbook, Text

InjectStatus = Literal["handled", "late", "missed", "pending", "not_reached", "info"]


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
    answered_by: Text = NO_TEXT
    """The event that answered it, in words (empty for a typed response)."""
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
    """Interval id -> its minutes (`interval_value`; None: did not happen)."""
    statuses: Mapping[str, str]
    """Interval id -> its verdict; an interval with no verdict (`verdict`) is absent."""
    injects: Mapping[str, int]
    """Inject status -> how many."""
    names: Mapping[str, Text] = field(default_factory=dict)
    """Interval id -> its name, in the order measured."""
    better: Mapping[str, str] = field(default_factory=dict)
    """Interval id -> "lower" or "higher": which way its minutes improve."""

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

    def verdict(self, interval_id: str) -> str | None:
        """met, missed, pending or na; None when it has no target to judge by."""
        return self.run.statuses.get(interval_id)

    def best_before(self, interval_id: str) -> float | None:
        """The best of the earlier runs, the way the interval declares better."""
        values = [
            value
            for earlier in self.previous
            if (value := earlier.minutes.get(interval_id)) is not None
        ]
        if not values:
            return None
        return max(values) if self.run.better.get(interval_id) == "higher" else min(values)

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
    injects = tuple(judge_injects(scenario, state, playbook))
    return DrillReport(
        scenario=scenario,
        run=summary(state, playbook, measured, injects),
        intervals=measured,
        skipped=tuple(skipped_steps(state, playbook)),
        injects=injects,
        gaps=state.custody.gaps,
        slowest=slowest_step(state, playbook),
        previous=tuple(p for p in previous if p.case_id != state.case),
    )


def verdict(interval: Interval, spec: IntervalSpec | None) -> Status | None:
    """The interval's status, or None when it has no target to be met or missed by
    (custody coverage is judged by its gaps, so it always has one)."""
    no_target = interval.target_minutes is None and (spec is None or spec.measure != "coverage")
    if interval.status == "done" or (no_target and interval.status in ("met", "missed")):
        return None
    return interval.status


def interval_value(interval: Interval, spec: IntervalSpec | None) -> float | None:
    """The minutes a run is compared by: the time held for coverage, else the span."""
    if spec is not None and spec.measure == "coverage":
        return interval.covered_minutes
    return interval.minutes


def summary(
    state: CaseState,
    playbook: Playbook,
    measured: Sequence[Interval],
    injects: Sequence[InjectResult],
) -> RunSummary:
    started = next((e for e in state.events if e.kind == k.DRILL_STARTED), None)
    data = started.data if started is not None else {}
    counts: dict[str, int] = {}
    for result in injects:
        counts[result.status] = counts.get(result.status, 0) + 1
    specs = {spec.id: spec for spec in playbook.intervals}
    statuses = {
        i.id: status for i in measured if (status := verdict(i, specs.get(i.id))) is not None
    }
    return RunSummary(
        case_id=state.case,
        started_at=started_at(state),
        closed=state.closed,
        players=dict(data.get("players", {})),
        at_keyboard=str(data.get("at_keyboard", "")),
        minutes={i.id: interval_value(i, specs.get(i.id)) for i in measured},
        statuses=statuses,
        injects=counts,
        names={i.id: i.name for i in measured},
        better={i.id: specs[i.id].better if i.id in specs else "lower" for i in measured},
    )


def judge_injects(scenario: Scenario, state: CaseState, playbook: Playbook) -> list[InjectResult]:
    arrived = fired(state)
    words = {lang: Describer(playbook, lang) for lang in ("zh", "en")}
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
        answer_at, answer, by_event = _response(state, inject.id, respond.by, at, event.seq)
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
                answered_by=NO_TEXT
                if by_event is None
                else Text(words["zh"](by_event), words["en"](by_event)),
                expected=respond.expected,
            )
        )
    return results


def _response(
    state: CaseState, inject_id: str, by: Sequence[EventMatch], since: datetime, seq: int
) -> tuple[datetime | None, str, Event | None]:
    """The first answer recorded after the inject (`seq`) and not dated before it: an
    event it names, or a typed `drill.response` to it. The event that set the inject off
    is never its own answer."""
    for event in state.events:
        if event.at_time < since or event.seq <= seq:
            continue
        if event.kind == k.DRILL_RESPONSE and event.data.get("inject") == inject_id:
            return event.at_time, str(event.data.get("text", "")), None
        if any(m.matches(event.kind, event.data) for m in by):
            return event.at_time, event.kind, event
    return None, "", None


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
