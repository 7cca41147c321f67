"""Entries as tests record them: through `CaseSession.record_entry`, the one path the
forms take (the session's named calls that did this only for tests are gone)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from oncall.case import kinds as k
from oncall.journal import Event
from oncall.session import CaseSession


def custody(
    place: str, custodians: list[str], observation: str = "sight", check_minutes: int = 15
) -> dict[str, Any]:
    """A `custody.started` entry's values."""
    return {
        "place": place,
        "custodians": custodians,
        "observation": observation,
        "check_minutes": check_minutes,
    }


def ended(to: str, received_by: str, place: str) -> dict[str, Any]:
    """A `custody.ended` entry's values (the safety handover)."""
    return {"to": to, "received_by": received_by, "place": place}


# --- entries as the case screen's forms record them (`CaseSession.record_entry`) -------
def report_phone(s: CaseSession, to: str, at: datetime | None = None) -> Event:
    return s.record_entry(k.REPORT_PHONE, {"to": to}, at)


def report_written(s: CaseSession, to: str, at: datetime | None = None) -> Event:
    return s.record_entry(k.REPORT_WRITTEN, {"to": to}, at)


def report_weekly(s: CaseSession, summary: str, at: datetime | None = None) -> Event:
    return s.record_entry(k.REPORT_WEEKLY, {"summary": summary}, at)


def notified(
    s: CaseSession, role: str, person: str, how: str = "phone", at: datetime | None = None
) -> Event:
    return s.record_entry(k.NOTIFIED, {"role": role, "person": person, "how": how}, at)


def checkin(s: CaseSession, by: str, state: str = "", at: datetime | None = None) -> Event:
    return s.record_entry(k.CUSTODY_CHECKIN, {"by": by, "state": state}, at)


def add_guardian(
    s: CaseSession,
    name: str,
    relation: str,
    phone: str,
    priority: int = 1,
    emergency: bool = False,
) -> Event:
    values = {
        "name": name,
        "relation": relation,
        "phone": phone,
        "priority": priority,
        "emergency": emergency,
    }
    return s.record_entry(k.GUARDIAN_ADDED, values)


def family_arrived(s: CaseSession, who: list[str], at: datetime | None = None) -> Event:
    return s.record_entry(k.FAMILY_ARRIVED, {"who": who}, at)


def medical_called(s: CaseSession, number: str = "120", at: datetime | None = None) -> Event:
    """The call, made by whoever is at the keyboard (the form prefills them)."""
    return s.record_entry(k.MEDICAL_CALLED, {"number": number, "by": s.actor}, at)


def medical_accompany(
    s: CaseSession,
    staff: list[str],
    guardian: str = "",
    attorney: bool = False,
    at: datetime | None = None,
) -> Event:
    values = {"staff": staff, "guardian": guardian, "attorney": attorney}
    return s.record_entry(k.MEDICAL_ACCOMPANY, values, at)


def medical_arrived(s: CaseSession, hospital: str, at: datetime | None = None) -> Event:
    return s.record_entry(k.MEDICAL_ARRIVED, {"hospital": hospital}, at)


def medical_handover(
    s: CaseSession, hospital: str, staff: str, ward_custody: bool, at: datetime | None = None
) -> Event:
    values = {"hospital": hospital, "staff": staff, "ward_custody": ward_custody}
    return s.record_entry(k.MEDICAL_HANDOVER, values, at)


def referral(
    s: CaseSession,
    institution: str,
    consent: bool,
    recommendation: str,
    at: datetime | None = None,
) -> Event:
    values = {"institution": institution, "consent": consent, "recommendation": recommendation}
    return s.record_entry(k.REFERRAL, values, at)


def fact(s: CaseSession, field: str, value: object) -> Event:
    return s.record_entry(k.CASE_FACT, {"field": field, "value": value})
