"""What a playbook condition sees of a replayed case (`ConditionContext`).

- ``answer(step)``: the option id a question/choice step was answered with (None if not
  answered, skipped, or answered with a list or a form);
- ``checked(step, item)`` / ``count(step)``: the items ticked on a check step (``count``
  of a form is the number of fields filled; 0 for anything else);
- ``done(step)``: done or answered; ``skipped(step)``: skipped (the latest word wins);
- ``happened(kind)``: an effective event of that kind exists;
- ``level``: the case's level now; ``age``: the fact ``student_age`` as an integer;
  ``drill``: a drill case.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from oncall.playbook.conditions import Condition, ConditionError, parse_condition

if TYPE_CHECKING:  # fold evaluates `done_by` conditions with this context
    from oncall.case.fold import StepRecord


class ReplayContext:
    __slots__ = ("_happened", "_steps", "age", "drill", "level")

    def __init__(
        self,
        steps: Mapping[str, StepRecord],
        happened: frozenset[str] | set[str],
        *,
        level: str | None,
        age: int | None,
        drill: bool,
    ) -> None:
        self._steps = steps
        self._happened = happened
        self.level = level
        self.age = age
        self.drill = drill

    def _value(self, step_id: str) -> Any:
        record = self._steps.get(step_id)
        return None if record is None or record.status == "skipped" else record.value

    def answer(self, step_id: str) -> str | None:
        value = self._value(step_id)
        return value if isinstance(value, str) else None

    def checked(self, step_id: str, item_id: str) -> bool:
        value = self._value(step_id)
        return isinstance(value, list) and item_id in value

    def count(self, step_id: str) -> int:
        value = self._value(step_id)
        if isinstance(value, list):
            return len(value)
        if isinstance(value, dict):
            return sum(1 for item in value.values() if item not in (None, "", [], {}))
        return 0

    def done(self, step_id: str) -> bool:
        record = self._steps.get(step_id)
        return record is not None and record.status in ("done", "answered")

    def happened(self, kind: str) -> bool:
        return kind in self._happened

    def skipped(self, step_id: str) -> bool:
        record = self._steps.get(step_id)
        return record is not None and record.status == "skipped"


def age_of(value: Any) -> int | None:
    """A student's age from a fact (an int, or a string of digits); None if unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


@functools.lru_cache(maxsize=1024)
def compiled(text: str) -> Condition | None:
    """The parsed condition, cached by text; None if it does not parse (the loader's
    validator refuses such playbooks, so this is a last line of defence)."""
    try:
        return parse_condition(text)
    except ConditionError:
        return None


def holds(text: str | None, ctx: ReplayContext, *, otherwise: bool = True) -> bool:
    """Whether a `when` holds; no condition always holds, a broken one gives `otherwise`
    (a step or phase is then shown rather than hidden)."""
    if text is None:
        return True
    condition = compiled(text)
    if condition is None:
        return otherwise
    return condition.evaluate(ctx)


def context_of(state: Any) -> ReplayContext:
    """The condition context of a replayed case (a `CaseState`), for conditions judged
    after replay (e.g. whether a key interval applies): the same answers, level and
    kinds of events as replay judged its own conditions by, none found by a pass over
    the events."""
    from oncall.case.fold import StepRecord

    records = {
        step_id: StepRecord(step.status, step.value, step.reason)
        for step_id, step in state.steps.items()
        if step.status not in ("pending", "not_applicable")
    }
    return ReplayContext(
        records,
        state.happened,
        level=state.level,
        age=age_of(state.facts.get("student_age")),
        drill=state.drill,
    )
