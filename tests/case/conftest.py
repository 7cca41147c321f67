"""Fixtures for whole-case scenarios: a real encrypted journal in a temporary folder and
the default playbook. Stores use a low scrypt cost through the explicit `kdf_n`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from oncall.case import CaseState, replay
from oncall.journal import Journal
from oncall.journal.event import utc_now
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook

TEST_KDF_N = 2**10
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="session")
def playbook() -> Playbook:
    return load_playbook(default_playbook_path())


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal.create(tmp_path / "store", PASSPHRASE, kdf_n=TEST_KDF_N)
    yield j
    j.close()


class Scene:
    """One case in a real journal. Times are minutes after the opening, which lies ten
    days back (the journal refuses events from the future)."""

    def __init__(self, journal: Journal, playbook: Playbook, actor: str, **facts: Any) -> None:
        self.journal = journal
        self.playbook = playbook
        self.actor = actor
        self.t0 = (utc_now() - timedelta(days=10)).replace(second=0, microsecond=0)
        self.case = journal.new_case(actor=actor, playbook=playbook, at=self.t0, **facts)

    def at(self, minutes: float) -> datetime:
        return self.t0 + timedelta(minutes=minutes)

    def add(self, minutes: float, kind: str, data: dict[str, Any], actor: str | None = None
            ) -> None:
        self.journal.append(self.case, kind, data, actor or self.actor, at=self.at(minutes))

    def answer(self, minutes: float, step: str, value: Any) -> None:
        self.add(minutes, "step.answered", {"step": step, "value": value})

    def done(self, minutes: float, step: str) -> None:
        self.add(minutes, "step.done", {"step": step})

    def state(self, minutes: float) -> CaseState:
        return replay(self.playbook, self.journal.events(self.case), self.at(minutes))


@pytest.fixture
def scene(journal: Journal, playbook: Playbook) -> Scene:
    return Scene(journal, playbook, "王老师（虚构）", student_name="李小明（虚构）",
                 student_class="初二（3）班", student_age=14, place="教学楼三楼走廊",
                 reporter="王老师（虚构）")
