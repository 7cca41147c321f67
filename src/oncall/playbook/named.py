"""Named conditions (`[conditions]`): written once, used by name in any `when`.

`expand` replaces every bare name of a named condition in a condition's text by the
condition in parentheses, so everything downstream (the compiler, the checker, replay)
sees ordinary conditions. Names inside strings and function names are left alone.
"""

from __future__ import annotations

import io
import keyword
import re
import tokenize
from collections.abc import Mapping
from typing import Final

NAME: Final = re.compile(r"[a-z_][a-z0-9_]*")
RESERVED: Final = frozenset(
    {"level", "age", "drill", "answer", "checked", "count", "done", "happened", "skipped"}
)
MAX_DEPTH: Final = 8


class NamedConditionError(ValueError):
    """A named condition refers to itself, directly or through others."""


def names_in(text: str) -> set[str]:
    """The bare names a condition uses (not functions, not inside strings)."""
    found: set[str] = set()
    tokens = _tokens(text)
    for index, token in enumerate(tokens):
        if token.type != tokenize.NAME or keyword.iskeyword(token.string):
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.string == "(":
            continue
        found.add(token.string)
    return found


def expand(text: str, named: Mapping[str, str], _depth: int = 0) -> str:
    """`text` with each named condition it uses replaced by `(its text)`, recursively."""
    if not named or not names_in(text) & named.keys():
        return text
    if _depth >= MAX_DEPTH:
        raise NamedConditionError("named conditions refer to each other in a loop")
    lines = text.splitlines(keepends=True) or [text]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    tokens = _tokens(text)
    out: list[str] = []
    position = 0
    for index, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string not in named:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.string == "(":
            continue
        begin = starts[token.start[0] - 1] + token.start[1]
        end = starts[token.end[0] - 1] + token.end[1]
        out.append(text[position:begin])
        out.append("(" + expand(named[token.string], named, _depth + 1) + ")")
        position = end
    out.append(text[position:])
    return "".join(out)


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    try:
        return list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
