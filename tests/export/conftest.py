"""Fixtures for export tests: a real encrypted journal with a fake clock, fixed case and
event ids and a fixed time zone, so the same scenario always gives the same bytes.

The playbook is the shipped default one, so the golden files show what a school gets:
they change when the export or the playbook changes. Regenerate them with
``ONCALL_UPDATE_GOLDEN=1 pytest tests/export`` and read the diff.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oncall.journal import Journal
from oncall.playbook import Playbook, load_playbook
from support.clocks import T0, FakeClock, beijing_time
from support.scenes import TEACHER, Scene

__all__ = ["T0", "FakeClock", "Scene"]

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
PLAYBOOK = Path(__file__).parents[2] / "playbooks" / "school-crisis.toml"
PASSPHRASE = "export test passphrase"
TEST_KDF_N = 2**10


@pytest.fixture(autouse=True)
def shanghai_time() -> Iterator[None]:
    with beijing_time():
        yield


@pytest.fixture(autouse=True)
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Case ids end in 0001, 0002, …; event ids are 00…01, 00…02, …"""
    import oncall.journal.journal as journal_module

    cases = itertools.count(1)
    events = itertools.count(1)
    monkeypatch.setattr(journal_module.secrets, "token_hex", lambda n: f"{next(cases):04x}")
    monkeypatch.setattr(journal_module.uuid, "uuid4", lambda: uuid.UUID(int=next(events)))


@pytest.fixture(scope="session")
def playbook() -> Playbook:
    return load_playbook(PLAYBOOK)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def journal(home: Path, clock: FakeClock) -> Iterator[Journal]:
    j = Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N, clock=clock)
    yield j
    j.close()


FACTS: dict[str, Any] = {
    "student_name": "李小明（虚构）",
    "student_class": "初二（3）班",
    "student_age": 14,
    "place": "教学楼三楼走廊",
    "reporter": TEACHER,
    "seen": "在走廊窗边哭泣，说不想活了",
    "number": "2026-心-017",
}


@pytest.fixture
def new_scene(journal: Journal, playbook: Playbook, clock: FakeClock) -> Any:
    def make(*, drill: bool = False, **facts: Any) -> Scene:
        return Scene(journal, playbook, clock, drill=drill, **{**FACTS, **facts})

    return make
