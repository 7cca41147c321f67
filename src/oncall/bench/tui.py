"""`oncall bench tui`: how fast the app answers, each figure beside a peer measured in
the same run, driven through Textual's Pilot (headless).

- Key press → durable event → redrawn screen with a case of 1,000, 5,000 and 20,000
  events open (the replay benchmark's long level I case), in interleaved rounds; the
  ratio of p99 at the largest case to p99 at the smallest says whether a press grows
  with the case (target: <= 1.5, and p99 <= 50 ms at every size).
- Launch → first frame of the unlock screen, against a bare Textual app launched the
  same way, in turn (target: <= 1.5x, median of the pairwise ratios).
- Opening an entry form (`;`, the note) with the middle case open, against a bare app's
  key → modal form (target: <= 2x, ratio of the medians).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from oncall.bench.board import render_board, run_board
from oncall.bench.casework import WORK_SIZES, render_casework, run_casework
from oncall.bench.frames import KeyToFrame, bare_form_opens, launch_seconds
from oncall.bench.replay import build_case, percentile
from oncall.journal import Journal
from oncall.journal.crypto import DEFAULT_SCRYPT_N
from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook

PASSPHRASE = "benchmark passphrase"
SIZES = (1_000, 5_000, 20_000)
PRESS_TARGET_MS = 50.0
PRESS_GROWTH_TARGET = 1.5
LAUNCH_RATIO_TARGET = 1.5
FORM_RATIO_TARGET = 2.0
BOARD_CASES = 100
BOARD_EVENTS = 1_000


def timing(seconds: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(seconds, 0.5) * 1e3, 2),
        "p99_ms": round(percentile(seconds, 0.99) * 1e3, 2),
        "max_ms": round(max(seconds) * 1e3, 2),
    }


def build_store(home: Path, events: int, *, kdf_n: int = DEFAULT_SCRYPT_N) -> tuple[str, datetime]:
    """A store holding one long level I case (the replay benchmark's events); `kdf_n`:
    the key derivation's cost (the real one unless a quick check asks less)."""
    playbook = load_playbook(default_playbook_path())
    built = build_case(playbook, events)
    last = max(e.at_time for e in built)
    now = last + timedelta(minutes=5)
    journal = Journal.create(home, PASSPHRASE, clock=lambda: now, kdf_n=kdf_n)
    case_id = add_case(journal, playbook, built)
    journal.close()
    return case_id, now


def add_case(journal: Journal, playbook: Any, built: list[Any]) -> str:
    """Record `built` (a benchmark case's events) as a new case of `journal`."""
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
    return str(case_id)


async def _open_case(pilot: Any) -> Any:
    """Unlock (who, passphrase) and wait for the case screen the app reopens."""
    from oncall.tui.screens.case import CaseScreen

    app = pilot.app
    await pilot.press(*"bench", "enter", *PASSPHRASE, "enter")
    while not isinstance(app.screen, CaseScreen):
        await pilot.pause(0.01)
    await pilot.pause()
    return app.screen


AfterPress = Callable[[int, float], Awaitable[None]]
"""Awaited after each press with the seq of the case's newest event and the key's own
timestamp (`time.monotonic`): e.g. to wait for another seat to show it."""


async def measure_presses(
    home: Path,
    now: datetime,
    presses: int,
    *,
    seat: bool = False,
    after_press: AfterPress | None = None,
) -> tuple[list[float], list[float], int]:
    """Press answer keys; return (in-app latencies, Pilot round trips, events recorded).

    In-app latency runs from the key event's own timestamp to the moment the screen
    has been refreshed after the event was appended (fsync'd): what a person waits.
    The Pilot round trip adds Pilot's wait for the whole app to go idle. `seat`: the
    app joins the `oncall serve` that holds the store, and records through it."""
    from textual import events
    from textual.message import Message

    from oncall.tui.app import make_app

    key_times: list[float] = []
    done_times: list[float] = []

    def hook(message: Message) -> None:
        # A key is forwarded app -> screen -> widget; the first sighting is the press.
        waiting = len(key_times) > len(done_times)
        if isinstance(message, events.Key) and message.key in ("1", "2") and not waiting:
            key_times.append(message.time)

    app = make_app(home=home, clock=lambda: now, seat=seat)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        screen = await _open_case(pilot)
        assert app.journal is not None
        original = screen.recorded

        def recorded() -> None:
            original()
            screen.call_after_refresh(lambda: done_times.append(time.monotonic()))

        screen.recorded = recorded
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
            screen.show_step(question)
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("1" if n % 2 else "2")
            round_trips.append(time.perf_counter() - start)
            if after_press is not None:
                await after_press(app.journal.event_count(screen.case_id), key_times[-1])
        recorded_count = len(app.journal.events(screen.case_id)) - count
        latencies = [done - key for key, done in zip(key_times, done_times, strict=False)]
        return latencies, round_trips, recorded_count


async def measure_form_opens(home: Path, now: datetime, count: int) -> list[float]:
    """Key `;` → the note form drawn, `count` times (each closed with Esc)."""
    from oncall.tui.app import make_app

    app = make_app(home=home, clock=lambda: now)
    timer = KeyToFrame(lambda: app, ("semicolon",))
    async with app.run_test(size=(80, 24), message_hook=timer) as pilot:
        await _open_case(pilot)
        for _ in range(count):
            timer.arm()
            await pilot.press("semicolon")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
    return timer.seconds


def run_bench(
    directory: Path,
    sizes: tuple[int, ...] = SIZES,
    presses: int = 100,
    launches: int = 5,
    forms: int = 30,
    rounds: int = 2,
    work_sizes: tuple[int, ...] = WORK_SIZES,
    board_cases: int = BOARD_CASES,
    board_events: int = BOARD_EVENTS,
) -> dict[str, Any]:
    oncall_launch: list[float] = []
    bare_launch: list[float] = []
    empty = directory / "empty-store"
    pycache = str(directory / "pycache")
    launch_seconds(str(empty), pycache)  # untimed: compiles what a launch imports
    launch_seconds("bare", pycache)
    for _ in range(launches):  # in turn, so drift in the machine's speed hits both
        oncall_launch.append(launch_seconds(str(empty), pycache))
        bare_launch.append(launch_seconds("bare", pycache))
    launch_ratios = [a / b for a, b in zip(oncall_launch, bare_launch, strict=True)]

    stores = {size: build_store(directory / f"store-{size}", size) for size in sizes}
    latencies: dict[int, list[float]] = {size: [] for size in sizes}
    round_trips: dict[int, list[float]] = {size: [] for size in sizes}
    recorded: dict[int, int] = dict.fromkeys(sizes, 0)
    per_round = max(1, presses // rounds)
    for _ in range(rounds):
        for size in sizes:
            home, now = directory / f"store-{size}", stores[size][1]
            seconds, trips, count = asyncio.run(measure_presses(home, now, per_round))
            latencies[size] += seconds
            round_trips[size] += trips
            recorded[size] += count

    middle = sizes[len(sizes) // 2]
    oncall_forms: list[float] = []
    bare_forms: list[float] = []
    for _ in range(rounds):
        home, now = directory / f"store-{middle}", stores[middle][1]
        oncall_forms += asyncio.run(measure_form_opens(home, now, max(1, forms // rounds)))
        bare_forms += asyncio.run(bare_form_opens(max(1, forms // rounds)))

    for size in work_sizes:
        if size not in stores:
            stores[size] = build_store(directory / f"store-{size}", size)
    work = (
        run_casework(directory, {size: stores[size] for size in work_sizes}, _open_case, rounds)
        if work_sizes
        else None
    )

    board = (
        run_board(directory, PASSPHRASE, board_cases, board_events, rounds) if board_cases else None
    )

    press = {str(size): timing(latencies[size]) for size in sizes}
    smallest, largest = press[str(sizes[0])], press[str(sizes[-1])]
    growth = largest["p99_ms"] / smallest["p99_ms"]
    launch_ratio = statistics.median(launch_ratios)
    form_ratio = statistics.median(oncall_forms) / statistics.median(bare_forms)
    worst_p99 = max(t["p99_ms"] for t in press.values())
    results: dict[str, Any] = {
        "sizes": list(sizes),
        "presses_per_size": per_round * rounds,
        "press": press,
        "pilot_round_trip": {str(size): timing(round_trips[size]) for size in sizes},
        "press_p99_growth": round(growth, 2),
        "events_recorded": {str(size): recorded[size] for size in sizes},
        "launch_seconds": {
            "oncall": _spread(oncall_launch),
            "bare_textual": _spread(bare_launch),
            "ratio_median": round(launch_ratio, 2),
        },
        "form_open": {
            "case_events": middle,
            "opened": {"oncall": len(oncall_forms), "bare_textual": len(bare_forms)},
            "oncall": timing(oncall_forms),
            "bare_textual": timing(bare_forms),
            "ratio_of_medians": round(form_ratio, 2),
        },
        "targets": {
            f"press p99 <= {PRESS_TARGET_MS:.0f} ms at every size": worst_p99 <= PRESS_TARGET_MS,
            f"press p99 at {sizes[-1]:,} events <= {PRESS_GROWTH_TARGET}x p99 at {sizes[0]:,}": (
                growth <= PRESS_GROWTH_TARGET
            ),
            f"launch -> first frame <= {LAUNCH_RATIO_TARGET}x a bare Textual app": (
                launch_ratio <= LAUNCH_RATIO_TARGET
            ),
            f"opening a form <= {FORM_RATIO_TARGET:g}x a bare app's key -> form": (
                form_ratio <= FORM_RATIO_TARGET
            ),
            "every press recorded one event": all(
                recorded[size] == per_round * rounds for size in sizes
            ),
            "every form key opened a form": len(oncall_forms)
            == len(bare_forms)
            == max(1, forms // rounds) * rounds,
        },
        "casework": work,
        "board": board,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    for part in (work, board):
        if part is not None:
            results["targets"].update(part["targets"])
    return results


def _spread(seconds: list[float]) -> dict[str, float]:
    return {
        "min": round(min(seconds), 3),
        "median": round(statistics.median(seconds), 3),
        "max": round(max(seconds), 3),
    }


def render(results: dict[str, Any]) -> str:
    lines = [
        f"key press -> durable event -> redrawn screen ({results['presses_per_size']} "
        "presses per size, interleaved rounds):"
    ]
    for size in results["sizes"]:
        press = results["press"][str(size)]
        lines.append(
            f"  {size:>7,} events: p50 {press['p50_ms']:6.1f} ms  p99 {press['p99_ms']:6.1f} ms"
            f"  max {press['max_ms']:6.1f} ms"
        )
    lines.append(
        f"  p99 at {results['sizes'][-1]:,} / p99 at {results['sizes'][0]:,}: "
        f"{results['press_p99_growth']:.2f}x"
    )
    launch = results["launch_seconds"]
    lines.append(
        f"launch -> first frame: oncall median {launch['oncall']['median']:.3f} s, bare "
        f"Textual app {launch['bare_textual']['median']:.3f} s: {launch['ratio_median']:.2f}x"
    )
    form = results["form_open"]
    lines.append(
        f"opening a form ({form['case_events']:,}-event case): oncall p50 "
        f"{form['oncall']['p50_ms']:.1f} ms (p99 {form['oncall']['p99_ms']:.1f}), bare app "
        f"p50 {form['bare_textual']['p50_ms']:.1f} ms (p99 {form['bare_textual']['p99_ms']:.1f}):"
        f" {form['ratio_of_medians']:.2f}x"
    )
    if results.get("casework"):
        lines += render_casework(results["casework"])
    if results.get("board"):
        lines += render_board(results["board"])
    lines.append("targets:")
    for name, met in results["targets"].items():
        lines.append(f"  {'met   ' if met else 'MISSED'} {name}")
    return "\n".join(lines)


@click.command(name="tui")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--events",
    "sizes",
    default=",".join(str(size) for size in SIZES),
    show_default=True,
    help="Case sizes to press keys in, comma-separated, smallest first.",
)
@click.option("--presses", default=100, show_default=True, help="Answer key presses per size.")
@click.option("--launches", default=5, show_default=True, help="Launches of each app to time.")
@click.option("--forms", default=30, show_default=True, help="Form openings of each app.")
@click.option(
    "--work-events",
    "work",
    default=",".join(str(size) for size in WORK_SIZES),
    show_default=True,
    help="Case sizes for undo, late entry, submit, timeline and intervals ('' for none).",
)
@click.option(
    "--board-cases",
    default=BOARD_CASES,
    show_default=True,
    type=click.IntRange(min=0),
    help="Open cases on the timed board (0: no board).",
)
@click.option(
    "--board-events",
    default=BOARD_EVENTS,
    show_default=True,
    type=click.IntRange(min=100),
    help="Events in each of the board's cases.",
)
def tui_bench(
    as_json: bool,
    sizes: str,
    presses: int,
    launches: int,
    forms: int,
    work: str,
    board_cases: int,
    board_events: int,
) -> None:
    """Launch time and key-press latency of the app, driven headless by Pilot."""
    try:
        chosen = tuple(sorted(int(part) for part in sizes.split(",") if part.strip()))
    except ValueError:
        raise click.BadParameter(
            "give event counts like 1000,5000,20000", param_hint="--events"
        ) from None
    if not chosen or min(chosen) < 100:
        raise click.BadParameter("each case needs at least 100 events", param_hint="--events")
    try:
        work_sizes = tuple(sorted(int(part) for part in work.split(",") if part.strip()))
    except ValueError:
        raise click.BadParameter(
            "give event counts like 1000,20000,50000", param_hint="--work-events"
        ) from None
    if work_sizes and min(work_sizes) < 100:
        raise click.BadParameter("each case needs at least 100 events", param_hint="--work-events")
    with tempfile.TemporaryDirectory(prefix="oncall-bench-tui-") as temp:
        click.echo("... timing launches, building the stores, pressing keys", err=True)
        results = run_bench(
            Path(temp),
            chosen,
            presses,
            launches,
            forms,
            work_sizes=work_sizes,
            board_cases=board_cases,
            board_events=board_events,
        )
    click.echo(json.dumps(results, indent=2) if as_json else render(results))
