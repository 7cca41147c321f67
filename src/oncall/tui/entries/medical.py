"""Medical transfer entries: 120/110 called, who accompanies, arrival, handover to
named hospital staff, referral."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oncall.tui import view
from oncall.tui.dialogs import Field
from oncall.tui.entries.common import menu, session_of, when_field
from oncall.tui.i18n import t

if TYPE_CHECKING:
    from oncall.tui.screens.case import CaseScreen


def medical(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    choices = [
        ("called", t("dlg.called", lang)),
        ("accompany", t("dlg.accompany", lang)),
        ("arrived", t("dlg.hospital_arrived", lang)),
        ("handover", t("dlg.hospital_handover", lang)),
        ("referral", t("dlg.referral", lang)),
    ]
    menu(screen, t("dlg.medical", lang), choices, lambda c: MEDICAL[c](screen))


def medical_called(screen: CaseScreen, number: str | None = None) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    screen.ask(
        t("dlg.called", lang),
        [
            Field(
                "number",
                t("dlg.number", lang),
                kind="choice",
                choices=(("120", "120"), ("110", "110")),
                value=number or "120",
            ),
            when_field(lang),
        ],
        lambda v: session.medical_called(v["number"], at=v["at"]),
    )


def medical_accompany(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    screen.ask(
        t("dlg.accompany", lang),
        [
            Field("staff", t("dlg.staff", lang), kind="list", required=True, value=screen.oc.actor),
            Field("guardian", t("dlg.guardian", lang)),
            Field("attorney", t("dlg.attorney", lang), kind="bool"),
            when_field(lang),
        ],
        lambda v: session.medical_accompany(v["staff"], v["guardian"], v["attorney"], at=v["at"]),
    )


def medical_arrived(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    screen.ask(
        t("dlg.hospital_arrived", lang),
        [
            Field(
                "hospital",
                t("dlg.hospital", lang),
                required=True,
                value=view.default_hospital(screen.oc.directory, lang),
            ),
            when_field(lang),
        ],
        lambda v: session.medical_arrived(v["hospital"], at=v["at"]),
    )


def medical_handover(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    screen.ask(
        t("dlg.hospital_handover", lang),
        [
            Field(
                "hospital",
                t("dlg.hospital", lang),
                required=True,
                value=screen.state.medical.hospital
                or view.default_hospital(screen.oc.directory, lang),
            ),
            Field("staff", t("dlg.hospital_staff", lang), required=True),
            Field("ward_custody", t("dlg.ward_custody", lang), kind="bool"),
            when_field(lang),
        ],
        lambda v: session.medical_handover(
            v["hospital"], v["staff"], v["ward_custody"], at=v["at"]
        ),
    )


def medical_referral(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    screen.ask(
        t("dlg.referral", lang),
        [
            Field(
                "institution",
                t("dlg.institution", lang),
                required=True,
                value=view.default_hospital(screen.oc.directory, lang),
            ),
            Field("consent", t("dlg.consent", lang), kind="bool"),
            Field("recommendation", t("dlg.recommendation", lang)),
            when_field(lang),
        ],
        lambda v: session.referral(v["institution"], v["consent"], v["recommendation"], at=v["at"]),
    )


MEDICAL = {
    "called": medical_called,
    "accompany": medical_accompany,
    "arrived": medical_arrived,
    "handover": medical_handover,
    "referral": medical_referral,
}
