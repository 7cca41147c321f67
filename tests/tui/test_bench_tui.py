"""`oncall bench tui` runs end to end on small cases and prints every figure beside its
peer: press latency per case size and their ratio, launch and form opening against a
bare Textual app."""

from __future__ import annotations

import json

from click.testing import CliRunner

from oncall.cli import cli


def test_bench_tui_reports_sizes_ratio_and_peers() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "bench",
            "tui",
            "--json",
            "--events",
            "300,150",
            "--presses",
            "4",
            "--launches",
            "1",
            "--forms",
            "2",
            "--work-events",
            "150",
            "--board-cases",
            "2",
            "--board-events",
            "120",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output[result.output.index("{") :])
    assert body["sizes"] == [150, 300]
    assert body["events_recorded"] == {"150": 4, "300": 4}
    for size in ("150", "300"):
        press = body["press"][size]
        assert 0 < press["p50_ms"] <= press["p99_ms"] <= press["max_ms"]
    growth = body["press"]["300"]["p99_ms"] / body["press"]["150"]["p99_ms"]
    assert abs(body["press_p99_growth"] - growth) < 0.01
    assert body["launch_seconds"]["oncall"]["median"] > 0
    assert body["launch_seconds"]["bare_textual"]["median"] > 0
    assert (
        body["form_open"]["oncall"]["p50_ms"] > 0
        and body["form_open"]["bare_textual"]["p50_ms"] > 0
    )
    assert body["form_open"]["opened"] == {"oncall": 2, "bare_textual": 2}
    assert body["targets"]["every press recorded one event"]
    assert body["targets"]["every form key opened a form"]
    work = body["casework"]["per_size"]["150"]
    for what in ("undo", "late", "bare_record", "submit", "bare_submit", "timeline",
                 "bare_table", "intervals"):
        assert work[what]["p50_ms"] > 0, what
    assert work["submit_ratio"] > 0 and work["timeline_ratio"] > 0
    assert any(name.startswith("undo p99") for name in body["targets"])
    board = body["board"]
    assert board["cases"] == 2 and board["first_load_s"] > 0 and board["warm_reload_s"] > 0
    assert board["reloads_per_minute_unchanged"] <= 1


def test_bench_tui_refuses_bad_sizes() -> None:
    result = CliRunner().invoke(cli, ["bench", "tui", "--events", "many"])
    assert result.exit_code == 2 and "1000,5000,20000" in result.output
