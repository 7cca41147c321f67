"""`oncall bench seats`: what working a case from a seat of `oncall serve` costs, each
figure beside its peer measured in the same run.

Two stores are built alike (the replay benchmark's level I case); one is held by an
`oncall serve` process, the other opened as today by one process. Each case is read
(open) where it is timed before the timing starts, as on a screen that shows it.

- Record → durable event: `SeatJournal.append` through the server (the request, the
  server's fsync'd append and anchor, the seat reading it back from the file) against
  `Journal.append` on the other store, the same events, interleaved (alternating
  which goes first).
- Another seat sees it: a second seat, in its own process, follows the server's feed;
  from the append returning at the first seat to the second having been told and read
  the event from the file (goal: <= 0.5 s), beside the first seat's own record.
- Key → durable → redrawn (the TUI benchmark's one-key answer, `measure_presses`): the
  app as a seat against the app on its own store, in interleaved rounds (goal: seat
  median <= 2x); and the other seat's app, in its own process, redrawn with the event,
  from the key pressed at the first (goal: <= 0.5 s). Then a note's form submitted
  (Ctrl+S, the TUI benchmark's `oncall_work`) at a seat and alone (goal: <= 2x).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from oncall.bench.casework import oncall_work
from oncall.bench.journal import sample_data
from oncall.bench.replay import percentile
from oncall.bench.tui import PASSPHRASE, _open_case, build_store, measure_presses
from oncall.journal.crypto import DEFAULT_SCRYPT_N

SEES_TARGET_S = 0.5
APP_RATIO_TARGET = 2.0
WAIT = 60.0
"""Seconds any one step may take before the benchmark gives up on it."""
PACE = 0.05
"""Seconds between two presses (both apps alike): a person does not press 20 a second."""
SEAT_A = "甲老师（基准）"
SEAT_B = "乙老师（基准）"


def spread(seconds: list[float]) -> dict[str, float]:
    return {
        "min_ms": round(min(seconds) * 1e3, 2),
        "median_ms": round(statistics.median(seconds) * 1e3, 2),
        "p99_ms": round(percentile(seconds, 0.99) * 1e3, 2),
        "max_ms": round(max(seconds) * 1e3, 2),
    }


def _python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


class Lines:
    """A process started here, its output read line by line as it comes."""

    def __init__(self, command: list[str], env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self.lines.append("EXIT")
            self._changed.notify_all()

    def tell(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def said(self) -> list[str]:
        """Every line so far (then "EXIT" once its output has ended)."""
        with self._changed:
            return list(self.lines)

    def wait(self, met: Callable[[list[str]], bool], timeout: float = WAIT) -> bool:
        """Wait until `met` holds for the lines so far; whether it did in time."""
        with self._changed:
            return self._changed.wait_for(lambda: met(self.lines), timeout=timeout)

    def first(self, met: Callable[[str], bool], timeout: float = WAIT) -> str:
        """The first line that `met` holds for (waiting for it)."""
        found: list[str] = []

        def look(lines: list[str]) -> bool:
            found[:] = [line for line in lines if met(line)][:1]
            return bool(found) or "EXIT" in lines

        self.wait(look, timeout)
        if not found:
            raise click.ClickException(f"a benchmark process said: {self.said()[-20:]}")
        return found[0]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(home: Path) -> Lines:
    from oncall.serve.seat import serving

    env = {**os.environ, "ONCALL_PASSPHRASE": PASSPHRASE}
    server = Lines(
        _python("from oncall.cli import main; main()", "--home", str(home), "serve"), env
    )
    deadline = time.monotonic() + WAIT
    while not serving(home):
        if server.process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise click.ClickException(f"oncall serve did not start: {server.lines}")
        time.sleep(0.05)
    return server


# --- record -> durable event ----------------------------------------------------------------
def time_records(
    served: Path, single: Path, cases: tuple[str, str], count: int
) -> tuple[list[float], list[float]]:
    """`count` appends at a seat and as many on the single-process store, in turn."""
    from oncall.journal import Journal
    from oncall.serve.seat import SeatJournal

    seat = SeatJournal.attach(served, PASSPHRASE, operator=SEAT_A)
    journal = Journal.open(single, PASSPHRASE)
    seat_s: list[float] = []
    single_s: list[float] = []
    try:
        kind, data = sample_data(0)  # untimed: the case open everywhere, as while worked
        seat.append(cases[0], kind, data, SEAT_A)
        journal.append(cases[1], kind, data, SEAT_A)
        for n in range(count):
            kind, data = sample_data(n)
            pair = [(seat, cases[0], seat_s), (journal, cases[1], single_s)]
            for writer, case_id, into in pair if n % 2 else reversed(pair):
                start = time.perf_counter()
                writer.append(case_id, kind, data, SEAT_A)
                into.append(time.perf_counter() - start)
    finally:
        seat.close()
        journal.close()
    return seat_s, single_s


# --- another seat sees it --------------------------------------------------------------------
WATCH = "from oncall.bench.seats import watch_feed; watch_feed()"


def watch_feed() -> None:
    """A second seat (run as its own process): follows the server's feed and, for each
    event told, reads it from the file and prints `SEEN <seq> <time.monotonic()>`.
    argv: HOME CASE; the passphrase on stdin."""
    from oncall.serve.seat import Message, SeatJournal, follow

    home, case_id = Path(sys.argv[1]), sys.argv[2]
    seat = SeatJournal.attach(home, sys.stdin.readline().rstrip("\n"), operator=SEAT_B)
    seat.events(case_id)  # the case already read, as on a screen that shows it

    def heard(message: Message) -> None:
        if message.get("type") == "seats":
            print("READY", flush=True)
        if message.get("type") != "event" or message.get("case") != case_id:
            return
        seq = int(message["seq"])
        if any(event.seq == seq for event in seat.events_after(case_id, seq - 1)):
            print(f"SEEN {seq} {time.monotonic()}", flush=True)

    asyncio.run(follow(seat, heard, lambda _up: None))


def _seen(said: str, line: str) -> bool:
    return line.startswith(said)


def time_seen(served: Path, case_id: str, count: int) -> dict[str, list[float]]:
    """The first seat's append ("own"), and the second seat having read it, from the
    append asked ("asked") and from its return ("answered"; below zero when it was read
    there before the first seat had its answer)."""
    from oncall.serve.seat import SeatJournal

    watcher = Lines(_python(WATCH, str(served), case_id))
    watcher.tell(PASSPHRASE)
    seat = SeatJournal.attach(served, PASSPHRASE, operator=SEAT_A)
    seat.events(case_id)
    out: dict[str, list[float]] = {"own": [], "asked": [], "answered": []}
    try:
        watcher.first(lambda line: line == "READY")
        for n in range(count):
            kind, data = sample_data(n)
            start = time.monotonic()
            event = seat.append(case_id, kind, data, SEAT_A)
            answered = time.monotonic()
            line = watcher.first(functools.partial(_seen, f"SEEN {event.seq} "))
            read = float(line.split()[2])
            out["own"].append(answered - start)
            out["asked"].append(read - start)
            out["answered"].append(read - answered)
            time.sleep(PACE)
    finally:
        seat.close()
        watcher.stop()
    return out


# --- key -> durable -> redrawn ---------------------------------------------------------------
WATCH_APP = "from oncall.bench.seats import watch_app; watch_app()"


def watch_app() -> None:
    """A second seat's app (run as its own process, headless): joins, opens the case the
    others are on and prints `DRAWN <events> <time.monotonic()>` each time its case
    screen has drawn the case anew. argv: HOME; the passphrase on stdin."""
    from oncall.tui.app import make_app
    from oncall.tui.screens.case import CaseScreen

    home = Path(sys.argv[1])
    app = make_app(home=home, seat=True, passphrase=sys.stdin.readline().rstrip("\n"))

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*"watch", "enter")
            while not isinstance(app.screen, CaseScreen):
                await pilot.pause(0.01)
            screen = app.screen
            original = screen.redraw

            def redraw() -> None:
                original()
                assert app.journal is not None
                count = app.journal.event_count(screen.case_id)
                screen.call_after_refresh(
                    lambda: print(f"DRAWN {count} {time.monotonic()}", flush=True)
                )

            screen.redraw = redraw  # type: ignore[method-assign]
            print("READY", flush=True)
            await asyncio.to_thread(sys.stdin.readline)  # until told to stop

    asyncio.run(run())


def time_app_rounds(
    served: Path, single: Path, presses: int, rounds: int
) -> dict[str, list[float]]:
    """Presses in the app at a seat and on its own store, in turn, round by round; the
    other seat's app timed from each key pressed at the first. Then as many notes
    submitted from their form (Ctrl+S) in each, as `oncall bench tui` times them."""
    now = datetime.now(UTC)
    out: dict[str, list[float]] = {
        "seat": [],
        "single": [],
        "other_seat": [],
        "seat_submit": [],
        "single_submit": [],
    }
    recorded = {"seat": 0, "single": 0}
    other = Lines(_python(WATCH_APP, str(served)))
    other.tell(PASSPHRASE)
    try:
        other.first(lambda line: line == "READY")

        async def paced(_seq: int, _key: float) -> None:
            await asyncio.sleep(PACE)

        async def seen_there(seq: int, key: float) -> None:
            def drawn(line: str) -> bool:
                parts = line.split()
                return parts[:1] == ["DRAWN"] and int(parts[1]) >= seq

            line = await asyncio.to_thread(other.first, drawn)
            out["other_seat"].append(float(line.split()[2]) - key)
            await asyncio.sleep(PACE)

        per_round = max(1, presses // rounds)
        submits = max(1, per_round // 3)
        for n in range(rounds):
            order = [("single", single, False, paced), ("seat", served, True, seen_there)]
            for name, home, seat, after in order if n % 2 == 0 else reversed(order):
                latencies, _trips, count = asyncio.run(
                    measure_presses(home, now, per_round, seat=seat, after_press=after)
                )
                out[name] += latencies
                recorded[name] += count
                work, _rows = asyncio.run(
                    oncall_work(home, now, _open_case, 0, submits, 0, 0, seat=seat)
                )
                out[f"{name}_submit"] += work["submit"]
    finally:
        other.tell("stop")
        other.stop()
    out["recorded"] = [float(recorded["seat"]), float(recorded["single"])]
    return out


def run_bench(
    directory: Path,
    events: int,
    records: int,
    sees: int,
    presses: int,
    rounds: int,
    *,
    kdf_n: int = DEFAULT_SCRYPT_N,
) -> dict[str, Any]:
    """Every figure; `kdf_n` below the real cost only to check that it runs (each seat
    and app unlocks the store)."""
    served, single = directory / "served", directory / "single"
    case_id, _ = build_store(served, events, kdf_n=kdf_n)
    single_case, _ = build_store(single, events, kdf_n=kdf_n)
    server = start_server(served)
    try:
        seat_s, single_s = time_records(served, single, (case_id, single_case), records)
        seen = time_seen(served, case_id, sees)
        app = time_app_rounds(served, single, presses, rounds) if presses else None
    finally:
        server.stop()
    record_ratio = statistics.median(seat_s) / statistics.median(single_s)
    pairs = [a / b for a, b in zip(seat_s, single_s, strict=True) if b > 0]
    results: dict[str, Any] = {
        "case_events": events,
        "record": {
            "seat": spread(seat_s),
            "single_process": spread(single_s),
            "ratio_of_medians": round(record_ratio, 2),
            "pair_ratio_median": round(statistics.median(pairs), 2),
            "count": len(seat_s),
        },
        "seen": {
            "own_record": spread(seen["own"]),
            "asked_to_read": spread(seen["asked"]),
            "answered_to_read": spread(seen["answered"]),
            "count": len(seen["own"]),
        },
        "targets": {
            f"another seat has read it <= {SEES_TARGET_S} s after the append returns (max)": (
                max(seen["answered"]) <= SEES_TARGET_S
            ),
        },
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if app is not None:
        app_ratio = statistics.median(app["seat"]) / statistics.median(app["single"])
        submit_ratio = statistics.median(app["seat_submit"]) / statistics.median(
            app["single_submit"]
        )
        seat_count, single_count = (int(n) for n in app["recorded"])
        results["app"] = {
            "seat": spread(app["seat"]),
            "single_process": spread(app["single"]),
            "ratio_of_medians": round(app_ratio, 2),
            "other_seat_redrawn": spread(app["other_seat"]),
            "submit": {
                "seat": spread(app["seat_submit"]),
                "single_process": spread(app["single_submit"]),
                "ratio_of_medians": round(submit_ratio, 2),
                "count": len(app["seat_submit"]),
            },
            "presses": {"seat": len(app["seat"]), "single_process": len(app["single"])},
            "recorded": {"seat": seat_count, "single_process": single_count},
        }
        results["targets"].update(
            {
                f"key -> durable -> redrawn at a seat <= {APP_RATIO_TARGET:g}x single-process "
                "(medians)": app_ratio <= APP_RATIO_TARGET,
                f"a form submitted (Ctrl+S) -> durable -> redrawn at a seat <= "
                f"{APP_RATIO_TARGET:g}x single-process (medians)": (
                    submit_ratio <= APP_RATIO_TARGET
                ),
                f"the other seat's app redrawn <= {SEES_TARGET_S} s after the key (max)": (
                    max(app["other_seat"]) <= SEES_TARGET_S
                ),
                "every press recorded one event, at the seat and alone": (
                    seat_count == single_count == len(app["seat"])
                ),
            }
        )
    return results


def _line(label: str, figures: dict[str, float]) -> str:
    return (
        f"  {label:<36} min {figures['min_ms']:7.1f}  median {figures['median_ms']:7.1f}"
        f"  p99 {figures['p99_ms']:7.1f}  max {figures['max_ms']:7.1f} ms"
    )


def render(results: dict[str, Any]) -> str:
    record, seen = results["record"], results["seen"]
    lines = [
        f"record -> durable event ({record['count']} each, interleaved, "
        f"{results['case_events']:,}-event case):",
        _line("seat (through oncall serve)", record["seat"]),
        _line("single process (Journal.append)", record["single_process"]),
        f"  seat / single: {record['ratio_of_medians']:.2f}x (medians), "
        f"{record['pair_ratio_median']:.2f}x (median of pairs)",
        f"another seat sees it ({seen['count']} records, the second seat in its own process):",
        _line("the first seat's own record", seen["own_record"]),
        _line("asked at the first -> read there", seen["asked_to_read"]),
        _line("answered at the first -> read there", seen["answered_to_read"]),
        "  (below zero: the other seat had read it before the first had its answer)",
    ]
    app = results.get("app")
    if app is not None:
        lines += [
            f"key -> durable -> redrawn, one-key answer ({app['presses']['seat']} presses "
            "each, interleaved rounds):",
            _line("app at a seat", app["seat"]),
            _line("app alone on its store", app["single_process"]),
            f"  seat / alone: {app['ratio_of_medians']:.2f}x (medians)",
            _line("key -> the other seat's app redrawn", app["other_seat_redrawn"]),
            f"a note's form submitted, Ctrl+S -> durable -> redrawn ({app['submit']['count']} "
            "each):",
            _line("app at a seat", app["submit"]["seat"]),
            _line("app alone on its store", app["submit"]["single_process"]),
            f"  seat / alone: {app['submit']['ratio_of_medians']:.2f}x (medians)",
        ]
    lines.append("targets:")
    for name, met in results["targets"].items():
        lines.append(f"  {'met   ' if met else 'MISSED'} {name}")
    return "\n".join(lines)


@click.command(name="seats")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--events",
    default=1_000,
    show_default=True,
    type=click.IntRange(min=100),
    help="Events in the case worked on.",
)
@click.option(
    "--records",
    default=200,
    show_default=True,
    type=click.IntRange(min=1),
    help="Appends at the seat and alone.",
)
@click.option(
    "--sees",
    default=50,
    show_default=True,
    type=click.IntRange(min=1),
    help="Records another seat is timed seeing.",
)
@click.option(
    "--presses",
    default=60,
    show_default=True,
    type=click.IntRange(min=0),
    help="Answer key presses in each app (0: no app).",
)
@click.option("--rounds", default=2, show_default=True, type=click.IntRange(min=1))
def seats_bench(
    as_json: bool, events: int, records: int, sees: int, presses: int, rounds: int
) -> None:
    """A seat's record, another seat seeing it, and key -> redrawn at a seat, each beside
    the single-process figure of the same run."""
    with tempfile.TemporaryDirectory(prefix="oncall-bench-seats-") as temp:
        click.echo("... building two stores, serving one, recording at seats", err=True)
        results = run_bench(Path(temp), events, records, sees, presses, rounds)
    click.echo(json.dumps(results, indent=2) if as_json else render(results))
