"""Which step is ▶: chosen from the case's state by what the playbook declares.

In this order:

1. the immediate-danger phase, once entered, until it is finished;
2. an urgent step: its `urgent` condition holds, or it stops a clock that is overdue
   (a due follow-up, a late caring contact, required or not) — declared by the timer's
   `stop` triggers;
3. the first waiting required step, in playbook order, whose `ready` condition holds;
4. a waiting required step whose `ready` does not hold yet (rather than nothing);
5. nothing while a clock runs: a follow-up not due yet is no step to do now (▶ says
   nothing is due and names the next item and its time);
6. a `closing` step (archive), only once no clock is running or overdue (clocks that
   only closing the case stops aside).

Before all of these but the immediate-danger phase, an overdue clock that no step
stops comes as an entry rather than a step (`urgent_entry`): the custody check-in, the
event that resets the timer with the `check_in` role.

After the urgent steps of 2., a step that meets an overdue clock otherwise (`_meets`:
it records the event that stops a deadline or renews an interval) comes first. A done
step that renews a recurring clock (the weekly report) waits again once that clock is
due, from its notice on, as a required step does (`_due_soon`).

How a step got done does not matter here: a step done from a menu, earlier with a time,
or by recording the thing itself has the same `StepState` as one done from ▶.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Final

from oncall.case import kinds
from oncall.case.context import ReplayContext, holds
from oncall.case.state import CaseWarning, PhaseState, StepState, TimerState
from oncall.case.timers import CHECK_IN
from oncall.case.warnings import CHECKIN_OVERDUE, CUSTODY_GAP
from oncall.playbook.model import Playbook, Step, Timer

_EVENT: Final = "event:"
_CLOSED_TRIGGER: Final = f"{_EVENT}{kinds.CASE_CLOSED}"


def waiting(state: StepState) -> bool:
    """Applicable, required and not yet done, answered or skipped."""
    return state.applicable and state.required and state.status == "pending"


def current_step(
    playbook: Playbook,
    phases: tuple[PhaseState, ...],
    steps: Mapping[str, StepState],
    ctx: ReplayContext,
    timers: Iterable[TimerState],
    now: datetime | None = None,
) -> str | None:
    """The ▶ step (None when nothing waits) at `now` (None: no done step comes back)."""
    for phase in phases:
        if phase.immediate and phase.entered and not phase.finished:
            return next(step_id for step_id in phase.steps if waiting(steps[step_id]))
    clocks = {timer.id: timer for timer in timers}
    open_steps = [
        step
        for step in playbook.steps()
        if not step.closing
        and (_open(steps[step.id]) or _done_and_due(step, steps[step.id], playbook, clocks, now))
    ]
    for step in open_steps:
        if _urgent(step, ctx, playbook, clocks) and holds(step.ready, ctx):
            return step.id
    for step in open_steps:  # then what meets an overdue clock by recording it
        if _meets_overdue(step, playbook, clocks) and holds(step.ready, ctx):
            return step.id
    required = [
        step for step in open_steps if step.required or _due_soon(step, playbook, clocks, now)
    ]
    for step in required:
        if holds(step.ready, ctx):
            return step.id
    if required:
        return required[0].id
    if _clock_running(playbook, clocks):
        return None  # a follow-up not due yet: ▶ names it and its time, nothing to do now
    return next(
        (step.id for step in playbook.steps() if step.closing and waiting(steps[step.id])),
        None,
    )


def urgent_entry(
    playbook: Playbook, phases: tuple[PhaseState, ...], warnings: tuple[CaseWarning, ...]
) -> str | None:
    """The event kind ▶ records now, before any step: while the custodians' check-in is
    overdue, the first event the `check_in` timer declares it is reset by. Not while
    the immediate-danger phase runs, nor while nobody holds custody (that comes first)."""
    if any(phase.immediate and phase.entered and not phase.finished for phase in phases):
        return None
    codes = [warning.code for warning in warnings]
    if CHECKIN_OVERDUE not in codes or CUSTODY_GAP in codes:
        return None
    return next(
        (
            trigger.removeprefix(_EVENT)
            for timer in playbook.timers
            if timer.role == CHECK_IN
            for trigger in timer.reset
            if trigger.startswith(_EVENT)
        ),
        None,
    )


def _open(state: StepState) -> bool:
    """Applicable and not yet done, answered or skipped (required or not)."""
    return state.applicable and state.status == "pending"


def _urgent(
    step: Step, ctx: ReplayContext, playbook: Playbook, clocks: Mapping[str, TimerState]
) -> bool:
    if step.urgent is not None and holds(step.urgent, ctx, otherwise=False):
        return True
    trigger = f"step:{step.id}"
    return any(
        clocks[timer.id].overdue
        for timer in playbook.timers
        if trigger in timer.stop and timer.id in clocks
    )


def _meets_overdue(step: Step, playbook: Playbook, clocks: Mapping[str, TimerState]) -> bool:
    """The step meets a clock that is overdue (the written report past its 24 hours)."""
    return any(
        clocks[timer.id].overdue
        for timer in playbook.timers
        if timer.id in clocks and _meets(step, timer)
    )


# --- a step that meets a clock, and comes back when the clock is due again ---------------


def _meets(step: Step, timer: Timer) -> bool:
    """Doing `step` meets `timer`: names it among the timer's stops (`step:<id>`), or
    records the event that stops a deadline or renews an interval (`event:<kind>`: the
    weekly report renews the weekly clock; ending custody stops the check-in interval
    without meeting it)."""
    if f"step:{step.id}" in timer.stop or f"step:{step.id}" in timer.reset:
        return True
    if step.records is None:
        return False
    meeting = timer.stop if timer.type == "deadline" else timer.reset
    return f"event:{step.records.kind}" in meeting


def _done_and_due(
    step: Step,
    state: StepState,
    playbook: Playbook,
    clocks: Mapping[str, TimerState],
    now: datetime | None,
) -> bool:
    """A done step that renews a recurring clock waits again once that clock is due."""
    return state.applicable and state.status == "done" and _due_soon(step, playbook, clocks, now)


def _due_soon(
    step: Step, playbook: Playbook, clocks: Mapping[str, TimerState], now: datetime | None
) -> bool:
    """The step renews a running recurring clock that is due, or is within its notice
    (`notice_minutes`: the weekly report from the day before): it waits like a required
    step until it is done again."""
    if now is None:
        return False
    for timer in playbook.timers:
        clock = clocks.get(timer.id)
        if timer.type != "interval" or clock is None or not clock.running:
            continue
        if not _meets(step, timer) or clock.due_at is None:
            continue
        if now >= clock.due_at - timedelta(minutes=clock.notice or 0):
            return True
    return False


def _clock_running(playbook: Playbook, clocks: Mapping[str, TimerState]) -> bool:
    """A clock other than one that only closing the case stops is running or overdue."""
    return any(
        (clocks[timer.id].running or clocks[timer.id].overdue)
        for timer in playbook.timers
        if timer.id in clocks and _CLOSED_TRIGGER not in timer.stop
    )
