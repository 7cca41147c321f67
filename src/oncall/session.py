"""A person working a case: every intent becomes one journal event, durably, first.

The TUI turns keys into calls on `CaseSession`; tests make the same calls without a
UI. Nothing here edits or deletes: an undo is a `correction` event that withdraws an
earlier one, and replay (`oncall.case`) derives what the screen shows.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from oncall.case import kinds
from oncall.journal import Event, Journal, OncallError
from oncall.journal.event import format_time, parse_time
from oncall.playbook.model import LEVELS, Playbook
from oncall.vocabulary.entries import ENTRIES, EntryField
from oncall.vocabulary.words import CONTACT_OUTCOMES

STEP_RECORDS = frozenset({kinds.STEP_ANSWERED, kinds.STEP_DONE, kinds.STEP_SKIPPED})


def undoable(kind: str) -> bool:
    """What "undo" may withdraw: a step's record and every entry's (its kind declared in
    `vocabulary.entries`). Opening, closing, corrections and repairs are not."""
    return kind in STEP_RECORDS or kind in ENTRIES


class SessionError(OncallError):
    """A request that cannot become an event as asked (e.g. an override with no reason).
    Carries its message in both UI languages."""

    def __init__(self, en: str, zh: str = "", *, field: str | None = None) -> None:
        super().__init__(en, zh=zh or None)  # `OncallError.text(lang)` picks one
        self.field = field
        """The entry field the refusal is about (shown under it), if one."""


def _need(value: str, what: str, zh: str = "", *, field: str | None = None) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise SessionError(f"{what} is required", f"请填写{zh}" if zh else "", field=field)
    return cleaned


def _checked(field: EntryField, value: Any) -> Any:
    """`value` as the journal holds it for `field` (None: not given), or a refusal that
    names the field."""
    label = field.label
    if field.type == "tasks":
        value = _tasks(value)
    elif field.type in ("people", "checklist"):
        items = [value] if isinstance(value, str) else list(value or [])
        value = [str(item).strip() for item in items if str(item).strip()] or None
    elif field.type == "yes_no":
        value = bool(value)
        if field.required and not value:  # a yes that must be given (read back)
            raise SessionError(
                f"{label.en}: must be confirmed", f"{label.zh}：须确认", field=field.id
            )
    elif field.type == "time" and isinstance(value, datetime):
        value = value.isoformat()
    elif field.type == "number" and value not in (None, ""):
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise SessionError(
                f"{label.en}: not a number", f"{label.zh}：应为数字", field=field.id
            ) from None
    elif isinstance(value, str):
        value = value.strip() or None
    if value is None:
        if field.required:
            raise SessionError(f"{label.en} is required", f"请填写{label.zh}", field=field.id)
        return None
    if field.options and value not in field.options:
        raise SessionError(
            f"{label.en}: {value!r} is not one of {', '.join(field.options)}",
            f"{label.zh}：{value} 不在可选项中",
            field=field.id,
        )
    return value


def _tasks(value: Any) -> list[dict[str, str]] | None:
    """Things to do with whoever does them: typed "what/owner; what/owner", or given as
    {"what", "owner"} already."""
    if isinstance(value, str):
        value = [item.partition("/")[::2] for item in value.replace("；", ";").split(";")]
        value = [{"what": what, "owner": owner} for what, owner in value]
    tasks = [
        {"what": str(task.get("what", "")).strip(), "owner": str(task.get("owner", "")).strip()}
        for task in value or ()
        if isinstance(task, dict)
    ]
    return [task for task in tasks if task["what"]] or None


LATE_SLACK = timedelta(minutes=1)
"""How far a typed time may run ahead of the clock (a minute typed as it turns)."""


class CaseSession:
    """One case, one person at the keyboard. `actor` may change (a shift handover)."""

    def __init__(
        self,
        journal: Journal,
        case_id: str,
        playbook: Playbook,
        actor: str,
        *,
        on_event: Callable[[Event], None] | None = None,
    ) -> None:
        self.journal = journal
        self.case_id = case_id
        self.playbook = playbook
        self.actor = _need(actor, "who is at the keyboard", "操作人")
        self._on_event = on_event
        self._by_minute = _EventsByMinute()

    @classmethod
    def open_new(
        cls,
        journal: Journal,
        playbook: Playbook,
        actor: str,
        *,
        drill: bool = False,
        on_event: Callable[[Event], None] | None = None,
        **facts: Any,
    ) -> CaseSession:
        """Open a new case (its `case.opened` event, with the facts known so far) and
        the session that records the rest of it."""
        who = _need(actor, "who is at the keyboard", "操作人")
        known = {key: value for key, value in facts.items() if value not in ("", None)}
        case_id = journal.new_case(actor=who, drill=drill, playbook=playbook, **known)
        return cls(journal, case_id, playbook, who, on_event=on_event)

    # --- the one way anything is recorded ---
    def record(self, kind: str, data: dict[str, Any], at: datetime | None = None) -> Event:
        if at is not None:
            at = self._check_when(at)
        event = self.journal.append(self.case_id, kind, data, self.actor, at=at)
        if self._on_event is not None:
            self._on_event(event)
        return event

    def events(self) -> list[Event]:
        return self.journal.events(self.case_id)

    def record_entry(self, kind: str, values: dict[str, Any], at: datetime | None = None) -> Event:
        """Record one entry of `kind` as its declaration in `vocabulary.entries` says:
        every value checked against its field (required, a choice among its words, its
        type), the event's data the declared fields. The one path for a kind whose
        event is its fields; a named method stays where it adds meaning."""
        declared = ENTRIES.get(kind)
        if declared is None:
            raise SessionError(f"{kind!r} is not recorded from an entry")
        unknown = set(values) - {f.id for f in declared}
        if unknown:
            raise SessionError(f"{kind} has no field {', '.join(sorted(unknown))}")
        data: dict[str, Any] = {}
        for field in declared:
            value = _checked(field, values.get(field.id))
            if value is not None:
                held = data.setdefault(field.within, {}) if field.within else data
                held[field.id] = value
        return self.record(kind, data, at)

    def _check_when(self, at: datetime) -> datetime:
        """When something happened is never in the future, nor before the case opened:
        no interval can come out negative. A typed time names a minute: see
        `_within_its_minute`."""
        shown = at.astimezone().strftime("%m-%d %H:%M")
        if at > self.journal.clock() + LATE_SLACK:
            raise SessionError(
                f"{shown} has not come yet: only what has happened can be recorded",
                f"{shown} 还没到：只能记录已经发生的事",
                field="at",
            )
        events = self.journal.events(self.case_id)
        opened = events[0].at_time if events else None
        if opened is not None and at < opened.replace(second=0, microsecond=0):
            since = opened.astimezone().strftime("%m-%d %H:%M")
            raise SessionError(
                f"{shown} is before the case opened ({since})",
                f"{shown} 早于本案开启（{since}）",
                field="at",
            )
        if opened is None:
            return at
        return _within_its_minute(at, [opened, *self._by_minute.of(events, at)])

    # --- steps ---
    def _step(self, step_id: str) -> Any:
        try:
            return self.playbook.step(step_id)
        except KeyError:
            raise SessionError(f"no step {step_id!r} in playbook {self.playbook.id}") from None

    def answer(self, step_id: str, value: Any, at: datetime | None = None) -> Event:
        step = self._step(step_id)
        if step.kind in ("question", "choice"):
            allowed = {option.id for option in step.options}
            if value not in allowed:
                raise SessionError(f"{value!r} is not an answer to {step_id}")
        elif step.kind == "check":
            allowed = {option.id for option in step.options}
            if not isinstance(value, list) or not set(value) <= allowed:
                raise SessionError(f"not items of {step_id}: {value!r}")
        elif step.kind == "form":
            if not isinstance(value, dict):
                raise SessionError(f"{step_id} takes a form")
            missing = [f.id for f in step.fields if f.required and not str(value.get(f.id, ""))]
            if missing:
                raise SessionError(f"required: {', '.join(missing)}")
        else:
            raise SessionError(f"{step_id} is not answered, it is done")
        return self.record(kinds.STEP_ANSWERED, {"step": step_id, "value": value}, at)

    def done(self, step_id: str, note: str = "", at: datetime | None = None) -> Event:
        self._step(step_id)
        data: dict[str, Any] = {"step": step_id}
        if note.strip():
            data["note"] = note.strip()
        return self.record(kinds.STEP_DONE, data, at)

    def skip(self, step_id: str, reason: str) -> Event:
        self._step(step_id)
        return self.record(
            kinds.STEP_SKIPPED, {"step": step_id, "reason": _need(reason, "a reason", "原因")}
        )

    def note(self, text: str, at: datetime | None = None) -> Event:
        return self.record(kinds.NOTE, {"text": _need(text, "the note", "内容")}, at)

    # --- danger and level ---
    def declare_danger(self, what: Sequence[str]) -> Event:
        return self.record(kinds.DANGER_DECLARED, {"what": list(what)})

    def confirm_level(
        self,
        level: str,
        *,
        suggested: str | None,
        drivers: Sequence[str],
        assessors: Sequence[str],
        reason: str = "",
        at: datetime | None = None,
    ) -> Event:
        if level not in LEVELS:
            raise SessionError(f"not a level: {level!r}")
        override = suggested is not None and level != suggested
        if override:
            reason = _need(
                reason,
                "a reason for overriding the suggested level",
                "与建议级别不同的理由",
                field="reason",
            )
        people = [name.strip() for name in assessors if name.strip()]
        if not people:
            raise SessionError(
                "name who took part in the assessment", "请填写参与评估的人", field="assessors"
            )
        return self.record(
            kinds.LEVEL_CONFIRMED,
            {
                "level": level,
                "suggested": suggested,
                "drivers": list(drivers),
                "override": override,
                "reason": reason.strip(),
                "assessors": people,
            },
            at,
        )

    # --- custody ---
    def handover(
        self,
        giver: Sequence[str],
        receiver: Sequence[str],
        *,
        severity: str,
        summary: str,
        actions: Sequence[dict[str, str]],
        watch: str,
        readback: bool,
        place: str = "",
        at: datetime | None = None,
    ) -> Event:
        """A shift handover (I-PASS): the receiver must have read it back."""
        values = {
            "from": list(giver),
            "to": list(receiver),
            "place": place,
            "severity": severity,
            "summary": summary,
            "actions": list(actions),
            "watch": watch,
            "readback": readback,
        }
        return self.record_entry(kinds.CUSTODY_HANDOVER, values, at)

    # --- guardians ---
    def contact_attempt(
        self,
        target: str,
        phone: str,
        outcome: str,
        said: str = "",
        at: datetime | None = None,
    ) -> Event:
        if outcome not in CONTACT_OUTCOMES:
            raise SessionError(f"outcome must be one of {', '.join(CONTACT_OUTCOMES)}")
        data: dict[str, Any] = {
            "by": self.actor,
            "target": _need(target, "who was called", "联系谁"),
            "phone": phone.strip(),
            "outcome": outcome,
        }
        if said.strip():
            data["said"] = said.strip()
        return self.record(kinds.CONTACT_ATTEMPT, data, at)

    # --- corrections, the person, closing ---
    def correct(
        self, event_id: str, reason: str, replacement: dict[str, Any] | None = None
    ) -> Event:
        target = next((e for e in self.events() if e.id == event_id), None)
        if target is None:
            raise SessionError("no such event in this case")
        if not undoable(target.kind):
            raise SessionError(f"a {target.kind} event cannot be corrected")
        return self.record(
            kinds.CORRECTION,
            {
                "corrects": event_id,
                "reason": _need(reason, "a reason", "原因"),
                "replacement": replacement,
            },
        )

    def last_undoable(self) -> Event | None:
        """The latest event an undo would withdraw (not already withdrawn)."""
        events = self.events()
        withdrawn = {e.data.get("corrects") for e in events if e.kind == kinds.CORRECTION}
        for event in reversed(events):
            if undoable(event.kind) and event.id not in withdrawn:
                return event
        return None

    def undo(self, reason: str) -> Event:
        target = self.last_undoable()
        if target is None:
            raise SessionError("nothing to undo", "没有可撤销的记录")
        return self.correct(target.id, reason or "undo", None)

    def change_actor(self, new_actor: str) -> Event:
        new_actor = _need(new_actor, "the new name", "姓名")
        event = self.record(kinds.ACTOR_CHANGED, {"from": self.actor, "to": new_actor})
        self.actor = new_actor
        return event

    def close(self, reason: str) -> Event:
        return self.record(kinds.CASE_CLOSED, {"reason": _need(reason, "a reason", "原因")})


class _EventsByMinute:
    """A case's event times, kept in order as the case grows, so that a typed time is
    placed among the events of its minute without reading the tens of thousands a long
    case holds. Times as `format_time` writes them sort as they fall (UTC, fixed
    width): a minute is a range found by bisection; any other is always read."""

    def __init__(self) -> None:
        self._sorted: list[str] = []
        self._other: list[str] = []
        self._seen = 0

    def of(self, events: Sequence[Event], at: datetime) -> list[datetime]:
        """The times of `events` (the case's, in journal order) in `at`'s minute."""
        if len(events) < self._seen:  # not the list filed so far: start again
            self._sorted, self._other, self._seen = [], [], 0
        new = [event.at for event in events[self._seen :]]
        self._seen = len(events)
        if len(new) > 8:
            self._sorted = sorted([*self._sorted, *(t for t in new if t.endswith("Z"))])
        else:
            for text in new:
                if text.endswith("Z"):
                    bisect.insort(self._sorted, text)
        self._other += [text for text in new if not text.endswith("Z")]
        minute = format_time(at.replace(second=0, microsecond=0))[:16]  # 2026-11-23T14:02
        low = bisect.bisect_left(self._sorted, minute + ":")
        high = bisect.bisect_left(self._sorted, minute + ";")  # ";" follows ":"
        return [parse_time(text) for text in (*self._sorted[low:high], *self._other)]


def _within_its_minute(at: datetime, recorded: Sequence[datetime]) -> datetime:
    """A typed time names a minute (its seconds are 0): it takes its place after what is
    already recorded in that minute, so "21:42" entered for a 120 call comes after the
    danger declared at 21:42:01 and does the step that declaration asked for. Never
    earlier than the opening (the first of `recorded`), whatever its seconds."""
    if recorded:
        at = max(at, recorded[0])
    if at.second or at.microsecond:
        return at
    minute = at.replace(second=0, microsecond=0)
    same = [moment for moment in recorded if moment.replace(second=0, microsecond=0) == minute]
    return max([at, *same])
