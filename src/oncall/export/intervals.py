"""Key intervals of a case, measured from its events and judged against the playbook.

    for interval in intervals(playbook, events, now):
        print(interval.name.zh, interval.minutes, interval.target_minutes, interval.status)

Which intervals there are is the playbook's to say (`[[intervals]]`: from one
milestone to another, with a target; see `IntervalSpec`), and so are their targets:
the interval's timer (its minutes from its start), its own `target_minutes`, or that
of the first of its steps that applies: the step's `target_minutes` from the `from`
milestone (the discovery by default), or the deadline timer the step stops (from that
timer's start), e.g. "inform the guardian within a week" from the level decision.
Status:

- ``met``: it happened within the target;
- ``done``: it happened, and there is no target to meet or miss (just its duration);
- ``missed``: it happened late, or it has not happened and the target has passed
  (custody coverage: any gap at all);
- ``pending``: not yet, the case is open and the target has not passed;
- ``na``: it does not apply to this case (by level or route, or the step was
  skipped: `note` holds the reason), or the case closed before it was due.

Pure: the same playbook, events and `now` always give the same intervals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from oncall.case import CaseState, Gap, Handover, replay
from oncall.case.context import context_of, holds
from oncall.journal.event import Event
from oncall.playbook.model import IntervalSpec, Playbook, Text, Timer

Status = Literal["met", "missed", "done", "pending", "na"]
STATUSES: Final[tuple[Status, ...]] = ("met", "missed", "done", "pending", "na")


@dataclass(frozen=True, slots=True)
class Interval:
    """One key interval. `start`/`end` are aware UTC times (None: did not happen);
    `target_minutes` counts from `start`. For custody coverage, `start`/`end` span the
    custody, and `gaps` and `handovers` give its detail."""

    id: str
    name: Text
    start: datetime | None
    end: datetime | None
    target_minutes: int | None
    status: Status
    step: str = ""
    """The playbook step it measures ("" when none)."""
    note: str = ""
    """Why it does not apply, as typed (a skipped step's reason)."""
    gaps: tuple[Gap, ...] = ()
    handovers: tuple[Handover, ...] = ()
    covered_minutes: float | None = None
    """Custody coverage: time with a named custodian."""

    @property
    def due(self) -> datetime | None:
        if self.start is None or self.target_minutes is None:
            return None
        return self.start + timedelta(minutes=self.target_minutes)

    @property
    def minutes(self) -> float | None:
        """How long it took (None until it happened)."""
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).total_seconds() / 60

    def elapsed(self, now: datetime) -> float | None:
        """Minutes from start to end, or to `now` while it has not happened."""
        if self.start is None:
            return None
        return ((self.end or now) - self.start).total_seconds() / 60


def intervals(playbook: Playbook, events: Iterable[Event], now: datetime) -> list[Interval]:
    """The key intervals of the case whose events these are, as of `now` (aware)."""
    return intervals_of(replay(playbook, events, now), playbook)


def intervals_of(state: CaseState, playbook: Playbook) -> list[Interval]:
    """The same, from a state already replayed (saves a replay)."""
    return _Measure(state, playbook).all()


def judge(
    start: datetime | None,
    end: datetime | None,
    target: int | None,
    *,
    applicable: bool,
    clock: datetime,
    closed: bool,
) -> Status:
    if end is not None:
        if start is None or target is None:
            return "done"  # no target: neither met nor missed
        return "met" if end <= start + timedelta(minutes=target) else "missed"
    if not applicable or start is None:
        return "na"
    if target is not None and clock > start + timedelta(minutes=target):
        return "missed"
    return "na" if closed else "pending"


class _Measure:
    """Measures the playbook's declared intervals (`Playbook.intervals`) of one case."""

    def __init__(self, state: CaseState, playbook: Playbook) -> None:
        self.state = state
        self.playbook = playbook
        self.clock = state.closed_at or state.now
        self.ctx = context_of(state)

    def all(self) -> list[Interval]:
        return [
            self.coverage(spec) if spec.measure == "coverage" else self.between(spec)
            for spec in self.playbook.intervals
        ]

    # --- helpers -------------------------------------------------------------------------
    def applies(self, step_id: str) -> bool:
        step = self.state.steps.get(step_id)
        return step is not None and step.applicable

    def touched(self, step_id: str) -> bool:
        step = self.state.steps.get(step_id)
        return step is not None and step.status not in ("pending", "not_applicable")

    def steps_of(self, spec: IntervalSpec) -> tuple[str, ...]:
        ids = spec.steps or tuple(step.id for step in self.playbook.steps_with(spec.end))
        return tuple(step_id for step_id in ids if step_id in self.state.steps)

    def step_of(self, spec: IntervalSpec) -> str:
        """The step that judges the interval: the first that applies, else the first
        touched, else the first."""
        ids = self.steps_of(spec)
        return next(
            (s for s in ids if self.applies(s)), next((s for s in ids if self.touched(s)), "")
        ) or (ids[0] if ids else "")

    def timer_target(self, timer: Timer) -> tuple[datetime | None, int]:
        state = self.state.timer(timer.id)
        return (state.started_at if state is not None else None), timer.minutes

    def target(self, spec: IntervalSpec, step_id: str) -> tuple[datetime | None, int | None]:
        """(start, minutes): the interval's timer, its own target, or its step's."""
        start = self.state.milestones.get(spec.start)
        if spec.timer is not None:
            return self.timer_target(self.playbook.timer(spec.timer))
        if spec.target_minutes is not None:
            return start, spec.target_minutes
        if not step_id:
            return start, None
        step = self.playbook.step(step_id)
        if step.target_minutes is not None:
            return start, step.target_minutes
        timer = self.step_timer(step_id)
        return self.timer_target(timer) if timer is not None else (start, None)

    def step_timer(self, step_id: str) -> Timer | None:
        """The deadline timer the step stops, when its target comes from one."""
        if not step_id:
            return None
        step = self.playbook.step(step_id)
        stops = {f"step:{step_id}", *(f"event:{link.kind}" for link in step.links)}
        return next(
            (t for t in self.playbook.timers if t.type == "deadline" and stops & set(t.stop)),
            None,
        )

    def name(self, spec: IntervalSpec, step_id: str) -> Text:
        """The interval's name; when its step's deadline timer counts from another moment
        than the interval's own start (level III: the guardian informed within a week of
        the level decision, not of the discovery), that moment's milestone → the end's."""
        if spec.timer is not None or spec.target_minutes is not None or not step_id:
            return spec.name
        if self.playbook.step(step_id).target_minutes is not None:
            return spec.name
        timer = self.step_timer(step_id)
        if timer is None:
            return spec.name
        kinds = {trigger.removeprefix("event:") for trigger in timer.start}
        reached = {  # milestones the timer's starting steps carry
            step.milestone for step in self.playbook.steps() if f"step:{step.id}" in timer.start
        }
        titles = {milestone.id: milestone.title for milestone in self.playbook.milestones}
        since = next(
            (
                milestone.title
                for milestone in self.playbook.milestones
                if milestone.id in reached or any(link.kind in kinds for link in milestone.by)
            ),
            None,
        )
        until = titles.get(spec.end)
        if since is None or until is None or since == titles.get(spec.start):
            return spec.name
        until_en = until.en[:1].lower() + until.en[1:]  # "Discovery → leader notified"
        return Text(f"{since.zh} → {until.zh}", f"{since.en} → {until_en}")

    # --- the two measures ----------------------------------------------------------------
    def between(self, spec: IntervalSpec) -> Interval:
        end = self.state.milestones.get(spec.end)
        step_id = self.step_of(spec)
        start, target = self.target(spec, step_id)
        applicable = holds(spec.when, self.ctx) and (
            end is not None
            or not self.steps_of(spec)
            or any(self.applies(s) for s in self.steps_of(spec))
        )
        note = ""
        step = self.state.steps.get(step_id)
        if end is None and step is not None and step.status == "skipped":
            applicable, note = False, step.reason
        if spec.timer is not None and start is None and end is None:
            applicable = False
        status = judge(
            start, end, target, applicable=applicable, clock=self.clock, closed=self.state.closed
        )
        name = self.name(spec, step_id)
        return Interval(spec.id, name, start, end, target, status, step_id, note)

    def coverage(self, spec: IntervalSpec) -> Interval:
        """Custody coverage: the time custody was held, its gaps and handovers."""
        custody = self.state.custody
        periods = custody_periods(self.state)
        step_id = self.step_of(spec)
        if not periods or custody.started_at is None or not holds(spec.when, self.ctx):
            return Interval(spec.id, spec.name, None, None, None, "na", step_id)
        start = periods[0][0]
        end = periods[-1][1]
        total = sum(((stop or self.clock) - begin).total_seconds() for begin, stop in periods)
        gapped = sum(((gap.end or self.clock) - gap.start).total_seconds() for gap in custody.gaps)
        status: Status = "missed" if custody.gaps else ("pending" if end is None else "met")
        if end is None and self.state.closed:
            status = "missed" if custody.gaps else "met"
        return Interval(
            spec.id,
            spec.name,
            start,
            end,
            None,
            status,
            step_id,
            gaps=custody.gaps,
            handovers=custody.handovers,
            covered_minutes=max(0.0, (total - gapped) / 60),
        )


def custody_periods(state: CaseState) -> list[tuple[datetime, datetime | None]]:
    """(start, end) of each stretch of custody, from its own events (kept by the fold:
    no pass over the case's events)."""
    return list(state.custody.periods)
