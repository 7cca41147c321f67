"""Fixtures for several seats: a real store, a real `oncall serve` process holding it,
and seats joined to it over its socket. Nothing is mocked: processes are started and
killed, and the encrypted files are read back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from oncall.journal import Journal
from oncall.serve.seat import SeatJournal, serving

TEST_KDF_N = 2**10
PASSPHRASE = "amber lantern across wednesday snow"
TEACHERS = ("王老师（虚构）", "李老师（虚构）", "张主任（虚构）")


def oncall_command(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", "from oncall.cli import main; main()", "--home", str(home), *args]


class Server:
    """An `oncall serve` process on a store: start it, kill it, start it again."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.process: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 30.0) -> None:
        env = {**os.environ, "ONCALL_PASSPHRASE": PASSPHRASE}
        self.process = subprocess.Popen(
            oncall_command(self.home, "--lang", "en", "serve"),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + timeout
        while not serving(self.home):
            if self.process.poll() is not None:
                out = self.process.stdout.read() if self.process.stdout else ""
                raise AssertionError(f"oncall serve ended: {out}")
            if time.monotonic() > deadline:
                raise AssertionError("oncall serve did not start")
            time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> str:
        """Stop it as Ctrl+C does; what it printed."""
        if self.process is None:
            return ""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=30)
        return self.process.stdout.read() if self.process.stdout else ""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "store"
    Journal.create(home, PASSPHRASE, kdf_n=TEST_KDF_N).close()
    return home


@pytest.fixture
def server(home: Path) -> Iterator[Server]:
    running = Server(home)
    running.start()
    yield running
    running.kill()


@pytest.fixture
def seats(server: Server) -> Iterator[list[SeatJournal]]:
    joined = [SeatJournal.attach(server.home, PASSPHRASE, operator=name) for name in TEACHERS]
    yield joined
    for seat in joined:
        seat.close()
