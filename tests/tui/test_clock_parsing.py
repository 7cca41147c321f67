"""Typed times: HH:MM is the latest past occurrence for something that happened, the
next one for an expected arrival; a date can be typed."""

from __future__ import annotations

from datetime import datetime

import pytest

from oncall.tui.dialogs import parse_clock
from support.clocks import beijing_time


@pytest.fixture(autouse=True)
def shanghai() -> object:
    with beijing_time():
        yield


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone()


def test_a_past_time_is_today_or_yesterday() -> None:
    now = local("2026-11-23T21:58:00+08:00")
    assert parse_clock("21:50", now) == local("2026-11-23T21:50:00+08:00")
    assert parse_clock("22:38", now) == local("2026-11-22T22:38:00+08:00")
    assert parse_clock("", now) is None


def test_an_eta_is_the_next_occurrence() -> None:
    now = local("2026-11-23T21:58:00+08:00")
    assert parse_clock("22:38", now, future=True) == local("2026-11-23T22:38:00+08:00")
    assert parse_clock("07:10", now, future=True) == local("2026-11-24T07:10:00+08:00")


def test_a_date_can_be_typed() -> None:
    now = local("2026-11-24T08:30:00+08:00")
    assert parse_clock("11-23 22:40", now) == local("2026-11-23T22:40:00+08:00")
    assert parse_clock("2026-11-23 22:40", now) == local("2026-11-23T22:40:00+08:00")
    assert parse_clock("11/23 22：40", now) == local("2026-11-23T22:40:00+08:00")
    with pytest.raises(ValueError):
        parse_clock("soon", now)
