"""Playbook timers, fed trigger by trigger during replay's single pass.

Triggers are ``case.opened``, ``event:<kind>`` (an effective event of that kind) and
``step:<id>`` (the step done or answered). A deadline is due once, `minutes` after its
first start, and met by any stop (even one before the start: a written report handed
in before the level was confirmed still counts). An interval is due `minutes` after
its start and after every reset, until a stop; a start after a stop runs it again
(custody resumed on a hospital ward).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from oncall.case.state import TimerState
from oncall.playbook.model import Text, Timer
from oncall.vocabulary.timer_roles import CHECK_IN as CHECK_IN
from oncall.vocabulary.timer_roles import CUSTODY_CLOCK as CUSTODY_CLOCK
from oncall.vocabulary.timer_roles import ESCALATION as ESCALATION
from oncall.vocabulary.timer_roles import REPORT_DEADLINE as REPORT_DEADLINE


class TimerClock:
    """One timer's state machine."""

    __slots__ = ("anchor", "met_at", "running", "started_at", "timer")

    def __init__(self, timer: Timer) -> None:
        self.timer = timer
        self.started_at: datetime | None = None
        self.anchor: datetime | None = None
        self.met_at: datetime | None = None
        self.running = False

    def start(self, at: datetime) -> None:
        if self.timer.type == "deadline":
            if self.started_at is None:
                self.started_at = self.anchor = at
            return
        if not self.running:
            self.running = True
            self.started_at = at
            self.met_at = None
        self.anchor = at

    def reset(self, at: datetime) -> None:
        if self.timer.type == "interval" and self.running:
            self.anchor = at

    def stop(self, at: datetime) -> None:
        if self.timer.type == "deadline":
            if self.met_at is None:
                self.met_at = at
            return
        if self.running:
            self.running = False
            self.met_at = at

    def freeze(self, clock: datetime) -> TimerState:
        timer = self.timer
        due = self.anchor + timedelta(minutes=timer.minutes) if self.anchor else None
        met = self.met_at is not None
        overdue = self.started_at is not None and not met and due is not None and clock >= due
        late = met and due is not None and self.met_at is not None and self.met_at > due
        return TimerState(
            id=timer.id,
            title=timer.title,
            type=timer.type,
            minutes=timer.minutes,
            started_at=self.started_at,
            due_at=due,
            overdue=overdue,
            met=met,
            met_at=self.met_at,
            late=late,
            last_reset=self.anchor if timer.type == "interval" else None,
            role=timer.role,
            notice=timer.notice_minutes,
        )


class Triggers:
    """Routes trigger keys to the clocks that listen for them."""

    def __init__(self, timers: tuple[Timer, ...]) -> None:
        self.clocks = [TimerClock(timer) for timer in timers]
        self.routes: dict[str, list[tuple[int, TimerClock]]] = {}
        for clock in self.clocks:
            for role, keys in (
                (0, clock.timer.start),
                (1, clock.timer.reset),
                (2, clock.timer.stop),
            ):
                for key in keys:
                    self.routes.setdefault(key, []).append((role, clock))
        for routes in self.routes.values():
            routes.sort(key=lambda route: route[0])  # start, then reset, then stop

    def __deepcopy__(self, memo: dict[int, Any]) -> Triggers:
        """A copy whose clocks are its own (their timers, from the playbook, shared)."""
        new = Triggers.__new__(Triggers)
        memo[id(self)] = new
        copies: dict[int, TimerClock] = {}
        for clock in self.clocks:
            twin = TimerClock(clock.timer)
            twin.started_at, twin.anchor = clock.started_at, clock.anchor
            twin.met_at, twin.running = clock.met_at, clock.running
            copies[id(clock)] = twin
        new.clocks = [copies[id(clock)] for clock in self.clocks]
        new.routes = {
            key: [(role, copies[id(clock)]) for role, clock in routes]
            for key, routes in self.routes.items()
        }
        return new

    def fire(self, key: str, at: datetime) -> None:
        for role, clock in self.routes.get(key, ()):
            if role == 0:
                clock.start(at)
            elif role == 1:
                clock.reset(at)
            else:
                clock.stop(at)

    def wants(self, key: str) -> bool:
        return key in self.routes


def agreed(
    state: TimerState, timer: Timer, steps: Mapping[str, Any], clock: datetime
) -> TimerState:
    """A deadline with a `due_field`, due at the time its starting form recorded there
    (the check-in call agreed with the guardian) rather than `minutes` after the start.
    `steps`: the fold's step records (their `value`), by step id."""
    if timer.due_field is None or state.started_at is None:
        return state
    for trigger in timer.start:
        if not trigger.startswith("step:"):
            continue
        record = steps.get(trigger.removeprefix("step:"))
        value = getattr(record, "value", None)
        text = value.get(timer.due_field) if isinstance(value, dict) else None
        if not isinstance(text, str) or not text:
            continue
        try:
            due = datetime.fromisoformat(text)
        except ValueError:
            continue
        met_at = state.met_at
        return replace(
            state,
            due_at=due,
            overdue=not state.met and clock >= due,
            late=met_at is not None and met_at > due,
        )
    return state


Due = tuple[datetime, Text, int | None]
"""A running clock's due time, its title and its notice minutes."""


def upcoming(timers: Iterable[TimerState], check_due: datetime | None) -> list[Due]:
    """Every running clock's due time, soonest first. The custody check-in counts from
    the custody record's own due time `check_due` (its own interval; after a handover,
    from the handover), not from its timer."""
    items: list[Due] = []
    check_title: Text | None = None
    for timer in timers:
        if timer.role == CHECK_IN:
            check_title = timer.title
        elif timer.running and timer.due_at is not None:
            items.append((timer.due_at, timer.title, timer.notice))
    if check_title is not None and check_due is not None:
        items.append((check_due, check_title, None))
    items.sort(key=lambda item: item[0])
    return items


def short_title(title: str) -> str:
    """A title without its parenthetical ("监护查看（每 15 分钟）" → "监护查看")."""
    for opener in ("（", " ("):
        if opener in title:
            title = title.split(opener, 1)[0]
    return title.strip()
