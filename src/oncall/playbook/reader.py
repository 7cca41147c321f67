"""Typed reading of parsed TOML that reports problems instead of raising.

Every accessor returns a usable value (a default when the file's is missing or wrong)
and records what was wrong, so one pass finds every problem in a file.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any, Final

from oncall.playbook.model import Lines, Text
from oncall.playbook.problems import Problem, Reporter, SourceMap, join, suggest

ID: Final = re.compile(r"[a-z0-9_.-]+")
ROLE_ID: Final = re.compile(r"[a-z0-9_]+")
MAX_MINUTES: Final = 527040
"""One leap year: the largest `minutes`/`target_minutes` accepted."""
MAX_FILE_BYTES: Final = 4 * 1024 * 1024

_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _type_name(value: object) -> str:
    names = {
        str: "a string",
        int: "an integer",
        bool: "true/false",
        float: "a number",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


class Reader:
    def __init__(self, report: Reporter) -> None:
        self.report = report

    def problem(self, where: str, message: str, **kw: Any) -> None:
        self.report.add(where, message, **kw)

    # --- tables ----------------------------------------------------------------------------
    def table(self, value: object, where: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(where, f"must be a table, not {_type_name(value)}")
        return None

    def keys(
        self,
        table: dict[str, Any],
        where: str,
        required: Collection[str],
        optional: Collection[str] = (),
    ) -> None:
        allowed = [*required, *optional]
        for key in table:
            if key not in allowed:
                hint = suggest(key, allowed) or f" (allowed: {', '.join(allowed)})"
                self.problem(join(where, key), f"unknown key {key!r}{hint}")
        for key in required:
            if key not in table:
                self.problem(join(where, key), f"missing required key {key!r}")

    def tables(
        self, table: dict[str, Any], key: str, where: str
    ) -> list[tuple[str, dict[str, Any]]]:
        """An optional array of tables, as (where, table) pairs keeping file indexes."""
        value = table.get(key)
        path = join(where, key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, f"must be an array of tables, not {_type_name(value)}")
            return []
        found = []
        for index, item in enumerate(value):
            item_table = self.table(item, join(path, index))
            if item_table is not None:
                found.append((join(path, index), item_table))
        return found

    # --- scalars -----------------------------------------------------------------------------
    def string(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        *,
        required: bool = True,
        pattern: re.Pattern[str] | None = None,
        default: str = "",
    ) -> str:
        path = join(where, key)
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, str):
            self.problem(path, f"must be a string, not {_type_name(value)}")
            return default
        if required and not value.strip():
            self.problem(path, "must not be empty")
        elif pattern is not None and not pattern.fullmatch(value):
            self.problem(path, f"{value!r} is not a valid id (use {pattern.pattern})")
        return value

    def choice(
        self, table: dict[str, Any], key: str, where: str, allowed: Collection[str], default: str
    ) -> str:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, str) or value not in allowed:
            shown = repr(value) if isinstance(value, str) else _type_name(value)
            hint = suggest(value, allowed) if isinstance(value, str) else ""
            self.problem(join(where, key), f"{shown} is not one of {', '.join(allowed)}{hint}")
            return default
        return value

    def boolean(self, table: dict[str, Any], key: str, where: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(join(where, key), f"must be true or false, not {_type_name(value)}")
            return default
        return value

    def minutes(self, table: dict[str, Any], key: str, where: str) -> int | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(
                join(where, key), f"must be a whole number of minutes, not {_type_name(value)}"
            )
            return None
        if not 0 < value <= MAX_MINUTES:
            self.problem(
                join(where, key), f"must be between 1 and {MAX_MINUTES} (one year), not {value}"
            )
            return None
        return value

    def strings(
        self, table: dict[str, Any], key: str, where: str, pattern: re.Pattern[str] | None = None
    ) -> tuple[str, ...]:
        if key not in table:
            return ()
        value = table[key]
        path = join(where, key)
        if not isinstance(value, list):
            self.problem(path, f"must be a list of strings, not {_type_name(value)}")
            return ()
        found = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.problem(join(path, index), f"must be a string, not {_type_name(item)}")
            elif pattern is not None and not pattern.fullmatch(item):
                self.problem(join(path, index), f"{item!r} is not a valid id")
            else:
                found.append(item)
        return tuple(found)

    # --- bilingual text ----------------------------------------------------------------------
    def text(self, table: dict[str, Any], key: str, where: str) -> Text:
        path = join(where, key)
        if key not in table:
            return Text("", "")
        value = self.table(table[key], path)
        if value is None:
            return Text("", "")
        self.keys(value, path, ("zh", "en"))
        zh, en = (self._lang_string(value, lang, path) for lang in ("zh", "en"))
        return Text(zh, en)

    def _lang_string(self, value: dict[str, Any], lang: str, path: str) -> str:
        if lang not in value:
            return ""
        item = value[lang]
        if not isinstance(item, str):
            self.problem(join(path, lang), f"must be a string, not {_type_name(item)}")
            return ""
        if not item.strip():
            self.problem(join(path, lang), f"missing translation: {lang} is empty")
        return item

    def lines(self, table: dict[str, Any], key: str, where: str) -> Lines:
        path = join(where, key)
        if key not in table:
            return Lines((), ())
        value = self.table(table[key], path)
        if value is None:
            return Lines((), ())
        self.keys(value, path, ("zh", "en"))
        found: dict[str, tuple[str, ...]] = {}
        for lang in ("zh", "en"):
            items = value.get(lang, [])
            if not isinstance(items, list):
                self.problem(join(path, lang), f"must be a list of lines, not {_type_name(items)}")
                items = []
            good = []
            for index, line in enumerate(items):
                if not isinstance(line, str):
                    self.problem(
                        join(join(path, lang), index), f"must be a string, not {_type_name(line)}"
                    )
                elif not line.strip():
                    self.problem(join(join(path, lang), index), "empty line")
                else:
                    good.append(line)
            found[lang] = tuple(good)
            if lang in value and not items:
                self.problem(join(path, lang), f"missing translation: no {lang} lines")
        zh, en = found["zh"], found["en"]
        if zh and en and len(zh) != len(en):
            self.problem(
                path,
                f"zh has {len(zh)} lines but en has {len(en)}: "
                "give each instruction in both languages",
            )
        return Lines(zh, en)


def read_toml(path: str | Path) -> tuple[dict[str, Any] | None, Reporter, str]:
    """Read and parse a TOML file: (data or None, reporter with any problems, sha256)."""
    file = str(path)
    report = Reporter(file)
    try:
        data_path = Path(path)
        if not data_path.exists():
            report.add("", "no such file")
            return None, report, ""
        if data_path.is_dir():
            report.add("", "is a directory, not a file")
            return None, report, ""
        if data_path.stat().st_size > MAX_FILE_BYTES:
            report.add("", f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            return None, report, ""
        raw = data_path.read_bytes()
    except (OSError, ValueError) as exc:
        report.add("", f"cannot read the file: {exc}")
        return None, report, ""
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        report.problems.append(_at(file, line, col, "not UTF-8 text (save the file as UTF-8)"))
        return None, report, digest
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_AT.search(message)
        message = _TOML_AT.sub("", message).strip()
        if match:
            report.problems.append(
                _at(file, int(match.group(1)), int(match.group(2)), f"TOML syntax: {message}")
            )
        elif "(at end of document)" in message:
            lines = text.split("\n")  # the last line, just past its last character
            message = message.replace("(at end of document)", "(at the end of the file)").strip()
            report.problems.append(
                _at(file, len(lines), len(lines[-1]) + 1, f"TOML syntax: {message}")
            )
        else:
            report.add("", f"TOML syntax: {message}")
        return None, report, digest
    except (RecursionError, MemoryError, ValueError) as exc:
        report.add("", f"TOML cannot be parsed: {type(exc).__name__}")
        return None, report, digest
    report.source = SourceMap(text)
    return data, report, digest


def _at(file: str, line: int, col: int, message: str) -> Problem:
    return Problem(file, "", message, line, col)
