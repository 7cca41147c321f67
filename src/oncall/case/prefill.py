"""What an entry's form can prefill from the case as it stands: the custodians now on
duty after a handover, the guardian to call next and the one reached, the person a
role was told, the hospital staff of the handover. Beside `CaseState`, read from it
only (no screen, no directory: the directory's suggestions are the TUI's)."""

from __future__ import annotations

from datetime import datetime, timedelta

from oncall.case.state import CaseState
from oncall.vocabulary import kinds


def fact(state: CaseState, key: str) -> str:
    return str(state.facts.get(key, "") or "")


def custodians(state: CaseState) -> list[str]:
    return list(state.custody.custodians)


def next_guardian(state: CaseState) -> tuple[str, str]:
    """The first guardian not yet tried; once all have been, the one tried longest ago
    (calling round the list, not the first guardian's phone that is off again and
    again)."""
    contacts = state.contacts
    guardian = contacts.next_to_call or min(
        contacts.guardians,
        key=lambda g: (g.last_attempt_at or state.opened_at, g.priority),
        default=None,
    )
    return (guardian.name, guardian.phone) if guardian else ("", "")


def guardian_count(state: CaseState) -> int:
    return len(state.contacts.guardians)


def guardian_now(state: CaseState) -> str:
    """The guardian reached (the one the family's decision comes from), else the next
    to call."""
    return state.contacts.reached_who or next_guardian(state)[0]


def named_for(state: CaseState, role: str, *, receives_reports: bool = False) -> str:
    """Whom this case already told in a role (for the role the reports go to, also
    whom a report went to), the latest first; "" if nobody yet."""
    for event in reversed(state.events):
        if event.kind == kinds.NOTIFIED and event.data.get("role") == role:
            return str(event.data.get("person", ""))
        if receives_reports and event.kind in (kinds.REPORT_PHONE, kinds.REPORT_WRITTEN):
            return str(event.data.get("to", ""))
    return ""


def safety_handover_defaults(state: CaseState) -> tuple[str, str, str]:
    """(to, received by, place) for the safety handover: the named hospital staff once
    the student was handed over at a hospital, else the guardian reached, where custody
    is."""
    medical = state.medical
    if medical.handover_at is not None:
        return "hospital", medical.handover_staff, medical.hospital
    place = state.custody.place or fact(state, "place")
    return "guardian", state.contacts.reached_who, place


CUSTODY_FROM_OPENING = (timedelta(minutes=2), timedelta(minutes=30))
"""Custody recorded this long after the case opened most likely began when the student
was found (someone has stayed with them since)."""


def custody_began(state: CaseState, now: datetime) -> datetime | None:
    """When custody most likely began, if it is being recorded a few minutes after the
    case opened: the opening. None: recorded at once or much later (then "now")."""
    shortest, longest = CUSTODY_FROM_OPENING
    return state.opened_at if shortest < now - state.opened_at <= longest else None
