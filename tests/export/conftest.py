"""Fixtures for export tests: a real encrypted journal with a fake clock, fixed case and
event ids and a fixed time zone, so the same scenario always gives the same bytes.

The playbook is a frozen copy of the default one (`fixtures/school-crisis.toml`):
golden files change when the export changes, not whenever the playbook is edited.
Regenerate the golden files with ``ONCALL_UPDATE_GOLDEN=1 pytest tests/export``.
"""

from __future__ import annotations

import itertools
import os
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from oncall.journal import Journal
from oncall.playbook import Playbook, load_playbook

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
PLAYBOOK = FIXTURES / "school-crisis.toml"
PASSPHRASE = "export test passphrase"
TEST_KDF_N = 2**10
T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 14:00 in Asia/Shanghai
TEACHER = "王老师（虚构）"


class FakeClock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def shanghai_time() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


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


class Scene:
    """One case in a real journal; times are minutes after 14:00 on 2026-11-23 (Beijing
    time). The clock moves to each event as it is recorded, so an event added with an
    earlier time than the one before is a late entry, as it would be at the keyboard."""

    def __init__(self, journal: Journal, playbook: Playbook, clock: FakeClock, *,
                 drill: bool = False, actor: str = TEACHER, **facts: Any) -> None:
        self.journal = journal
        self.playbook = playbook
        self.clock = clock
        self.actor = actor
        clock.now = T0
        self.case = journal.new_case(actor=actor, playbook=playbook, drill=drill, **facts)

    def at(self, minutes: float) -> datetime:
        return T0 + timedelta(minutes=minutes)

    def add(self, minutes: float, kind: str, data: dict[str, Any], actor: str | None = None,
            *, recorded: float | None = None) -> str:
        at = self.at(minutes)
        self.clock.now = max(self.clock.now, at if recorded is None else self.at(recorded))
        return self.journal.append(self.case, kind, data, actor or self.actor, at=at).id

    def answer(self, minutes: float, step: str, value: Any) -> str:
        return self.add(minutes, "step.answered", {"step": step, "value": value})

    def done(self, minutes: float, step: str) -> str:
        return self.add(minutes, "step.done", {"step": step})

    def skip(self, minutes: float, step: str, reason: str) -> str:
        return self.add(minutes, "step.skipped", {"step": step, "reason": reason})


FACTS: dict[str, Any] = {
    "student_name": "李小明（虚构）", "student_class": "初二（3）班", "student_age": 14,
    "place": "教学楼三楼走廊", "reporter": TEACHER, "seen": "在走廊窗边哭泣，说不想活了",
    "number": "2026-心-017",
}


@pytest.fixture
def new_scene(journal: Journal, playbook: Playbook, clock: FakeClock) -> Any:
    def make(*, drill: bool = False, **facts: Any) -> Scene:
        return Scene(journal, playbook, clock, drill=drill, **{**FACTS, **facts})

    return make
