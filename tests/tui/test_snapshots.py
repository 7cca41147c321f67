"""SVG snapshots of the key screens, at 80×24 and 120×40, in Chinese and English.

Each test prepares a store through `CaseSession` (see `snapshot_cases`), builds the app
with `make_app` on the same fake clock, unlocks it by keys and goes to the screen.
Update with `pytest tests/tui/test_snapshots.py --snapshot-update`, then look at them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from oncall.tui.app import OncallApp
from oncall.tui.screens.board import BoardScreen
from oncall.tui.screens.case import CaseScreen

from .conftest import PASSPHRASE, TEACHER, FakeClock, build, wait_for
from .snapshot_cases import STAGES, store_for_board, store_with_case

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LANGS = ["zh", "en"]

Snap = Callable[..., bool]


def no_blink(app: OncallApp) -> None:
    """A blinking cursor would make a snapshot depend on when it is taken."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


async def unlock(pilot: Pilot[None], app: OncallApp) -> None:
    """Name, Enter, passphrase, Enter; then wait for the key derivation (a worker).
    The fields are filled rather than typed key by key (the Pilot tests type them):
    typing costs about two seconds a snapshot and shows nothing more."""
    await pilot.pause()
    no_blink(app)
    app.screen.query_one("#actor", Input).value = TEACHER
    await pilot.press("enter")
    app.screen.query_one("#passphrase", Input).value = PASSPHRASE
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.journal is not None)
    await pilot.pause()


def going_to(*keys: str, screen: type | None = None) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Unlock, wait for `screen` (the case opened on unlocking, by default), then press
    `keys`, one at a time."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, OncallApp)
        await unlock(pilot, app)
        await wait_for(pilot, lambda: isinstance(app.screen, screen or CaseScreen))
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()  # the timeline's rows, added by a worker
        # then the detail line under them takes its height, the table shrinks and, once
        # laid out, scrolls back to its cursor: a frame each (one was too few, loaded)
        for _ in range(3):
            await pilot.pause()
        no_blink(app)

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_board(
    snap_compare: Snap, tmp_path: Path, clock: FakeClock, lang: str, size: tuple[int, int]
) -> None:
    """A closed case, a drill, an open level I case with custody, one with no level."""
    home = tmp_path / "store"
    store_for_board(home, clock)
    app = build(home, clock, lang=lang)
    assert snap_compare(app, terminal_size=size, run_before=going_to("escape", screen=CaseScreen))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stage", list(STAGES))
def test_case_screen(
    snap_compare: Snap,
    tmp_path: Path,
    clock: FakeClock,
    stage: str,
    lang: str,
    size: tuple[int, int],
) -> None:
    home = tmp_path / "store"
    store_with_case(home, clock, stage)
    app = build(home, clock, lang=lang)
    # A closed case is not reopened on unlocking: it is opened from the board.
    run_before = going_to("enter", screen=BoardScreen) if stage == "closed" else going_to()
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_timeline(
    snap_compare: Snap, tmp_path: Path, clock: FakeClock, lang: str, size: tuple[int, int]
) -> None:
    """Every event of a whole case, from opening to closing."""
    home = tmp_path / "store"
    store_with_case(home, clock, "closed")
    app = build(home, clock, lang=lang)
    run_before = going_to("enter", "t", screen=BoardScreen)  # open it from the board, then `t`
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_help(
    snap_compare: Snap, tmp_path: Path, clock: FakeClock, lang: str, size: tuple[int, int]
) -> None:
    """`?` on the case screen: its keys, and how the journal works."""
    home = tmp_path / "store"
    store_with_case(home, clock, "level_i_custody")
    app = build(home, clock, lang=lang)
    assert snap_compare(app, terminal_size=size, run_before=going_to("question_mark"))


ENTRIES = {
    "menu": ("c",),
    "custody_start": ("c", "1"),
    "handover": ("c", "3"),
    "contact": ("p", "1"),
    "decision": ("p", "3"),
    "medical": ("m", "1"),
    "report": ("r", "2"),
    "level": ("l",),
    "facts": ("f",),
    "timeline": ("t",),
    "intervals": ("i",),
    "export": ("d",),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("entry", list(ENTRIES))
def test_entry_open(
    snap_compare: Snap, tmp_path: Path, clock: FakeClock, entry: str, lang: str
) -> None:
    """At 80×24 with each kind of entry open: the form or panel takes the body's place
    and both status lines and the ▶ line stay on screen above it."""
    home = tmp_path / "store"
    store_with_case(home, clock, "level_i_custody")
    app = build(home, clock, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=going_to(*ENTRIES[entry]))
