"""A drill scenario as data: what `oncall.drill.loader` reads from `playbooks/drills/*.toml`.

A scenario names the playbook it exercises, a cast (an invented student, guardians with
obviously fake numbers and scripted replies, staff in the playbook's roles), the
starting situation, and injects: messages that arrive at a set time after the start, or
when a step is done or an event happens, some asking for a response that is judged.
Nothing here knows about files, the journal or the UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from oncall.playbook.model import Lines, Text

TriggerKind = Literal["time", "step", "event"]
StepMoment = Literal["reached", "done"]
STEP_MOMENTS: tuple[StepMoment, ...] = ("reached", "done")
NO_TEXT = Text("", "")


@dataclass(frozen=True, slots=True)
class EventMatch:
    """An event of `kind`, with `data[field] == value` when `field` is given."""

    kind: str
    field: str | None = None
    value: str | int | bool | None = None

    def matches(self, kind: str, data: dict[str, object]) -> bool:
        if kind != self.kind:
            return False
        return self.field is None or data.get(self.field) == self.value


@dataclass(frozen=True, slots=True)
class Trigger:
    """When an inject arrives: `minutes` after the drill starts (time), or `delay`
    minutes after `step` is reached (it becomes the next thing to do) or done, as
    `moment` says (step), or after the first event matching `event`."""

    kind: TriggerKind
    minutes: int = 0
    step: str = ""
    event: EventMatch | None = None
    moment: StepMoment = "done"


@dataclass(frozen=True, slots=True)
class Response:
    """What an inject asks for: any of `by` (an event the players record anyway, e.g. a
    call to the next guardian), or, when `by` is empty, a response typed in the drill
    (`drill.response`). Judged handled within `within_minutes`, else late or missed."""

    within_minutes: int
    by: tuple[EventMatch, ...] = ()
    expected: Text = NO_TEXT
    """What a good response looks like (shown in the report, for the debrief)."""


@dataclass(frozen=True, slots=True)
class Inject:
    id: str
    trigger: Trigger
    text: Text
    source: str = ""
    """Who it comes from: a cast id (a guardian's id, a staff role, "student") or ""."""
    respond: Response | None = None


@dataclass(frozen=True, slots=True)
class Student:
    name: str
    klass: str
    age: int | None


@dataclass(frozen=True, slots=True)
class Guardian:
    id: str
    name: str
    relation: Text
    """In both languages ("母亲" / "mother"), like every word a drill shows."""
    phone: str
    replies: tuple[str, ...] = ()
    """The outcome of the 1st, 2nd, … call (`contact.attempt` outcomes); after the
    last, the last repeats. Empty: every call reaches them."""

    def reply(self, call: int) -> str:
        """The outcome of call number `call` (1-based)."""
        if not self.replies:
            return "reached"
        return self.replies[min(call, len(self.replies)) - 1]


@dataclass(frozen=True, slots=True)
class Staff:
    role: str
    """A role id of the playbook."""
    name: str


@dataclass(frozen=True, slots=True)
class Situation:
    place: Text
    seen: Text
    brief: Lines
    """What the players are told at the start, one line each."""


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    version: str
    title: Text
    playbook: str
    """The playbook file it exercises, as written (relative to the scenario file)."""
    situation: Situation
    student: Student
    guardians: tuple[Guardian, ...]
    staff: tuple[Staff, ...]
    injects: tuple[Inject, ...]
    content_hash: str = ""
    source: str = ""

    def inject(self, inject_id: str) -> Inject:
        for inject in self.injects:
            if inject.id == inject_id:
                return inject
        raise KeyError(inject_id)

    def roles(self) -> tuple[str, ...]:
        """The roles someone plays in a run besides the person at the keyboard: the cast
        staff's, in the order given, each once."""
        return tuple(dict.fromkeys(s.role for s in self.staff))

    def guardian(self, guardian_id: str) -> Guardian:
        for guardian in self.guardians:
            if guardian.id == guardian_id:
                return guardian
        raise KeyError(guardian_id)
