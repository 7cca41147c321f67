"""Fixtures for whole-case scenarios: a real encrypted journal in a temporary folder and
the default playbook. Stores use a low scrypt cost through the explicit `kdf_n`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from oncall.journal import Journal
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook
from support.clocks import FakeClock
from support.scenes import Scene

TEST_KDF_N = 2**10
PASSPHRASE = "amber lantern across wednesday snow"


@pytest.fixture(scope="session")
def playbook() -> Playbook:
    return load_playbook(default_playbook_path())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def journal(tmp_path: Path, clock: FakeClock) -> Iterator[Journal]:
    j = Journal.create(tmp_path / "store", PASSPHRASE, kdf_n=TEST_KDF_N, clock=clock)
    yield j
    j.close()


@pytest.fixture
def scene(journal: Journal, playbook: Playbook, clock: FakeClock) -> Scene:
    return Scene(
        journal,
        playbook,
        clock,
        actor="王老师（虚构）",
        student_name="李小明（虚构）",
        student_class="初二（3）班",
        student_age=14,
        place="教学楼三楼走廊",
        reporter="王老师（虚构）",
    )
