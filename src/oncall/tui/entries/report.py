"""Reporting entries: phone report, written report, weekly report, someone told,
someone arrived."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oncall.case import prefill
from oncall.tui import view
from oncall.tui.dialogs import Field
from oncall.tui.entries.common import menu, session_of, when_field
from oncall.tui.entries.form import declared_entry
from oncall.tui.i18n import t
from oncall.vocabulary import kinds

if TYPE_CHECKING:
    from oncall.tui.entries.host import EntryHost


def report(screen: EntryHost) -> None:
    lang = screen.oc.lang
    choices = [
        ("phone", t("dlg.report_phone", lang)),
        ("written", t("dlg.report_written", lang)),
        ("weekly", t("dlg.report_weekly", lang)),
        ("notified", t("dlg.notified", lang)),
        ("arrived", t("dlg.staff_arrived", lang)),
    ]
    menu(screen, t("dlg.report", lang), choices, lambda c: REPORT[c](screen))


def _leader(screen: EntryHost) -> str:
    """Who a report goes to: whom the case told in the playbook's reporting role
    (`receives_reports = true`), else the directory's first person in it."""
    role = screen.oc.playbook.report_role
    if role is None:
        return ""
    told = prefill.named_for(screen.state, role, receives_reports=True)
    return told or view.person_for(screen.oc.directory, role)


def report_phone(screen: EntryHost) -> None:
    title = t("dlg.report_phone", screen.oc.lang)
    declared_entry(screen, kinds.REPORT_PHONE, title, {"to": _leader(screen)})


def report_written(screen: EntryHost) -> None:
    title = t("dlg.report_written", screen.oc.lang)
    declared_entry(screen, kinds.REPORT_WRITTEN, title, {"to": _leader(screen)})


def report_weekly(screen: EntryHost) -> None:
    declared_entry(screen, kinds.REPORT_WEEKLY, t("dlg.report_weekly", screen.oc.lang))


def report_notified(screen: EntryHost, role: str | None = None) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    roles = tuple((r.id, r.title.get(lang)) for r in screen.oc.playbook.roles)
    screen.ask(
        t("dlg.notified", lang),
        [
            Field(
                "role", t("dlg.role", lang), kind="choice", choices=roles, value=role or roles[0][0]
            ),
            Field(
                "person",
                t("dlg.person", lang),
                required=True,
                value=prefill.named_for(
                    screen.state,
                    role or "",
                    receives_reports=role is not None and role == screen.oc.playbook.report_role,
                )
                or view.person_for(screen.oc.directory, role or ""),
            ),
            when_field(lang),
        ],
        lambda v: session.notified(v["role"], v["person"], at=v["at"]),
    )


def staff_arrived(screen: EntryHost, role: str | None = None) -> None:
    """Someone of a role arrived (the counselor the case called): who is prefilled with
    whom the case told in that role, else the directory's first person in it."""
    role = role or ""
    who = prefill.named_for(screen.state, role) or view.person_for(screen.oc.directory, role)
    values = {"role": role or None, "who": who}
    declared_entry(screen, kinds.STAFF_ARRIVED, t("dlg.staff_arrived", screen.oc.lang), values)


REPORT = {
    "phone": report_phone,
    "written": report_written,
    "weekly": report_weekly,
    "notified": report_notified,
    "arrived": staff_arrived,
}
