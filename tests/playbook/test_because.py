"""Reasons that name the items: `{items:<check step>}` and `{answer:<step>}` in a level
rule's `because`, checked by `oncall playbook check` and filled by replay."""

from __future__ import annotations

import pytest

from oncall.playbook import check_playbook_file, load_playbook
from oncall.playbook.because import fill_because
from oncall.playbook.model import Text

from .helpers import Write

TWO_SIGNS = 'because = { zh = "两个迹象", en = "Two signs" }'


def with_because(text: str, zh: str, en: str) -> str:
    assert TWO_SIGNS in text
    return text.replace(TWO_SIGNS, f'because = {{ zh = "{zh}", en = "{en}" }}')


def test_items_and_answers_fill_from_the_case(write: Write, valid_text: str) -> None:
    path = write(with_because(valid_text, "迹象：{items:wall.signs}；{answer:wall.height}",
                              "Signs: {items:wall.signs}; {answer:wall.height}"))
    playbook = load_playbook(path)
    rule = next(r for r in playbook.rules if r.id == "two-signs")
    signs = playbook.step("wall.signs")
    height = playbook.step("wall.height")
    recorded = {"wall.signs": [o.id for o in signs.options][::-1],
                "wall.height": height.options[0].id}

    filled = fill_because(rule.because, playbook, recorded.get)

    items = "；".join(o.label.zh for o in signs.options)  # the step's order, not the ticks'
    assert filled.zh == f"迹象：{items}；{height.options[0].label.zh}"
    assert "{" not in filled.en
    assert fill_because(rule.because, playbook, {}.get).zh == "迹象：—；—"


def test_literal_braces_stay(write: Write, valid_text: str) -> None:
    playbook = load_playbook(write(valid_text))
    assert fill_because(Text("{{见}}", "{{see}}"), playbook, {}.get) == Text("{见}", "{see}")


@pytest.mark.parametrize(
    ("zh", "en", "message"),
    [
        ("{items:wall.nope}", "{items:wall.nope}", "no step 'wall.nope'"),
        ("{items:wall.height}", "{items:wall.height}", "is a choice, not a check"),
        ("{answer:wall.signs}", "{answer:wall.signs}", "is a check, not a question or choice"),
        ("{count:wall.signs}", "{count:wall.signs}", "unknown placeholder {count:wall.signs}"),
        ("{student_name}", "{student_name}", "unknown placeholder {student_name}"),
        ("{items:wall.signs}", "Two signs", "zh and en name different steps"),
    ],
)
def test_the_checker_refuses_bad_reasons(
    write: Write, valid_text: str, zh: str, en: str, message: str
) -> None:
    problems = check_playbook_file(write(with_because(valid_text, zh, en)))
    assert any(message in p.message and "because" in p.where for p in problems), problems
