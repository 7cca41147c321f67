"""One writer at a time; readers may watch."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oncall.journal import Journal, StoreLocked

from .conftest import PASSPHRASE

HOLD = """
import sys, time
from pathlib import Path
from oncall.journal import Journal
j = Journal.open(Path(sys.argv[1]), sys.argv[2])
print("holding", flush=True)
time.sleep(60)
"""


def test_second_writer_in_process_is_refused(journal: Journal, home: Path) -> None:
    with pytest.raises(StoreLocked, match=f"PID {os.getpid()}"):
        Journal.open(home, PASSPHRASE)
    with Journal.open(home, PASSPHRASE, read_only=True) as watcher:
        assert watcher.cases() == journal.cases()


def test_lock_is_released_on_close(journal: Journal, home: Path) -> None:
    journal.close()
    Journal.open(home, PASSPHRASE).close()


def test_second_oncall_process_exits_2_with_the_holder(journal: Journal, home: Path) -> None:
    journal.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(home), PASSPHRASE], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        env = {**os.environ, "ONCALL_PASSPHRASE": PASSPHRASE}
        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "oncall.cli", "--home", str(home), "passwd"],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
        assert second.returncode == 2
        assert f"进程 {holder.pid}" in second.stderr  # Chinese by default, local time
        assert "UTC" not in second.stderr
        assert "--read-only" in second.stderr
        assert "Traceback" not in second.stderr
        assert time.monotonic() - started < 30
    finally:
        holder.kill()
        holder.wait()
    # The OS dropped the dead holder's lock: the store opens again.
    Journal.open(home, PASSPHRASE).close()


def test_a_read_only_watcher_sees_new_events_as_they_are_written(
    journal: Journal, home: Path
) -> None:
    case = journal.new_case(actor="甲")
    with Journal.open(home, PASSPHRASE, read_only=True) as watcher:
        assert len(watcher.events(case)) == 1
        journal.append(case, "note", {"text": "一"}, "甲")
        journal.append(case, "note", {"text": "二"}, "甲")
        seen = watcher.events(case)
        assert [e.data.get("text") for e in seen[1:]] == ["一", "二"]
        assert watcher.cases() == journal.cases()


def test_a_watcher_reads_each_batch_in_order_and_chained_to_what_it_had(
    journal: Journal, home: Path
) -> None:
    """A watcher reads only what the file gained (a seat reads after every record), in
    batches of one and of several, and ends with exactly the writer's events."""
    case = journal.new_case(actor="甲")
    with Journal.open(home, PASSPHRASE, read_only=True) as watcher:
        for batch in (1, 3, 1, 5):
            for n in range(batch):
                journal.append(case, "note", {"text": f"{batch}-{n}"}, "甲")
            assert [e.id for e in watcher.events(case)] == [e.id for e in journal.events(case)]
        seen = watcher.events(case)
        assert [e.seq for e in seen] == list(range(1, 12))
        assert all(later.prev == earlier.hash for earlier, later in itertools.pairwise(seen))
        assert watcher.events_after(case, 9) == seen[9:]
