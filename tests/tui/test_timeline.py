"""The timeline of a long case: a table that draws only the lines in sight, filled by
a worker, every row reachable by keys, that leaves nothing behind once closed."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widget import Widget

from oncall.bench.tui import PASSPHRASE, build_store
from oncall.tui import view
from oncall.tui.app import OncallApp, make_app
from oncall.tui.i18n import t
from oncall.tui.screens.case import CaseScreen
from oncall.tui.screens.timeline import TimelinePanel
from oncall.tui.widgets.event_table import EventTable

from .conftest import unlock, wait_for

EVENTS = 600


async def long_case(pilot: Pilot[None], app: OncallApp) -> CaseScreen:
    await unlock(pilot, app, passphrase=PASSPHRASE)
    await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
    screen = app.screen
    assert isinstance(screen, CaseScreen)
    return screen


def seen(table: EventTable) -> list[str]:
    """The table's lines as drawn: the header, then the rows in sight."""
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


def detail(panel: TimelinePanel) -> str:
    """The row under the cursor, whole (its recorded fields follow on the next line)."""
    return str(panel.query_one("#timeline-detail").render()).split("\n")[0]


async def test_a_long_timeline_opens_on_its_last_row_and_every_row_is_reachable(
    tmp_path: Path,
) -> None:
    _case_id, now = build_store(tmp_path / "store", EVENTS)
    app = make_app(home=tmp_path / "store", clock=lambda: now)
    closed: list[weakref.ref[EventTable]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await long_case(pilot, app)
        for _ in range(2):
            await pilot.press("t")
            await wait_for(pilot, lambda: bool(screen.query(TimelinePanel)))
            panel = screen.panels[-1]
            assert isinstance(panel, TimelinePanel)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert panel.loaded
            table = panel.query_one(EventTable)
            assert table.has_focus
            rows = view.timeline_rows(screen.state, app.playbook, app.lang)
            assert table.row_count == len(rows) == len(screen.state.recorded) >= EVENTS
            assert len(list(panel.query(Widget))) < 10  # not a widget per event
            lines = seen(table)
            assert lines[0].split() == [t(f"timeline.{c}", "zh") for c in ("when", "who", "what")]
            # the last row is drawn last, under the cursor, and shown whole below
            assert lines[-1].split()[:2] == rows[-1][0].split()[:2]
            assert rows[-1][2][:20] in lines[-1]
            # columns line up, measured in cells (a Chinese character takes two)
            in_sight = rows[len(rows) - (len(lines) - 1) :]
            starts = {
                cell_len(line[: line.index(row[2][:8])])
                for line, row in zip(lines[1:], in_sight, strict=True)
            }
            assert starts == {cell_len(lines[0][: lines[0].index(t("timeline.what", "zh"))])}
            assert detail(panel) == rows[-1][2]
            await pilot.press("up")
            assert detail(panel) == rows[-2][2]
            assert seen(table)[-1] == lines[-1]  # the cursor moved, the rows did not
            await pilot.press("home")
            assert detail(panel) == rows[0][2]
            assert rows[0][2][:20] in seen(table)[1]
            await pilot.press("pagedown")
            page = len(lines) - 1
            assert detail(panel) == rows[page][2]
            assert rows[page][2][:20] in seen(table)[-1]  # scrolled just enough
            for _ in range(2):
                await pilot.press("down")
            assert detail(panel) == rows[page + 2][2]
            await pilot.press("pageup")
            assert detail(panel) == rows[2][2]
            await pilot.press("end")
            assert detail(panel) == rows[-1][2] and seen(table) == lines
            await pilot.click(table, offset=(2, 1))  # the first row in sight
            assert detail(panel) == in_sight[0][2]
            closed.append(weakref.ref(table))
            del table, panel
            await pilot.press("escape")
            await pilot.pause()
            assert not screen.query(TimelinePanel)  # closed: the table is gone
            assert screen.query_one("#case-body").display
        gc.collect()
        # nothing piles up per opening: the first table is gone; the last may still be
        # held by Textual (its finished worker, a cache of the screen's children), empty
        assert closed[0]() is None
        last = closed[1]()
        assert last is None or last.row_count == 0


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
