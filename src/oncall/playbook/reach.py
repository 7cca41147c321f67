"""Can a set of conditions ever hold together? A small, exact search over what a
playbook allows each name and function to return.

Every value a condition can see has a finite set of candidates (`Domains`): the
levels and None, an answer's options and None, a check step's 0..n count, ages
around the numbers the conditions compare with. The search assigns a value only
when a condition asks for it (short-circuiting keeps the tree small) and backtracks
depth-first. Values that are linked in a real case (``count`` and ``checked`` of the
same step) are treated as independent, which can only make more things seem
possible: a condition reported unsatisfiable really is.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Final

from oncall.playbook.conditions import Condition
from oncall.playbook.model import LEVELS, Playbook, Step
from oncall.vocabulary.kinds import ALL_KINDS

SEARCH_LIMIT: Final = 20_000
"""Evaluations before giving up (then nothing is reported)."""


class Domains:
    """The candidate values of everything a condition may ask, from a playbook."""

    def __init__(self, playbook: Playbook, ages: Iterable[object] = ()) -> None:
        self.steps: dict[str, Step] = {}
        for step in playbook.steps():
            self.steps.setdefault(step.id, step)
        candidates: set[int | None] = {None}
        for age in ages:
            if isinstance(age, int) and not isinstance(age, bool):
                candidates.update((age - 1, age, age + 1))
        self.ages: tuple[int | None, ...] = (None, *sorted(a for a in candidates if a is not None))

    def answers(self, step_id: str) -> tuple[str | None, ...]:
        step = self.steps.get(step_id)
        if step is None or step.kind not in ("question", "choice"):
            return (None,)
        return (*(option.id for option in step.options), None)

    def items(self, step_id: str) -> tuple[str, ...]:
        step = self.steps.get(step_id)
        if step is None or step.kind != "check":
            return ()
        return tuple(option.id for option in step.options)

    def exists(self, step_id: str) -> bool:
        return step_id in self.steps


_BOTH: Final = (False, True)
_NO: Final = (False,)


class _Trial:
    """One path through the search: a ConditionContext that picks values on demand."""

    def __init__(self, domains: Domains, prefix: Sequence[int]) -> None:
        self.domains = domains
        self.prefix = prefix
        self.trail: list[tuple[int, int]] = []
        self.values: dict[Hashable, object] = {}

    def pick(self, key: Hashable, domain: Sequence[object]) -> object:
        if key in self.values:
            return self.values[key]
        index = len(self.trail)
        choice = self.prefix[index] if index < len(self.prefix) else 0
        self.trail.append((choice, len(domain)))
        value = domain[choice]
        self.values[key] = value
        return value

    @property
    def level(self) -> str | None:
        return self.pick("level", (*LEVELS, None))  # type: ignore[return-value]

    @property
    def age(self) -> int | None:
        return self.pick("age", self.domains.ages)  # type: ignore[return-value]

    @property
    def drill(self) -> bool:
        return bool(self.pick("drill", _BOTH))

    def answer(self, step_id: str) -> str | None:
        return self.pick(("answer", step_id), self.domains.answers(step_id))  # type: ignore[return-value]

    def checked(self, step_id: str, item_id: str) -> bool:
        domain = _BOTH if item_id in self.domains.items(step_id) else _NO
        return bool(self.pick(("checked", step_id, item_id), domain))

    def count(self, step_id: str) -> int:
        domain = tuple(range(len(self.domains.items(step_id)) + 1))
        value = self.pick(("count", step_id), domain)
        return value if isinstance(value, int) else 0

    def done(self, step_id: str) -> bool:
        return bool(self.pick(("done", step_id), _BOTH if self.domains.exists(step_id) else _NO))

    def skipped(self, step_id: str) -> bool:
        domain = _BOTH if self.domains.exists(step_id) else _NO
        return bool(self.pick(("skipped", step_id), domain))

    def happened(self, kind: str) -> bool:
        return bool(self.pick(("happened", kind), _BOTH if kind in ALL_KINDS else _NO))


def satisfiable(
    conditions: Sequence[Condition], domains: Domains, limit: int = SEARCH_LIMIT
) -> bool | None:
    """True if some case makes every condition true, False if none can, None if the
    search gave up."""
    prefix: list[int] = []
    for _ in range(limit):
        trial = _Trial(domains, prefix)
        if all(condition.evaluate(trial) for condition in conditions):
            return True
        trail = trial.trail
        while trail and trail[-1][0] + 1 >= trail[-1][1]:
            trail.pop()
        if not trail:
            return False
        prefix = [choice for choice, _size in trail[:-1]]
        prefix.append(trail[-1][0] + 1)
    return None
