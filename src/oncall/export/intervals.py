"""Key intervals of a case, measured from its events and judged against the playbook.

    for interval in intervals(playbook, events, now):
        print(interval.name.zh, interval.minutes, interval.target_minutes, interval.status)

Targets come from the playbook: a step's `target_minutes` counts from the opening of
the case (the discovery); a step without one takes the timer that the step stops (its
start and minutes), e.g. "inform the guardian within a week" from the level decision.
Status:

- ``met``: it happened within the target (or there is no target to miss);
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
from oncall.case import kinds as k
from oncall.case.timers import is_report_timer, with_fallbacks
from oncall.journal.event import Event
from oncall.playbook.model import Playbook, Text

Status = Literal["met", "missed", "pending", "na"]
STATUSES: Final[tuple[Status, ...]] = ("met", "missed", "pending", "na")

NAMES: Final[dict[str, Text]] = {
    "level": Text("发现 → 确定风险级别", "Discovery → risk level decided"),
    "leader": Text("发现 → 报告主管领导", "Discovery → leader notified"),
    "guardian_call": Text("发现 → 第一次联系家长", "Discovery → first guardian call"),
    "guardian_reached": Text("发现 → 联系上家长", "Discovery → guardian reached"),
    "custody_start": Text("发现 → 开始监护", "Discovery → custody started"),
    "custody": Text("监护覆盖", "Custody coverage"),
    "safety_handover": Text("监护 → 安全责任移交", "Custody → safety responsibility handover"),
    "call_120": Text("发现 → 拨打 120", "Discovery → 120 called"),
    "hospital_handover": Text("发现 → 移交医院", "Discovery → hospital handover"),
    "report_written": Text("书面报告（24 小时内）", "Written report (24-hour deadline)"),
}
"""Every interval, in the order `intervals` returns them."""

CONTACT_STEPS: Final = ("contact.call_urgent", "contact.call_school", "contact.inform_week")


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
            return "met"
        return "met" if end <= start + timedelta(minutes=target) else "missed"
    if not applicable or start is None:
        return "na"
    if target is not None and clock > start + timedelta(minutes=target):
        return "missed"
    return "na" if closed else "pending"


class _Measure:
    def __init__(self, state: CaseState, playbook: Playbook) -> None:
        self.state = state
        self.playbook = playbook
        self.step_ids = {step.id for step in playbook.steps()}
        self.clock = state.closed_at or state.now
        self.first: dict[str, datetime] = {}
        self.periods: list[tuple[datetime, datetime | None]] = []
        self._scan()

    def _scan(self) -> None:
        """First times of the events the intervals end with, and custody periods."""
        first = self.first
        for event in self.state.events:
            kind, data = event.kind, event.data
            at = event.at_time
            key = kind
            if kind == k.NOTIFIED:
                key = f"{kind}:{data.get('role')}"
            elif kind == k.MEDICAL_CALLED:
                key = f"{kind}:{data.get('number')}"
            first.setdefault(key, at)
            if kind == k.CUSTODY_STARTED and (not self.periods or self.periods[-1][1]):
                self.periods.append((at, None))
            elif kind == k.CUSTODY_ENDED and self.periods and self.periods[-1][1] is None:
                self.periods[-1] = (self.periods[-1][0], at)

    # --- helpers -------------------------------------------------------------------------
    def applies(self, step_id: str) -> bool:
        step = self.state.steps.get(step_id)
        return step is not None and step.applicable

    def touched(self, step_id: str) -> bool:
        step = self.state.steps.get(step_id)
        return step is not None and step.status != "pending" and step.status != "not_applicable"

    def target(self, step_id: str) -> tuple[datetime | None, int | None]:
        """(start, minutes) of a step's target: its own from the opening, else the
        timer the step stops."""
        if step_id in self.step_ids:
            minutes = self.playbook.step(step_id).target_minutes
            if minutes is not None:
                return self.state.opened_at, minutes
        for timer in self.playbook.timers:
            if f"step:{step_id}" in timer.stop and timer.type == "deadline":
                timer_state = self.state.timer(timer.id)
                if timer_state is not None:
                    return timer_state.started_at, timer.minutes
        return self.state.opened_at, None

    def make(
        self,
        interval_id: str,
        step_id: str,
        end: datetime | None,
        *,
        applicable: bool,
        start: datetime | None = None,
        target: int | None = None,
        from_step: bool = True,
    ) -> Interval:
        if from_step:
            start, target = self.target(step_id)
        step = self.state.steps.get(step_id)
        note = ""
        if end is None and step is not None and step.status == "skipped":
            applicable, note = False, step.reason
        status = judge(
            start, end, target, applicable=applicable, clock=self.clock, closed=self.state.closed
        )
        return Interval(
            interval_id,
            NAMES[interval_id],
            start,
            end,
            target,
            status,
            step_id if step_id in self.step_ids else "",
            note,
        )

    # --- the intervals -----------------------------------------------------------------
    def all(self) -> list[Interval]:
        return [
            self.level(),
            self.leader(),
            *self.guardian(),
            self.custody_start(),
            self.custody(),
            self.safety_handover(),
            self.call_120(),
            self.hospital(),
            self.report(),
        ]

    def level(self) -> Interval:
        end = self.state.levels[0].at if self.state.levels else None
        return self.make("level", "risk.level", end, applicable=True)

    def leader(self) -> Interval:
        times = [self.first.get(k.REPORT_PHONE), self.first.get(f"{k.NOTIFIED}:leader")]
        step = self.state.steps.get("first.report_leader")
        if step is not None and step.at is not None and step.status == "done":
            times.append(step.at)
        end = min((t for t in times if t is not None), default=None)
        return self.make("leader", "first.report_leader", end, applicable=True)

    def guardian(self) -> tuple[Interval, Interval]:
        contacts = self.state.contacts
        step_id = next(
            (s for s in CONTACT_STEPS if self.applies(s)),
            next((s for s in CONTACT_STEPS if self.touched(s)), CONTACT_STEPS[0]),
        )
        applicable = self.applies(step_id) or contacts.first_attempt_at is not None
        return (
            self.make("guardian_call", step_id, contacts.first_attempt_at, applicable=applicable),
            self.make("guardian_reached", step_id, contacts.reached_at, applicable=applicable),
        )

    def custody_start(self) -> Interval:
        started = self.state.custody.started_at
        return self.make(
            "custody_start",
            "custody.start",
            started,
            applicable=self.applies("custody.start") or started is not None,
        )

    def custody(self) -> Interval:
        custody = self.state.custody
        if not self.periods or custody.started_at is None:
            return Interval(
                "custody",
                NAMES["custody"],
                None,
                None,
                None,
                "na",
                "custody.start" if "custody.start" in self.step_ids else "",
            )
        start = self.periods[0][0]
        end = self.periods[-1][1]
        total = sum(((stop or self.clock) - begin).total_seconds() for begin, stop in self.periods)
        gapped = sum(((gap.end or self.clock) - gap.start).total_seconds() for gap in custody.gaps)
        status: Status = "missed" if custody.gaps else ("pending" if end is None else "met")
        if end is None and self.state.closed:
            status = "missed" if custody.gaps else "met"
        return Interval(
            "custody",
            NAMES["custody"],
            start,
            end,
            None,
            status,
            "custody.start" if "custody.start" in self.step_ids else "",
            gaps=custody.gaps,
            handovers=custody.handovers,
            covered_minutes=max(0.0, (total - gapped) / 60),
        )

    def safety_handover(self) -> Interval:
        started = self.state.custody.started_at
        minutes = next(
            (
                t.minutes
                for t in self.playbook.timers
                if t.type == "deadline"
                and f"event:{k.CUSTODY_STARTED}" in t.start
                and f"event:{k.CUSTODY_ENDED}" in t.stop
            ),
            None,
        )
        return self.make(
            "safety_handover",
            "custody.end",
            self.first.get(k.CUSTODY_ENDED),
            applicable=started is not None,
            start=started,
            target=minutes,
            from_step=False,
        )

    def call_120(self) -> Interval:
        end = self.first.get(f"{k.MEDICAL_CALLED}:120")
        danger = self.applies("danger.call120") or self.touched("danger.call120")
        step_id = "danger.call120" if danger else "medical.call120"
        return self.make(
            "call_120", step_id, end, applicable=self.applies(step_id) or end is not None
        )

    def hospital(self) -> Interval:
        end = self.first.get(k.MEDICAL_HANDOVER)
        return self.make(
            "hospital_handover",
            "medical.handover",
            end,
            applicable=self.applies("medical.handover") or end is not None,
        )

    def report(self) -> Interval:
        timer = next((t for t in with_fallbacks(self.playbook.timers) if is_report_timer(t)), None)
        written = self.first.get(k.REPORT_WRITTEN)
        state = self.state.timer(timer.id) if timer is not None else None
        if timer is None or state is None:
            return self.make(
                "report_written",
                "report.written",
                written,
                applicable=written is not None,
                start=None,
                from_step=False,
            )
        return self.make(
            "report_written",
            "report.written",
            written,
            applicable=True,
            start=state.started_at,
            target=timer.minutes,
            from_step=False,
        )
