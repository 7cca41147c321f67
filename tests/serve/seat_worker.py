"""Run as a separate process by the fault tests: a seat of `oncall serve` that records
notes in a loop and says, one line each, what happened to every one:

    READY                  attached (then waits for a line on stdin when --wait)
    ACK <seq> <text>       recorded: the server answered with the event
    GONE <text>            the server did not answer (that note is never asked again)
    BACK <seq> <text>      the first note recorded after the server came back
    READ <count> <digest>  with --expect N: the case as this seat reads it from the file,
                           once it holds N events (digest: sha256 of each seq and id)
    DONE

usage: python seat_worker.py HOME PASSPHRASE CASE OPERATOR [--count N] [--drill]
                             [--wait] [--expect N]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

from oncall.serve.seat import SeatJournal, ServerGone

RETRY = 0.02
"""Seconds between calls while the server is gone."""
READ_TIMEOUT = 60.0


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(part) for part in parts) + "\n")  # one write a line
    sys.stdout.flush()


def digest(journal: SeatJournal, case: str) -> tuple[int, str]:
    events = journal.events(case)
    joined = "\n".join(f"{e.seq} {e.id}" for e in events)
    return len(events), hashlib.sha256(joined.encode()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("home", type=Path)
    parser.add_argument("passphrase")
    parser.add_argument("case")
    parser.add_argument("operator")
    parser.add_argument("--count", type=int, default=0, help="0: until killed")
    parser.add_argument("--drill", action="store_true")
    parser.add_argument("--wait", action="store_true", help="start on a line from stdin")
    parser.add_argument("--expect", type=int, default=0)
    args = parser.parse_args()
    journal = SeatJournal.attach(
        args.home, args.passphrase, operator=args.operator, drill=args.drill
    )
    say("READY")
    if args.wait:
        sys.stdin.readline()
    gone = False
    n = 0
    while not args.count or n < args.count:
        n += 1
        text = f"{args.operator} {n}"  # each note asked once: every text is unique
        try:
            event = journal.append(args.case, "note", {"text": text}, args.operator)
        except ServerGone:
            say("GONE", text)
            gone = True
            time.sleep(RETRY)
            continue
        say("BACK" if gone else "ACK", event.seq, text)
        gone = False
    if args.expect:
        deadline = time.monotonic() + READ_TIMEOUT
        count, seen = digest(journal, args.case)
        while count < args.expect and time.monotonic() < deadline:
            time.sleep(RETRY)
            count, seen = digest(journal, args.case)
        say("READ", count, seen)
    journal.close()
    say("DONE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
