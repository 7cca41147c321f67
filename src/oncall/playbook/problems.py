"""Problems found in a playbook or directory file, and where they are.

`where` is a key path with 0-based indexes as in the file's arrays, e.g.
``phases[2].steps[4].colour``; `line`/`col` are 1-based when they could be found.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    where: str
    message: str
    line: int | None = None
    col: int | None = None
    warning: bool = False
    """Worth a look, but the file still loads (an unused milestone or condition)."""

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}:{self.col or 1}" if self.line else self.file
        message = f"warning: {self.message}" if self.warning else self.message
        return f"{place}: {self.where}: {message}" if self.where else f"{place}: {message}"


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a file from loading (not the warnings)."""
    return [problem for problem in problems if not problem.warning]


class PlaybookError(Exception):
    """A file that cannot be loaded; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid file"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first + more)


# --- key path -> line -----------------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=\s*(.*)$""")
_TRIPLE = re.compile(r'"""|\'\'\'')


def _parts(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in dotted.split(".")]


class SourceMap:
    """Finds the line of a key path by scanning the TOML text (best effort).

    Knows table headers, ``[[arrays.of.tables]]`` and their indexes, ``key = value``
    lines, and items of multi-line arrays that start a line with ``{`` or a string.
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        self.source = text.splitlines()
        try:
            self._scan()
        except Exception:  # a best-effort map: never let it break a check
            self.lines = {}

    def _scan(self) -> None:
        counts: dict[str, int] = {}
        last: dict[str, str] = {}
        section = ""
        in_string = False
        array_key: str | None = None
        array_index = 0
        for number, line in enumerate(self.source, start=1):
            if in_string:
                if len(_TRIPLE.findall(line)) % 2 == 1:
                    in_string = False
                continue
            stripped = line.strip()
            if array_key is not None:
                if stripped.startswith("]"):
                    array_key = None
                elif stripped[:1] in ("{", '"', "'"):
                    self.lines.setdefault(f"{array_key}[{array_index}]", number)
                    array_index += 1
                    continue
                else:
                    continue
            header = _HEADER.match(line)
            if header and stripped.startswith("["):
                parts = _parts(header.group(2))
                parent = self._resolve(parts[:-1], last)
                base = f"{parent}.{parts[-1]}" if parent else parts[-1]
                if header.group(1) == "[[":
                    counts[base] = counts.get(base, -1) + 1
                    section = f"{base}[{counts[base]}]"
                    last[".".join(parts)] = section
                else:
                    section = base
                self._register(section, number)
                continue
            key = _KEY.match(line)
            if key:
                name = key.group(1).strip("\"'")
                path = f"{section}.{name}" if section else name
                self.lines.setdefault(path, number)
                value = key.group(2).strip()
                if len(_TRIPLE.findall(value)) % 2 == 1:
                    in_string = True
                elif value.startswith("[") and value.count("[") > value.count("]"):
                    array_key, array_index = path, 0

    def _register(self, path: str, number: int) -> None:
        """A header's line is also the first line of each enclosing table or array."""
        self.lines.setdefault(path, number)
        for index, char in enumerate(path):
            if char in ".[":
                self.lines.setdefault(path[:index], number)

    @staticmethod
    def _resolve(parts: list[str], last: dict[str, str]) -> str:
        path = ""
        for i, part in enumerate(parts):
            dotted = ".".join(parts[: i + 1])
            path = last.get(dotted, f"{path}.{part}" if path else part)
        return path

    def line_of(self, where: str) -> int | None:
        """The line of `where`, or of the nearest enclosing path that has one."""
        path = where
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                break
            path = path[:cut]
        return self.lines.get(path)

    def col_of(self, line: int, text: str, offset: int) -> int | None:
        """The column of character `offset` (1-based) of string value `text` on `line`."""
        if not 0 < line <= len(self.source) or not text:
            return None
        source = self.source[line - 1]
        start = source.find(text)
        if start < 0:
            return None
        return start + max(offset, 1)

    def find(self, line: int, token: str, after: str | None = None) -> tuple[int, int | None]:
        """(line, col) of `token` on `line` or a few lines below; (line, None) if absent."""
        start = line - 1
        stop = min(len(self.source), start + 80)
        if after is not None:
            for index in range(start, stop):
                if after in self.source[index]:
                    start = index
                    break
        for index in range(start, stop):
            position = self.source[index].find(token)
            if position >= 0:
                return index + 1, position + 1
        return line, None


class Reporter:
    """Collects the problems of one file, locating each through a `SourceMap`."""

    def __init__(self, file: str, source: SourceMap | None = None) -> None:
        self.file = file
        self.source = source
        self.problems: list[Problem] = []

    def add(
        self,
        where: str,
        message: str,
        *,
        snippet: str | None = None,
        offset: int = 0,
        token: str | None = None,
        after: str | None = None,
        warning: bool = False,
    ) -> None:
        """Record a problem. `snippet`/`offset` point at a column inside a one-line string
        value; `token` is text to find on or below the key's line (after the first line
        holding `after`, if given), for values spanning lines."""
        line = self.source.line_of(where) if self.source and where else None
        if line is None and self.source is not None and where:
            line = 1  # a key missing from the top level: the file itself, from its top
        col = None
        if line is not None and self.source is not None:
            if snippet is not None:
                col = self.source.col_of(line, snippet, offset)
            elif token is not None:
                line, col = self.source.find(line, token, after)
        self.problems.append(Problem(self.file, where, message, line, col, warning))


def join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def suggest(word: str, known: Iterable[str]) -> str:
    """'; did you mean "x"?' when a known word is close, else ''."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""
