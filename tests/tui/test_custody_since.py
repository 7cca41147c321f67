"""Issue 17: custody recorded a few minutes after the case opened recorded the minute
of the entry (21:46) although the student had been with a teacher since they were found
(21:40). The start's form offers the opening time and says which time is recorded."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from oncall.tui.screens.case import CaseScreen

from .conftest import FakeClock, build, new_case, unlock


async def _start_custody(pilot: Pilot[None]) -> None:
    await pilot.press("c", "1")
    await pilot.pause()


async def test_custody_recorded_late_offers_when_the_student_was_found(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        opened = screen.state.opened_at
        clock.advance(6)
        await _start_custody(pilot)
        at = app.screen.query_one("#f-at", Input)
        found = opened.astimezone().strftime("%H:%M")
        assert at.value == found
        form = " ".join(str(label.render()) for label in app.screen.query("Label"))
        assert found in form and "留空为现在" in form  # which time is recorded, in words
        await pilot.press(*"值班室")
        await pilot.press("ctrl+s")
        await pilot.pause()
        started = screen.state.custody.started_at
        assert started is not None
        assert started.astimezone().strftime("%H:%M") == found


async def test_custody_started_long_after_the_opening_is_now(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app)
        clock.advance(180)  # raised to custody later: no guess from the opening
        await _start_custody(pilot)
        assert app.screen.query_one("#f-at", Input).value == ""
