"""What a case is at a moment: the frozen result of `oncall.case.replay`.

Every class here is a frozen dataclass, built once per replay and never changed. Times
are aware UTC datetimes. Names of people appear only as they were recorded in events.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from oncall.case.timeline import TimelineRow, timeline
from oncall.journal.event import Event
from oncall.playbook.model import Text

StepStatus = Literal["done", "answered", "skipped", "pending", "not_applicable"]
STEP_STATUSES: tuple[StepStatus, ...] = (
    "done",
    "answered",
    "skipped",
    "pending",
    "not_applicable",
)


@dataclass(frozen=True, slots=True)
class PlaybookRef:
    """The playbook a case was opened with, as recorded in `case.opened`."""

    id: str
    version: str
    hash: str


@dataclass(frozen=True, slots=True)
class LevelChange:
    """One change of the case's level. `source` is "danger" (immediate danger declared)
    or "confirmed" (a person confirmed it, maybe overriding the suggestion)."""

    level: str
    at: datetime
    actor: str
    source: Literal["danger", "confirmed"]
    suggested: str | None = None
    drivers: tuple[str, ...] = ()
    override: bool = False
    reason: str = ""
    assessors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Driver:
    """A level rule that holds, and why it matters."""

    rule: str
    level: str
    because: Text


@dataclass(frozen=True, slots=True)
class Danger:
    """The immediate-danger path: whether it was taken, and where it stands."""

    declared: bool = False
    declared_at: datetime | None = None
    what: tuple[str, ...] = ()
    """The danger check's items ticked so far."""
    step: str | None = None
    """The immediate-danger phase's first pending step that applies, else its first step
    (where one key from anywhere takes the teacher)."""


@dataclass(frozen=True, slots=True)
class Call:
    """An emergency call (120 or 110)."""

    at: datetime
    number: str
    by: str


@dataclass(frozen=True, slots=True)
class Medical:
    """The transfer to hospital, from its own events (the latest word on each)."""

    calls: tuple[Call, ...] = ()
    accompany_at: datetime | None = None
    accompany_staff: tuple[str, ...] = ()
    accompany_guardian: str = ""
    attorney: bool = False
    arrived_at: datetime | None = None
    handover_at: datetime | None = None
    handover_staff: str = ""
    hospital: str = ""
    """The hospital of the latest arrival or handover."""
    ward_custody: bool = False

    def called(self, number: str) -> datetime | None:
        """When `number` was first called, if it was."""
        return next((call.at for call in self.calls if call.number == number), None)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The level the playbook's rules suggest (the highest that holds), with every rule
    that holds, most severe first. `level` is None when no rule holds."""

    level: str | None
    drivers: tuple[Driver, ...] = ()

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(driver.rule for driver in self.drivers)


@dataclass(frozen=True, slots=True)
class StepState:
    id: str
    phase: str
    status: StepStatus
    applicable: bool
    """Whether the step's and its phase's `when` hold now. A step done before it stopped
    applying keeps its status; only an untouched step is "not_applicable"."""
    required: bool
    value: Any = None
    """The answer (option id, list of checked items, or form values) if answered."""
    reason: str = ""
    """Why it was skipped."""
    note: str = ""
    at: datetime | None = None
    actor: str = ""
    by_event: str = ""
    """The event kind that did it when the step was done by recording the thing itself
    (e.g. `custody.started` does "custody.start"); empty when done as a step."""


@dataclass(frozen=True, slots=True)
class PhaseState:
    id: str
    title: Text
    immediate: bool
    applicable: bool
    entered: bool
    """Any of its steps has been recorded (or, for the immediate phase, danger declared)."""
    finished: bool
    """No applicable required step is pending."""
    steps: tuple[str, ...]
    counts: Mapping[str, int]
    """Steps per status (every status present, zero or more)."""


@dataclass(frozen=True, slots=True)
class TimerState:
    """A playbook clock. A deadline is due once, `minutes` after its first start, and met
    by any stop. An interval is due `minutes` after its start and every reset, until a
    stop; a later start restarts it."""

    id: str
    title: Text
    type: Literal["interval", "deadline"]
    minutes: int
    started_at: datetime | None
    due_at: datetime | None
    overdue: bool
    met: bool
    """Deadline: met by a stop. Interval: stopped."""
    met_at: datetime | None = None
    late: bool = False
    """Met (or stopped) only after it was due."""
    last_reset: datetime | None = None
    role: str | None = None
    """The playbook timer's declared role (`oncall.playbook.model.TIMER_ROLES`)."""
    notice: int | None = None
    """Minutes before it is due that the status shows it (`Timer.notice_minutes`)."""

    @property
    def running(self) -> bool:
        return self.started_at is not None and not self.met

    def remaining(self, now: datetime) -> timedelta | None:
        """Time until due (negative when overdue); None when not running."""
        if not self.running or self.due_at is None:
            return None
        return self.due_at - now


@dataclass(frozen=True, slots=True)
class Handover:
    """A shift change between custodians (交接)."""

    at: datetime
    giver: tuple[str, ...]
    receiver: tuple[str, ...]
    place: str = ""
    readback: bool = False
    actor: str = ""


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch of custody with no named custodian. `end` None: still open."""

    start: datetime
    end: datetime | None
    left: str = ""
    """Who left last, when a departure opened the gap."""

    def length(self, now: datetime) -> timedelta:
        return (self.end or now) - self.start


@dataclass(frozen=True, slots=True)
class CustodyEnd:
    """Safety responsibility handover (安全责任移交)."""

    at: datetime
    to: str
    received_by: str
    place: str


@dataclass(frozen=True, slots=True)
class Custody:
    active: bool = False
    custodians: tuple[str, ...] = ()
    place: str = ""
    observation: str = ""
    check_minutes: int | None = None
    started_at: datetime | None = None
    """When custody first started."""
    since: datetime | None = None
    """When the current (or last) custody period started."""
    last_checkin: datetime | None = None
    last_checkin_by: str = ""
    next_check_due: datetime | None = None
    """Due after the last start, check-in, handover or end of a gap."""
    last_check: datetime | None = None
    """The last start, check-in or handover: what the next check-in counts from (after a
    handover, the new custodians' own first look)."""
    handovers: tuple[Handover, ...] = ()
    gaps: tuple[Gap, ...] = ()
    ended: CustodyEnd | None = None
    """The handover that ended custody; None while active or never started."""
    periods: tuple[tuple[datetime, datetime | None], ...] = ()
    """(start, end) of each stretch of custody, from its own events (end None: not
    ended)."""

    @property
    def open_gap(self) -> Gap | None:
        return self.gaps[-1] if self.gaps and self.gaps[-1].end is None else None

    def elapsed(self, now: datetime) -> timedelta | None:
        """How long the current custody period has run (to its end, if it ended)."""
        if self.since is None:
            return None
        until = self.ended.at if (self.ended and not self.active) else now
        return until - self.since


@dataclass(frozen=True, slots=True)
class Guardian:
    name: str
    relation: str
    phone: str
    priority: int
    emergency: bool = False
    attempts: int = 0
    reached: bool = False
    last_outcome: str = ""
    last_attempt_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Attempt:
    at: datetime
    by: str
    target: str
    phone: str
    outcome: str
    said: str = ""


@dataclass(frozen=True, slots=True)
class FamilyDecision:
    at: datetime
    decision: str
    by: str = ""
    eta: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Contacts:
    guardians: tuple[Guardian, ...] = ()
    """By priority (1 first), then in the order added."""
    attempts: tuple[Attempt, ...] = ()
    """In the order they happened."""
    reached: bool = False
    reached_who: str = ""
    reached_at: datetime | None = None
    """The first time anyone was reached."""
    first_attempt_at: datetime | None = None
    decisions: tuple[FamilyDecision, ...] = ()
    arrived: tuple[str, ...] = ()
    arrived_at: datetime | None = None

    @property
    def next_to_call(self) -> Guardian | None:
        """The first guardian by priority not yet tried (None when all have been)."""
        return next((g for g in self.guardians if g.attempts == 0), None)


@dataclass(frozen=True, slots=True)
class CaseWarning:
    """Something overdue or unsafe. `message` is the one imperative line to act on."""

    code: str
    message: Text
    since: datetime


@dataclass(frozen=True, slots=True)
class CaseState:
    case: str
    drill: bool
    now: datetime
    opened_at: datetime
    closed: bool
    closed_at: datetime | None
    close_reason: str
    facts: Mapping[str, Any]
    playbook: PlaybookRef | None
    playbook_changed: bool
    """The case was opened with another version of the playbook than replayed with."""
    actor: str
    """Who is at the keyboard now (the latest `actor.changed`, else the last actor)."""
    level: str | None
    level_since: datetime | None
    levels: tuple[LevelChange, ...]
    suggestion: Suggestion
    steps: Mapping[str, StepState]
    """In playbook order."""
    phases: tuple[PhaseState, ...]
    current_step: str | None
    next_action: Text
    timers: tuple[TimerState, ...]
    custody: Custody
    contacts: Contacts
    warnings: tuple[CaseWarning, ...]
    """Most urgent first."""
    events: tuple[Event, ...]
    """The effective events, by (at, seq): withdrawn ones left out, replaced data in."""
    withdrawn: frozenset[str] = frozenset()
    corrected: Mapping[str, str] = field(default_factory=dict)
    """Corrected event id -> id of the correction that applies."""
    danger: Danger = field(default_factory=Danger)
    medical: Medical = field(default_factory=Medical)
    milestones: Mapping[str, datetime] = field(default_factory=dict)
    """Milestone id -> when it was first reached (`discovered` is the opening)."""
    recorded: tuple[Event, ...] = ()
    """Every event as recorded, in journal order (`seq`), corrections and all."""
    urgent_entry: str | None = None
    """The event kind ▶ records before `current_step` (the overdue custody check-in:
    `oncall.case.pathway.urgent_entry`); Space opens its entry."""
    happened: frozenset[str] = frozenset()
    """The kinds of the events replay applied (corrections are not applied: they
    change others): what conditions judged after replay ask `happened` of."""

    def timer_with(self, role: str) -> TimerState | None:
        """The running-or-not clock of the timer with this role, if it applies."""
        return next((t for t in self.timers if t.role == role), None)

    def timeline(self) -> list[TimelineRow]:
        """Every recorded event in the order it happened (see `oncall.case.timeline`)."""
        return timeline(self.recorded)

    def step(self, step_id: str) -> StepState:
        return self.steps[step_id]

    def timer(self, timer_id: str) -> TimerState | None:
        return next((t for t in self.timers if t.id == timer_id), None)

    def warning(self, code: str) -> CaseWarning | None:
        return next((w for w in self.warnings if w.code == code), None)

    @property
    def warning_codes(self) -> tuple[str, ...]:
        return tuple(w.code for w in self.warnings)
