"""Reasons that name the items themselves: placeholders in a level rule's `because`.

A rule's reason may name what the person recorded, so the suggestion reads
"高危因素：情绪低落超过半个月；长期睡眠障碍" rather than a rule title:

- ``{items:<check step>}``: the labels of the ticked items, in the step's order;
- ``{answer:<question or choice step>}``: the label of the chosen answer.

The checker (`oncall playbook check`) refuses any other placeholder, a step that does
not exist or has the wrong kind, and zh/en texts that name different steps. Replay
fills them from the case (`fill_because`); ``{{`` and ``}}`` are literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from oncall.playbook.model import Lang, Playbook, Step, Text

SEPARATOR: Final[dict[Lang, str]] = {"zh": "；", "en": "; "}
KINDS: Final = {"items": ("check",), "answer": ("question", "choice")}
_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z]+):([a-z0-9_.-]+)\}|\{[^{}]*\}")


def because_refs(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """((function, step id) used, problems) for one language of a `because` text."""
    refs: list[tuple[str, str]] = []
    problems: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        function, step_id = match.group(1), match.group(2)
        if function is None or function not in KINDS:
            problems.append(
                f"unknown placeholder {token} in a reason (use {{items:<check step>}} or "
                "{answer:<question or choice step>}; write {{ and }} for literal braces)"
            )
            continue
        refs.append((function, step_id))
    return refs, problems


def ref_problem(function: str, step: Step | None, step_id: str) -> str | None:
    """Why `{function:step_id}` cannot be filled, or None."""
    if step is None:
        return f"{{{function}:{step_id}}}: no step {step_id!r}"
    if step.kind not in KINDS[function]:
        wanted = " or ".join(KINDS[function])
        return f"{{{function}:{step_id}}}: step {step_id!r} is a {step.kind}, not a {wanted}"
    return None


def fill_because(because: Text, playbook: Playbook, value_of: Callable[[str], Any]) -> Text:
    """`because` with its placeholders filled from the case: `value_of(step id)` is the
    recorded value (list of item ids, option id) or None. A placeholder with nothing
    recorded becomes "—"."""
    return Text(
        _fill(because.zh, "zh", playbook, value_of),
        _fill(because.en, "en", playbook, value_of),
    )


def _fill(text: str, lang: Lang, playbook: Playbook, value_of: Callable[[str], Any]) -> str:
    if "{" not in text and "}" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        function, step_id = match.group(1), match.group(2)
        if function not in KINDS:
            return token
        try:
            step = playbook.step(step_id)
        except KeyError:
            return token
        labels = _labels(step, value_of(step_id))
        return SEPARATOR[lang].join(label.get(lang) for label in labels) or "—"

    return _TOKEN.sub(replace, text)


def _labels(step: Step, value: Any) -> list[Text]:
    chosen = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [option.label for option in step.options if option.id in chosen]


def values_of(records: Mapping[str, Any]) -> Callable[[str], Any]:
    """A `value_of` over step id -> value (None for steps not recorded)."""
    return records.get
