"""Faults with several seats, with real processes killed (SIGKILL), never mocks: the
server killed mid-append loses no acknowledged event and its seats go on once it is
back; a seat killed loses nothing; three seats at once give one order, each event once;
a wrong passphrase shows nothing; drill and real seats never see each other's cases;
the live feed says when the server is gone and when it is back."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from oncall.journal import Journal, WriteRefused
from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook
from oncall.serve.seat import Message, SeatJournal, follow, serving
from oncall.session import SessionError
from oncall.tui.view import board_rows

from .conftest import PASSPHRASE, TEACHERS, Server, oncall_command

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL, Unix sockets")

WORKER = Path(__file__).with_name("seat_worker.py")
PLAYBOOK = load_playbook(default_playbook_path())
WAIT = 30.0
"""The longest any one step of these tests may take on a loaded machine."""


class SeatProcess:
    """A seat in its own process (seat_worker.py), its lines read as they come."""

    def __init__(self, home: Path, case: str, operator: str, *flags: str) -> None:
        self.operator = operator
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), str(home), PASSPHRASE, case, operator, *flags],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self.lines.append("EXIT")
            self._changed.notify_all()

    def wait_for(self, met: Callable[[list[str]], bool], what: str) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: met(self.lines), timeout=WAIT):
                raise AssertionError(f"{self.operator}: no {what}; said {self.lines[-10:]}")

    def said(self, word: str, since: int = 0) -> int:
        with self._changed:
            return sum(1 for line in self.lines[since:] if line.split(" ", 1)[0] == word)

    def acknowledged(self) -> dict[str, int]:
        """Each note the server answered for: text -> seq."""
        with self._changed:
            lines = list(self.lines)
        told = {}
        for line in lines:
            word, *rest = line.split(" ", 2)
            if word in ("ACK", "BACK") and len(rest) == 2:  # not a line cut by a kill
                told[rest[1]] = int(rest[0])
        return told

    def start(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=WAIT)


@pytest.fixture
def case(home: Path) -> str:
    with Journal.open(home, PASSPHRASE) as journal:
        return journal.new_case(actor=TEACHERS[0], playbook=PLAYBOOK)


@pytest.fixture
def served(home: Path, case: str) -> Iterator[Server]:
    """A server on a store that already holds `case` (opened before it started)."""
    running = Server(home)
    running.start()
    yield running
    running.kill()


@pytest.fixture
def spawn(home: Path, case: str) -> Iterator[Callable[..., SeatProcess]]:
    started: list[SeatProcess] = []

    def seat(operator: str, *flags: str) -> SeatProcess:
        started.append(SeatProcess(home, case, operator, *flags))
        started[-1].wait_for(lambda lines: "READY" in lines, "READY")
        return started[-1]

    yield seat
    for process in started:
        process.kill()


def notes(home: Path, case: str) -> list[tuple[int, str]]:
    """(seq, text) of every note in the case, read from the file."""
    with Journal.open(home, PASSPHRASE, read_only=True) as journal:
        return [(e.seq, str(e.data["text"])) for e in journal.events(case) if e.kind == "note"]


def assert_kept(home: Path, case: str, seats: list[SeatProcess]) -> list[tuple[int, str]]:
    """Every acknowledged note is in the file at the seq it was acknowledged with, and
    no note is there twice."""
    recorded = notes(home, case)
    texts = [text for _, text in recorded]
    assert len(texts) == len(set(texts))
    where = dict((text, seq) for seq, text in recorded)
    for seat in seats:
        for text, seq in seat.acknowledged().items():
            assert where.get(text) == seq, f"acknowledged {text!r} (seq {seq}) is not kept"
    return recorded


def assert_intact(home: Path, case: str) -> None:
    """After the server stopped: one order with no gap, the chain holds (in this
    process and as `oncall verify` says)."""
    with Journal.open(home, PASSPHRASE) as journal:
        seqs = [e.seq for e in journal.events(case)]
        assert seqs == list(range(1, len(seqs) + 1))
        assert journal.verify().ok
    env = {**os.environ, "ONCALL_PASSPHRASE": PASSPHRASE}
    checked = subprocess.run(
        oncall_command(home, "--lang", "en", "verify"),
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


# --- 1. the server killed mid-append ---------------------------------------------------------
def test_the_server_killed_mid_append_loses_nothing_acknowledged_and_seats_go_on(
    home: Path, case: str, spawn: Callable[..., SeatProcess], served: Server
) -> None:
    seats = [spawn(name) for name in TEACHERS]
    total = 0
    for round_ in range(3):
        total += 15 + 11 * round_  # killed at a different moment each round
        for seat in seats:
            seat.wait_for(lambda _l, s=seat: len(s.acknowledged()) * 3 >= total, "ACKs")
        marks = [len(seat.lines) for seat in seats]
        served.kill()  # three seats appending: it is killed in the middle of one
        for seat, mark in zip(seats, marks, strict=True):
            seat.wait_for(lambda _l, s=seat, m=mark: s.said("GONE", m) > 0, "GONE")
        assert_kept(home, case, seats)  # before a restart could repair anything
        marks = [len(seat.lines) for seat in seats]
        served.start()
        for seat, mark in zip(seats, marks, strict=True):  # rejoined by themselves
            seat.wait_for(lambda _l, s=seat, m=mark: s.said("BACK", m) > 0, "BACK")
    for seat in seats:
        seat.kill()
    assert_kept(home, case, seats)
    assert "stopped" in served.stop()
    assert_intact(home, case)


# --- 2. a seat killed mid-append -------------------------------------------------------------
def test_a_seat_killed_mid_append_loses_nothing_and_the_others_go_on(
    home: Path, case: str, spawn: Callable[..., SeatProcess], served: Server
) -> None:
    killed, *others = [spawn(name) for name in TEACHERS]
    killed.wait_for(lambda _l: len(killed.acknowledged()) >= 20, "20 ACKs")
    killed.kill()  # appending in a loop: killed in the middle of one
    before = [len(seat.acknowledged()) for seat in others]
    for seat, count in zip(others, before, strict=True):
        seat.wait_for(lambda _l, s=seat, c=count: len(s.acknowledged()) >= c + 20, "ACKs")
        assert seat.said("GONE") == 0
    assert serving(home)
    for seat in others:
        seat.kill()
    assert_kept(home, case, [killed, *others])
    served.stop()
    assert_intact(home, case)


# --- 3. three seats at once ------------------------------------------------------------------
def test_three_seats_appending_at_once_give_one_order_each_event_once(
    home: Path, case: str, spawn: Callable[..., SeatProcess], served: Server
) -> None:
    each = 100
    expect = 1 + each * len(TEACHERS)  # the case's opening, then every note
    seats = [
        spawn(name, "--count", str(each), "--wait", "--expect", str(expect)) for name in TEACHERS
    ]
    for seat in seats:  # all attached: now all at once
        seat.start()
    for seat in seats:
        seat.wait_for(lambda lines: "DONE" in lines, "DONE")
        assert seat.said("GONE") == 0
        assert len(seat.acknowledged()) == each
    recorded = assert_kept(home, case, seats)
    assert sorted(text for _, text in recorded) == sorted(
        f"{name} {n}" for name in TEACHERS for n in range(1, each + 1)
    )
    with Journal.open(home, PASSPHRASE, read_only=True) as journal:
        events = journal.events(case)
        assert [e.seq for e in events] == list(range(1, expect + 1))
        digest = hashlib.sha256("\n".join(f"{e.seq} {e.id}" for e in events).encode())
    read = {next(line for line in seat.lines if line.startswith("READ ")) for seat in seats}
    assert read == {f"READ {expect} {digest.hexdigest()}"}  # every seat reads that order
    served.stop()
    assert_intact(home, case)
