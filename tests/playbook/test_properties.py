"""Property tests: whatever the input, the checker returns a list of problems and the
condition parser raises only ConditionError."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncall.playbook import (
    ConditionError,
    Problem,
    SimpleContext,
    check_directory_file,
    check_playbook_file,
    load_playbook,
    parse_condition,
)

from .helpers import DIRECTORY, VALID

VALID_LINES = VALID.read_text(encoding="utf-8").splitlines()
PLAYBOOK = load_playbook(VALID)
SCALE = float(os.environ.get("ONCALL_HYPOTHESIS_SCALE", "1"))
"""Multiply example counts (e.g. 50 for a long hunt); the default keeps the suite fast."""


def examples(count: int) -> int:
    return max(1, int(count * SCALE))


SETTINGS = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
_KEY_LINE = re.compile(r"^(\s*)([A-Za-z0-9_-]+)(\s*=\s*)(.*)$")


def check_text(content: str | bytes, name: str = "playbook.toml") -> list[Problem]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        problems = check_playbook_file(path)
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) and p.file == str(path) for p in problems)
    assert not any("internal error" in p.message for p in problems), problems
    return problems


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(content: bytes) -> None:
    check_text(content)


@SETTINGS
@given(st.text(max_size=400))
def test_random_text(content: str) -> None:
    check_text(content.encode("utf-8", errors="replace"))


TOML_VALUES = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.sampled_from(
        [
            '"yes"',
            "true",
            "[]",
            "{}",
            '{ zh = "", en = "" }',
            '"I"',
            "1.5",
            '"step:wall.ok"',
            '"event:note"',
            "'level == \"I\"'",
            "[1, 2]",
            '["coach"]',
            '"{place}"',
            "'answer(\"wall.ok\") == 1'",
            '""',
        ]
    ),
    st.text(alphabet="abcdefghij \"'[]{}=.,:#\\{}", max_size=20),
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(VALID_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "key", "value"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            a, b = _KEY_LINE.match(lines[index]), _KEY_LINE.match(lines[other])
            if a and b:
                lines[index] = a.group(1) + a.group(2) + a.group(3) + b.group(4)
                lines[other] = b.group(1) + b.group(2) + b.group(3) + a.group(4)
            else:
                lines[index], lines[other] = lines[other], lines[index]
        elif action == "key":
            match = _KEY_LINE.match(lines[index])
            if match:
                key = draw(
                    st.sampled_from(
                        [
                            "id",
                            "kind",
                            "when",
                            "timer",
                            "options",
                            "type",
                            "required",
                            "roles",
                            "minutes",
                            "level",
                            "zz",
                        ]
                    )
                )
                lines[index] = match.group(1) + key + match.group(3) + match.group(4)
        else:
            match = _KEY_LINE.match(lines[index])
            if match:
                lines[index] = match.group(1) + match.group(2) + match.group(3) + draw(TOML_VALUES)
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(150), deadline=None)
@given(mutated())
def test_mutated_playbook(content: str) -> None:
    check_text(content)


@SETTINGS
@given(mutated())
def test_mutated_text_as_a_directory(content: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "directory.toml"
        path.write_text(content, encoding="utf-8")
        assert isinstance(check_directory_file(path, PLAYBOOK), list)


@SETTINGS
@given(st.data())
def test_mutated_directory(data: st.DataObject) -> None:
    lines = DIRECTORY.read_text(encoding="utf-8").splitlines()
    index = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    match = _KEY_LINE.match(lines[index])
    if match:
        lines[index] = match.group(1) + match.group(2) + " = " + data.draw(TOML_VALUES)
    else:
        del lines[index]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "directory.toml"
        path.write_text("\n".join(lines), encoding="utf-8")
        assert isinstance(check_directory_file(path, PLAYBOOK), list)


CONTEXTS = st.builds(
    SimpleContext,
    level=st.sampled_from(["I", "II", "III", None]),
    age=st.one_of(st.none(), st.integers(min_value=-5, max_value=30)),
    drill=st.booleans(),
    answers=st.dictionaries(st.sampled_from(["q", "c"]), st.sampled_from(["yes", "no"])),
)
TOKENS = st.sampled_from(
    [
        "level",
        "age",
        "drill",
        "and",
        "or",
        "not",
        "(",
        ")",
        "==",
        "!=",
        "<",
        ">=",
        "in",
        "[",
        "]",
        ",",
        '"I"',
        '"yes"',
        "None",
        "True",
        "3",
        "-1",
        'answer("q")',
        'checked("k", "x")',
        'count("k")',
        'done("q")',
        'happened("note")',
        'skipped("q")',
        "x",
        ".",
        "lambda",
        "+",
        "if",
        "else",
        "__import__",
        ":=",
        "f'",
        "1.0",
    ]
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(TOKENS, max_size=12).map(" ".join), CONTEXTS)
def test_random_conditions(text: str, ctx: SimpleContext) -> None:
    try:
        condition = parse_condition(text)
    except ConditionError as exc:
        assert exc.message and exc.col >= 0
        return
    assert condition.evaluate(ctx) in (True, False)
    condition.references()


@SETTINGS
@given(st.text(max_size=60))
def test_random_condition_text(text: str) -> None:
    with contextlib.suppress(ConditionError):
        parse_condition(text)
