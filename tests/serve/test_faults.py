"""Faults with several seats, with real processes killed (SIGKILL), never mocks: the
server killed mid-append loses no acknowledged event and its seats go on once it is
back; a seat killed loses nothing; three seats at once give one order, each event once;
a wrong passphrase shows nothing; drill and real seats never see each other's cases;
the live feed says when the server is gone and when it is back."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from oncall.bench.seats import Lines
from oncall.journal import Journal, OncallError, WriteRefused
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


class SeatProcess(Lines):
    """A seat in its own process (seat_worker.py), its lines read as they come."""

    def __init__(self, home: Path, case: str, operator: str, *flags: str) -> None:
        super().__init__(
            [sys.executable, str(WORKER), str(home), PASSPHRASE, case, operator, *flags]
        )
        self.operator = operator

    def wait_for(self, met: Callable[[list[str]], bool], what: str) -> None:
        if not self.wait(met, WAIT):
            raise AssertionError(f"{self.operator}: no {what}; said {self.said()[-10:]}")

    def count(self, word: str, since: int = 0) -> int:
        return sum(1 for line in self.said()[since:] if line.split(" ", 1)[0] == word)

    def acknowledged(self) -> dict[str, int]:
        """Each note the server answered for: text -> seq."""
        told = {}
        for line in self.said():
            word, *rest = line.split(" ", 2)
            if word in ("ACK", "BACK") and len(rest) == 2:  # not a line cut by a kill
                told[rest[1]] = int(rest[0])
        return told

    def not_recorded(self) -> set[str]:
        """Each note the seat was told was not recorded (ServerGone)."""
        return {line.split(" ", 1)[1] for line in self.said() if line.startswith("GONE ")}

    def start(self) -> None:
        self.tell("go")

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
    """Every acknowledged note is in the file at the seq it was acknowledged with, none
    a seat was told was not recorded is there, and no note is there twice."""
    recorded = notes(home, case)
    texts = [text for _, text in recorded]
    assert len(texts) == len(set(texts))
    where = dict((text, seq) for seq, text in recorded)
    for seat in seats:
        for text, seq in seat.acknowledged().items():
            assert where.get(text) == seq, f"acknowledged {text!r} (seq {seq}) is not kept"
        told_not = seat.not_recorded() & where.keys()
        assert not told_not, f"told not recorded, yet recorded: {told_not}"
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
            seat.wait_for(lambda _l, s=seat, t=total: len(s.acknowledged()) * 3 >= t, "ACKs")
        marks = [len(seat.said()) for seat in seats]
        served.kill()  # three seats appending: it is killed in the middle of one
        for seat, mark in zip(seats, marks, strict=True):
            seat.wait_for(lambda _l, s=seat, m=mark: s.count("GONE", m) > 0, "GONE")
        assert_kept(home, case, seats)  # before a restart could repair anything
        marks = [len(seat.said()) for seat in seats]
        served.start()
        for seat, mark in zip(seats, marks, strict=True):  # rejoined by themselves
            seat.wait_for(lambda _l, s=seat, m=mark: s.count("BACK", m) > 0, "BACK")
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
        assert seat.count("GONE") == 0
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
        assert seat.count("GONE") == 0
        assert len(seat.acknowledged()) == each
    recorded = assert_kept(home, case, seats)
    assert sorted(text for _, text in recorded) == sorted(
        f"{name} {n}" for name in TEACHERS for n in range(1, each + 1)
    )
    with Journal.open(home, PASSPHRASE, read_only=True) as journal:
        events = journal.events(case)
        assert [e.seq for e in events] == list(range(1, expect + 1))
        digest = hashlib.sha256("\n".join(f"{e.seq} {e.id}" for e in events).encode())
    read = {next(line for line in seat.said() if line.startswith("READ ")) for seat in seats}
    assert read == {f"READ {expect} {digest.hexdigest()}"}  # every seat reads that order
    served.stop()
    assert_intact(home, case)


# --- 4. a wrong passphrase at a seat ---------------------------------------------------------
def test_a_wrong_passphrase_at_a_seat_shows_nothing_and_asks_the_server_nothing(
    home: Path, case: str, served: Server, tmp_path: Path
) -> None:
    with pytest.raises(Exception, match="wrong passphrase"):
        SeatJournal.attach(home, "not the passphrase at all", operator=TEACHERS[1])
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all\n")
    listed = subprocess.run(  # the command line, on the served store
        oncall_command(home, "--lang", "en", "--passphrase-file", str(wrong), "list"),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert listed.returncode == 3
    assert "wrong passphrase" in listed.stderr
    assert case not in listed.stdout + listed.stderr
    out = served.stop()
    assert "joined" not in out and "refused" not in out  # it failed before asking


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_the_app_started_as_a_seat_with_a_wrong_passphrase_shows_no_case(
    home: Path, case: str, served: Server, tmp_path: Path
) -> None:
    """The whole process, in a terminal: `oncall --home H --passphrase-file F` on a
    served store. With a wrong passphrase it stays at the unlock screen saying so; with
    the right one (the same steps) it shows the case, so the first screen is no accident."""
    screens = {}
    for name, passphrase in (("wrong", "not the passphrase at all"), ("right", PASSPHRASE)):
        given = tmp_path / name
        given.write_text(passphrase + "\n")
        command = oncall_command(home, "--lang", "en", "--passphrase-file", str(given))
        with Terminal(command) as terminal:
            terminal.wait_for("Your name")
            terminal.keys(TEACHERS[2] if name == "right" else "Liu", "Enter")
            screens[name] = terminal.wait_for("Wrong passphrase" if name == "wrong" else case)
    assert case not in screens["wrong"]
    out = served.stop()
    assert out.count("joined") == 1 and f"{TEACHERS[2]} joined" in out


class Terminal:
    """A program in a tmux session of its own, 80x24: keys in, the screen's text out."""

    def __init__(self, command: list[str]) -> None:
        self.name = f"oncall-faults-{uuid.uuid4().hex[:8]}"
        env = f"env PYTHONPATH={os.environ.get('PYTHONPATH', '')} "
        self._tmux("new-session", "-d", "-x", "80", "-y", "24", env + shlex.join(command))

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.name, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:  # a name typed as it is, Enter as the key
            self._tmux("send-keys", *(() if key == "Enter" else ("-l",)), key)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while True:
            screen = self._tmux("capture-pane", "-p")
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not on the screen:\n{screen}")
            time.sleep(0.1)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *_: object) -> None:
        self._tmux("kill-server")


# --- 5. drill and real seats -----------------------------------------------------------------
async def test_drill_and_real_seats_never_see_or_touch_each_others_cases(
    home: Path, case: str, served: Server
) -> None:
    real = SeatJournal.attach(home, PASSPHRASE, operator=TEACHERS[0])
    drill = SeatJournal.attach(home, PASSPHRASE, operator=TEACHERS[1], drill=True)
    feeds = [Feed(real), Feed(drill)]
    try:
        for feed in feeds:
            await feed.linked()
        real_case = await asyncio.to_thread(
            real.new_case, actor=TEACHERS[0], playbook=PLAYBOOK, student_name="陈同学（虚构）"
        )
        drill_case = await asyncio.to_thread(
            drill.new_case, actor=TEACHERS[1], drill=True, playbook=PLAYBOOK
        )
        await asyncio.to_thread(real.append, real_case, "note", {"text": "真实"}, TEACHERS[0])
        await asyncio.to_thread(drill.append, drill_case, "note", {"text": "演练"}, TEACHERS[1])
        # Each seat's feed is in the server's order: once its own last event has come,
        # an event of the other kind recorded before it would have come first.
        await feeds[0].event(real_case, 2)
        await feeds[1].event(drill_case, 2)
    finally:
        for feed in feeds:
            await feed.stop()
    assert {m["case"] for m in feeds[0].events()} == {real_case}
    assert {m["case"] for m in feeds[1].events()} == {drill_case}
    for feed, other in ((feeds[0], TEACHERS[1]), (feeds[1], TEACHERS[0])):
        names = {seat["name"] for m in feed.messages if m["type"] == "seats" for seat in m["seats"]}
        assert other not in names  # who else is on the case: of its own kind only
    with pytest.raises(SessionError, match="no case"):
        drill.append(real_case, "note", {"text": "x"}, TEACHERS[1])
    with pytest.raises(SessionError, match="no case"):
        real.append(drill_case, "note", {"text": "x"}, TEACHERS[0])
    with pytest.raises(OncallError, match="no case"):  # nor open one
        drill.events(real_case)
    with pytest.raises(OncallError, match="no case"):
        real.events(drill_case)
    assert {c.id for c in drill.cases()} == {drill_case}
    assert {c.id for c in real.cases()} == {case, real_case}
    with pytest.raises(WriteRefused):
        drill.new_case(actor=TEACHERS[1], drill=False)
    with pytest.raises(WriteRefused):
        real.new_case(actor=TEACHERS[0], drill=True)
    now = datetime.now(UTC)
    for seat, own in ((real, {case, real_case}), (drill, {drill_case})):  # as each app lists
        rows = board_rows(seat, PLAYBOOK, now, "en", drill=seat.drill)
        assert {row.case_id for row in rows} == own
    for seat in (real, drill):
        seat.close()
    with Journal.open(home, PASSPHRASE, read_only=True) as journal:
        texts = {
            c: [e.data.get("text") for e in journal.events(c)] for c in (real_case, drill_case)
        }
    assert texts == {real_case: [None, "真实"], drill_case: [None, "演练"]}


class Feed:
    """A seat's live feed (`follow`) running on this test's event loop."""

    def __init__(self, seat: SeatJournal) -> None:
        self.messages: list[Message] = []
        self.links: list[bool] = []
        self._changed = asyncio.Event()
        self.task = asyncio.create_task(follow(seat, self._message, self._link, retry=0.05))

    def _message(self, message: Message) -> None:
        self.messages.append(message)
        self._changed.set()

    def _link(self, up: bool) -> None:
        self.links.append(up)
        self._changed.set()

    def events(self) -> list[Message]:
        return [m for m in self.messages if m.get("type") == "event"]

    async def until(self, met: Callable[[], bool], what: str) -> None:
        async def wait() -> None:
            while not met():
                self._changed.clear()
                await self._changed.wait()

        try:
            await asyncio.wait_for(wait(), WAIT)
        except TimeoutError:
            raise AssertionError(f"no {what}: {self.messages[-5:]} {self.links}") from None

    async def linked(self) -> None:
        """Connected: the server has told it who is on (its first message)."""
        await self.until(lambda: any(m.get("type") == "seats" for m in self.messages), "seats")

    async def event(self, case: str, seq: int) -> None:
        await self.until(
            lambda: any(m["case"] == case and m["seq"] == seq for m in self.events()),
            f"event {seq} of {case}",
        )

    async def stop(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


# --- 6. the live feed when the server goes and comes back ------------------------------------
async def test_the_live_feed_says_the_server_is_gone_and_back_and_flows_again(
    home: Path, case: str, served: Server
) -> None:
    writer = SeatJournal.attach(home, PASSPHRASE, operator=TEACHERS[0])
    reader = SeatJournal.attach(home, PASSPHRASE, operator=TEACHERS[1])
    feed = Feed(reader)
    try:
        await feed.linked()
        first = await asyncio.to_thread(writer.append, case, "note", {"text": "一"}, TEACHERS[0])
        await feed.event(case, first.seq)
        assert [e.data.get("text") for e in reader.events(case)][-1] == "一"
        served.kill()
        await feed.until(lambda: feed.links == [False], "on_link(False)")
        await asyncio.to_thread(served.start)
        await feed.until(lambda: feed.links == [False, True], "on_link(True)")
        again = await asyncio.to_thread(writer.append, case, "note", {"text": "二"}, TEACHERS[0])
        await feed.event(case, again.seq)
        assert [e.data.get("text") for e in reader.events(case)][-1] == "二"
    finally:
        await feed.stop()
        writer.close()
        reader.close()
    assert feed.links == [False, True]
