"""Fixtures for the journal tests: real encrypted stores in temporary folders.

Stores made here use a low scrypt cost through the explicit `kdf_n` parameter, so
the suite stays fast; nothing a user runs can lower it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from oncall.journal import Journal

TEST_KDF_N = 2**10
PASSPHRASE = "amber lantern across wednesday snow"
STUDENT = "李小明（虚构）"
"""An invented name: tests search the store's bytes for it."""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def journal(home: Path) -> Iterator[Journal]:
    j = Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N)
    yield j
    j.close()
