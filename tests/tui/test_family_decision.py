"""Issue 17: the family's decision fits a case being transferred ("she goes straight to
the hospital"), and every field typed into it shows in the timeline's detail of the row,
the note and who decided too."""

from __future__ import annotations

from pathlib import Path

from oncall.tui import view
from oncall.tui.screens.case import CaseScreen
from oncall.tui.screens.timeline import TimelinePanel
from oncall.tui.widgets.event_table import EventTable

from .conftest import FakeClock, build, new_case, type_text, unlock, wait_for


async def test_straight_to_the_hospital_with_its_note_in_the_timeline(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        await pilot.press("p", "3")  # the family's decision
        await pilot.pause()
        await pilot.press("6")  # straight to the hospital; the digit moves on to the ETA
        await type_text(pilot, "14:40")
        await pilot.press("tab")
        await type_text(pilot, "周虚构")
        await pilot.press("tab")
        await type_text(pilot, "妈妈从单位直接去市虚构医院")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        [decision] = screen.state.contacts.decisions
        assert decision.decision == "to_hospital"
        rows = view.timeline_rows(screen.state, app.playbook, "zh")
        number = next(n for n, (_, _, what) in enumerate(rows) if what.startswith("家长决定"))
        assert "直接去医院" in rows[number][2]
        # the timeline: the row under the cursor shows every field recorded, labelled
        await pilot.press("t")
        panel = app.screen.query_one(TimelinePanel)
        await wait_for(pilot, lambda: panel.loaded)
        panel.query_one(EventTable).cursor_row = number
        await pilot.pause()
        detail = str(panel.query_one("#timeline-detail").render())
        assert "直接去医院" in detail
        assert "家长：周虚构" in detail  # who decided
        assert "备注：妈妈从单位直接去市虚构医院" in detail  # the note typed, not lost
