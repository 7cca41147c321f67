"""Placeholders in scripts (话术): ``{student_name}`` etc., filled from the case."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Final

PLACEHOLDERS: Final = frozenset(
    {
        "student_name",
        "student_class",
        "school",
        "school_address",
        "place",
        "incident_place",
        "teacher",
        "time",
        "guardian_name",
        "level",
        "hospital",
    }
)
"""The only placeholders a script may use (documented in playbooks/README.md)."""

_FIELD = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}")


def placeholders_in(text: str) -> tuple[list[str], list[tuple[str, str | None]]]:
    """(placeholder names used, problems as (message, offending text or None)) for a
    script text; ``{{`` and ``}}`` are literal braces."""
    names: list[str] = []
    problems: list[tuple[str, str | None]] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        return [], [(f"unbalanced braces: {exc} (write {{{{ and }}}} for literal braces)", None)]
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        token = "{" + name
        if spec or conversion:
            problems.append((f"placeholder {{{name}}} must be plain, without ! or :", token))
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            problems.append((f"unknown placeholder {{{name}}} (known: {known})", token))
        else:
            names.append(name)
    return names, problems


def fill(text: str, values: Mapping[str, str]) -> str:
    """Fill known placeholders; ones without a value stay visible as ``{name}``."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        value = values.get(match.group(1))
        return value if value else token

    return _FIELD.sub(replace, text)
