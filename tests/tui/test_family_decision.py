"""Issue 17: the family's decision fits a case being transferred ("she goes straight to
the hospital"), and every field typed into it shows in the timeline, the note too."""

from __future__ import annotations

from pathlib import Path

from oncall.tui import view
from oncall.tui.screens.case import CaseScreen

from .conftest import FakeClock, build, new_case, type_text, unlock


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
        await pilot.press("2")  # straight to the hospital; the digit moves on to the ETA
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
        line = next(what for _, _, what in rows if what.startswith("家长决定"))
        assert "直接去医院" in line
        assert "周虚构" in line  # who decided
        assert "妈妈从单位直接去市虚构医院" in line  # the note typed, not lost
        en = next(what for _, _, what in view.timeline_rows(screen.state, app.playbook, "en")
                  if what.startswith("Family decision"))
        assert "going straight to the hospital" in en and "妈妈从单位" in en
