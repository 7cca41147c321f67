"""The single pass over a case's effective events, in time order.

Each event is dispatched by kind to the piece it changes: steps, level, facts,
custody, contacts, timers; then it does the steps whose `done_by` it matches
(`oncall.case.links`). The only conditions evaluated here are those of `done_by`, against
the case as it stands at that event; a step's or phase's `when` is evaluated once at the
end (`oncall.case.replay`), when every answer is known.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from oncall.case import kinds
from oncall.case.contacts import ContactsBuilder
from oncall.case.context import ReplayContext, age_of, holds
from oncall.case.custody import CustodyBuilder, names
from oncall.case.links import Link
from oncall.case.state import LevelChange, PlaybookRef, StepStatus
from oncall.journal.event import Event, parse_time
from oncall.playbook.model import LEVELS


@dataclass(slots=True)
class StepRecord:
    """What the events say about one step (the latest word wins)."""

    status: StepStatus
    value: Any = None
    reason: str = ""
    note: str = ""
    at: datetime | None = None
    actor: str = ""
    by_event: str = ""


@dataclass(slots=True)
class Folded:
    case: str = ""
    drill: bool = False
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    close_reason: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    playbook: PlaybookRef | None = None
    levels: list[LevelChange] = field(default_factory=list)
    level: str | None = None
    level_since: datetime | None = None
    steps: dict[str, StepRecord] = field(default_factory=dict)
    happened: set[str] = field(default_factory=set)
    danger_at: datetime | None = None
    """When the immediate-danger path was first taken."""
    milestones: dict[str, datetime] = field(default_factory=dict)
    """Milestones reached by their own events (`Milestone.by`), first time each."""
    calls: list[tuple[datetime, str, str]] = field(default_factory=list)
    """Emergency calls: (at, number, by)."""
    medical: dict[str, Any] = field(default_factory=dict)
    """The latest word on accompany / arrival / hospital handover (`MedicalBuilder`)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Folded:
        """A copy whose containers and step records are its own; what they hold is
        never changed in place (it is replaced), so it is shared."""
        return Folded(
            case=self.case,
            drill=self.drill,
            opened_at=self.opened_at,
            closed_at=self.closed_at,
            close_reason=self.close_reason,
            facts=dict(self.facts),
            playbook=self.playbook,
            levels=list(self.levels),
            level=self.level,
            level_since=self.level_since,
            steps={step_id: replace(record) for step_id, record in self.steps.items()},
            happened=set(self.happened),
            danger_at=self.danger_at,
            milestones=dict(self.milestones),
            calls=list(self.calls),
            medical=dict(self.medical),
        )


class Fold:
    """Feed it events in time order with `apply`; read `result`, `custody`, `contacts`."""

    def __init__(
        self,
        links: dict[str, tuple[Link, ...]],
        fire: Callable[[str, datetime], None],
        wants: Callable[[str], bool],
        check_minutes: int,
        danger_check: str | None = None,
    ) -> None:
        """`links`: the playbook's `done_by`, by event kind; `danger_check`: the step
        `danger.declared` answers (`Playbook.danger_check`), if the playbook has one."""
        self.result = Folded()
        self.custody = CustodyBuilder(check_minutes)
        self.contacts = ContactsBuilder()
        self._links = links
        self._danger_check = danger_check
        self._fire = fire
        self._wants = wants
        self._times: dict[str, datetime] = {}
        self._handlers = self._dispatch()

    def _dispatch(self) -> dict[str, Callable[[Event, datetime], None]]:
        """Event kind -> the method it changes the fold with (bound to this fold)."""
        custody, contacts = self.custody, self.contacts
        return {
            kinds.CASE_OPENED: self._opened,
            kinds.CASE_CLOSED: self._closed,
            kinds.CASE_FACT: self._fact,
            kinds.STEP_ANSWERED: self._answered,
            kinds.STEP_DONE: self._done,
            kinds.STEP_SKIPPED: self._skipped,
            kinds.DANGER_DECLARED: self._danger,
            kinds.LEVEL_CONFIRMED: self._level,
            kinds.CUSTODY_STARTED: lambda e, at: custody.started(at, e.data),
            kinds.CUSTODY_CHECKIN: lambda e, at: custody.checkin(at, e.data),
            kinds.CUSTODY_HANDOVER: lambda e, at: custody.handover(at, e.actor, e.data),
            kinds.CUSTODY_CUSTODIAN_LEFT: lambda e, at: custody.left(at, e.data),
            kinds.CUSTODY_ENDED: lambda e, at: custody.end(at, e.data),
            kinds.GUARDIAN_ADDED: lambda e, _at: contacts.guardian(e.data),
            kinds.CONTACT_ATTEMPT: lambda e, at: contacts.attempt(at, e.actor, e.data),
            kinds.FAMILY_DECISION: lambda e, at: contacts.decision(at, e.data),
            kinds.FAMILY_ARRIVED: lambda e, at: contacts.family_arrived(at, e.data),
            kinds.MEDICAL_CALLED: self._called,
            kinds.MEDICAL_ACCOMPANY: self._medical,
            kinds.MEDICAL_ARRIVED: self._medical,
            kinds.MEDICAL_HANDOVER: self._medical,
        }

    def __deepcopy__(self, memo: dict[int, Any]) -> Fold:
        """An independent fold in the same state (a checkpoint of a pass), feeding the
        `fire`/`wants` of the copied timers when they are copied in the same `memo`.
        What never changes is shared: the playbook's links and the parsed-time cache."""
        new = Fold.__new__(Fold)
        memo[id(self)] = new
        new.result = copy.deepcopy(self.result, memo)
        new.custody = copy.deepcopy(self.custody, memo)
        new.contacts = copy.deepcopy(self.contacts, memo)
        new._links = self._links
        new._danger_check = self._danger_check
        new._fire = copy.deepcopy(self._fire, memo)
        new._wants = copy.deepcopy(self._wants, memo)
        new._times = self._times  # text -> its parsed moment: the same in every copy
        new._handlers = new._dispatch()
        return new

    def rebind(self) -> None:
        """Route events to the fold's present custody and contacts (after they were
        replaced, as a pass read back from bytes replaces them)."""
        self._handlers = self._dispatch()

    def apply_all(self, events: Iterable[Event]) -> None:
        for event in events:
            self.apply(event)

    def apply(self, event: Event) -> None:
        result = self.result
        kind = event.kind
        if kind == kinds.CORRECTION:
            return
        at = self._time(event.at)
        result.happened.add(kind)
        if event.drill:
            result.drill = True
        handler = self._handlers.get(kind)
        if handler is not None:
            handler(event, at)
        for link in self._links.get(kind, ()):
            if link.answers:
                value = link.answer(event.data)
                if value is not None and self._holds(link.rule.when):
                    self._mark(link.step, "answered", at, event.actor, value=value, by_event=kind)
            elif link.matches(event.data) and self._holds(link.rule.when):
                if link.milestone:
                    result.milestones.setdefault(link.milestone, at)
                else:
                    self._mark(link.step, "done", at, event.actor, by_event=kind)
        key = "event:" + kind
        if self._wants(key):
            self._fire(key, at)

    def _holds(self, when: str | None) -> bool:
        """A `done_by` condition, against the case so far (this event included); a broken
        one does nothing (the validator refuses it; the step can still be ticked)."""
        if when is None:
            return True
        result = self.result
        ctx = ReplayContext(
            result.steps,
            result.happened,
            level=result.level,
            age=age_of(result.facts.get("student_age")),
            drill=result.drill,
        )
        return holds(when, ctx, otherwise=False)

    def _time(self, text: str) -> datetime:
        moment = self._times.get(text)
        if moment is None:
            moment = self._times[text] = parse_time(text)
        return moment

    # --- steps --------------------------------------------------------------------------
    def _mark(
        self,
        step_id: str,
        status: StepStatus,
        at: datetime,
        actor: str,
        *,
        value: Any = None,
        reason: str = "",
        note: str = "",
        by_event: str = "",
    ) -> None:
        record = self.result.steps.get(step_id)
        if record is None:
            record = self.result.steps[step_id] = StepRecord(status)
        elif record.status == status == "done":
            record.note = note or record.note
            self._fire_step(step_id, at)
            return  # done again: keep when it was first done
        if status == "answered":
            record.value = value
        elif status == "skipped":
            record.value = None
        record.status = status
        record.reason = reason
        record.note = note or (record.note if status == "done" else "")
        record.at = at
        record.actor = actor
        record.by_event = by_event
        if status != "skipped":
            self._fire_step(step_id, at)

    def _fire_step(self, step_id: str, at: datetime) -> None:
        key = "step:" + step_id
        if self._wants(key):
            self._fire(key, at)

    def _answered(self, event: Event, at: datetime) -> None:
        step = event.data.get("step")
        if isinstance(step, str):
            self._mark(step, "answered", at, event.actor, value=event.data.get("value"))

    def _done(self, event: Event, at: datetime) -> None:
        step = event.data.get("step")
        if isinstance(step, str):
            self._mark(step, "done", at, event.actor, note=str(event.data.get("note") or ""))

    def _skipped(self, event: Event, at: datetime) -> None:
        step = event.data.get("step")
        if isinstance(step, str):
            self._mark(step, "skipped", at, event.actor, reason=str(event.data.get("reason") or ""))

    # --- the case -------------------------------------------------------------------------
    def _opened(self, event: Event, at: datetime) -> None:
        result = self.result
        result.case = event.case
        result.opened_at = at
        facts = event.data.get("facts")
        if isinstance(facts, dict):
            result.facts.update(facts)
        ref = event.data.get("playbook")
        if isinstance(ref, dict):
            result.playbook = PlaybookRef(
                str(ref.get("id", "")), str(ref.get("version", "")), str(ref.get("hash", ""))
            )
        if self._wants(kinds.CASE_OPENED):
            self._fire(kinds.CASE_OPENED, at)

    def _closed(self, event: Event, at: datetime) -> None:
        self.result.closed_at = at
        self.result.close_reason = str(event.data.get("reason") or "")

    def _fact(self, event: Event, _at: datetime) -> None:
        name = event.data.get("field")
        if isinstance(name, str) and name:
            self.result.facts[name] = event.data.get("value")

    # --- medical ----------------------------------------------------------------------------
    def _called(self, event: Event, at: datetime) -> None:
        number = str(event.data.get("number") or "")
        self.result.calls.append((at, number, str(event.data.get("by") or event.actor)))

    def _medical(self, event: Event, at: datetime) -> None:
        medical, data = self.result.medical, event.data
        if event.kind == kinds.MEDICAL_ACCOMPANY:
            medical["accompany_at"] = at
            medical["accompany_staff"] = tuple(names(data.get("staff")))
            medical["accompany_guardian"] = str(data.get("guardian") or "")
            medical["attorney"] = bool(data.get("attorney"))
            return
        if data.get("hospital"):
            medical["hospital"] = str(data["hospital"])
        if event.kind == kinds.MEDICAL_ARRIVED:
            medical.setdefault("arrived_at", at)
        else:
            medical.setdefault("handover_at", at)
            medical["handover_staff"] = str(data.get("staff") or "")
            medical["ward_custody"] = bool(data.get("ward_custody"))

    # --- level ------------------------------------------------------------------------------
    def _danger(self, event: Event, at: datetime) -> None:
        step = self._danger_check
        if step is not None:
            what = names(event.data.get("what"))
            record = self.result.steps.get(step)
            ticked = record.value if record and isinstance(record.value, list) else []
            merged = ticked + [item for item in what if item not in ticked]
            if merged:  # declared with nothing named: the check is still to be answered
                self._mark(
                    step,
                    "answered",
                    at,
                    event.actor,
                    value=merged,
                    by_event=kinds.DANGER_DECLARED,
                )
        if self.result.danger_at is None:
            self.result.danger_at = at
        if self.result.level != "I":
            self._set_level(LevelChange("I", at, event.actor, "danger"))

    def _level(self, event: Event, at: datetime) -> None:
        data = event.data
        level = data.get("level")
        if level not in LEVELS:
            return
        suggested = data.get("suggested")
        self._set_level(
            LevelChange(
                str(level),
                at,
                event.actor,
                "confirmed",
                suggested=suggested if isinstance(suggested, str) else None,
                drivers=tuple(names(data.get("drivers"))),
                override=bool(data.get("override")),
                reason=str(data.get("reason") or ""),
                assessors=tuple(names(data.get("assessors"))),
            )
        )

    def _set_level(self, change: LevelChange) -> None:
        result = self.result
        result.levels.append(change)
        if change.level != result.level:
            result.level = change.level
            result.level_since = change.at
