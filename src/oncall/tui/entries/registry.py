"""Every entry opens here: the form its kind's declaration makes (`form.draft`), with the
kind's one hook, if it has one, and from a menu or from the step that records it. A kind
with no hook needs nothing here: its declaration is its entry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from oncall.tui.entries.common import menu
from oncall.tui.entries.contact import contact_attempt, contact_decision, contact_guardian
from oncall.tui.entries.custody import (
    custody_checkin,
    custody_end,
    custody_handover,
    custody_start,
)
from oncall.tui.entries.facts import facts_hook
from oncall.tui.entries.form import Draft, ask_draft, draft
from oncall.tui.entries.medical import (
    medical_accompany,
    medical_arrived,
    medical_called,
    medical_handover,
    medical_referral,
)
from oncall.tui.entries.report import report_notified, report_to, staff_arrived
from oncall.tui.entries.steps import level_hook
from oncall.tui.i18n import t
from oncall.vocabulary import kinds
from oncall.vocabulary.entries import ENTRIES as DECLARED
from oncall.vocabulary.entries import MenuKey, entry_field

if TYPE_CHECKING:
    from oncall.playbook.model import DoneBy
    from oncall.tui.entries.host import EntryHost

Hook = Callable[["EntryHost", Draft], None]
Entry = Callable[["EntryHost", "DoneBy"], None]

HOOKS: dict[str, Hook] = {
    kinds.LEVEL_CONFIRMED: level_hook,
    kinds.CUSTODY_STARTED: custody_start,
    kinds.CUSTODY_CHECKIN: custody_checkin,
    kinds.CUSTODY_HANDOVER: custody_handover,
    kinds.CUSTODY_ENDED: custody_end,
    kinds.CONTACT_ATTEMPT: contact_attempt,
    kinds.GUARDIAN_ADDED: contact_guardian,
    kinds.FAMILY_DECISION: contact_decision,
    kinds.MEDICAL_CALLED: medical_called,
    kinds.MEDICAL_ACCOMPANY: medical_accompany,
    kinds.MEDICAL_ARRIVED: medical_arrived,
    kinds.MEDICAL_HANDOVER: medical_handover,
    kinds.REFERRAL: medical_referral,
    kinds.REPORT_PHONE: report_to,
    kinds.REPORT_WRITTEN: report_to,
    kinds.NOTIFIED: report_notified,
    kinds.STAFF_ARRIVED: staff_arrived,
    kinds.CASE_FACT: facts_hook,
}
"""By event kind: its one hook, where its entry prefills from the case or records
through a named session call."""


def open_entry(screen: EntryHost, kind: str, preset: Mapping[str, Any] | None = None) -> None:
    """The entry of `kind`: its declared form, `preset` (a step's: the 120 step's
    number) and its hook's prefills in it."""
    made = draft(kind, screen.oc.lang, preset)
    hook = HOOKS.get(kind)
    if hook is not None:
        hook(screen, made)
    ask_draft(screen, made)


def entry_for(kind: str) -> Entry | None:
    """The entry that records a step whose `records` names `kind` (None: the kind has
    no entry of its own)."""
    if kind not in DECLARED:
        return None

    def entry(screen: EntryHost, link: DoneBy) -> None:
        # the step's preset (the 120 call's number), unless it is what the step waits for
        field = entry_field(kind, link.field or "")
        preset = {} if field is None or field.observed else {field.id: link.value}
        open_entry(screen, kind, preset)

    return entry


def entry_menu(screen: EntryHost, key: MenuKey) -> None:
    """A menu key's numbered list: the entries declared in it, in declaration order."""
    lang = screen.oc.lang
    choices = [(kind, e.title.get(lang)) for kind, e in DECLARED.items() if e.menu == key]
    menu(screen, t(f"menu.{key}", lang), choices, lambda kind: open_entry(screen, kind))


def custody(screen: EntryHost) -> None:
    entry_menu(screen, "custody")


def contact(screen: EntryHost) -> None:
    entry_menu(screen, "contact")


def medical(screen: EntryHost) -> None:
    entry_menu(screen, "medical")


def report(screen: EntryHost) -> None:
    entry_menu(screen, "report")


def facts(screen: EntryHost) -> None:
    open_entry(screen, kinds.CASE_FACT)
