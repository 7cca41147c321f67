"""Which entry records a step whose playbook `done_by` names an event kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from oncall.tui.entries.contact import (
    contact_attempt,
    contact_decision,
    contact_guardian,
)
from oncall.tui.entries.custody import (
    custody_checkin,
    custody_end,
    custody_handover,
    custody_start,
)
from oncall.tui.entries.facts import facts
from oncall.tui.entries.form import declared_entry
from oncall.tui.entries.medical import (
    medical_accompany,
    medical_arrived,
    medical_called,
    medical_handover,
    medical_referral,
)
from oncall.tui.entries.report import (
    report_notified,
    report_phone,
    report_written,
    staff_arrived,
)
from oncall.tui.entries.steps import level
from oncall.vocabulary import kinds
from oncall.vocabulary.entries import ENTRIES as DECLARED

if TYPE_CHECKING:
    from oncall.playbook.model import DoneBy
    from oncall.tui.entries.host import EntryHost

Entry = Callable[["EntryHost", "DoneBy"], None]


def preset(link: DoneBy) -> str | None:
    """The value a step presets in its entry (the 120 step: number = "120")."""
    return None if link.value is None else str(link.value)


ENTRIES: dict[str, Entry] = {  # hooks: a kind whose entry prefills from the case
    kinds.CUSTODY_STARTED: lambda screen, link: custody_start(screen),
    kinds.CUSTODY_CHECKIN: lambda screen, link: custody_checkin(screen),
    kinds.CUSTODY_HANDOVER: lambda screen, link: custody_handover(screen),
    kinds.CUSTODY_ENDED: lambda screen, link: custody_end(screen),
    kinds.CONTACT_ATTEMPT: lambda screen, link: contact_attempt(screen),
    kinds.GUARDIAN_ADDED: lambda screen, link: contact_guardian(screen),
    kinds.FAMILY_DECISION: lambda screen, link: contact_decision(screen),
    kinds.MEDICAL_CALLED: lambda screen, link: medical_called(screen, preset(link)),
    kinds.MEDICAL_ACCOMPANY: lambda screen, link: medical_accompany(screen),
    kinds.MEDICAL_ARRIVED: lambda screen, link: medical_arrived(screen),
    kinds.MEDICAL_HANDOVER: lambda screen, link: medical_handover(screen),
    kinds.REFERRAL: lambda screen, link: medical_referral(screen),
    kinds.REPORT_PHONE: lambda screen, link: report_phone(screen),
    kinds.REPORT_WRITTEN: lambda screen, link: report_written(screen),
    kinds.NOTIFIED: lambda screen, link: report_notified(screen, preset(link)),
    kinds.STAFF_ARRIVED: lambda screen, link: staff_arrived(screen, preset(link)),
    kinds.LEVEL_CONFIRMED: lambda screen, link: level(screen),
    kinds.CASE_FACT: lambda screen, link: facts(screen),
}
"""By event kind: the entry that records a step whose `done_by` names that kind."""


def entry_for(kind: str) -> Entry | None:
    """The entry that records a step whose `records` names `kind`: its hook if it has
    one, else the form its declaration makes (a kind needs no more than that)."""
    if kind in ENTRIES:
        return ENTRIES[kind]
    if kind not in DECLARED:
        return None

    def declared(screen: EntryHost, link: DoneBy) -> None:
        preset = {link.field: link.value} if link.field else {}
        title = screen.oc.playbook.step(screen.shown_step or "").title.get(screen.oc.lang)
        declared_entry(screen, kind, title, preset)

    return declared
