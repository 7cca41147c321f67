"""A step longer than its pane at 80×24 (a choice whose last options sit under a long
guidance) once hid its options: a stranger picked an option he could not see, twice, and
the record kept two withdrawn answers. Now the hint says more is below, and PgDn
shows it."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll

from oncall.tui.i18n import t
from oncall.tui.screens.case import CaseScreen

from .conftest import FakeClock, build, new_case, unlock


async def test_every_step_too_long_for_its_pane_says_so_and_pgdn_shows_the_rest(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        more = t("case.more_below", "zh")
        hint = screen.query_one("#step-hint")
        step_view = screen.query_one("#step-view", VerticalScroll)
        long_steps = 0
        for step in app.playbook.steps():
            screen.show_step(step.id)
            await pilot.pause()
            await pilot.pause()
            if step_view.max_scroll_y == 0:
                assert more not in str(hint.render()), step.id
                continue
            long_steps += 1
            assert str(hint.render()).startswith(more), step.id
            assert hint.region.bottom <= 23  # the hint itself is on screen
            for _ in range(20):
                if step_view.scroll_y >= step_view.max_scroll_y:
                    break
                await pilot.press("pagedown")
                await pilot.pause()
            await pilot.pause()
            assert step_view.scroll_y == step_view.max_scroll_y, step.id
            assert more not in str(hint.render()), step.id  # the end is in sight
            assert screen.shown_step == step.id  # paging never moves to another step
        assert long_steps > 0  # the default playbook has such steps at 80×24

