"""Snapshots of drill mode: the drill theme, the banner with the run's clock, the latest
inject, the next call's scripted outcome and the open real case's warning, and an inject
arriving as a notice on the case screen. Update with `--snapshot-update`, then look."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from oncall.locations import playbooks_dir
from oncall.tui.app import OncallApp, make_app
from oncall.tui.screens.case import CaseScreen

from .conftest import FakeClock, wait_for
from .snapshot_cases import store_with_case
from .test_snapshots import no_blink, unlock

Snap = Callable[..., bool]


@pytest.mark.parametrize(
    ("lang", "size"),
    [pytest.param("zh", (80, 24), id="zh-80x24"), pytest.param("en", (120, 40), id="en-120x40")],
)
def test_drill_case_screen(
    snap_compare: Snap, tmp_path: Path, clock: FakeClock, lang: str, size: tuple[int, int]
) -> None:
    home = tmp_path / "store"
    store_with_case(home, clock, "overdue_checkin")  # a real case with a warning
    app = make_app(
        home=home,
        lang=lang,  # type: ignore[arg-type]
        clock=clock,  # type: ignore[arg-type]
        drill_scenario=playbooks_dir() / "drills" / "rooftop.toml",
    )

    async def run_before(pilot: Pilot[None]) -> None:
        assert isinstance(app, OncallApp)
        await unlock(pilot, app)
        await wait_for(pilot, lambda: bool(app.screen.query("MenuPanel")))
        await pilot.press("1")  # start, the real case keeps running
        await wait_for(pilot, lambda: bool(app.screen.query("FormPanel")))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        app.clear_notifications()  # the brief; the inject's notice is what we look at
        clock.now += timedelta(minutes=2)
        app.drill_tick()
        await pilot.pause()
        no_blink(app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
