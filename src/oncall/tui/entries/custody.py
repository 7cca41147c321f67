"""Custody hooks (监护): what each custody entry prefills from the case. The forms are
their kinds' declarations (`vocabulary.entries`): start, check-in, the I-PASS shift
handover, a custodian leaving, and the safety responsibility handover that ends custody
(安全责任移交)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from oncall.case import prefill
from oncall.tui import view
from oncall.tui.dialogs import Field
from oncall.tui.entries.form import when_field
from oncall.tui.i18n import t

if TYPE_CHECKING:
    from oncall.tui.entries.form import Draft
    from oncall.tui.entries.host import EntryHost


def custody_start(screen: EntryHost, made: Draft) -> None:
    # where the student is held now (a safe room), not where they were found: the place
    # is not prefilled from the case's
    made.values.setdefault("custodians", screen.oc.actor)
    made.when_as = custody_since(screen)


def custody_since(screen: EntryHost) -> Field:
    """The start's time field, saying which time is recorded: prefilled with the opening
    when custody most likely began then (`prefill.custody_began`); a blank still means
    now, and the label says both times."""
    lang = screen.oc.lang
    field = when_field(lang)
    now = screen.oc.clock()
    began = prefill.custody_began(screen.state, now)
    if began is None:
        return field
    label = t("dlg.custody_since", lang).format(opened=view.clock(began), now=view.clock(now))
    return replace(field, label=label, value=view.clock(began))


def custody_checkin(screen: EntryHost, made: Draft) -> None:
    made.values.setdefault("by", screen.oc.actor)


def custody_handover(screen: EntryHost, made: Draft) -> None:
    """Who holds custody now hands over; the severity starts from the case's level."""
    made.values.setdefault("from", prefill.custodians(screen.state))
    title = view.level_title(screen.state, screen.oc.playbook, screen.oc.lang)
    made.values.setdefault("severity", title)


def custody_end(screen: EntryHost, made: Draft) -> None:
    # what the case knows: the hospital staff it was handed to, else the guardian reached
    to, who, where = prefill.safety_handover_defaults(screen.state)
    for key, value in (("to", to), ("received_by", who), ("place", where)):
        made.values.setdefault(key, value)
