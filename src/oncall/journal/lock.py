"""One writer at a time: a cross-platform file lock on the store, with who holds it.

`filelock` takes an OS-level lock (fcntl on POSIX, msvcrt on Windows) that the OS
releases when the process dies, so a crash never leaves the store locked. Who holds
it (PID, host, since when) is written beside it so a second instance can say so.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from oncall.journal.errors import StoreLocked

LOCK_NAME = "oncall.lock"
HOLDER_NAME = "oncall.lock.json"


class StoreLock:
    def __init__(self, home: Path) -> None:
        self.home = home
        self._lock = FileLock(str(home / LOCK_NAME), timeout=0, mode=0o600)
        self._holder = home / HOLDER_NAME

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise StoreLocked(*self._describe_holder()) from None
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        }
        with contextlib.suppress(OSError):
            fd = os.open(self._holder, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                if hasattr(os, "fchmod"):
                    os.fchmod(fd, 0o600)
                os.write(fd, json.dumps(holder).encode("utf-8"))
            finally:
                os.close(fd)

    def release(self) -> None:
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                self._holder.unlink()
            self._lock.release()

    def _describe_holder(self) -> tuple[str, str]:
        """The message in English and in Chinese; the time in local time."""
        try:
            holder = json.loads(self._holder.read_text(encoding="utf-8"))
            since = _local(str(holder["since"]))
            who = f"PID {holder['pid']} on {holder['host']}, since {since}"
            who_zh = f"{holder['host']} 上的进程 {holder['pid']}（自 {since} 起）"
        except (OSError, ValueError, KeyError, TypeError):
            who, who_zh = "another process", "另一个进程"
        return (
            f"the store at {self.home} is in use by {who}. "
            "Only one oncall can write at a time; use --read-only to watch. For several "
            "staff to record at once, close it and start `oncall serve`: every oncall "
            "started then joins as a seat.",
            f"{self.home} 的记录库正被{who_zh}使用。同一时间只能有一个 oncall 记录；"
            "要旁观请用 --read-only。要多位老师同时记录：关掉它，改用 `oncall serve` 启动，"
            "之后启动的 oncall 都作为席位接入。",
        )


def _local(since: str) -> str:
    """The holder's start time (written in UTC) in this machine's local time."""
    try:
        moment = datetime.strptime(since, "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC)
    except ValueError:
        return since
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")
