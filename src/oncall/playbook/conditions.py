"""The condition language of playbooks: a small, safe subset of Python expressions.

A condition decides whether a phase, step, timer or level rule applies, for example
``answer("risk.asq.q5") == "yes" or count("danger.check") > 0``. It is parsed with
``ast.parse(text, mode="eval")`` and checked against a whitelist; nothing is ever
passed to ``eval``. The checked tree is compiled once into plain closures, so
evaluating it again (thousands of times during a replay) costs a few function calls.

Allowed:

- ``and``, ``or``, ``not``, parentheses;
- comparisons ``== != < <= > >= in not in`` (chains too); the right side of ``in`` is
  a list or tuple of literals; ordering comparisons are between integers only;
- literals: strings, integers, ``True``/``False``/``None``, lists/tuples of literals;
- the names ``level`` (``"I"``/``"II"``/``"III"`` or None), ``age`` (int or None) and
  ``drill`` (bool);
- calls, with string-literal arguments only, of ``answer(step)``, ``checked(step,
  item)``, ``count(step)``, ``done(step)``, ``happened(event_kind)``, ``skipped(step)``.

Anything involving None in an ordering comparison is False (``age < 10`` with an
unknown age is False, so ``not (age < 10)`` is True), never an error.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Protocol

from oncall.playbook.compiler import (
    FUNCTIONS,
    NAMES,
    Call,
    Comparison,
    Compiler,
    ConditionError,
)

__all__ = [
    "FUNCTIONS",
    "NAMES",
    "Call",
    "Comparison",
    "Condition",
    "ConditionContext",
    "ConditionError",
    "References",
    "SimpleContext",
    "parse_condition",
]

MAX_LENGTH: Final = 4000
"""Longer condition texts are refused (a playbook's longest is a few hundred chars)."""


class ConditionContext(Protocol):
    """What a condition can see of a case. `oncall.case` implements it from replay."""

    @property
    def level(self) -> str | None: ...

    @property
    def age(self) -> int | None: ...

    @property
    def drill(self) -> bool: ...

    def answer(self, step_id: str) -> str | None: ...

    def checked(self, step_id: str, item_id: str) -> bool: ...

    def count(self, step_id: str) -> int: ...

    def done(self, step_id: str) -> bool: ...

    def happened(self, kind: str) -> bool: ...

    def skipped(self, step_id: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class References:
    """Everything a condition refers to, for the validator."""

    names: frozenset[str]
    calls: tuple[Call, ...]
    comparisons: tuple[Comparison, ...]

    @property
    def functions(self) -> frozenset[str]:
        return frozenset(call.function for call in self.calls)

    @property
    def steps(self) -> frozenset[str]:
        """Step ids used by answer/checked/count/done/skipped."""
        return frozenset(c.args[0] for c in self.calls if c.function != "happened")

    @property
    def items(self) -> frozenset[tuple[str, str]]:
        """(step id, item id) pairs used by checked()."""
        return frozenset((c.args[0], c.args[1]) for c in self.calls if c.function == "checked")

    @property
    def events(self) -> frozenset[str]:
        """Event kinds used by happened()."""
        return frozenset(c.args[0] for c in self.calls if c.function == "happened")

    @property
    def answer_values(self) -> frozenset[tuple[str, object]]:
        """(step id, value) pairs compared with answer(step id)."""
        return frozenset(
            (c.step, value)
            for c in self.comparisons
            if c.subject == "answer" and c.step is not None
            for value in c.values
        )

    @property
    def level_values(self) -> frozenset[object]:
        """Values compared with `level`."""
        return frozenset(v for c in self.comparisons if c.subject == "level" for v in c.values)

    def values_of(self, subject: str, step: str | None = None) -> frozenset[object]:
        """All literal values compared with a subject (e.g. "age", or "count" of a step)."""
        return frozenset(
            v for c in self.comparisons if c.subject == subject and c.step == step for v in c.values
        )


_Fn = Callable[[ConditionContext], Any]


class Condition:
    """A parsed, checked and compiled condition. Build it with `parse_condition`."""

    __slots__ = ("_fn", "_references", "text")

    def __init__(self, text: str, fn: _Fn, references: References) -> None:
        self.text = text
        self._fn = fn
        self._references = references

    def evaluate(self, ctx: ConditionContext) -> bool:
        return bool(self._fn(ctx))

    def references(self) -> References:
        return self._references

    def __repr__(self) -> str:
        return f"Condition({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Condition) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def parse_condition(text: str) -> Condition:
    """Parse, check and compile `text`; raise `ConditionError` if it is not allowed."""
    if not isinstance(text, str):
        raise ConditionError("a condition must be a string")
    stripped = text.strip()
    if not stripped:
        raise ConditionError("empty condition", 1)
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"condition longer than {MAX_LENGTH} characters", 1)
    lead = len(text) - len(text.lstrip())
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        col = (exc.offset or len(stripped)) + lead if exc.lineno in (None, 1) else 0
        raise ConditionError(f"syntax error: {exc.msg}", col) from None
    except (ValueError, RecursionError, MemoryError, OverflowError):
        raise ConditionError(
            "condition cannot be parsed (too complex or bad characters)", 1
        ) from None
    compiler = Compiler(stripped, lead)
    try:
        fn, _type = compiler.compile(tree.body, 0)
    except RecursionError:
        raise ConditionError("condition too deeply nested", 1) from None
    references = References(
        names=frozenset(compiler.names),
        calls=tuple(compiler.calls),
        comparisons=tuple(compiler.comparisons),
    )
    return Condition(text, fn, references)


# --- a plain context ----------------------------------------------------------------------


@dataclass(slots=True)
class SimpleContext:
    """A `ConditionContext` from plain values (tests, static checks, previews)."""

    level: str | None = None
    age: int | None = None
    drill: bool = False
    answers: dict[str, str] | None = None
    checks: dict[str, frozenset[str]] | None = None
    done_steps: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    skipped_steps: frozenset[str] = frozenset()

    def answer(self, step_id: str) -> str | None:
        return (self.answers or {}).get(step_id)

    def checked(self, step_id: str, item_id: str) -> bool:
        return item_id in (self.checks or {}).get(step_id, frozenset())

    def count(self, step_id: str) -> int:
        return len((self.checks or {}).get(step_id, frozenset()))

    def done(self, step_id: str) -> bool:
        return (
            step_id in self.done_steps
            or step_id in (self.answers or {})
            or step_id in (self.checks or {})
        )

    def happened(self, kind: str) -> bool:
        return kind in self.events

    def skipped(self, step_id: str) -> bool:
        return step_id in self.skipped_steps
