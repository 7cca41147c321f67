"""`oncall bench journal`: append, open and verify costs at 1,000 and 100,000 events.

Builds a store of 1,000 cases and 100,000 events (one case holding 5,000), then
times appending to that large case against the floor: the same number of bytes
encrypted, appended and fsync'd to a plain file on the same disk, each append paired
with a floor write in the same loop (alternating which goes first), and reports the
ratio. An append is two durable writes (the event, then its case's anchor). The store uses
the real key-derivation cost, so the unlock is timed as users will feel it.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from oncall.journal import Journal
from oncall.journal.crypto import DEFAULT_SCRYPT_N, derive_passphrase_key
from oncall.vocabulary import kinds as kinds_

PASSPHRASE = "benchmark passphrase"
ACTOR = "值班教师（基准）"
TOTAL_CASES = 1_000
TOTAL_EVENTS = 100_000
BIG_CASE_EVENTS = 5_000
SMALL_STORE_EVENTS = 1_000
SAMPLES = 1_000


def sample_data(n: int) -> tuple[str, dict[str, Any]]:
    """Events of the sizes and shapes a real case has (invented content)."""
    kinds: list[tuple[str, dict[str, Any]]] = [
        (kinds_.CUSTODY_CHECKIN, {"by": "陈老师（虚构）", "state": "情绪平稳，在心理室休息"}),
        (
            kinds_.CONTACT_ATTEMPT,
            {
                "by": "班主任（虚构）",
                "target": "家长甲（虚构）",
                "phone": "010-0000-0000",
                "outcome": "no_answer",
                "said": "请尽快回电学校",
            },
        ),
        (kinds_.STEP_ANSWERED, {"step": "bench.question", "value": "no"}),
        ("note", {"text": f"第{n}条记录：学生在监护中，值班教师陪同，未见异常。"}),
    ]
    return kinds[n % len(kinds)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class Timing:
    p50_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> Timing:
        return cls(
            percentile(seconds, 0.5) * 1e3,
            percentile(seconds, 0.99) * 1e3,
            max(seconds) * 1e3,
        )


class Floor:
    """The floor: the same bytes encrypted, appended to a plain file and fsync'd."""

    def __init__(self, directory: Path, record_bytes: int) -> None:
        self.aead = AESGCM(AESGCM.generate_key(bit_length=256))
        self.payload = os.urandom(max(1, record_bytes - 36))
        self.fd = os.open(directory / "floor.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self) -> float:
        start = time.perf_counter()
        nonce = os.urandom(12)
        os.write(self.fd, nonce + self.aead.encrypt(nonce, self.payload, None))
        os.fsync(self.fd)
        return time.perf_counter() - start

    def close(self) -> None:
        os.close(self.fd)


@dataclass
class Paired:
    """Appends and floor writes timed in one loop, alternating, so a drift in the
    machine's speed touches both alike."""

    append: Timing
    floor: Timing
    ratio_p50: float
    """append p50 / floor p50."""
    pair_ratio_median: float
    """The median of each append's time over its paired floor write's."""
    record_bytes: int


def time_interleaved(journal: Journal, case: str, count: int, directory: Path) -> Paired:
    """Time `count` appends, each paired with a floor write of the same size."""
    storage = journal._case(case).storage
    size_before = storage.used_bytes
    kind, data = sample_data(0)
    journal.append(case, kind, data, ACTOR)  # untimed: learns the record size
    record_bytes = storage.used_bytes - size_before
    floor = Floor(directory, record_bytes)
    appends: list[float] = []
    floors: list[float] = []
    try:
        for n in range(count):
            kind, data = sample_data(n)
            if n % 2:
                floors.append(floor.write())
            start = time.perf_counter()
            journal.append(case, kind, data, ACTOR)
            appends.append(time.perf_counter() - start)
            if not n % 2:
                floors.append(floor.write())
    finally:
        floor.close()
    append_t, floor_t = Timing.of(appends), Timing.of(floors)
    pairs = [a / f for a, f in zip(appends, floors, strict=True) if f > 0]
    return Paired(
        append_t,
        floor_t,
        round(append_t.p50_ms / floor_t.p50_ms, 2),
        round(percentile(pairs, 0.5), 2),
        record_bytes,
    )


def fill(journal: Journal, case: str, count: int) -> None:
    """Add `count` events to a case, fsync'd once at the end (building only)."""
    storage = journal._case(case).storage
    with storage.deferred_sync():
        for n in range(count):
            kind, data = sample_data(n)
            journal.append(case, kind, data, ACTOR)


def run_bench(home: Path, progress: Callable[[str], None]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    start = time.perf_counter()
    derive_passphrase_key(PASSPHRASE, b"0" * 16, DEFAULT_SCRYPT_N)
    kdf_s = time.perf_counter() - start
    results["kdf_seconds"] = round(kdf_s, 3)

    progress("building a store of 1,000 events")
    journal = Journal.create(home, PASSPHRASE)
    big = journal.new_case(actor=ACTOR, student_name="基准学生（虚构）")
    small_cases = [journal.new_case(actor=ACTOR) for _ in range(9)]
    fill(journal, big, 500 - 1)
    for case in small_cases:
        fill(journal, case, (SMALL_STORE_EVENTS - 500) // 9 - 1)
    in_store = sum(len(journal.events(c.id)) for c in journal.cases())
    progress(f"timing {SAMPLES} appends at {in_store} events, interleaved with the floor")
    small = time_interleaved(journal, big, SAMPLES, home)

    progress("growing the store to 1,000 cases and 100,000 events")
    remaining_cases = TOTAL_CASES - 1 - len(small_cases)
    for _ in range(remaining_cases):
        small_cases.append(journal.new_case(actor=ACTOR))
    big_now = len(journal.events(big))
    fill(journal, big, BIG_CASE_EVENTS - SAMPLES // 2 - big_now)
    others = TOTAL_EVENTS - BIG_CASE_EVENTS - sum(len(journal.events(case)) for case in small_cases)
    per_case, extra = divmod(others, len(small_cases))
    for i, case in enumerate(small_cases):
        fill(journal, case, per_case + (1 if i < extra else 0))
    for case in small_cases:  # keep memory flat: a real session opens few cases
        journal._cases.pop(case).close()
    progress(f"timing {SAMPLES // 2} appends to the 5,000-event case, interleaved")
    large = time_interleaved(journal, big, SAMPLES // 2, home)
    case_events = len(journal.events(big))
    journal.close()

    progress("timing open + unlock")
    start = time.perf_counter()
    journal = Journal.open(home, PASSPHRASE)
    open_s = time.perf_counter() - start
    cases = journal.cases()
    start = time.perf_counter()
    journal.events(big)
    open_case_s = time.perf_counter() - start
    progress("timing verify over every event")
    start = time.perf_counter()
    report = journal.verify()
    verify_s = time.perf_counter() - start
    journal.close()

    results.update(
        cases=len(cases),
        events=report.events,
        big_case_events=case_events,
        record_bytes=small.record_bytes,
        floor_at_1000=small.floor.__dict__,
        append_at_1000=small.append.__dict__,
        ratio_at_1000=small.ratio_p50,
        pair_ratio_at_1000=small.pair_ratio_median,
        floor_at_100000=large.floor.__dict__,
        append_at_100000=large.append.__dict__,
        ratio_at_100000=large.ratio_p50,
        pair_ratio_at_100000=large.pair_ratio_median,
        open_seconds=round(open_s, 3),
        open_minus_kdf_seconds=round(open_s - kdf_s, 3),
        open_big_case_seconds=round(open_case_s, 3),
        verify_seconds=round(verify_s, 3),
        verify_ok=report.ok,
    )
    results["targets"] = {
        "append p50 <= 3x floor p50 (interleaved)": max(small.ratio_p50, large.ratio_p50) <= 3,
        "append p99 <= 5 ms": large.append.p99_ms <= 5.0,
        "ratio at 100k <= 1.5x ratio at 1k": large.ratio_p50 <= 1.5 * small.ratio_p50,
        "open <= 1 s + kdf": open_s - kdf_s <= 1.0,
        "verify <= 3 s": verify_s <= 3.0,
    }
    return results


def render(results: dict[str, Any]) -> str:
    def t(name: str) -> str:
        v = results[name]
        return f"p50 {v['p50_ms']:.3f} ms  p99 {v['p99_ms']:.3f} ms  max {v['max_ms']:.3f} ms"

    lines = [
        f"store: {results['cases']} cases, {results['events']} events "
        f"(largest case {results['big_case_events']}); record {results['record_bytes']} bytes",
        "appends and the floor (encrypt+append+fsync to a plain file, same size) "
        "timed alternately in one loop:",
        f"  at 1,000 events    floor:  {t('floor_at_1000')}",
        f"                     append: {t('append_at_1000')}",
        f"                     append/floor: p50 {results['ratio_at_1000']:.2f}x, "
        f"median of pairs {results['pair_ratio_at_1000']:.2f}x",
        f"  at 100,000 events  floor:  {t('floor_at_100000')}",
        f"  (5,000 in case)    append: {t('append_at_100000')}",
        f"                     append/floor: p50 {results['ratio_at_100000']:.2f}x, "
        f"median of pairs {results['pair_ratio_at_100000']:.2f}x",
        f"key derivation (scrypt n=2^17): {results['kdf_seconds']:.3f} s",
        f"open + unlock: {results['open_seconds']:.3f} s "
        f"({results['open_minus_kdf_seconds']:.3f} s besides the key derivation); "
        f"first read of the 5,000-event case {results['open_big_case_seconds']:.3f} s",
        f"verify all: {results['verify_seconds']:.3f} s (intact: {results['verify_ok']})",
        "targets:",
    ]
    for name, met in results["targets"].items():
        lines.append(f"  {'met   ' if met else 'MISSED'} {name}")
    return "\n".join(lines)


@click.command(name="journal")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    help="Build the benchmark store here (default: a temporary folder, removed after).",
)
def journal_bench(as_json: bool, directory: Path | None) -> None:
    """Append/open/verify costs on a 1,000-case, 100,000-event store (about a minute)."""

    def progress(message: str) -> None:
        click.echo(f"... {message}", err=True)

    if directory is not None:
        results = run_bench(directory / "bench-store", progress)
    else:
        with tempfile.TemporaryDirectory(prefix="oncall-bench-") as temp:
            results = run_bench(Path(temp) / "store", progress)
    click.echo(json.dumps(results, indent=2) if as_json else render(results))
