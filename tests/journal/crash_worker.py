"""Run as a separate process by the crash tests: does one multi-step job (a torn-tail
repair, a key rotation) and dies, like a killed process, the N-th time the job reaches
the named step. Nothing is mocked but the moment of death.

usage: python crash_worker.py repair HOME PASSPHRASE CASE STEP [N]
       python crash_worker.py rotate HOME PASSPHRASE NEW_PASSPHRASE STEP [N]
       python crash_worker.py rebuild HOME PASSPHRASE - STEP [N]   (oncall repair-index)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from oncall.journal import Journal, faults

KILLED = 70


def die_at(step: str, nth: int) -> None:
    seen = 0

    def checkpoint(name: str) -> None:
        nonlocal seen
        if name == step:
            seen += 1
            if seen == nth:
                os._exit(KILLED)  # no cleanup, no flush: as abrupt as SIGKILL

    faults.checkpoint = checkpoint


def main() -> int:
    job, home, passphrase = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    die_at(sys.argv[5], int(sys.argv[6]) if len(sys.argv) > 6 else 1)
    if job == "rebuild":
        Journal.rebuild_index(home, passphrase)
        return 0
    journal = Journal.open(home, passphrase)
    if job == "repair":
        journal.open_cases([sys.argv[4]])
    else:
        journal.rotate_key(sys.argv[4])
    journal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
