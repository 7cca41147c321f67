"""How the opening reads in a timeline and a debrief: with what was known then, or, for
a case opened straight into immediate danger, plainly (no dangling colon)."""

from __future__ import annotations

from oncall.describe import Describer
from oncall.journal.event import Event
from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook

PLAYBOOK = load_playbook(default_playbook_path())


def opened(facts: dict[str, str]) -> Event:
    return Event(
        id="e1",
        case="c",
        seq=1,
        at="2026-12-06T13:40:00.000Z",
        tz="+08:00",
        recorded_at="2026-12-06T13:40:00.000Z",
        actor="王老师（虚构）",
        kind="case.opened",
        data={"facts": facts, "playbook": None},
    )


def test_an_opening_with_nothing_known_yet_reads_plainly() -> None:
    assert Describer(PLAYBOOK, "zh")(opened({})) == "开案"
    assert Describer(PLAYBOOK, "en")(opened({"reporter": "王老师（虚构）"})) == "Case opened"


def test_an_opening_says_where_and_what_was_seen() -> None:
    facts = {"place": "三楼走廊", "seen": "在窗边哭泣"}
    assert Describer(PLAYBOOK, "zh")(opened(facts)) == "开案：三楼走廊 在窗边哭泣"
    assert Describer(PLAYBOOK, "en")(opened({"place": "三楼走廊"})) == "Case opened: 三楼走廊"
