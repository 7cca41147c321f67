"""Which step is ▶: chosen from the case's state by what the playbook declares.

In this order:

1. the immediate-danger phase, once entered, until it is finished;
2. an urgent step: its `urgent` condition holds, or it stops a clock that is overdue
   (a due follow-up, a late caring contact) — declared by the timer's `stop` triggers;
3. the first waiting step, in playbook order, whose `ready` condition holds;
4. a waiting step whose `ready` does not hold yet (rather than nothing at all).

A `closing` step (archive) is never ▶ while another step waits to be done or any clock
is running or overdue (clocks stopped only by closing the case aside).

How a step got done does not matter here: a step done from a menu, earlier with a time,
or by recording the thing itself has the same `StepState` as one done from ▶.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    pending = [step for step in playbook.steps() if waiting(steps[step.id])]
    open_steps = [step for step in pending if not step.closing]
    for step in open_steps:
        if _urgent(step, ctx, playbook, clocks) and holds(step.ready, ctx):
            return step.id
    for step in open_steps:
        if holds(step.ready, ctx):
            return step.id
    if open_steps:
        return open_steps[0].id
    if pending and not _clock_running(playbook, clocks):
        return pending[0].id
    return None


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
