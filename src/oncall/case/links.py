"""Recording the thing itself does the step that asks for it.

When the teacher records `custody.started` on the custody screen, the step "Start
custody" is done: nobody should have to tick it as well. Each link names an event
kind, the step it does, and optionally one field value the event must carry (a 120
call does "Call 120", not "Call 110"). Steps a playbook does not have are ignored, so
a playbook with other step ids simply gets no links.

A step done as a step (`step.done`) and a step done by its event are the same to
replay; `StepState.by_event` tells them apart for the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from oncall.case import kinds


@dataclass(frozen=True, slots=True)
class Link:
    kind: str
    step: str
    field: str | None = None
    value: Any = None
    danger: bool = False
    """Only once the immediate-danger path is taken (a 120 call made for another reason
    does not do the immediate-danger phase's "Call 120")."""

    def matches(self, data: Mapping[str, Any]) -> bool:
        return self.field is None or data.get(self.field) == self.value


LINKS: Final[tuple[Link, ...]] = (
    Link(kinds.MEDICAL_CALLED, "danger.call120", "number", "120", danger=True),
    Link(kinds.MEDICAL_CALLED, "danger.call110", "number", "110", danger=True),
    Link(kinds.MEDICAL_CALLED, "medical.call120", "number", "120"),
    Link(kinds.REPORT_PHONE, "first.report_leader"),
    Link(kinds.NOTIFIED, "first.report_leader", "role", "leader"),
    Link(kinds.NOTIFIED, "first.counselor", "role", "counselor"),
    Link(kinds.NOTIFIED, "first.class_teacher", "role", "class_teacher"),
    Link(kinds.NOTIFIED, "custody.security", "role", "security"),
    Link(kinds.LEVEL_CONFIRMED, "risk.level"),
    Link(kinds.CUSTODY_STARTED, "custody.start"),
    Link(kinds.CUSTODY_ENDED, "custody.end"),
    Link(kinds.GUARDIAN_ADDED, "contact.guardians"),
    Link(kinds.CONTACT_ATTEMPT, "contact.call_urgent", "outcome", "reached"),
    Link(kinds.CONTACT_ATTEMPT, "contact.call_school", "outcome", "reached"),
    Link(kinds.CONTACT_ATTEMPT, "contact.inform_week", "outcome", "reached"),
    Link(kinds.FAMILY_DECISION, "contact.decision"),
    Link(kinds.MEDICAL_ACCOMPANY, "medical.accompany"),
    Link(kinds.MEDICAL_ARRIVED, "medical.arrived"),
    Link(kinds.MEDICAL_HANDOVER, "medical.handover"),
    Link(kinds.REFERRAL, "medical.referral"),
    Link(kinds.REPORT_WRITTEN, "report.written"),
    Link(kinds.REPORT_WEEKLY, "report.weekly"),
)
"""Event kind -> the step of the default playbook it does."""

DANGER_STEP: Final = "danger.check"
"""`danger.declared` answers this check step with its `what` items (added to any
already ticked), so the steps that depend on them apply."""


def links_by_kind(step_ids: frozenset[str]) -> dict[str, tuple[Link, ...]]:
    """The links whose step is in the playbook, by event kind."""
    table: dict[str, list[Link]] = {}
    for link in LINKS:
        if link.step in step_ids:
            table.setdefault(link.kind, []).append(link)
    return {kind: tuple(found) for kind, found in table.items()}
