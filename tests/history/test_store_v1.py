"""History stays readable: a store made by the version before "one step, one record"
(`store-v1/`, see `make_store_v1.py`) opens, replays and exports in every format with
today's code, and its debriefs mean what they meant then: the same events, integrity,
level and key intervals. The differences are fixes: the night case's 120 call, typed
with `e` on the step (a v1 `step.done`), now counts as the 120 call, and an interval
with no target that v1 called "met" is now "done" (neither met nor missed)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from oncall.export import case_record, render
from oncall.journal import Journal
from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook
from support.clocks import beijing_time

HERE = Path(__file__).parent
PASSPHRASE = "history fixture passphrase"
CASES = sorted(path.stem for path in (HERE / "expected").glob("*.case"))
CHANGED = {("night-120", "call_120"): ("missed", "met")}
"""(case, interval) -> (v1 status, status now): what the fix changes, on purpose."""


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    home = tmp_path_factory.mktemp("history") / "store"
    shutil.copytree(HERE / "store-v1", home)
    return Journal.open(home, PASSPHRASE, read_only=True)


def test_the_fixture_holds_the_cases() -> None:
    assert CASES == ["gap-drill", "level-i", "level-ii", "level-iii", "night-120"]


@pytest.mark.parametrize("name", CASES)
def test_a_v1_case_exports_the_same_in_meaning(name: str, journal: Journal) -> None:
    case_id, when = (HERE / "expected" / f"{name}.case").read_text().split()
    now = datetime.fromisoformat(when)
    before = json.loads((HERE / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    playbook = load_playbook(default_playbook_path())
    record = case_record(journal, case_id)
    with beijing_time():
        for fmt in ("md", "html", "docx"):
            assert render(fmt, record, playbook, now=now, lang="zh")  # type: ignore[arg-type]
        after = json.loads(render("json", record, playbook, now=now, lang="zh"))

    integrity = dict(after["integrity"])
    assert integrity.pop("fingerprint") == f"{integrity['events']}:{integrity['final_hash']}"
    assert integrity == before["integrity"]  # v1 printed no fingerprint
    assert [e["hash"] for e in after["events"]] == [e["hash"] for e in before["events"]]
    assert after["case"]["level"] == before["case"]["level"]
    assert after["case"]["levels"] == before["case"]["levels"]
    old = {row["id"]: row for row in before["intervals"]}
    new = {row["id"]: row for row in after["intervals"]}
    assert new.keys() == old.keys()
    for interval_id, row in new.items():
        was = old[interval_id]
        expected = CHANGED.get((name, interval_id), (was["status"], was["status"]))
        if was["status"] == "met" and row["target_minutes"] is None and interval_id != "custody":
            expected = ("met", "done")  # no target: v1 called it met, now neither met nor missed
        assert (was["status"], row["status"]) == expected, interval_id
        if (name, interval_id) not in CHANGED:
            assert (row["start"], row["end"], row["minutes"]) == (
                was["start"], was["end"], was["minutes"]
            ), interval_id


def test_the_night_case_now_says_120_was_called_two_minutes_in(journal: Journal) -> None:
    case_id, when = (HERE / "expected" / "night-120.case").read_text().split()
    playbook = load_playbook(default_playbook_path())
    with beijing_time():
        data = json.loads(render("json", case_record(journal, case_id), playbook,
                                 now=datetime.fromisoformat(when), lang="zh"))
    call = next(row for row in data["intervals"] if row["id"] == "call_120")
    assert (call["minutes"], call["status"]) == (2, "met")
