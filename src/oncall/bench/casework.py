"""What a person does in a long case besides one-key answers, timed in the app and
beside a bare Textual app doing the same kind of work in the same run.

- Undo (a correction withdrawing the last event) and a late entry (a note dated two
  hours back): from the call that appends the event to the frame drawn once the case
  screen has redrawn. Peer: encrypt (AES-GCM) + write + fsync + update a label, to its
  frame: what recording anything costs at the least.
- Form submit: the note form open with text typed, Ctrl+S's own timestamp → the frame
  drawn after the event was appended and the form closed. Peer: a bare app's modal form,
  Ctrl+S → encrypt + fsync + dismiss → frame.
- Timeline open: `t` → every row loaded and its frame drawn; and key intervals `i` →
  frame. Peer: a bare app mounting a `DataTable` and adding as many rows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static


async def _drawn(widget: Any) -> float:
    """Wait for the next frame of `widget`'s screen; the moment it was drawn."""
    import asyncio

    done = asyncio.get_running_loop().create_future()
    widget.call_after_refresh(lambda: done.set_result(time.perf_counter()))
    return float(await done)


class _Durable:
    """The least any record costs: AES-GCM encrypt, append, fsync."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("ab")
        self._aead = AESGCM(AESGCM.generate_key(bit_length=256))

    def write(self, text: str) -> None:
        blob = self._aead.encrypt(os.urandom(12), text.encode() * 8, None)
        self._file.write(blob)
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()


class BareSubmitForm(ModalScreen[str]):
    """Its field has the focus, as a form's does, so what is typed lands there and
    closing the form blurs it (the app's own `AUTO_FOCUS` is None)."""

    AUTO_FOCUS = "#text"
    BINDINGS = [Binding("ctrl+s", "submit", "submit")]

    def compose(self) -> ComposeResult:
        yield Static("A form")
        yield Input(id="text")

    def action_submit(self) -> None:
        self.dismiss(self.query_one(Input).value)


class BareWorkApp(App[None]):
    """The peer: one label it redraws after each durable write; a modal form; a table."""

    AUTO_FOCUS = None
    BINDINGS = [Binding("n", "form", "form")]

    def __init__(self, store: Path) -> None:
        super().__init__()
        self.durable = _Durable(store)
        self.rows: list[tuple[str, str, str]] = []

    def compose(self) -> ComposeResult:
        yield Static("bare", id="label")

    def record(self, text: str) -> None:
        self.durable.write(text)
        self.query_one("#label", Static).update(text)

    def action_form(self) -> None:
        def done(value: str | None) -> None:
            if value is not None:
                self.record(value)

        self.push_screen(BareSubmitForm(), done)

    def show_table(self) -> DataTable[str]:
        table: DataTable[str] = DataTable(id="table")
        self.mount(table)
        table.add_columns("when", "who", "what")
        table.add_rows(self.rows)
        return table


async def bare_work(
    store: Path, rows: list[tuple[str, str, str]], records: int, submits: int, tables: int
) -> dict[str, list[float]]:
    app = BareWorkApp(store)
    app.rows = rows
    out: dict[str, list[float]] = {"record": [], "submit": [], "table": []}
    submitted: list[float] = []

    def hook(message: Message) -> None:
        if isinstance(message, events.Key) and message.key == "ctrl+s" and not submitted:
            submitted.append(message.time)

    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        label = app.query_one("#label")
        for n in range(records):
            start = time.perf_counter()
            app.record(f"entry {n}")
            out["record"].append(await _drawn(label) - start)
        for _ in range(submits):
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("x", "y")
            submitted.clear()
            done: list[float] = []
            original = app.record

            def timed(
                text: str, original: Callable[[str], None] = original, done: list[float] = done
            ) -> None:
                original(text)
                label.call_after_refresh(lambda: done.append(time.monotonic()))

            app.record = timed  # type: ignore[method-assign]
            await pilot.press("ctrl+s")
            while not done:
                await pilot.pause(0.001)
            app.record = original  # type: ignore[method-assign]
            out["submit"].append(done[0] - submitted[0])
        for _ in range(tables):
            start = time.perf_counter()
            table = app.show_table()
            out["table"].append(await _drawn(table) - start)
            await table.remove()
            await pilot.pause()
    app.durable.close()
    return out


async def oncall_work(
    home: Path,
    now: Any,
    open_case: Any,
    records: int,
    submits: int,
    timelines: int,
    intervals: int,
    *,
    seat: bool = False,
) -> tuple[dict[str, list[float]], list[tuple[str, str, str]]]:
    """In oncall with the store's case open: undo, late entry, submit, timeline, `i`.
    Also returns the timeline's rows (the bare table shows as many). `seat`: the app
    joins the `oncall serve` that holds the store."""
    import asyncio
    from datetime import timedelta

    from oncall.tui import view
    from oncall.tui.app import make_app
    from oncall.tui.screens.case import CaseScreen

    out: dict[str, list[float]] = {
        "undo": [],
        "late": [],
        "submit": [],
        "timeline": [],
        "stall": [],
        "intervals": [],
    }
    submitted: list[float] = []

    def hook(message: Message) -> None:
        if isinstance(message, events.Key) and message.key == "ctrl+s" and not submitted:
            submitted.append(message.time)

    app = make_app(home=home, clock=lambda: now, seat=seat)
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        screen: CaseScreen = await open_case(pilot)
        session = screen.session
        assert session is not None and app.journal is not None
        rows = view.timeline_rows(screen.state, app.playbook, app.lang)
        for n in range(records):
            start = time.perf_counter()
            session.note(f"late {n}", at=now - timedelta(hours=2, minutes=n))
            screen.recorded()
            out["late"].append(await _drawn(screen) - start)
            start = time.perf_counter()
            session.undo("bench")
            screen.recorded()
            out["undo"].append(await _drawn(screen) - start)
        for _ in range(submits):
            await pilot.press("semicolon")
            await pilot.pause()
            await pilot.press("x", "y")
            await pilot.pause()
            submitted.clear()
            done: list[float] = []
            original = screen.recorded

            def timed(original: Callable[[], None] = original, done: list[float] = done) -> None:
                original()
                screen.call_after_refresh(lambda: done.append(time.monotonic()))

            screen.recorded = timed  # type: ignore[method-assign]
            await pilot.press("ctrl+s")
            while not done:
                await pilot.pause(0.001)
            screen.recorded = original  # type: ignore[method-assign]
            out["submit"].append(done[0] - submitted[0])
        for _ in range(timelines):
            start = time.perf_counter()
            screen.action_timeline()
            stall, turn = 0.0, time.perf_counter()
            while True:  # each turn is one pass of the event loop: how long keys wait
                panel = screen.panels[-1] if screen.panels else None
                if panel is not None and panel.is_mounted and getattr(panel, "loaded", True):
                    break
                await asyncio.sleep(0.001)
                stall, turn = max(stall, time.perf_counter() - turn), time.perf_counter()
            out["timeline"].append(await _drawn(panel) - start)
            out["stall"].append(stall)
            await pilot.press("escape")
            await pilot.pause()
        for _ in range(intervals):
            start = time.perf_counter()
            screen.action_intervals()
            while not screen.panels:
                await pilot.pause(0.001)
            out["intervals"].append(await _drawn(screen.panels[-1]) - start)
            await pilot.press("escape")
            await pilot.pause()
    return out, rows


WORK_SIZES = (1_000, 20_000, 50_000)
RECORD_P99_TARGET_MS = 50.0
SUBMIT_RATIO_TARGET = 2.0
TIMELINE_RATIO_TARGET = 2.0
INTERVALS_GROWTH_TARGET = 1.5
STALL_TARGET_MS = 200.0
"""The longest the event loop may go without a turn while the timeline loads."""


def _ms(seconds: list[float], q: float) -> float:
    from oncall.bench.replay import percentile

    if not seconds:
        return float("nan")
    return round(percentile(seconds, q) * 1e3, 2)


def run_casework(
    directory: Path,
    stores: dict[int, tuple[str, Any]],
    open_case: Any,
    rounds: int = 2,
    records: int = 10,
    submits: int = 10,
    timelines: int = 2,
    timeline_max: int | None = None,
    intervals: int = 8,
) -> dict[str, Any]:
    """Each size's oncall run and the bare app's run, in turn, `rounds` times; the
    timeline is opened only in cases of at most `timeline_max` events (None: all);
    `intervals` openings of the key intervals a round (their median is compared across
    sizes: a few more than the timeline's, so one slow turn of a shared machine does
    not decide it)."""
    import asyncio

    sizes = sorted(stores)
    ours: dict[int, dict[str, list[float]]] = {}
    bare: dict[int, dict[str, list[float]]] = {}
    for _ in range(rounds):
        for size in sizes:
            home, now = directory / f"store-{size}", stores[size][1]
            opens = timelines if timeline_max is None or size <= timeline_max else 0
            got, rows = asyncio.run(
                oncall_work(home, now, open_case, records, submits, opens, intervals)
            )
            peer = asyncio.run(
                bare_work(directory / f"bare-{size}.bin", rows, records, submits, opens)
            )
            for mine, theirs in ((ours, got), (bare, peer)):
                into = mine.setdefault(size, {})
                for name, seconds in theirs.items():
                    into.setdefault(name, []).extend(seconds)
    table: dict[str, Any] = {}
    targets: dict[str, bool] = {}
    for size in sizes:
        o, b = ours[size], bare[size]
        row: dict[str, Any] = {
            "undo": {"p50_ms": _ms(o["undo"], 0.5), "p99_ms": _ms(o["undo"], 0.99)},
            "late": {"p50_ms": _ms(o["late"], 0.5), "p99_ms": _ms(o["late"], 0.99)},
            "bare_record": {"p50_ms": _ms(b["record"], 0.5), "p99_ms": _ms(b["record"], 0.99)},
            "submit": {"p50_ms": _ms(o["submit"], 0.5), "p90_ms": _ms(o["submit"], 0.9)},
            "bare_submit": {"p50_ms": _ms(b["submit"], 0.5), "p90_ms": _ms(b["submit"], 0.9)},
            "timeline": {"p50_ms": _ms(o["timeline"], 0.5), "max_ms": _ms(o["timeline"], 1.0)},
            "bare_table": {"p50_ms": _ms(b["table"], 0.5), "max_ms": _ms(b["table"], 1.0)},
            "intervals": {"p50_ms": _ms(o["intervals"], 0.5)},
            "timeline_stall_max_ms": _ms(o["stall"], 1.0),
        }
        row["submit_ratio"] = round(row["submit"]["p50_ms"] / row["bare_submit"]["p50_ms"], 2)
        row["timeline_ratio"] = round(row["timeline"]["p50_ms"] / row["bare_table"]["p50_ms"], 2)
        table[str(size)] = row
        targets[f"submit p50 <= {SUBMIT_RATIO_TARGET:g}x bare submit at {size:,}"] = (
            row["submit_ratio"] <= SUBMIT_RATIO_TARGET
        )
        targets[f"timeline open <= {TIMELINE_RATIO_TARGET:g}x bare table at {size:,}"] = (
            row["timeline_ratio"] <= TIMELINE_RATIO_TARGET
        )
        targets[
            f"app never blocked > {STALL_TARGET_MS:g} ms while the timeline loads at {size:,}"
        ] = row["timeline_stall_max_ms"] <= STALL_TARGET_MS
    largest, smallest = table[str(sizes[-1])], table[str(sizes[0])]
    for what in ("undo", "late"):
        targets[f"{what} p99 <= {RECORD_P99_TARGET_MS:g} ms at {sizes[-1]:,}"] = (
            largest[what]["p99_ms"] <= RECORD_P99_TARGET_MS
        )
    growth = largest["intervals"]["p50_ms"] / smallest["intervals"]["p50_ms"]
    targets[f"intervals p50 at {sizes[-1]:,} <= {INTERVALS_GROWTH_TARGET:g}x at {sizes[0]:,}"] = (
        growth <= INTERVALS_GROWTH_TARGET
    )
    return {
        "sizes": sizes,
        "per_size": table,
        "intervals_growth": round(growth, 2),
        "targets": targets,
    }


def render_casework(results: dict[str, Any]) -> list[str]:
    lines = ["long-case work (oncall | bare Textual app, same run):"]
    for size in results["sizes"]:
        r = results["per_size"][str(size)]
        lines += [
            f"  {size:>7,} events:",
            f"    undo p50 {r['undo']['p50_ms']:7.1f} p99 {r['undo']['p99_ms']:7.1f} ms | "
            f"late entry p50 {r['late']['p50_ms']:7.1f} p99 {r['late']['p99_ms']:7.1f} ms | "
            f"bare record p50 {r['bare_record']['p50_ms']:5.1f} p99 "
            f"{r['bare_record']['p99_ms']:5.1f} ms",
            f"    submit p50 {r['submit']['p50_ms']:7.1f} p90 {r['submit']['p90_ms']:7.1f} ms | "
            f"bare submit p50 {r['bare_submit']['p50_ms']:5.1f} ms: {r['submit_ratio']:.2f}x",
            f"    timeline open p50 {r['timeline']['p50_ms']:8.1f} ms | bare table "
            f"p50 {r['bare_table']['p50_ms']:8.1f} ms: {r['timeline_ratio']:.2f}x; "
            f"longest stall {r['timeline_stall_max_ms']:.1f} ms",
            f"    intervals (i) p50 {r['intervals']['p50_ms']:7.1f} ms",
        ]
    lines.append(f"  intervals p50 largest / smallest: {results['intervals_growth']:.2f}x")
    return lines
