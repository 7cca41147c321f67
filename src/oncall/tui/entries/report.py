"""Reporting entries: phone report, written report, weekly report, someone told."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oncall.tui import view
from oncall.tui.dialogs import Field
from oncall.tui.entries.common import menu, session_of, when_field
from oncall.tui.i18n import t

if TYPE_CHECKING:
    from oncall.tui.screens.case import CaseScreen


def report(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    choices = [
        ("phone", t("dlg.report_phone", lang)),
        ("written", t("dlg.report_written", lang)),
        ("weekly", t("dlg.report_weekly", lang)),
        ("notified", t("dlg.notified", lang)),
    ]
    menu(screen, t("dlg.report", lang), choices, lambda c: REPORT[c](screen))


def _report_to_leader(screen: CaseScreen, title_key: str, record: Any) -> None:
    """A report made to someone (the leader by default, from the directory), at a time."""
    lang = screen.oc.lang
    screen.ask(
        t(title_key, lang),
        [
            Field(
                "to",
                t("dlg.to_whom", lang),
                required=True,
                value=view.named_for(screen.state, "leader")
                or view.person_for(screen.oc.directory, "leader"),
            ),
            when_field(lang),
        ],
        lambda v: record(v["to"], at=v["at"]),
    )


def report_phone(screen: CaseScreen) -> None:
    _report_to_leader(screen, "dlg.report_phone", session_of(screen).report_phone)


def report_written(screen: CaseScreen) -> None:
    _report_to_leader(screen, "dlg.report_written", session_of(screen).report_written)


def report_weekly(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    screen.ask(
        t("dlg.report_weekly", lang),
        [Field("summary", t("dlg.summary", lang), required=True), when_field(lang)],
        lambda v: session.report_weekly(v["summary"], at=v["at"]),
    )


def report_notified(screen: CaseScreen, role: str | None = None) -> None:
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
                value=view.named_for(screen.state, role or "")
                or view.person_for(screen.oc.directory, role or ""),
            ),
            when_field(lang),
        ],
        lambda v: session.notified(v["role"], v["person"], at=v["at"]),
    )


REPORT = {
    "phone": report_phone,
    "written": report_written,
    "weekly": report_weekly,
    "notified": report_notified,
}
