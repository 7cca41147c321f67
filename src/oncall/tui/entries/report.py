"""Reporting hooks: whom the phone and written reports go to, and the roles someone
can be told in (the playbook's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oncall.case import prefill
from oncall.tui import view

if TYPE_CHECKING:
    from oncall.tui.entries.form import Draft
    from oncall.tui.entries.host import EntryHost


def _told(screen: EntryHost, role: str) -> str:
    """Whom the case told in `role` (for the playbook's reporting role,
    `receives_reports = true`, also whom a report went to), else the directory's first
    person in it."""
    reports = role == screen.oc.playbook.report_role
    told = prefill.named_for(screen.state, role, receives_reports=reports)
    return told or view.person_for(screen.oc.directory, role)


def report_to(screen: EntryHost, made: Draft) -> None:
    role = screen.oc.playbook.report_role
    made.values.setdefault("to", "" if role is None else _told(screen, role))


def report_notified(screen: EntryHost, made: Draft) -> None:
    lang = screen.oc.lang
    roles = tuple((r.id, r.title.get(lang)) for r in screen.oc.playbook.roles)
    made.choices["role"] = roles
    role = made.values.get("role")  # preset by the step that records it
    if role:
        made.values.setdefault("person", _told(screen, str(role)))
    else:
        made.values["role"] = roles[0][0]


def staff_arrived(screen: EntryHost, made: Draft) -> None:
    """Someone of a role arrived (the counselor called in at night): the role is one of
    the playbook's; who is prefilled with whom the case told in that role, else the
    directory's first person in it."""
    lang = screen.oc.lang
    made.choices["role"] = tuple((r.id, r.title.get(lang)) for r in screen.oc.playbook.roles)
    role = made.values.get("role")  # preset by the step that waits for the arrival
    if role:
        made.values.setdefault("who", _told(screen, str(role)))
