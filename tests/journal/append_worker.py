"""Run as a separate process by the durability tests: appends events in a loop and
prints the seq of each one as soon as `append` returns (i.e. it is acknowledged).

usage: python append_worker.py HOME PASSPHRASE CASE [FILE_SIZE_LIMIT]
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from oncall.journal import DiskFull, Journal


def main() -> int:
    home, passphrase, case = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    journal = Journal.open(home, passphrase)
    if len(sys.argv) > 4:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        limit = int(sys.argv[4])
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    n = 0
    while True:
        n += 1
        try:
            event = journal.append(case, "note", {"text": f"event {n}", "pad": "x" * 200}, "w")
        except DiskFull as exc:
            print(f"FULL {exc.message}", flush=True)
            journal.close()
            return 0
        print(event.seq, flush=True)


if __name__ == "__main__":
    sys.exit(main())
