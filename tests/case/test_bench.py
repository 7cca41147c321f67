"""`oncall bench replay`: it runs, reports the numbers and the target, and the case it
builds is the realistic level I case it claims to be."""

from __future__ import annotations

import json

from click.testing import CliRunner

from oncall.bench.replay import build_case
from oncall.case import replay
from oncall.cli import cli
from oncall.playbook import Playbook


def test_bench_replay_reports_percentiles_against_the_target() -> None:
    result = CliRunner().invoke(cli, ["bench", "replay", "--json", "--runs", "3",
                                      "--events", "500"])

    assert result.exit_code == 0, result.output
    numbers = json.loads(result.output)
    assert numbers["events"] == 500
    assert numbers["target"] == "<= 50 ms"
    assert 0 < numbers["p50_ms"] <= numbers["p99_ms"] <= numbers["max_ms"]


def test_the_bench_case_is_a_level_i_case_in_ward_custody(playbook: Playbook) -> None:
    events = build_case(playbook, 2_000)
    state = replay(playbook, events, max(e.at_time for e in events))

    assert len(events) == 2_000
    assert state.level == "I"
    assert state.custody.active and state.custody.place == "病房"
    assert len(state.custody.handovers) > 5
    assert state.withdrawn  # some undos
    assert any(e.recorded_at > e.at for e in events if e.kind == "note")  # late entries
