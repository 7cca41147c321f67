"""Custody entries (监护): start, check-in, I-PASS shift handover, a custodian leaving,
and the safety responsibility handover that ends custody (安全责任移交)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from oncall.case import prefill
from oncall.tui import view
from oncall.tui.dialogs import Field, split_names
from oncall.tui.entries.common import menu, session_of, when_field
from oncall.tui.entries.form import declared_entry
from oncall.tui.i18n import t
from oncall.vocabulary import kinds

if TYPE_CHECKING:
    from oncall.tui.entries.host import EntryHost


def custody(screen: EntryHost) -> None:
    lang = screen.oc.lang
    choices = [
        ("start", t("dlg.custody_start", lang)),
        ("checkin", t("dlg.custody_checkin", lang)),
        ("handover", t("dlg.custody_handover", lang)),
        ("left", t("dlg.custody_left", lang)),
        ("end", t("dlg.custody_end", lang)),
    ]
    menu(screen, t("dlg.custody", lang), choices, lambda c: CUSTODY[c](screen))


def custody_start(screen: EntryHost) -> None:
    # where the student is held now (a safe room), not where they were found: the place
    # is not prefilled from the case's
    lang = screen.oc.lang
    title = t("dlg.custody_start", lang)
    defaults = {"custodians": screen.oc.actor, "observation": "arm", "check_minutes": 15}
    declared_entry(screen, kinds.CUSTODY_STARTED, title, defaults, when_as=custody_since(screen))


CUSTODY_FROM_OPENING = (timedelta(minutes=2), timedelta(minutes=30))
"""Custody recorded this long after the case opened most likely began when the student
was found (someone has stayed with them since): the form offers the opening time."""


def custody_since(screen: EntryHost) -> Field:
    """The start's time field: saying which time is recorded. Recorded a few minutes
    after the case opened, it is prefilled with the opening (the student was found and
    not left alone since); a blank still means now, and the label says both times."""
    lang = screen.oc.lang
    field = when_field(lang)
    now = screen.oc.clock()
    opened = screen.state.opened_at
    shortest, longest = CUSTODY_FROM_OPENING
    if not shortest < now - opened <= longest:
        return field
    label = t("dlg.custody_since", lang).format(opened=view.clock(opened), now=view.clock(now))
    return replace(field, label=label, value=view.clock(opened))


def custody_checkin(screen: EntryHost) -> None:
    title = t("dlg.custody_checkin", screen.oc.lang)
    declared_entry(screen, kinds.CUSTODY_CHECKIN, title, {"by": screen.oc.actor})


def custody_handover(screen: EntryHost) -> None:
    lang = screen.oc.lang
    session = session_of(screen)
    holders = ", ".join(prefill.custodians(screen.state))

    def handed(v: dict[str, Any]) -> Any:
        actions_list = []
        for item in v["actions"].replace("；", ";").split(";"):
            what, _, owner = item.partition("/")
            if what.strip():
                actions_list.append({"what": what.strip(), "owner": owner.strip()})
        return session.handover(
            split_names(v["from"]),
            v["to"],
            severity=v["severity"],
            summary=v["summary"],
            actions=actions_list,
            watch=v["watch"],
            readback=v["readback"],
            at=v["at"],
        )

    screen.ask(
        t("dlg.custody_handover", lang),
        [
            Field("from", t("dlg.from", lang), value=holders),
            Field("to", t("dlg.to", lang), kind="list", required=True),
            Field(
                "severity",
                t("dlg.severity", lang),
                required=True,
                value=view.level_title(screen.state, screen.oc.playbook, lang),
            ),
            Field("summary", t("dlg.summary", lang), required=True),
            Field("actions", t("dlg.actions", lang)),
            Field("watch", t("dlg.watch", lang)),
            Field("readback", t("dlg.readback", lang), kind="bool"),
            when_field(lang),
        ],
        handed,
    )


def custody_left(screen: EntryHost) -> None:
    declared_entry(screen, kinds.CUSTODY_CUSTODIAN_LEFT, t("dlg.custody_left", screen.oc.lang))


def custody_end(screen: EntryHost) -> None:
    # what the case knows: the hospital staff it was handed to, else the guardian reached
    to, who, where = prefill.safety_handover_defaults(screen.state)
    title = t("dlg.custody_end", screen.oc.lang)
    declared_entry(
        screen, kinds.CUSTODY_ENDED, title, {"to": to, "received_by": who, "place": where}
    )


CUSTODY = {
    "start": custody_start,
    "checkin": custody_checkin,
    "handover": custody_handover,
    "left": custody_left,
    "end": custody_end,
}
