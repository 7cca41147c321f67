"""`oncall bench tui`: launch-to-unlock time, and key press → durable event → redrawn
screen with a 5,000-event case open, driven through Textual's Pilot (headless).

Targets (issue 4): an interactive unlock screen <= 0.5 s after launch (the key
derivation is not part of it: it runs after the passphrase is typed); p99 <= 50 ms
from a key press on an answer to the event being on disk and the screen updated.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from oncall.bench.journal import Timing
from oncall.bench.replay import build_case
from oncall.journal import Journal
from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook

PASSPHRASE = "benchmark passphrase"
ACTOR = "值班教师（基准）"
LAUNCH_TARGET_S = 0.5
PRESS_TARGET_MS = 50.0

LAUNCH_PROBE = """
import time, sys
started = float(sys.argv[1])
import asyncio
from pathlib import Path
from oncall.tui.app import make_app
from oncall.tui.screens.unlock import UnlockScreen

async def main():
    app = make_app(home=Path(sys.argv[2]))
    async with app.run_test(size=(80, 24)) as pilot:
        while not (isinstance(app.screen, UnlockScreen) and app.screen.focused is not None):
            await pilot.pause(0.005)
        print(time.time() - started, flush=True)

asyncio.run(main())
"""


def measure_launch(home: Path, runs: int) -> list[float]:
    """Seconds from starting a new Python process to a focused unlock screen."""
    seconds = []
    for _ in range(runs):
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-c", LAUNCH_PROBE, repr(started), str(home)],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds.append(float(out.stdout.strip().splitlines()[-1]))
    return seconds


def build_store(home: Path, events: int) -> tuple[str, datetime]:
    """A store holding one long level I case (the replay benchmark's events)."""
    playbook = load_playbook(default_playbook_path())
    built = build_case(playbook, events)
    last = max(e.at_time for e in built)
    now = last + timedelta(minutes=5)
    journal = Journal.create(home, PASSPHRASE, clock=lambda: now)
    first = built[0]
    case_id = journal.new_case(
        actor=first.actor, playbook=playbook, at=first.at_time, **first.data.get("facts", {})
    )
    new_ids: dict[str, str] = {}
    storage = journal._case(case_id).storage
    with storage.deferred_sync():
        for event in built[1:]:
            data = dict(event.data)
            if event.kind == "correction":
                data["corrects"] = new_ids.get(str(data.get("corrects")), data.get("corrects"))
            added = journal.append(case_id, event.kind, data, event.actor, at=event.at_time)
            new_ids[event.id] = added.id
    journal.close()
    return case_id, now


async def measure_presses(
    home: Path, now: datetime, presses: int
) -> tuple[list[float], list[float], int]:
    """Press answer keys; return (in-app latencies, Pilot round trips, events recorded).

    In-app latency runs from the key event's own timestamp to the moment the screen
    has been refreshed after the event was appended (fsync'd): what a person waits.
    The Pilot round trip adds Pilot's wait for the whole app to go idle."""
    from textual import events
    from textual.message import Message

    from oncall.tui.app import make_app
    from oncall.tui.screens.case import CaseScreen

    key_times: list[float] = []
    done_times: list[float] = []

    def hook(message: Message) -> None:
        # A key is forwarded app -> screen -> widget; the first sighting is the press.
        waiting = len(key_times) > len(done_times)
        if isinstance(message, events.Key) and message.key in ("1", "2") and not waiting:
            key_times.append(message.time)

    app = make_app(home=home, clock=lambda: now)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await pilot.press(*"bench", "enter", *PASSPHRASE, "enter")
        while not isinstance(app.screen, CaseScreen):
            await pilot.pause(0.01)
        await pilot.pause()
        screen = app.screen
        assert app.journal is not None
        original = screen.recorded

        def recorded() -> None:
            original()
            screen.call_after_refresh(lambda: done_times.append(time.monotonic()))

        screen.recorded = recorded  # type: ignore[method-assign]
        question = next(
            step.id
            for step in app.playbook.steps()
            if step.kind in ("question", "choice")
            and step.id in screen.state.steps
            and screen.state.steps[step.id].applicable
        )
        count = len(app.journal.events(screen.case_id))
        key_times.clear()
        done_times.clear()
        round_trips = []
        for n in range(presses):
            screen.selected = question
            screen._show_step(question)
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("1" if n % 2 else "2")
            round_trips.append(time.perf_counter() - start)
        recorded_count = len(app.journal.events(screen.case_id)) - count
        latencies = [done - key for key, done in zip(key_times, done_times, strict=False)]
        return latencies, round_trips, recorded_count


def run_bench(directory: Path, events: int, presses: int, launches: int) -> dict[str, Any]:
    launch = measure_launch(directory / "empty-store", launches)
    home = directory / "store"
    _, now = build_store(home, events)
    seconds, round_trips, recorded = asyncio.run(measure_presses(home, now, presses))
    timing = Timing.of(seconds)
    pilot_timing = Timing.of(round_trips)
    return {
        "launch_seconds": {
            "min": round(min(launch), 3),
            "median": round(sorted(launch)[len(launch) // 2], 3),
            "max": round(max(launch), 3),
        },
        "case_events": events,
        "presses": presses,
        "events_recorded": recorded,
        "press": timing.__dict__,
        "pilot_round_trip": pilot_timing.__dict__,
        "targets": {
            f"launch to unlock screen <= {LAUNCH_TARGET_S} s (median)": sorted(launch)[
                len(launch) // 2
            ]
            <= LAUNCH_TARGET_S,
            f"key press -> durable event -> screen p99 <= {PRESS_TARGET_MS:.0f} ms": timing.p99_ms
            <= PRESS_TARGET_MS,
            "every press recorded one event": recorded == presses,
        },
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def render(results: dict[str, Any]) -> str:
    launch = results["launch_seconds"]
    press = results["press"]
    lines = [
        f"launch to a focused unlock screen: median {launch['median']:.3f} s "
        f"(min {launch['min']:.3f}, max {launch['max']:.3f})",
        f"answer key press with a {results['case_events']}-event case open "
        f"({results['presses']} presses, {results['events_recorded']} events recorded): "
        f"p50 {press['p50_ms']:.1f} ms  p99 {press['p99_ms']:.1f} ms  max {press['max_ms']:.1f} ms",
        f"  (Pilot round trip, incl. its wait for the app to go idle: p50 "
        f"{results['pilot_round_trip']['p50_ms']:.1f} ms, p99 "
        f"{results['pilot_round_trip']['p99_ms']:.1f} ms)",
        "targets:",
    ]
    for name, met in results["targets"].items():
        lines.append(f"  {'met   ' if met else 'MISSED'} {name}")
    return "\n".join(lines)


@click.command(name="tui")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--events", default=5_000, show_default=True, help="Events in the open case.")
@click.option("--presses", default=200, show_default=True, help="Answer key presses to time.")
@click.option("--launches", default=5, show_default=True, help="App launches to time.")
def tui_bench(as_json: bool, events: int, presses: int, launches: int) -> None:
    """Launch time and key-press latency of the app, driven headless by Pilot."""
    with tempfile.TemporaryDirectory(prefix="oncall-bench-tui-") as temp:
        click.echo("... timing launches, building the store, pressing keys", err=True)
        results = run_bench(Path(temp), events, presses, launches)
    click.echo(json.dumps(results, indent=2) if as_json else render(results))
