"""Who and where a case names, read from its events: what a redacted export replaces.

Every event kind of `oncall.case.kinds` that carries a name or a place is read here,
and so is every form answer whose playbook field is declared `type = "person"` or
`type = "phone"` (the playbook says which fields hold people; no step id is named in
code). A correction's replacement is read as the data of the event it corrects.

The case's people fall into:

- the student (the name and the class, from the facts);
- the family: guardians, whoever is called or arrives for the student, the guardian
  who receives custody or goes to hospital, and whoever a decision is recorded from;
- other people: the reporter, everyone named in a form's person field, and anyone
  told under a role the playbook declares `private = true` (guardians, student
  monitors) — unless the name is also known as staff;
- staff (kept): whoever records, keeps custody, checks in, hands over, is told under
  any other role, calls 120, assesses or accompanies; hospital staff and institutions.

Places are the case's place and every custody place, unless the name is an institution
the case knows (a hospital keeps its name).

A field an entry declares a person, people or a phone (`oncall.vocabulary.entries`)
that this module does not sort into one of the above (a kind added later) is taken for
another person or a phone number, never for staff: what is not known is replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from oncall.case import kinds as k
from oncall.journal.event import Event
from oncall.playbook.model import Playbook
from oncall.vocabulary.entries import ENTRIES

_SPLIT = re.compile(r"[、,，;；/\n]+")

SORTED: frozenset[tuple[str, str]] = frozenset(
    {
        (k.CUSTODY_STARTED, "custodians"),
        (k.CUSTODY_CHECKIN, "by"),
        (k.CUSTODY_HANDOVER, "from"),
        (k.CUSTODY_HANDOVER, "to"),
        (k.CUSTODY_CUSTODIAN_LEFT, "name"),
        (k.CUSTODY_ENDED, "received_by"),
        (k.GUARDIAN_ADDED, "name"),
        (k.GUARDIAN_ADDED, "phone"),
        (k.CONTACT_ATTEMPT, "target"),
        (k.CONTACT_ATTEMPT, "phone"),
        (k.CONTACT_ATTEMPT, "by"),
        (k.FAMILY_DECISION, "by"),
        (k.FAMILY_ARRIVED, "who"),
        (k.NOTIFIED, "person"),
        (k.REPORT_PHONE, "to"),
        (k.REPORT_WRITTEN, "to"),
        (k.LEVEL_CONFIRMED, "assessors"),
        (k.MEDICAL_CALLED, "by"),
        (k.MEDICAL_ACCOMPANY, "staff"),
        (k.MEDICAL_ACCOMPANY, "guardian"),
        (k.MEDICAL_HANDOVER, "staff"),
    }
)
"""The (kind, field) pairs holding people or phones that this module sorts itself; any
other person, people or phone field an entry declares is another person or a phone."""


@dataclass
class Known:
    """The names and places of one case, each list in the order first met."""

    student: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    family: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    """Numbers recorded in a phone field (guardians, calls, forms)."""
    staff: set[str] = field(default_factory=set)
    institutions: set[str] = field(default_factory=set)

    @property
    def has_student_name(self) -> bool:
        return bool(self.student)


def names(value: Any) -> Iterator[str]:
    """The names a field holds: a list, or one string that may list several."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            whole = item.strip()
            parts = [part.strip() for part in _SPLIT.split(whole)]
            if whole:
                yield whole
            for part in parts:
                if part and part != whole:
                    yield part


def _add(found: list[str], value: Any) -> None:
    for name in names(value):
        if name not in found:
            found.append(name)


def _staff(known: Known, value: Any) -> None:
    known.staff.update(names(value))


def _effective(events: list[Event]) -> Iterator[tuple[Event, dict[str, Any]]]:
    """Every event with its data, and every correction's replacement as the data of the
    event it corrects (the kind that says what the fields mean)."""
    by_id = {event.id: event for event in events}
    for event in events:
        yield event, event.data
        if event.kind == k.CORRECTION:
            target = by_id.get(str(event.data.get("corrects")))
            replacement = event.data.get("replacement")
            if target is not None and isinstance(replacement, dict):
                yield target, replacement


def form_fields(playbook: Playbook | None, step_id: Any, kind: str) -> list[str]:
    """The ids of a form step's fields of `kind` ("person", "phone"), in playbook order."""
    if playbook is None or not isinstance(step_id, str):
        return []
    try:
        step = playbook.step(step_id)
    except KeyError:
        return []
    return [f.id for f in step.fields if f.type == kind]


def collect(events: Iterable[Event], playbook: Playbook | None = None) -> Known:
    """Read every name and place a case's events hold."""
    events = list(events)
    known = Known()
    private_roles = {r.id for r in playbook.roles if r.private} if playbook else set()
    pairs = list(_effective(events))
    for event, data in pairs:
        _staff_of(known, event, data, private_roles)
    for event, data in pairs:
        _student_of(known, event, data)
    for event, data in pairs:
        _family_of(known, event, data)
    for event, data in pairs:
        _others_of(known, event, data, playbook, private_roles)
        _declared_of(known, event, data)
    student_side = {*known.student, *known.family}
    known.staff -= student_side
    known.persons = [p for p in known.persons if p not in known.staff and p not in student_side]
    known.places = [p for p in known.places if p not in known.institutions]
    return known


def _staff_of(known: Known, event: Event, data: dict[str, Any], private: set[str]) -> None:
    _staff(known, event.actor)
    kind = event.kind
    if kind == k.ACTOR_CHANGED:
        _staff(known, [data.get("from"), data.get("to")])
    elif kind == k.CUSTODY_STARTED:
        _staff(known, data.get("custodians"))
    elif kind == k.CUSTODY_CHECKIN:
        _staff(known, data.get("by"))
    elif kind == k.CUSTODY_HANDOVER:
        _staff(known, data.get("from"))
        _staff(known, data.get("to"))
        ipass = data.get("ipass")
        if isinstance(ipass, dict):
            for action in ipass.get("actions") or []:
                if isinstance(action, dict):
                    _staff(known, action.get("owner"))
    elif kind == k.CUSTODY_CUSTODIAN_LEFT:
        _staff(known, data.get("name"))
    elif kind == k.CONTACT_ATTEMPT or kind == k.MEDICAL_CALLED:
        _staff(known, data.get("by"))
    elif kind == k.NOTIFIED and data.get("role") not in private:
        _staff(known, data.get("person"))
    elif kind in (k.REPORT_PHONE, k.REPORT_WRITTEN):
        _staff(known, data.get("to"))
    elif kind == k.LEVEL_CONFIRMED:
        _staff(known, data.get("assessors"))
    elif kind == k.MEDICAL_ACCOMPANY:
        _staff(known, data.get("staff"))
    elif kind == k.MEDICAL_HANDOVER:
        _staff(known, data.get("staff"))
        known.institutions.update(names(data.get("hospital")))
    elif kind == k.MEDICAL_ARRIVED:
        known.institutions.update(names(data.get("hospital")))
    elif kind == k.REFERRAL:
        known.institutions.update(names(data.get("institution")))
    elif kind == k.CUSTODY_ENDED and data.get("to") == "hospital":
        _staff(known, data.get("received_by"))


def _student_of(known: Known, event: Event, data: dict[str, Any]) -> None:
    facts = data.get("facts") if event.kind == k.CASE_OPENED else None
    if isinstance(facts, dict):
        _add(known.student, facts.get("student_name"))
        _add(known.classes, facts.get("student_class"))
        _add(known.places, facts.get("place"))
    if event.kind == k.CASE_FACT:
        target = {
            "student_name": known.student,
            "student_class": known.classes,
            "place": known.places,
        }.get(str(data.get("field")))
        if target is not None:
            _add(target, data.get("value"))


def _family_of(known: Known, event: Event, data: dict[str, Any]) -> None:
    kind = event.kind
    if kind == k.GUARDIAN_ADDED:
        _add(known.family, data.get("name"))
        _add(known.phones, data.get("phone"))
    elif kind == k.CONTACT_ATTEMPT:
        _add(known.family, data.get("target"))
        _add(known.phones, data.get("phone"))
    elif kind == k.FAMILY_DECISION:
        _add(known.family, data.get("by"))
    elif kind == k.FAMILY_ARRIVED:
        _add(known.family, data.get("who"))
    elif kind == k.CUSTODY_ENDED and data.get("to") != "hospital":
        _add(known.family, data.get("received_by"))
    elif kind == k.MEDICAL_ACCOMPANY:
        _add(known.family, data.get("guardian"))


def _others_of(
    known: Known,
    event: Event,
    data: dict[str, Any],
    playbook: Playbook | None,
    private: set[str],
) -> None:
    kind = event.kind
    facts = data.get("facts") if kind == k.CASE_OPENED else None
    if isinstance(facts, dict):
        _add(known.persons, facts.get("reporter"))
    elif kind == k.CASE_FACT and data.get("field") == "reporter":
        _add(known.persons, data.get("value"))
    elif kind == k.NOTIFIED and data.get("role") in private:
        _add(known.persons, data.get("person"))
    elif kind in (k.CUSTODY_STARTED, k.CUSTODY_HANDOVER, k.CUSTODY_ENDED):
        _add(known.places, data.get("place"))
    elif kind == k.STEP_ANSWERED and isinstance(data.get("value"), dict):
        value = data["value"]
        for field_id in form_fields(playbook, data.get("step"), "person"):
            _add(known.persons, value.get(field_id))
        for field_id in form_fields(playbook, data.get("step"), "phone"):
            _add(known.phones, value.get(field_id))


def _declared_of(known: Known, event: Event, data: dict[str, Any]) -> None:
    for entry in ENTRIES.get(event.kind, ()):
        if (event.kind, entry.id) in SORTED:
            continue
        if entry.type in ("person", "people"):
            _add(known.persons, data.get(entry.id))
        elif entry.type == "phone":
            _add(known.phones, data.get(entry.id))
