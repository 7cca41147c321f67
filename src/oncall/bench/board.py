"""The board with many open cases, as `oncall bench tui` times it: a store of `cases`
open cases of `events` events each (the replay benchmark's long case), unlocked fresh.

- First load: the board's rows from a just-unlocked journal, what a person waits for
  after the passphrase: each open case finished from the pass the board sealed in its
  side file last time (no case file read when it has not changed since), median of
  `rounds`. The cold load (no side file yet: each case file read and every open case
  replayed) is shown beside it, once.
- Reload with nothing recorded: the same rows again through the warm replayers (the
  peer, measured in the same run: the least a full reload costs).
- A minute of the board's once-a-second ticks with nothing recorded: how many reload
  (replay and redraw); rows show minutes, so at most one (it was one every 5 s).
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from oncall.bench.replay import build_case
from oncall.journal import Journal
from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook

FIRST_LOAD_TARGET_S = 0.5
RELOADS_TARGET = 1
"""The cases all opened together: their time-open minute turns once a minute."""


def build_board_store(home: Path, passphrase: str, cases: int, events: int) -> Any:
    """`cases` open cases of `events` events each; returns the `now` to view them at."""
    from oncall.bench.tui import add_case

    playbook = load_playbook(default_playbook_path())
    built = build_case(playbook, events)
    last = max(e.at_time for e in built)
    now = last + timedelta(minutes=5, seconds=1)
    journal = Journal.create(home, passphrase, clock=lambda: now)
    for _ in range(cases):
        add_case(journal, playbook, built)
    journal.close()
    return now


def run_board(
    directory: Path, passphrase: str, cases: int, events: int, rounds: int
) -> dict[str, Any]:
    from oncall.case.incremental import CaseReplayers
    from oncall.tui import view
    from oncall.tui.screens.board import next_change

    home = directory / "board-store"
    now = build_board_store(home, passphrase, cases, events)
    playbook = load_playbook(default_playbook_path())
    cold: list[float] = []
    first: list[float] = []
    warm: list[float] = []
    reloads = 0
    for round_ in range(rounds + 1):  # the first with no side file yet: the cold load
        journal = Journal.open(home, passphrase, clock=lambda: now)
        try:
            replayers = CaseReplayers(playbook)
            start = time.perf_counter()
            view.load_board_passes(journal, replayers)
            rows = view.board_rows(journal, playbook, now, "zh", replayers)
            (first if round_ else cold).append(time.perf_counter() - start)
            view.save_board_passes(journal, replayers)  # as the board does, after its frame
            start = time.perf_counter()
            again = view.board_rows(journal, playbook, now, "zh", replayers)
            warm.append(time.perf_counter() - start)
            assert again == rows and len(rows) == cases
            if round_ == 0:
                truth = rows
            assert rows == truth  # from saved passes: the same rows as from every event
            # a minute of the board's once-a-second ticks, nothing recorded
            due = min(next_change(state, now) for state in replayers.states())
            for second in range(1, 61):
                moment = now + timedelta(seconds=second)
                if moment >= due:
                    view.board_rows(journal, playbook, moment, "zh", replayers)
                    reloads += 1
                    due = min(next_change(state, moment) for state in replayers.states())
        finally:
            journal.close()
    first_s, warm_s = statistics.median(first), statistics.median(warm)
    return {
        "cases": cases,
        "events_per_case": events,
        "cold_load_s": round(cold[0], 3),
        "first_load_s": round(first_s, 3),
        "warm_reload_s": round(warm_s, 4),
        "ratio": round(first_s / warm_s, 1),
        "reloads_per_minute_unchanged": round(reloads / (rounds + 1), 1),
        "targets": {
            f"board first load of {cases} open cases <= {FIRST_LOAD_TARGET_S:g} s": (
                first_s <= FIRST_LOAD_TARGET_S
            ),
            f"board: at most {RELOADS_TARGET} reload a minute while nothing is recorded": (
                reloads / (rounds + 1) <= RELOADS_TARGET
            ),
        },
    }


def render_board(results: dict[str, Any]) -> list[str]:
    return [
        f"board, {results['cases']} open cases x {results['events_per_case']:,} events:"
        f" first load after unlock {results['first_load_s']:.3f} s (median; cold, no side"
        f" file yet: {results['cold_load_s']:.3f} s) | warm reload (peer)"
        f" {results['warm_reload_s'] * 1e3:.1f} ms: {results['ratio']:.1f}x;"
        f" reloads a minute while nothing is recorded: "
        f"{results['reloads_per_minute_unchanged']:g} (was every 5 s: 12)",
    ]
