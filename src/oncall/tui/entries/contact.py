"""Parent/guardian contact entries: a call attempt, a guardian, the family's decision,
their arrival."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from oncall.case import prefill
from oncall.session import SessionError
from oncall.tui.dialogs import Field
from oncall.tui.entries.common import menu, session_of
from oncall.tui.entries.form import declared_entry
from oncall.tui.i18n import t
from oncall.vocabulary import kinds

if TYPE_CHECKING:
    from oncall.tui.entries.host import EntryHost


def contact(screen: EntryHost) -> None:
    lang = screen.oc.lang
    choices = [
        ("attempt", t("dlg.attempt", lang)),
        ("guardian", t("dlg.add_guardian", lang)),
        ("decision", t("dlg.decision", lang)),
        ("arrived", t("dlg.arrived", lang)),
    ]
    menu(screen, t("dlg.contact", lang), choices, lambda c: CONTACT[c](screen))


def contact_attempt(screen: EntryHost) -> None:
    """The hook: the next guardian to call (and their number) is offered; the call is
    recorded as made by the person at the keyboard."""
    session = session_of(screen)
    target, phone = prefill.next_guardian(screen.state)

    def called(v: dict[str, Any], at: datetime | None) -> object:
        return session.contact_attempt(
            v["target"], v["phone"] or "", v["outcome"], v["said"] or "", at=at
        )

    title = t("dlg.attempt", screen.oc.lang)
    values = {"target": target, "phone": phone}
    declared_entry(screen, kinds.CONTACT_ATTEMPT, title, values, record_with=called)


def contact_guardian(screen: EntryHost) -> None:
    """One guardian, and optionally the next one to call (mother and father are often
    written down together): one `guardian.added` event each."""
    lang = screen.oc.lang
    session = session_of(screen)

    def added(v: dict[str, Any]) -> Any:
        if v["name2"] and not v["phone2"]:
            raise SessionError(
                "the second contact needs a phone number", "第二位联系人需要电话号码"
            )
        priority = v["priority"] or 1
        first = session.add_guardian(v["name"], v["relation"], v["phone"], priority, v["emergency"])
        if v["name2"]:
            session.add_guardian(v["name2"], v["relation2"], v["phone2"], priority + 1, False)
        return first

    screen.ask(
        t("dlg.add_guardian", lang),
        [
            Field("name", t("dlg.name", lang), required=True),
            Field("relation", t("dlg.relation", lang)),
            Field("phone", t("dlg.phone", lang), required=True),
            Field("name2", t("dlg.name2", lang)),
            Field("relation2", t("dlg.relation", lang)),
            Field("phone2", t("dlg.phone", lang)),
            Field(
                "priority",
                t("dlg.priority", lang),
                kind="number",
                value=prefill.guardian_count(screen.state) + 1,
            ),
            Field("emergency", t("dlg.emergency", lang), kind="bool"),
        ],
        added,
    )


def contact_decision(screen: EntryHost) -> None:
    # the decision is recorded when it is given; its time is the expected arrival's
    title = t("dlg.decision", screen.oc.lang)
    by = prefill.guardian_now(screen.state)
    declared_entry(screen, kinds.FAMILY_DECISION, title, {"by": by}, when=False)


def contact_arrived(screen: EntryHost) -> None:
    declared_entry(screen, kinds.FAMILY_ARRIVED, t("dlg.arrived", screen.oc.lang))


CONTACT = {
    "attempt": contact_attempt,
    "guardian": contact_guardian,
    "decision": contact_decision,
    "arrived": contact_arrived,
}
