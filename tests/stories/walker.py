"""Playing a story through the real app by following only ▶: every key is counted, and
before each key the step it is meant for must be the ▶ step and the one shown. Keys
that move between steps (arrows, j/k, Esc) are refused: a story never navigates."""

from __future__ import annotations

from textual.pilot import Pilot

from oncall.tui.app import OncallApp
from oncall.tui.screens.case import CaseScreen
from support.clocks import FakeClock

NAVIGATION = {"up", "down", "j", "k", "escape", "pageup", "pagedown", "home", "end"}


class Walker:
    def __init__(self, pilot: Pilot[None], app: OncallApp, clock: FakeClock) -> None:
        self.pilot = pilot
        self.app = app
        self.clock = clock
        self.presses = 0
        self.typed = 0
        """Values typed (each counts once, as one key send)."""

    @property
    def screen(self) -> CaseScreen:
        assert isinstance(self.app.screen, CaseScreen)
        return self.app.screen

    def at(self, step: str) -> None:
        """The step is the ▶ step, and the one shown."""
        state = self.screen.state
        assert state.urgent_entry is None, f"▶ is {state.urgent_entry}, not {step}"
        assert state.current_step == step, (state.current_step, step)
        assert self.screen.shown_step == step

    async def check_in(self) -> None:
        """▶ is the overdue check-in (whatever step was next): Space opens it, Ctrl+S
        keeps who checked (the operator, prefilled)."""
        state = self.screen.state
        assert state.urgent_entry == "custody.checkin", (state.urgent_entry, state.current_step)
        assert self.screen.shown_step is None
        await self.keys("space", "ctrl+s")
        assert self.screen.state.urgent_entry is None

    async def keys(self, *keys: str) -> None:
        for key in keys:
            assert key not in NAVIGATION
            self.presses += 1
            await self.pilot.press(key)
            await self.pilot.pause()
            self.status_lines_visible()

    def status_lines_visible(self) -> None:
        """Under every form the status bar and the ▶ line are on screen."""
        if not isinstance(self.app.screen, CaseScreen):
            return
        for line in ("#status-bar", "#next-action"):
            region = self.screen.query_one(line).region
            assert region.height > 0 and region.y < 6, line

    async def check_in_if_asked(self) -> bool:
        """Time has passed: the check-in when ▶ asks for it (every 15 minutes)."""
        if self.screen.state.urgent_entry is None:
            return False
        await self.check_in()
        return True

    async def type(self, text: str) -> None:
        """Typing into the focused field."""
        self.typed += 1
        await self.pilot.press(*text)
        await self.pilot.pause()

    async def do(self, step: str, *keys: str, values: tuple[str, ...] = ()) -> None:
        """At ▶ `step`: press `keys` (the first opens the entry), type `values` into the
        fields in order (Tab between them), then Ctrl+S if values were typed."""
        self.at(step)
        await self.keys(*keys)
        for number, value in enumerate(values):
            if number:
                await self.keys("tab")
            await self.type(value)
        if values:
            await self.keys("ctrl+s")

    async def open_case(self, *facts: str) -> None:
        """`n`: a new case, typing the place, what was seen, name, class and age."""
        await self.keys("n")
        for number, value in enumerate(facts):
            if number:
                await self.keys("tab")
            await self.type(value)
        await self.keys("ctrl+s")

    def minutes(self, n: float) -> None:
        """Time passes; the case screen's one-second tick sees it (as it would)."""
        self.clock.advance(n)
        if isinstance(self.app.screen, CaseScreen):
            self.screen.tick()


NOTHING_DUE = ""
"""`follow` until ▶ says nothing is due now (a follow-up's time has not come)."""


async def follow(
    w: Walker,
    until: str,
    answers: dict[str, tuple[str, ...]],
    *,
    most: int = 80,
) -> list[str]:
    """Follow ▶ until `until` is the ▶ step (`NOTHING_DUE`: until nothing is due now):
    each step gets the keys `answers` gives it, else the plain way its kind asks
    (Space: read, done; Space then 1: none ticked; a form or an entry opens and Ctrl+S
    keeps its prefilled values). A value in `answers` that is not a key name is typed.
    Returns the steps walked."""
    walked: list[str] = []
    for _ in range(most):
        if w.screen.state.urgent_entry is not None:
            await w.check_in()
            walked.append("check-in")
            continue
        current = w.screen.state.current_step
        if current is None and until == NOTHING_DUE:
            return walked
        assert current is not None, walked
        if current == until:
            return walked
        assert walked[-2:] != [current, current], f"{current} does not move on: {walked}"
        walked.append(current)
        step = w.app.playbook.step(current)
        given = answers.get(current)
        if given is None:
            opens_entry = step.kind == "form" or step.records is not None
            given = ("space", "ctrl+s") if opens_entry else ("space",)
            if step.kind == "check":  # nothing ticked: Space, then 1 for "none"
                given = ("space", "1")
        for item in given:
            if not item:
                continue  # a field left blank
            if len(item) == 1 or item in KEY_NAMES:
                await w.keys(item)
            else:
                await w.type(item)
    raise AssertionError(f"{until} never came: {walked}")


KEY_NAMES = {"space", "tab", "ctrl+s", "enter", "backspace", "shift+tab"}
