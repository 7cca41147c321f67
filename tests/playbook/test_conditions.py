"""The condition language: what it accepts, what it refuses, how it evaluates."""

from __future__ import annotations

import time

import pytest

from oncall.playbook.conditions import (
    Call,
    Comparison,
    ConditionError,
    SimpleContext,
    parse_condition,
)

CTX = SimpleContext(
    level="II",
    age=12,
    drill=True,
    answers={"q": "yes", "c": "b"},
    checks={"k": frozenset({"x", "y"}), "empty": frozenset()},
    done_steps=frozenset({"act"}),
    events=frozenset({"custody.started"}),
    skipped_steps=frozenset({"skip"}),
)
UNKNOWN = SimpleContext()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('level == "II"', True),
        ('level != "II"', False),
        ('level in ["I", "II"]', True),
        ('level not in ("I", "II")', False),
        ("age < 13", True),
        ("age >= 13", False),
        ("10 < age <= 12", True),
        ("10 < age < 12", False),
        ("drill", True),
        ("not drill", False),
        ('answer("q") == "yes"', True),
        ('answer("nothing") == None', True),
        ('answer("c") in ["a", "b"]', True),
        ('checked("k", "x") and checked("k", "y")', True),
        ('checked("k", "z")', False),
        ('count("k") == 2', True),
        ('count("empty") > 0', False),
        ('done("act") and done("q") and done("k")', True),
        ('done("other")', False),
        ('happened("custody.started")', True),
        ('happened("custody.ended")', False),
        ('skipped("skip") and not skipped("act")', True),
        ('(level == "I" or age > 10) and not (count("k") < 1)', True),
        ('level == "I" or level == "III" or drill', True),
        ('level == "I" and drill and age == 12', False),
        ("True", True),
        ("-1 < age", True),
    ],
)
def test_evaluates(text: str, expected: bool) -> None:
    assert parse_condition(text).evaluate(CTX) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("age < 10", False),
        ("age > 10", False),
        ("age <= 0", False),
        ("not (age < 10)", True),
        ("age == None", True),
        ("age != 3", True),
        ('level == "I"', False),
        ("level == None", True),
        ('level in ["I", "II", "III"]', False),
        ('answer("q") == "yes"', False),
        ('count("k") >= 0', True),
    ],
)
def test_unknown_values_are_false_not_errors(text: str, expected: bool) -> None:
    assert parse_condition(text).evaluate(UNKNOWN) is expected


class _Odd(SimpleContext):
    """A context returning values of the wrong type: comparisons stay False."""

    def count(self, step_id: str) -> int:
        return "three"  # type: ignore[return-value]


def test_wrong_types_from_a_context_do_not_raise() -> None:
    assert parse_condition('count("k") > 2').evaluate(_Odd()) is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('__import__("os")', "unknown function '__import__'"),
        ("open('x')", "unknown function 'open'"),
        ("level.upper()", "only answer()"),
        ("age.real", "attribute access not allowed"),
        ("(lambda: 1)()", "only answer()"),
        ("lambda: True", "lambda not allowed"),
        ('f"{age}"', "f-strings not allowed"),
        ("age + 1 > 3", "arithmetic not allowed"),
        ("[x for x in [1]]", "comprehensions not allowed"),
        ("{1: 2}", "dicts not allowed"),
        ("age if drill else 1", "conditional expressions not allowed"),
        ('"abc"[0]', "indexing not allowed"),
        ("(x := 1)", "assignment (:=) not allowed"),
        ("1.5 < age", "float literals not allowed"),
        ("name == 1", "unknown name 'name'"),
        ("__builtins__", "unknown name '__builtins__'"),
        ("answer(step)", "must be string literals"),
        ('answer("a", "b")', "answer() takes 1 argument, got 2"),
        ('checked("a")', "checked() takes 2 arguments, got 1"),
        ('answer(step="a")', "takes no keyword arguments"),
        ("level is None", "'is' not allowed"),
        ('age < "10"', "compares numbers only"),
        ('count("k") == "2"', "cannot compare a number with a string"),
        ('drill == "yes"', "cannot compare True/False with a string"),
        ("level in level", "must be a list of literals"),
        ('["I"] == level', "lists can only be on the right"),
        ('level in [["I"]]', "nested lists not allowed"),
        ("age == ", "syntax error"),
        ("import os", "syntax error"),
        ("", "empty condition"),
        ("   ", "empty condition"),
        ("-drill", "only integers can have a sign"),
        ("~1 == age", "operator not allowed"),
        ("x" * 5000, "longer than"),
        ("(" * 300 + "drill" + ")" * 300, "syntax error"),
        ("not " * 500 + "drill", "too deeply nested"),
    ],
)
def test_refuses(text: str, message: str) -> None:
    with pytest.raises(ConditionError) as info:
        parse_condition(text)
    assert message in info.value.message


def test_refuses_non_strings() -> None:
    with pytest.raises(ConditionError):
        parse_condition(3)  # type: ignore[arg-type]


def test_null_bytes_are_refused() -> None:
    with pytest.raises(ConditionError):
        parse_condition("drill\0")


@pytest.mark.parametrize(
    ("text", "col"),
    [
        ("nope == 1", 1),
        ('level == "I" and nope', 18),
        ('  level == "I" and nope', 20),
        ('"é" == "x" and nope', 16),
        ('drill or answer("q") and a.b', 26),
    ],
)
def test_error_column_is_in_characters(text: str, col: int) -> None:
    with pytest.raises(ConditionError) as info:
        parse_condition(text)
    assert info.value.col == col
    assert f"(col {col})" in str(info.value)


def test_references() -> None:
    refs = parse_condition(
        'level in ["I", "II"] and answer("q") == "yes" and checked("k", "x")'
        ' or count("k") > 2 or happened("note") or not done("d") and skipped("s")'
        " or age < 9"
    ).references()
    assert refs.names == {"level", "age"}
    assert refs.functions == {"answer", "checked", "count", "happened", "done", "skipped"}
    assert refs.steps == {"q", "k", "d", "s"}
    assert refs.items == {("k", "x")}
    assert refs.events == {"note"}
    assert refs.answer_values == {("q", "yes")}
    assert refs.level_values == {"I", "II"}
    assert refs.values_of("count", "k") == {2}
    assert refs.values_of("age") == {9}
    assert Call("answer", ("q",), 26) in refs.calls
    assert Comparison("level", None, ("I", "II"), 1) in refs.comparisons


def test_reversed_comparison_is_referenced() -> None:
    refs = parse_condition('"maybe" == answer("q")').references()
    assert refs.answer_values == {("q", "maybe")}


def test_condition_equality_and_repr() -> None:
    assert parse_condition("drill") == parse_condition("drill")
    assert len({parse_condition("drill"), parse_condition("drill")}) == 1
    assert "drill" in repr(parse_condition("drill"))


def test_evaluation_is_fast() -> None:
    condition = parse_condition(
        'not (age < 10) and (answer("q") in ["yes", "refused"] or count("k") >= 2)'
    )
    start = time.perf_counter()
    for _ in range(20_000):
        condition.evaluate(CTX)
    assert time.perf_counter() - start < 1.0
