"""`oncall bench export`: how long exporting a 5,000-event case takes, per format.

Targets: md, json and html <= 1 s; docx <= 3 s. The case is the one `oncall bench
replay` builds (a long level I case of invented people against the default
playbook), hash-chained as the journal would chain it, and closed. Each format is
rendered several times in memory (nothing is written to disk) and the slowest and
median runs are reported, along with the size of the file it would write.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

import click

from oncall.bench.replay import build_case, percentile
from oncall.case import kinds as k
from oncall.export import FORMATS, Format, record_from_events, render
from oncall.journal.event import GENESIS, Event, format_time
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook

EVENTS: Final = 5_000
RUNS: Final = 5
TARGET_S: Final[dict[str, float]] = {"md": 1.0, "json": 1.0, "html": 1.0, "docx": 3.0}


def chained(events: list[Event]) -> list[Event]:
    """The events with `prev` and `hash` set as the journal sets them."""
    prev = GENESIS
    out = []
    for event in events:
        unsigned = Event(**{**event.body(), "prev": prev, "hash": ""})
        signed = Event(**{**unsigned.body(), "hash": unsigned.compute_hash()})
        out.append(signed)
        prev = signed.hash
    return out


def bench_case(playbook: Playbook, count: int = EVENTS) -> list[Event]:
    """`count` events ending with the case closed, hash-chained."""
    events = build_case(playbook, count - 1)
    last = max(event.at_time for event in events) + timedelta(minutes=5)
    events.append(
        Event(
            id="bench-close",
            case=events[0].case,
            seq=len(events) + 1,
            at=format_time(last),
            tz="+08:00",
            recorded_at=format_time(last),
            actor=events[0].actor,
            kind=k.CASE_CLOSED,
            data={"reason": "基准测试结束"},
        )
    )
    return chained(events)


def run_bench(playbook: Playbook, events: int = EVENTS, runs: int = RUNS) -> dict[str, Any]:
    case = bench_case(playbook, events)
    record = record_from_events(case[0].case, case)
    now = case[-1].at_time + timedelta(minutes=10)
    results: dict[str, Any] = {
        "events": len(case),
        "runs": runs,
        "integrity_ok": record.integrity.ok,
        "formats": {},
    }
    for fmt in FORMATS:
        seconds = []
        size = 0
        for _ in range(runs):
            start = time.perf_counter()
            size = len(render(fmt, record, playbook, now=now, lang="zh"))
            seconds.append(time.perf_counter() - start)
        worst = max(seconds)
        results["formats"][fmt] = {
            "p50_s": round(percentile(seconds, 0.5), 3),
            "max_s": round(worst, 3),
            "bytes": size,
            "target": f"<= {TARGET_S[fmt]:g} s",
            "target_met": worst <= TARGET_S[fmt],
        }
    results["target_met"] = all(f["target_met"] for f in results["formats"].values())
    return results


def render_results(results: dict[str, Any]) -> str:
    lines = [
        f"export of a {results['events']:,}-event case (default playbook), "
        f"{results['runs']} runs per format:"
    ]
    fmt: Format
    for fmt in FORMATS:
        row = results["formats"][fmt]
        verdict = "met" if row["target_met"] else "MISSED"
        lines.append(
            f"  {fmt:<5} p50 {row['p50_s']:.3f} s  max {row['max_s']:.3f} s  "
            f"{row['bytes']:>9,} bytes  target {row['target']}: {verdict}"
        )
    return "\n".join(lines)


@click.command(name="export")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--runs",
    type=click.IntRange(min=1),
    default=RUNS,
    show_default=True,
    help="Timed renders per format.",
)
@click.option(
    "--events",
    type=click.IntRange(min=100),
    default=EVENTS,
    show_default=True,
    help="Events in the case.",
)
@click.option(
    "--playbook",
    "playbook_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Playbook to export against (default: the default playbook).",
)
def export_bench(as_json: bool, runs: int, events: int, playbook_path: Path | None) -> None:
    """Time exporting a 5,000-event case (md/json/html <= 1 s, docx <= 3 s)."""
    playbook = load_playbook(playbook_path or default_playbook_path())
    results = run_bench(playbook, events, runs)
    click.echo(
        json.dumps(results, indent=2, ensure_ascii=False) if as_json else render_results(results)
    )
