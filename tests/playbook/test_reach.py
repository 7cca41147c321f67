"""The satisfiability search behind "can never apply"."""

from __future__ import annotations

import pytest

from oncall.playbook import load_playbook, parse_condition
from oncall.playbook.reach import Domains, satisfiable

from .helpers import VALID


@pytest.fixture(scope="module")
def domains() -> Domains:
    return Domains(load_playbook(VALID), ages=[8, 12])


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        (['level == "I"'], True),
        (['level == "I"', 'level == "II"'], False),
        (['level in ["I", "II"]', 'level != "I"'], True),
        (["age < 8", "age > 12"], False),
        (["not (age < 8)", "age == None"], True),
        (['count("wall.signs") == 3'], True),
        (['count("wall.signs") > 3'], False),
        (['answer("wall.height") == "low" and answer("wall.height") == "high"'], False),
        (['answer("wall.ok") in ["yes", "no"]', 'answer("wall.ok") != "yes"'], True),
        (['checked("wall.signs", "pale") and not checked("wall.signs", "pale")'], False),
        (['happened("custody.started")', 'not happened("custody.started")'], False),
        (["drill", "not drill"], False),
        (['done("wall.ok") or skipped("wall.ok")'], True),
    ],
)
def test_satisfiable(domains: Domains, conditions: list[str], expected: bool) -> None:
    assert satisfiable([parse_condition(c) for c in conditions], domains) is expected


def test_gives_up_rather_than_guess(domains: Domains) -> None:
    many = " and ".join(f'not checked("wall.signs", "{i}")' for i in ("pale", "silent"))
    condition = parse_condition(f"{many} and level == None and drill and age == 99")
    assert satisfiable([condition], domains, limit=2) is None
