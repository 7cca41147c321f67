"""`oncall bench seats` runs end to end with tiny sizes and gives every figure beside
its peer: a seat's record beside the single process's, another seat seeing it, and
key -> redrawn at a seat app beside the app alone, with its other seat's app."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from oncall.bench.seats import render, run_bench
from oncall.cli import cli

from .conftest import TEST_KDF_N


def test_bench_seats_gives_each_figure_beside_its_peer(tmp_path: Path) -> None:
    body = run_bench(tmp_path, 150, records=4, sees=3, presses=4, rounds=1, kdf_n=TEST_KDF_N)
    assert body["record"]["count"] == 4
    for figures in (
        body["record"]["seat"],
        body["record"]["single_process"],
        body["seen"]["own_record"],
        body["app"]["seat"],
        body["app"]["single_process"],
        body["app"]["other_seat_redrawn"],
        body["app"]["submit"]["seat"],
        body["app"]["submit"]["single_process"],
    ):
        assert 0 < figures["min_ms"] <= figures["median_ms"] <= figures["max_ms"]
    assert body["seen"]["count"] == 3
    assert body["app"]["presses"] == {"seat": 4, "single_process": 4}
    assert body["app"]["recorded"] == {"seat": 4, "single_process": 4}
    assert body["targets"]["every press recorded one event, at the seat and alone"]
    shown = render(body)
    for name in body["targets"]:
        assert name in shown


def test_bench_seats_is_a_benchmark_with_its_options() -> None:
    shown = CliRunner().invoke(cli, ["bench", "seats", "--help"])
    assert shown.exit_code == 0
    for option in ("--records", "--sees", "--presses", "--rounds", "--events"):
        assert option in shown.output
