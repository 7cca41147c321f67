"""Drill tests: a real encrypted journal with a fake clock and the shipped scenarios."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from oncall.drill import Scenario, load_scenario
from oncall.journal import Journal
from oncall.locations import playbooks_dir
from oncall.playbook import Playbook
from support.clocks import FakeClock, beijing_time

TEST_KDF_N = 2**10
PASSPHRASE = "drill test passphrase"
DRILLS = playbooks_dir() / "drills"


@pytest.fixture(autouse=True)
def shanghai_time() -> Iterator[None]:
    with beijing_time():
        yield


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def journal(tmp_path: Path, clock: FakeClock) -> Iterator[Journal]:
    j = Journal.create(tmp_path / "store", PASSPHRASE, kdf_n=TEST_KDF_N, clock=clock)
    yield j
    j.close()


def scenario(name: str) -> tuple[Scenario, Playbook]:
    return load_scenario(DRILLS / f"{name}.toml")
