"""Recording the thing itself does the step that asks for it.

When the teacher records `custody.started` on the custody screen, the step "Start
custody" is done: nobody should have to tick it as well. Which event does which step
is the playbook's to say, not the code's: each step lists its `done_by` (an event kind,
optionally one field value the event must carry, so a 120 call does "Call 120", not
"Call 110", and optionally a condition, so a 120 call made before the danger path is
taken does not do the immediate-danger phase's "Call 120"). See `DoneBy`.

A step done as a step (`step.done`) and a step done by its event are the same to
replay; `StepState.by_event` tells them apart for the record.

One rule stays here because it is about the immediate-danger phase as such, not about
any step id: `danger.declared` answers that phase's check step
(`Playbook.danger_check`) with the items it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from oncall.playbook.model import DoneBy, Playbook


@dataclass(frozen=True, slots=True)
class Link:
    """One `records`/`done_by` entry of a step, with the step it does; or one `by` of a
    milestone, with the milestone it reaches (`step` is then "")."""

    step: str
    rule: DoneBy
    milestone: str = ""
    answers: bool = False
    """An `answered_by`: the event's yes/no `rule.field` answers the step (`answer`)."""

    def answer(self, data: Mapping[str, Any]) -> str | None:
        """ "yes" or "no" from the event's yes/no field (None: the event does not say)."""
        actual = data.get(self.rule.field or "")
        return None if not isinstance(actual, bool) else ("yes" if actual else "no")

    def matches(self, data: Mapping[str, Any]) -> bool:
        """Whether an event's data carries the value the rule asks for (its `when` is
        for the caller to check: it needs the case so far)."""
        field = self.rule.field
        if field is None:
            return True
        actual = data.get(field)
        expected = self.rule.value
        # TOML has true/false and integers apart; keep them apart here too (True == 1)
        return actual == expected and isinstance(actual, bool) == isinstance(expected, bool)


def links_by_kind(playbook: Playbook) -> dict[str, tuple[Link, ...]]:
    """Every step's `records`, `done_by` and `answered_by`, and every milestone's `by`,
    by event kind, in playbook order."""
    table: dict[str, list[Link]] = {}
    for step in playbook.steps():
        for rule in step.links:
            table.setdefault(rule.kind, []).append(Link(step.id, rule))
        if step.answered_by is not None:
            rule = step.answered_by
            table.setdefault(rule.kind, []).append(Link(step.id, rule, answers=True))
    for milestone in playbook.milestones:
        for rule in milestone.by:
            table.setdefault(rule.kind, []).append(Link("", rule, milestone.id))
    return {kind: tuple(found) for kind, found in table.items()}
