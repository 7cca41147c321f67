"""`Scene`: one case in a real encrypted journal, written event by event, and the steps
every scenario starts with. Invented names only."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from oncall.case import CaseState, replay
from oncall.case import kinds as k
from oncall.journal import Journal
from oncall.playbook import Playbook

from .clocks import T0, FakeClock

TEACHER = "王老师（虚构）"
LEADER = "刘校长（虚构）"
CLASS_TEACHER = "周老师（虚构）"
ASSESSORS = ["张老师（虚构）", "赵老师（虚构）", "钱老师（虚构）"]
DAY = 1440


class Scene:
    """Times are minutes after the clock's start (14:00 on 2026-11-23, Beijing time).
    The clock moves to each event as it is recorded, so an event added with an earlier
    time than the one before is a late entry, as it would be at the keyboard."""

    def __init__(
        self,
        journal: Journal,
        playbook: Playbook,
        clock: FakeClock,
        *,
        drill: bool = False,
        actor: str = TEACHER,
        **facts: Any,
    ) -> None:
        self.journal = journal
        self.playbook = playbook
        self.clock = clock
        self.actor = actor
        clock.now = T0
        self.case = journal.new_case(actor=actor, playbook=playbook, drill=drill, **facts)

    def at(self, minutes: float) -> datetime:
        return T0 + timedelta(minutes=minutes)

    def add(
        self,
        minutes: float,
        kind: str,
        data: dict[str, Any],
        actor: str | None = None,
        *,
        recorded: float | None = None,
    ) -> str:
        at = self.at(minutes)
        self.clock.now = max(self.clock.now, at if recorded is None else self.at(recorded))
        return self.journal.append(self.case, kind, data, actor or self.actor, at=at).id

    def answer(self, minutes: float, step: str, value: Any) -> str:
        return self.add(minutes, "step.answered", {"step": step, "value": value})

    def done(self, minutes: float, step: str) -> str:
        return self.add(minutes, "step.done", {"step": step})

    def skip(self, minutes: float, step: str, reason: str) -> str:
        return self.add(minutes, "step.skipped", {"step": step, "reason": reason})

    def state(self, minutes: float) -> CaseState:
        return replay(self.playbook, self.journal.events(self.case), self.at(minutes))


def first_minutes(s: Scene) -> None:
    """What every case starts with: no immediate danger, the leader told, people called."""
    s.answer(1, "danger.check", [])
    s.done(2, "first.stay")
    s.add(4, k.REPORT_PHONE, {"to": LEADER})
    s.add(5, k.NOTIFIED, {"role": "counselor", "person": "心理老师（虚构）", "how": "phone"})
    s.add(6, k.NOTIFIED, {"role": "class_teacher", "person": CLASS_TEACHER, "how": "phone"})


def asq(s: Scene, at: float, q1: str, q2: str, q3: str, q4: str, q5: str | None = None) -> None:
    s.done(at, "risk.asq.intro")
    for number, value in enumerate((q1, q2, q3, q4), start=1):
        s.answer(at + number * 0.5, f"risk.asq.q{number}", value)
    if q5 is not None:
        s.answer(at + 2.5, "risk.asq.q5", q5)


def confirm(
    s: Scene, at: float, level: str, suggested: str, drivers: list[str], reason: str = ""
) -> None:
    s.add(
        at,
        k.LEVEL_CONFIRMED,
        {
            "level": level,
            "suggested": suggested,
            "drivers": drivers,
            "override": level != suggested,
            "reason": reason,
            "assessors": ASSESSORS,
        },
    )


def checkins(s: Scene, start: float, end: float, by: str, every: float = 14) -> None:
    at = start + every
    while at < end:
        s.add(at, k.CUSTODY_CHECKIN, {"by": by, "state": "平稳"})
        at += every
