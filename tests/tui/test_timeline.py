"""The timeline of a long case: a table that draws what is in sight, filled by a
worker, that leaves nothing behind once closed."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable

from oncall.bench.tui import PASSPHRASE, build_store
from oncall.tui.app import OncallApp, make_app
from oncall.tui.screens.case import CaseScreen
from oncall.tui.screens.timeline import TimelinePanel

from .conftest import unlock, wait_for

EVENTS = 600


async def long_case(pilot: Pilot[None], app: OncallApp) -> CaseScreen:
    await unlock(pilot, app, passphrase=PASSPHRASE)
    await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
    screen = app.screen
    assert isinstance(screen, CaseScreen)
    return screen


async def test_a_long_timeline_is_one_table_filled_in_batches(tmp_path: Path) -> None:
    _case_id, now = build_store(tmp_path / "store", EVENTS)
    app = make_app(home=tmp_path / "store", clock=lambda: now)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await long_case(pilot, app)
        for _ in range(2):
            await pilot.press("t")
            await wait_for(pilot, lambda: bool(screen.query(TimelinePanel)))
            panel = screen.query_one(TimelinePanel)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert panel.loaded
            table = panel.query_one(DataTable)
            assert table.row_count == len(screen.state.recorded) >= EVENTS
            assert len(list(panel.query(Widget))) < 10  # not a widget per event
            last = str(table.get_row_at(table.row_count - 1)[2])
            assert table.cursor_row == table.row_count - 1
            assert str(panel.query_one("#timeline-detail").render()) == last
            await pilot.press("up")
            above = str(table.get_row_at(table.row_count - 2)[2])
            assert str(panel.query_one("#timeline-detail").render()) == above
            await pilot.press("escape")
            await pilot.pause()
            assert not screen.query(TimelinePanel)  # closed: the table is gone
            assert screen.query_one("#case-body").display


async def test_closing_while_it_loads_leaves_the_case_screen_working(tmp_path: Path) -> None:
    _case_id, now = build_store(tmp_path / "store", EVENTS)
    app = make_app(home=tmp_path / "store", clock=lambda: now)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await long_case(pilot, app)
        await pilot.press("t", "escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.query(TimelinePanel)
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one(TimelinePanel).loaded
