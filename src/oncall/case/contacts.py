"""Guardian contact (家长联系): the list to call, every attempt, and who was reached.

A guardian counts as reached by an attempt with outcome "reached", and also when the
family records a decision or arrives (someone clearly spoke with them).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from oncall.case.custody import names
from oncall.case.state import Attempt, Contacts, FamilyDecision, Guardian

REACHED = "reached"


@dataclass(slots=True)
class _Guardian:
    name: str
    relation: str
    phone: str
    priority: int
    emergency: bool
    order: int
    attempts: int = 0
    reached: bool = False
    last_outcome: str = ""
    last_attempt_at: datetime | None = None


def _priority(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 99


class ContactsBuilder:
    def __init__(self) -> None:
        self.guardians: dict[str, _Guardian] = {}
        self.by_phone: dict[str, str] = {}
        self.attempts: list[Attempt] = []
        self.reached_who = ""
        self.reached_at: datetime | None = None
        self.decisions: list[FamilyDecision] = []
        self.arrived: list[str] = []
        self.arrived_at: datetime | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> ContactsBuilder:
        """A copy with its own containers and guardian records (those change in
        place); attempts and decisions are frozen, so shared."""
        new = copy.copy(self)
        new.guardians = {name: replace(g) for name, g in self.guardians.items()}
        new.by_phone = dict(self.by_phone)
        new.attempts = list(self.attempts)
        new.decisions = list(self.decisions)
        new.arrived = list(self.arrived)
        return new

    def guardian(self, data: Mapping[str, Any]) -> None:
        name = str(data.get("name") or "").strip()
        if not name:
            return
        known = self.guardians.get(name)
        phone = str(data.get("phone") or (known.phone if known else "")).strip()
        record = _Guardian(
            name,
            str(data.get("relation") or (known.relation if known else "")),
            phone,
            _priority(data.get("priority", known.priority if known else 99)),
            bool(data.get("emergency", known.emergency if known else False)),
            known.order if known else len(self.guardians),
        )
        if known:
            record.attempts, record.reached = known.attempts, known.reached
            record.last_outcome, record.last_attempt_at = known.last_outcome, known.last_attempt_at
        self.guardians[name] = record
        if phone:
            self.by_phone[phone] = name

    def attempt(self, at: datetime, actor: str, data: Mapping[str, Any]) -> None:
        target = str(data.get("target") or "").strip()
        phone = str(data.get("phone") or "").strip()
        outcome = str(data.get("outcome") or "")
        self.attempts.append(
            Attempt(
                at,
                str(data.get("by") or actor),
                target,
                phone,
                outcome,
                str(data.get("said") or ""),
            )
        )
        guardian = self.guardians.get(target) or self.guardians.get(self.by_phone.get(phone, ""))
        if guardian is not None:
            guardian.attempts += 1
            guardian.last_outcome = outcome
            guardian.last_attempt_at = at
            if outcome == REACHED:
                guardian.reached = True
        if outcome == REACHED:
            self._reached(at, guardian.name if guardian else target)

    def decision(self, at: datetime, data: Mapping[str, Any]) -> None:
        by = str(data.get("by") or "")
        self.decisions.append(
            FamilyDecision(
                at,
                str(data.get("decision") or ""),
                by,
                str(data.get("eta") or ""),
                str(data.get("note") or ""),
            )
        )
        self._reached(at, by)

    def family_arrived(self, at: datetime, data: Mapping[str, Any]) -> None:
        who = names(data.get("who"))
        self.arrived.extend(name for name in who if name not in self.arrived)
        if self.arrived_at is None:
            self.arrived_at = at
        self._reached(at, "、".join(who))

    def _reached(self, at: datetime, who: str) -> None:
        if self.reached_at is None:
            self.reached_at = at
            self.reached_who = who
        elif not self.reached_who:
            self.reached_who = who

    def freeze(self) -> Contacts:
        ordered = sorted(self.guardians.values(), key=lambda g: (g.priority, g.order))
        return Contacts(
            guardians=tuple(
                Guardian(
                    g.name,
                    g.relation,
                    g.phone,
                    g.priority,
                    g.emergency,
                    g.attempts,
                    g.reached,
                    g.last_outcome,
                    g.last_attempt_at,
                )
                for g in ordered
            ),
            attempts=tuple(self.attempts),
            reached=self.reached_at is not None,
            reached_who=self.reached_who,
            reached_at=self.reached_at,
            first_attempt_at=self.attempts[0].at if self.attempts else None,
            decisions=tuple(self.decisions),
            arrived=tuple(self.arrived),
            arrived_at=self.arrived_at,
        )
