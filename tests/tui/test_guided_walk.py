"""Issue 9: a new user finishes a level I case by following the ▶ line alone.

The case of the issue (a student on a 5th-floor balcony at night; custody; two
switched-off calls to the mother, the father reached; the counselor's ASQ; an I-PASS
handover; 120; the hospital handover; the written report next morning) is played with
Space, digits, typing into the focused field, Tab/Enter/Ctrl+S and `e` only: no key
moves between steps. Each step is the ▶ step when its key is pressed. Key presses are
counted (a typed value counts as typing, not as key presses)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from oncall.tui.app import OncallApp
from oncall.tui.screens.case import CaseScreen

from .conftest import FakeClock, build, unlock

NAVIGATION = {"up", "down", "j", "k", "escape", "pageup", "pagedown", "home", "end"}


class Walker:
    def __init__(self, pilot: Pilot[None], app: OncallApp, clock: FakeClock) -> None:
        self.pilot = pilot
        self.app = app
        self.clock = clock
        self.presses = 0

    @property
    def screen(self) -> CaseScreen:
        assert isinstance(self.app.screen, CaseScreen)
        return self.app.screen

    def at(self, step: str) -> None:
        """The step is the ▶ step, and the one shown."""
        state = self.screen.state
        assert state.current_step == step, (state.current_step, step)
        assert self.screen.shown_step == step

    async def keys(self, *keys: str) -> None:
        for key in keys:
            assert key not in NAVIGATION
            self.presses += 1
            await self.pilot.press(key)
            await self.pilot.pause()

    async def type(self, text: str) -> None:
        """Typing into the focused field."""
        await self.pilot.press(*text)
        await self.pilot.pause()

    def form(self) -> str:
        panels = self.screen.panels
        assert panels, "no form open"
        return str(panels[-1].query_one("#dialog-title").render())

    def dump(self) -> None:
        from textual.widgets import Checkbox, Input, Select

        s = self.screen
        print("▶", s.state.current_step, "shown", s.shown_step, "|", s.state.next_action.get("zh"))
        if s.panels:
            print("  form", self.form(), "focus", self.app.focused and self.app.focused.id)
            for wdg in s.panels[-1].query("Input, Select, Checkbox"):
                val = wdg.value
                print("    ", wdg.id, repr(val))

    def minutes(self, n: float) -> None:
        self.clock.advance(n)


async def test_level_i_case_by_the_next_line_alone(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        await w.keys("exclamation_mark")  # immediate danger, from the board
        await w.keys("space")  # danger.stay
        w.dump()
        await w.keys("space")
        w.dump()
        await w.keys("ctrl+s")
        w.dump()
        for _ in range(12):
            await w.keys("space")
            w.dump()
            if w.screen.panels:
                await w.keys("ctrl+s")
            w.dump()
