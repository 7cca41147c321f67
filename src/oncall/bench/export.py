"""`oncall bench export`: how long exporting a 5,000-event case takes, per format.

Targets: md, json and html <= 1 s; docx <= 3 s. The case is the one `oncall bench
replay` builds (a long level I case of invented people against the default
playbook), hash-chained as the journal would chain it, and closed. Each format is
rendered several times in memory (nothing is written to disk) and the slowest and
median runs are reported, along with the size of the file it would write.

With `--command`, the whole command too, as a user runs it: a store holding the case,
`oncall export CASE --format F --out FILE` in a new process (unlock, read, render,
write), its wall time and peak memory beside `oncall list` on the same store (unlock
alone: the scrypt key derivation sets the floor), in turn. Targets: md within 1 s
(cases up to 5,000 events); peak memory <= 250 MB in every format. The peak is also
given from the moment the key is derived ("after unlock", Linux): the scrypt peak
hides the command's own, which is what grows with the case. For the memory goal at
every size: ``oncall bench export --command 1000 --command 20000 --command 100000``.
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


COMMAND_MD_TARGET_S: Final = 1.0
COMMAND_PEAK_TARGET_MB: Final = 250.0
PASSPHRASE: Final = "benchmark passphrase"

_PROBE: Final = """
import resource, sys, time
started = time.perf_counter()
import oncall.journal.journal as journal_module


def high_water():
    # This process's own peak (Linux VmHWM). `ru_maxrss` is not: Linux carries the
    # parent's resident size across fork and exec into it.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


before_reset = []
unlock = journal_module.unlock_store

def unlocked(*args, **kwargs):
    found = unlock(*args, **kwargs)
    peak = high_water()
    try:  # start the peak again once the key is derived (Linux: VmHWM := VmRSS)
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        before_reset.append(peak)
    except OSError:
        pass
    return found

journal_module.unlock_store = unlocked
from oncall.cli import main
sys.argv = ["oncall", *sys.argv[1:]]
try:
    main()
finally:
    last = high_water()
    own = last if before_reset else -1.0
    print(f"BENCH {time.perf_counter() - started} {max([last, *before_reset])} {own}",
          file=sys.stderr)
"""


def _command(home: Path, passfile: Path, *args: str) -> tuple[float, float, float]:
    """One `oncall` command in a new process: (wall seconds, peak resident MB, peak
    resident MB after the unlock, or -1 where the peak cannot be restarted). Its
    modules compiled, as installed: into a cache beside the store (`installed_env`)."""
    import subprocess
    import sys

    from oncall.bench.processes import installed_env

    argv = ["--home", str(home), "--passphrase-file", str(passfile), *args]
    env = installed_env(str(home.parent / "pycache"))
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=False, env=env
    )
    seconds = time.perf_counter() - started
    line = next((row for row in done.stderr.splitlines() if row.startswith("BENCH ")), None)
    if done.returncode != 0 or line is None:
        raise click.ClickException(f"oncall {' '.join(args)} failed: {done.stderr[-500:]}")
    fields = line.split()
    return seconds, float(fields[2]), float(fields[3])


def run_command_bench(directory: Path, events: int, runs: int) -> dict[str, Any]:
    """The whole `oncall export` per format, beside `oncall list`, interleaved."""
    from oncall.bench.tui import build_store

    home = directory / "store"
    case_id, _now = build_store(home, events)
    passfile = directory / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    floor: list[tuple[float, float, float]] = []
    timed: dict[str, list[tuple[float, float, float]]] = {fmt: [] for fmt in FORMATS}

    def export(fmt: str) -> tuple[float, float, float]:
        out = directory / f"out.{fmt}"
        return _command(
            home, passfile, "export", case_id, "--format", fmt, "--out", str(out), "--force"
        )

    _command(home, passfile, "list")  # untimed: compiles what each command imports
    for fmt in FORMATS:
        export(fmt)
    for _ in range(runs):
        floor.append(_command(home, passfile, "list"))
        for fmt in FORMATS:
            timed[fmt].append(export(fmt))
    floor_s = percentile([s for s, _, _ in floor], 0.5)
    formats: dict[str, Any] = {}
    for fmt in FORMATS:
        seconds = [s for s, _, _ in timed[fmt]]
        formats[fmt] = {
            "p50_s": round(percentile(seconds, 0.5), 3),
            "peak_mb": round(max(mb for _, mb, _ in timed[fmt]), 1),
            "after_unlock_mb": round(max(mb for _, _, mb in timed[fmt]), 1),
            "ratio_to_unlock": round(percentile(seconds, 0.5) / floor_s, 2),
        }
    targets = {
        **(
            {
                f"export md, whole command <= {COMMAND_MD_TARGET_S:g} s": (
                    formats["md"]["p50_s"] <= COMMAND_MD_TARGET_S
                )
            }
            if events <= EVENTS
            else {}
        ),
        **{
            f"export {fmt} peak memory <= {COMMAND_PEAK_TARGET_MB:g} MB": (
                formats[fmt]["peak_mb"] <= COMMAND_PEAK_TARGET_MB
            )
            for fmt in FORMATS
        },
    }
    return {
        "events": events,
        "runs": runs,
        "unlock_alone": {
            "p50_s": round(floor_s, 3),
            "peak_mb": round(max(mb for _, mb, _ in floor), 1),
            "after_unlock_mb": round(max(mb for _, _, mb in floor), 1),
        },
        "formats": formats,
        "targets": targets,
    }


def _after(mb: float) -> str:
    return f"{mb:.0f} MB" if mb >= 0 else "n/a"


def render_command(results: dict[str, Any]) -> str:
    floor = results["unlock_alone"]
    lines = [
        f"whole command, a {results['events']:,}-event case in a store, "
        f"{results['runs']} runs each, interleaved (peak: whole process; after unlock: "
        "the peak once the key is derived, i.e. the command's own work):",
        f"  unlock alone (oncall list) p50 {floor['p50_s']:.3f} s, peak {floor['peak_mb']:.0f} MB,"
        f" after unlock {_after(floor['after_unlock_mb'])}",
    ]
    for fmt, row in results["formats"].items():
        lines.append(
            f"  export {fmt:<5} p50 {row['p50_s']:.3f} s ({row['ratio_to_unlock']:.2f}x unlock)"
            f"  peak {row['peak_mb']:.0f} MB, after unlock {_after(row['after_unlock_mb'])}"
        )
    lines.append("targets:")
    for name, met in results["targets"].items():
        lines.append(f"  {'met   ' if met else 'MISSED'} {name}")
    return "\n".join(lines)


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
@click.option(
    "--command",
    "command_events",
    type=click.IntRange(min=100),
    multiple=True,
    help="Also time the whole `oncall export` command (and its peak memory) on a store "
    "holding a case of this many events (repeatable, e.g. 5000 and 100000).",
)
def export_bench(
    as_json: bool,
    runs: int,
    events: int,
    playbook_path: Path | None,
    command_events: tuple[int, ...],
) -> None:
    """Time exporting a 5,000-event case (md/json/html <= 1 s, docx <= 3 s)."""
    import tempfile

    playbook = load_playbook(playbook_path or default_playbook_path())
    results = run_bench(playbook, events, runs)
    commands = []
    for size in command_events:
        with tempfile.TemporaryDirectory(prefix="oncall-bench-export-") as temp:
            commands.append(run_command_bench(Path(temp), size, runs))
    if commands:
        results["command"] = commands
    if as_json:
        click.echo(json.dumps(results, indent=2, ensure_ascii=False))
        return
    click.echo(render_results(results))
    for command in commands:
        click.echo(render_command(command))
