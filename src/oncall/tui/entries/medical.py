"""Medical transfer entries: 120/110 called, who accompanies, arrival, handover to
named hospital staff, referral. Each form is its kind's declaration
(`vocabulary.entries`); only the prefills are written here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oncall.tui import view
from oncall.tui.entries.common import menu
from oncall.tui.entries.form import declared_entry
from oncall.tui.i18n import t
from oncall.vocabulary import kinds

if TYPE_CHECKING:
    from oncall.tui.entries.host import EntryHost


def medical(screen: EntryHost) -> None:
    lang = screen.oc.lang
    choices = [
        ("called", t("dlg.called", lang)),
        ("accompany", t("dlg.accompany", lang)),
        ("arrived", t("dlg.hospital_arrived", lang)),
        ("handover", t("dlg.hospital_handover", lang)),
        ("referral", t("dlg.referral", lang)),
    ]
    menu(screen, t("dlg.medical", lang), choices, lambda c: MEDICAL[c](screen))


def medical_called(screen: EntryHost, number: str | None = None) -> None:
    """`number`: preset by the step that records this call (the 120 step)."""
    lang = screen.oc.lang
    values = {"number": number, "by": screen.oc.actor}
    declared_entry(screen, kinds.MEDICAL_CALLED, t("dlg.called", lang), values)


def medical_accompany(screen: EntryHost) -> None:
    values = {"staff": screen.oc.actor}
    declared_entry(screen, kinds.MEDICAL_ACCOMPANY, t("dlg.accompany", screen.oc.lang), values)


def _hospital(screen: EntryHost) -> str:
    """The hospital the student reached, else the directory's."""
    known = screen.state.medical.hospital
    return str(known or view.default_hospital(screen.oc.directory, screen.oc.lang))


def medical_arrived(screen: EntryHost) -> None:
    values = {"hospital": view.default_hospital(screen.oc.directory, screen.oc.lang)}
    declared_entry(screen, kinds.MEDICAL_ARRIVED, t("dlg.hospital_arrived", screen.oc.lang), values)


def medical_handover(screen: EntryHost) -> None:
    values = {"hospital": _hospital(screen)}
    declared_entry(
        screen, kinds.MEDICAL_HANDOVER, t("dlg.hospital_handover", screen.oc.lang), values
    )


def medical_referral(screen: EntryHost) -> None:
    values = {"institution": view.default_hospital(screen.oc.directory, screen.oc.lang)}
    declared_entry(screen, kinds.REFERRAL, t("dlg.referral", screen.oc.lang), values)


MEDICAL = {
    "called": medical_called,
    "accompany": medical_accompany,
    "arrived": medical_arrived,
    "handover": medical_handover,
    "referral": medical_referral,
}
