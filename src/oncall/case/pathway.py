"""Which step is ▶: chosen from the case's state by what the playbook declares.

In this order:

1. the immediate-danger phase, once entered, until it is finished;
2. an urgent step: its `urgent` condition holds, or it stops a clock that is overdue
   (a due follow-up, a late caring contact, required or not) — declared by the timer's
   `stop` triggers;
3. the first waiting required step, in playbook order, whose `ready` condition holds;
4. a waiting required step whose `ready` does not hold yet (rather than nothing);
5. the optional step whose clock is due soonest (the next caring contact);
6. a `closing` step (archive), only once no clock is running or overdue (clocks that
   only closing the case stops aside).

How a step got done does not matter here: a step done from a menu, earlier with a time,
or by recording the thing itself has the same `StepState` as one done from ▶.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Final

from oncall.case import kinds
from oncall.case.context import ReplayContext, holds
from oncall.case.state import PhaseState, StepState, TimerState
from oncall.playbook.model import Playbook, Step

_CLOSED_TRIGGER: Final = f"event:{kinds.CASE_CLOSED}"


def waiting(state: StepState) -> bool:
    """Applicable, required and not yet done, answered or skipped."""
    return state.applicable and state.required and state.status == "pending"


def current_step(
    playbook: Playbook,
    phases: tuple[PhaseState, ...],
    steps: Mapping[str, StepState],
    ctx: ReplayContext,
    timers: Iterable[TimerState],
) -> str | None:
    """The ▶ step (None when nothing waits)."""
    for phase in phases:
        if phase.immediate and phase.entered and not phase.finished:
            return next(step_id for step_id in phase.steps if waiting(steps[step_id]))
    clocks = {timer.id: timer for timer in timers}
    open_steps = [step for step in playbook.steps() if _open(steps[step.id]) and not step.closing]
    for step in open_steps:
        if _urgent(step, ctx, playbook, clocks) and holds(step.ready, ctx):
            return step.id
    required = [step for step in open_steps if step.required]
    for step in required:
        if holds(step.ready, ctx):
            return step.id
    if required:
        return required[0].id
    timed = [(due, step.id) for step in open_steps if (due := _due(step, playbook, clocks))]
    if timed:
        return min(timed)[1]  # the follow-up due soonest (a caring contact, a check-in call)
    if _clock_running(playbook, clocks):
        return None
    return next(
        (step.id for step in playbook.steps() if step.closing and waiting(steps[step.id])),
        None,
    )


def _open(state: StepState) -> bool:
    """Applicable and not yet done, answered or skipped (required or not)."""
    return state.applicable and state.status == "pending"


def _due(step: Step, playbook: Playbook, clocks: Mapping[str, TimerState]) -> datetime | None:
    """When the soonest running clock this step stops is due (None: no such clock)."""
    trigger = f"step:{step.id}"
    dues = [
        clock.due_at
        for timer in playbook.timers
        if trigger in timer.stop
        and (clock := clocks.get(timer.id)) is not None
        and clock.running
        and clock.due_at is not None
    ]
    return min(dues) if dues else None


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


def _clock_running(playbook: Playbook, clocks: Mapping[str, TimerState]) -> bool:
    """A clock other than one that only closing the case stops is running or overdue."""
    return any(
        (clocks[timer.id].running or clocks[timer.id].overdue)
        for timer in playbook.timers
        if timer.id in clocks and _CLOSED_TRIGGER not in timer.stop
    )
