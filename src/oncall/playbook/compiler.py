"""The whitelist and compiler behind `oncall.playbook.conditions`.

A checked `ast` tree becomes nested closures taking a `ConditionContext`; along the way
the compiler infers simple types (so ``age < "10"`` is refused before any case runs) and
records every call and comparison for the validator.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

MAX_DEPTH: Final = 60
"""Deepest nesting of a condition's syntax tree."""

Fn = Callable[[Any], Any]
"""A compiled sub-expression: context -> value."""

# --- static types of sub-expressions ---------------------------------------------------
# "str", "int", "bool", "none", "list"; names/calls that may be None carry "none" too.
_Type = frozenset[str]
_STR: Final = frozenset({"str"})
_INT: Final = frozenset({"int"})
_BOOL: Final = frozenset({"bool"})
_NONE: Final = frozenset({"none"})
_LIST: Final = frozenset({"list"})

NAMES: Final[dict[str, _Type]] = {
    "level": _STR | _NONE,
    "age": _INT | _NONE,
    "drill": _BOOL,
}
"""The names a condition may use, with the types of their values."""

FUNCTIONS: Final[dict[str, tuple[int, _Type]]] = {
    "answer": (1, _STR | _NONE),
    "checked": (2, _BOOL),
    "count": (1, _INT),
    "done": (1, _BOOL),
    "happened": (1, _BOOL),
    "skipped": (1, _BOOL),
}
"""The functions a condition may call: number of (string literal) arguments, result type."""


class ConditionError(ValueError):
    """A condition that is not valid. `col` is 1-based in the condition's text (0: unknown)."""

    def __init__(self, message: str, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.col = col

    def __str__(self) -> str:
        return f"{self.message} (col {self.col})" if self.col else self.message


@dataclass(frozen=True, slots=True)
class Call:
    """A function call in a condition, e.g. ``Call("checked", ("risk.factors", "x"), 1)``."""

    function: str
    args: tuple[str, ...]
    col: int


@dataclass(frozen=True, slots=True)
class Comparison:
    """A name or call compared with literals: ``level == "I"`` gives
    ``Comparison("level", None, ("I",), col)``; ``answer("q") in ["a", "b"]`` gives
    ``Comparison("answer", "q", ("a", "b"), col)``. Subjects: level, age, drill,
    answer, count."""

    subject: str
    step: str | None
    values: tuple[object, ...]
    col: int


_ORDERING = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_OP_SYMBOL = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}
_DESCRIBE = {
    ast.Attribute: "attribute access",
    ast.Subscript: "indexing",
    ast.Lambda: "lambda",
    ast.JoinedStr: "f-strings",
    ast.FormattedValue: "f-strings",
    ast.BinOp: "arithmetic",
    ast.IfExp: "conditional expressions",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.NamedExpr: "assignment (:=)",
    ast.Starred: "starred expressions",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}


def _ordering(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(a: Any, b: Any) -> bool:
        if a is None or b is None:
            return False
        try:
            return bool(op(a, b))
        except TypeError:
            return False

    return compare


def _member(members: frozenset[object], inside: bool) -> Callable[[Any, Any], bool]:
    def test(a: Any, _b: Any) -> bool:
        try:
            return (a in members) is inside
        except TypeError:  # an unhashable value from a context
            return False

    return test


def _eq(a: Any, b: Any) -> bool:
    return bool(a == b)


def _ne(a: Any, b: Any) -> bool:
    return bool(a != b)


class Compiler:
    def __init__(self, text: str, lead: int) -> None:
        self.lines = text.split("\n")
        self.lead = lead
        self.names: set[str] = set()
        self.calls: list[Call] = []
        self.comparisons: list[Comparison] = []

    def col(self, node: ast.AST) -> int:
        """1-based character column of `node` in the whole condition text."""
        lineno = getattr(node, "lineno", 1) or 1
        offset = getattr(node, "col_offset", 0) or 0
        before = sum(len(line) + 1 for line in self.lines[: lineno - 1])
        line = self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""
        chars = len(line.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        return self.lead + before + chars + 1

    def fail(self, message: str, node: ast.AST) -> ConditionError:
        return ConditionError(message, self.col(node))

    def compile(self, node: ast.expr, depth: int) -> tuple[Fn, _Type]:
        if depth > MAX_DEPTH:
            raise self.fail("condition too deeply nested", node)
        if isinstance(node, ast.BoolOp):
            return self.bool_op(node, depth), _BOOL
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.Compare):
            return self.compare(node, depth), _BOOL
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Constant | ast.List | ast.Tuple):
            value, type_ = self.literal(node)
            return (lambda _ctx: value), type_
        what = _DESCRIBE.get(type(node), type(node).__name__)
        raise self.fail(f"{what} not allowed in a condition", node)

    def bool_op(self, node: ast.BoolOp, depth: int) -> Fn:
        fns = tuple(self.compile(value, depth + 1)[0] for value in node.values)
        if isinstance(node.op, ast.And):
            if len(fns) == 2:
                a, b = fns
                return lambda ctx: bool(a(ctx)) and bool(b(ctx))

            def all_of(ctx: Any) -> bool:
                return all(fn(ctx) for fn in fns)

            return all_of
        if len(fns) == 2:
            a, b = fns
            return lambda ctx: bool(a(ctx)) or bool(b(ctx))

        def any_of(ctx: Any) -> bool:
            return any(fn(ctx) for fn in fns)

        return any_of

    def unary(self, node: ast.UnaryOp, depth: int) -> tuple[Fn, _Type]:
        if isinstance(node.op, ast.Not):
            fn = self.compile(node.operand, depth + 1)[0]
            return (lambda ctx: not fn(ctx)), _BOOL
        if isinstance(node.op, ast.USub | ast.UAdd):
            value, type_ = self.literal(node)
            return (lambda _ctx: value), type_
        raise self.fail("operator not allowed in a condition", node)

    def literal(self, node: ast.expr, inner: bool = False) -> tuple[object, _Type]:
        if isinstance(node, ast.Constant):
            value = node.value
            if value is None:
                return None, _NONE
            if isinstance(value, bool):
                return value, _BOOL
            if isinstance(value, int):
                return value, _INT
            if isinstance(value, str):
                return value, _STR
            raise self.fail(f"{type(value).__name__} literals not allowed in a condition", node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = node.operand
            if (
                isinstance(operand, ast.Constant)
                and isinstance(operand.value, int)
                and not isinstance(operand.value, bool)
            ):
                return (-operand.value if isinstance(node.op, ast.USub) else operand.value), _INT
            raise self.fail("only integers can have a sign", node)
        if isinstance(node, ast.List | ast.Tuple):
            if inner:
                raise self.fail("nested lists not allowed in a condition", node)
            values = tuple(self.literal(elt, inner=True)[0] for elt in node.elts)
            return values, _LIST
        raise self.fail("only literals allowed here", node)

    def name(self, node: ast.Name) -> tuple[Fn, _Type]:
        if node.id not in NAMES:
            known = ", ".join(NAMES)
            raise self.fail(f"unknown name {node.id!r} (known: {known})", node)
        self.names.add(node.id)
        attr = operator.attrgetter(node.id)
        return attr, NAMES[node.id]

    def call(self, node: ast.Call) -> tuple[Fn, _Type]:
        func = node.func
        if not isinstance(func, ast.Name):
            raise self.fail(
                "only answer(), checked(), count(), done(), happened(), skipped() can be called",
                node,
            )
        if func.id not in FUNCTIONS:
            known = ", ".join(f"{f}()" for f in FUNCTIONS)
            raise self.fail(f"unknown function {func.id!r} (known: {known})", node)
        arity, type_ = FUNCTIONS[func.id]
        if node.keywords:
            raise self.fail(f"{func.id}() takes no keyword arguments", node)
        if len(node.args) != arity:
            plural = "s" if arity > 1 else ""
            raise self.fail(
                f"{func.id}() takes {arity} argument{plural}, got {len(node.args)}", node
            )
        args: list[str] = []
        for arg in node.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                raise self.fail(f"arguments of {func.id}() must be string literals", arg)
            args.append(arg.value)
        self.calls.append(Call(func.id, tuple(args), self.col(node)))
        method = operator.methodcaller(func.id, *args)
        return method, type_

    def subject(self, node: ast.expr) -> tuple[str, str | None] | None:
        """What a comparison is about, if it is a name or a call."""
        if isinstance(node, ast.Name) and node.id in NAMES:
            return node.id, None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("answer", "count")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            return node.func.id, node.args[0].value
        return None

    def compare(self, node: ast.Compare, depth: int) -> Fn:
        operands = [node.left, *node.comparators]
        compiled = [self.compile(operand, depth + 1) for operand in operands]
        steps: list[Callable[[Any, Any], bool]] = []
        for i, op in enumerate(node.ops):
            left, right = operands[i], operands[i + 1]
            left_type, right_type = compiled[i][1], compiled[i + 1][1]
            symbol = _OP_SYMBOL.get(type(op), "?")
            if isinstance(op, ast.Is | ast.IsNot):
                raise self.fail(f"'{symbol}' not allowed: use == or !=", node)
            if isinstance(op, ast.In | ast.NotIn):
                if not isinstance(right, ast.List | ast.Tuple):
                    raise self.fail(
                        f"the right side of '{symbol}' must be a list of literals", right
                    )
                if "list" in left_type:
                    raise self.fail(f"a list cannot be '{symbol}' a list", left)
                choices = self.literal(right)[0]
                assert isinstance(choices, tuple)
                self.note(left, choices, node)
                members = frozenset(choices)
                steps.append(_member(members, isinstance(op, ast.In)))
                continue
            if "list" in left_type or "list" in right_type:
                raise self.fail(
                    f"lists can only be on the right of 'in': cannot use '{symbol}' with a list",
                    node,
                )
            if isinstance(op, ast.Eq | ast.NotEq):
                left_kinds, right_kinds = left_type - _NONE, right_type - _NONE
                if left_kinds and right_kinds and not (left_kinds & right_kinds):
                    raise self.fail(
                        f"cannot compare {_describe(left_type)} with {_describe(right_type)}", node
                    )
                self.note_pair(left, right, node)
                steps.append(_eq if isinstance(op, ast.Eq) else _ne)
                continue
            if not ("int" in left_type and "int" in right_type):
                raise self.fail(
                    f"'{symbol}' compares numbers only, not "
                    f"{_describe(left_type)} and {_describe(right_type)}",
                    node,
                )
            self.note_pair(left, right, node)
            steps.append(_ordering(_ORDERING[type(op)]))
        fns = [fn for fn, _type in compiled]
        if len(steps) == 1:
            a, b = fns
            test = steps[0]
            return lambda ctx: test(a(ctx), b(ctx))

        def chain(ctx: Any) -> bool:
            left_value = fns[0](ctx)
            for test, fn in zip(steps, fns[1:], strict=True):
                right_value = fn(ctx)
                if not test(left_value, right_value):
                    return False
                left_value = right_value
            return True

        return chain

    def note_pair(self, left: ast.expr, right: ast.expr, node: ast.Compare) -> None:
        for subject, other in ((left, right), (right, left)):
            try:
                value, _type = self.literal(other)
            except ConditionError:
                continue
            self.note(subject, (value,), node)

    def note(self, subject_node: ast.expr, values: tuple[object, ...], node: ast.AST) -> None:
        subject = self.subject(subject_node)
        if subject is not None:
            self.comparisons.append(Comparison(subject[0], subject[1], values, self.col(node)))


def _describe(type_: _Type) -> str:
    names = {
        "str": "a string",
        "int": "a number",
        "bool": "True/False",
        "none": "None",
        "list": "a list",
    }
    return " or ".join(names[t] for t in sorted(type_ - _NONE) or ["none"])
