"""A person working a case: every intent becomes one journal event, durably, first.

The TUI turns keys into calls on `CaseSession`; tests make the same calls without a
UI. Nothing here edits or deletes: an undo is a `correction` event that withdraws an
earlier one, and replay (`oncall.case`) derives what the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from oncall.case import kinds
from oncall.journal import Event, Journal, OncallError
from oncall.playbook.model import LEVELS, Playbook
from oncall.vocabulary.entries import ENTRIES, EntryField
from oncall.vocabulary.words import CONTACT_OUTCOMES, FAMILY_DECISIONS, OBSERVATIONS

UNDOABLE = frozenset(
    {
        kinds.STEP_ANSWERED,
        kinds.STEP_DONE,
        kinds.STEP_SKIPPED,
        kinds.NOTE,
        kinds.CONTACT_ATTEMPT,
        kinds.CUSTODY_CHECKIN,
        kinds.FAMILY_DECISION,
        kinds.FAMILY_ARRIVED,
        kinds.NOTIFIED,
        kinds.STAFF_ARRIVED,
        kinds.REPORT_PHONE,
        kinds.REPORT_WRITTEN,
        kinds.REPORT_WEEKLY,
        kinds.GUARDIAN_ADDED,
        kinds.MEDICAL_CALLED,
        kinds.MEDICAL_ACCOMPANY,
        kinds.MEDICAL_ARRIVED,
        kinds.REFERRAL,
        kinds.CASE_FACT,
        kinds.LEVEL_CONFIRMED,
        kinds.CUSTODY_STARTED,
        kinds.CUSTODY_HANDOVER,
        kinds.CUSTODY_CUSTODIAN_LEFT,
        kinds.CUSTODY_ENDED,
        kinds.MEDICAL_HANDOVER,
    }
)
"""What "undo" may withdraw. Opening, closing, corrections and repairs are not."""


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
    if field.type in ("people", "checklist"):
        items = [value] if isinstance(value, str) else list(value or [])
        value = [str(item).strip() for item in items if str(item).strip()] or None
    elif field.type == "yes_no":
        value = bool(value)
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
        data = {}
        for field in declared:
            value = _checked(field, values.get(field.id))
            if value is not None:
                data[field.id] = value
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
        return _within_its_minute(at, [event.at_time for event in events])

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

    def fact(self, field: str, value: Any) -> Event:
        return self.record(kinds.CASE_FACT, {"field": field, "value": value})

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
    def start_custody(
        self,
        place: str,
        custodians: Sequence[str],
        observation: str = "sight",
        check_minutes: int = 15,
        at: datetime | None = None,
    ) -> Event:
        if observation not in OBSERVATIONS:
            raise SessionError(f"observation must be one of {', '.join(OBSERVATIONS)}")
        people = [name.strip() for name in custodians if name.strip()]
        if not people:
            raise SessionError("name at least one custodian", "请至少填写一名监护人")
        return self.record(
            kinds.CUSTODY_STARTED,
            {
                "place": _need(place, "the place", "地点"),
                "custodians": people,
                "observation": observation,
                "check_minutes": int(check_minutes),
            },
            at,
        )

    def checkin(self, by: str, state: str = "", at: datetime | None = None) -> Event:
        data: dict[str, Any] = {"by": _need(by, "who checked", "签到人")}
        if state.strip():
            data["state"] = state.strip()
        return self.record(kinds.CUSTODY_CHECKIN, data, at)

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
        receivers = [name.strip() for name in receiver if name.strip()]
        if not receivers:
            raise SessionError("name who receives custody", "请填写接班人")
        if not readback:
            raise SessionError(
                "the receiver must read the handover back", "接班人须复述确认交接内容"
            )
        data: dict[str, Any] = {
            "from": [name.strip() for name in giver if name.strip()],
            "to": receivers,
            "ipass": {
                "severity": _need(severity, "severity", "严重程度"),
                "summary": _need(summary, "a summary", "概要"),
                "actions": [dict(a) for a in actions],
                "watch": watch.strip(),
                "readback": True,
            },
        }
        if place.strip():
            data["place"] = place.strip()
        return self.record(kinds.CUSTODY_HANDOVER, data, at)

    def custodian_left(self, name: str, at: datetime | None = None) -> Event:
        return self.record(
            kinds.CUSTODY_CUSTODIAN_LEFT, {"name": _need(name, "who left", "离开的人")}, at
        )

    def end_custody(
        self, to: str, received_by: str, place: str, at: datetime | None = None
    ) -> Event:
        if to not in ("guardian", "hospital"):
            raise SessionError("custody ends only with a handover to a guardian or hospital")
        return self.record(
            kinds.CUSTODY_ENDED,
            {
                "to": to,
                "received_by": _need(received_by, "who received", "接收人"),
                "place": _need(place, "where", "地点"),
            },
            at,
        )

    # --- guardians ---
    def add_guardian(
        self,
        name: str,
        relation: str,
        phone: str,
        priority: int = 1,
        emergency: bool = False,
    ) -> Event:
        return self.record(
            kinds.GUARDIAN_ADDED,
            {
                "name": _need(name, "the name", "姓名"),
                "relation": relation.strip(),
                "phone": _need(phone, "the number", "电话"),
                "priority": int(priority),
                "emergency": emergency,
            },
        )

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

    def family_decision(
        self,
        decision: str,
        *,
        eta: datetime | None = None,
        by: str = "",
        note: str = "",
    ) -> Event:
        if decision not in FAMILY_DECISIONS:
            raise SessionError(f"decision must be one of {', '.join(FAMILY_DECISIONS)}")
        data: dict[str, Any] = {"decision": decision}
        if eta is not None:
            data["eta"] = eta.isoformat()
        if by.strip():
            data["by"] = by.strip()
        if note.strip():
            data["note"] = note.strip()
        return self.record(kinds.FAMILY_DECISION, data)

    def family_arrived(self, who: Sequence[str], at: datetime | None = None) -> Event:
        return self.record(kinds.FAMILY_ARRIVED, {"who": [w.strip() for w in who if w.strip()]}, at)

    # --- people told, reports ---
    def notified(
        self, role: str, person: str, how: str = "phone", at: datetime | None = None
    ) -> Event:
        return self.record(
            kinds.NOTIFIED,
            {"role": role, "person": person.strip(), "how": how},
            at,
        )

    def report_phone(self, to: str, at: datetime | None = None) -> Event:
        return self.record(kinds.REPORT_PHONE, {"to": _need(to, "who was told", "报告给谁")}, at)

    def report_written(self, to: str, at: datetime | None = None) -> Event:
        return self.record(
            kinds.REPORT_WRITTEN, {"to": _need(to, "who received it", "报告给谁")}, at
        )

    def report_weekly(self, summary: str, at: datetime | None = None) -> Event:
        return self.record(
            kinds.REPORT_WEEKLY, {"summary": _need(summary, "a summary", "概要")}, at
        )

    # --- medical ---
    def medical_called(self, number: str = "120", at: datetime | None = None) -> Event:
        return self.record_entry(kinds.MEDICAL_CALLED, {"number": number, "by": self.actor}, at)

    def medical_accompany(
        self,
        staff: Sequence[str],
        guardian: str = "",
        attorney: bool = False,
        at: datetime | None = None,
    ) -> Event:
        values = {"staff": list(staff), "guardian": guardian, "attorney": attorney}
        return self.record_entry(kinds.MEDICAL_ACCOMPANY, values, at)

    def medical_arrived(self, hospital: str, at: datetime | None = None) -> Event:
        return self.record_entry(kinds.MEDICAL_ARRIVED, {"hospital": hospital}, at)

    def medical_handover(
        self, hospital: str, staff: str, ward_custody: bool, at: datetime | None = None
    ) -> Event:
        values = {"hospital": hospital, "staff": staff, "ward_custody": ward_custody}
        return self.record_entry(kinds.MEDICAL_HANDOVER, values, at)

    def referral(
        self, institution: str, consent: bool, recommendation: str, at: datetime | None = None
    ) -> Event:
        values = {
            "institution": institution,
            "consent": consent,
            "recommendation": recommendation,
        }
        return self.record_entry(kinds.REFERRAL, values, at)

    # --- corrections, the person, closing ---
    def correct(
        self, event_id: str, reason: str, replacement: dict[str, Any] | None = None
    ) -> Event:
        target = next((e for e in self.events() if e.id == event_id), None)
        if target is None:
            raise SessionError("no such event in this case")
        if target.kind not in UNDOABLE:
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
            if event.kind in UNDOABLE and event.id not in withdrawn:
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
