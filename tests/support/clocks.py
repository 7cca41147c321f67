"""A clock moved by hand, and Beijing time for every test that shows local times."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
"""14:00 on 2026-11-23 in Asia/Shanghai: where every fake clock starts."""


class FakeClock:
    """Now, moved by hand: timers fall due when a test says so."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


@contextmanager
def beijing_time() -> Iterator[None]:
    """Local time is Asia/Shanghai inside, whatever the machine says."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()
