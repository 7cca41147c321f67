"""Parent/guardian contact hooks: the call offers the next guardian to call, a guardian
entry can take the next one too, the family's decision comes from the guardian
reached."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from oncall.case import prefill
from oncall.session import SessionError
from oncall.tui.entries.common import session_of
from oncall.tui.entries.form import control
from oncall.tui.i18n import t
from oncall.vocabulary import kinds

if TYPE_CHECKING:
    from oncall.tui.entries.form import Draft
    from oncall.tui.entries.host import EntryHost

NEXT = "2"
"""The id suffix of the next guardian's fields in the guardian entry."""


def contact_attempt(screen: EntryHost, made: Draft) -> None:
    """The next guardian to call (and their number) is offered; the call is recorded as
    made by the person at the keyboard."""
    session = session_of(screen)
    target, phone = prefill.next_guardian(screen.state)
    made.values.setdefault("target", target)
    made.values.setdefault("phone", phone)

    def called(v: dict[str, Any], at: datetime | None) -> object:
        return session.contact_attempt(
            v["target"], v["phone"] or "", v["outcome"], v["said"] or "", at=at
        )

    made.record_with = called


def contact_guardian(screen: EntryHost, made: Draft) -> None:
    """One guardian, and optionally the next one to call (mother and father are often
    written down together): one `contact.guardian` event each, the next one after."""
    lang = screen.oc.lang
    session = session_of(screen)
    made.values.setdefault("priority", prefill.guardian_count(screen.state) + 1)
    again = [f for f in made.fields if f.id in ("name", "relation", "phone")]
    for n, declared in enumerate(again):
        built = control(replace(declared, required=False), lang)
        prefix = t("dlg.next_contact" if n == 0 else "dlg.next", lang)
        made.extra.append(replace(built, id=declared.id + NEXT, label=prefix + built.label))
    made.extra_after = again[-1].id  # the next one's name, relation, phone follow the first's

    def added(v: dict[str, Any], _at: datetime | None) -> object:
        more = {f.id: v.pop(f.id + NEXT) for f in again}
        # the next one refused before the first is recorded: a resubmit adds no twin
        missing = [f for f in again if f.required and not more[f.id]]
        if any(more.values()) and missing:
            label = missing[0].label
            raise SessionError(
                f"the next contact: {label.en} is required",
                f"下一位联系人：请填写{label.zh}",
                field=missing[0].id + NEXT,
            )
        first = session.record_entry(kinds.GUARDIAN_ADDED, v)
        if any(more.values()):
            more["priority"] = (v.get("priority") or 1) + 1
            session.record_entry(kinds.GUARDIAN_ADDED, more)
        return first

    made.record_with = added


def contact_decision(screen: EntryHost, made: Draft) -> None:
    made.values.setdefault("by", prefill.guardian_now(screen.state))
