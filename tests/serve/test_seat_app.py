"""A seat in the app, driven as a person drives it (Pilot, 80×24), against a real
`oncall serve` process: what another seat records appears on its screen by itself,
the status bar names who else has the case open, and a lost server is said at once
and nothing is taken as recorded until it is back."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from textual.pilot import Pilot

from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook
from oncall.serve.seat import SeatJournal, follow
from oncall.session import CaseSession
from oncall.tui import view
from oncall.tui.app import OncallApp, make_app
from oncall.tui.screens.board import BoardScreen
from oncall.tui.screens.case import CaseScreen

from .conftest import PASSPHRASE, TEACHERS, Server

PLAYBOOK = load_playbook(default_playbook_path())


def seat_app(home: Path) -> OncallApp:
    return make_app(home=home, lang="zh", seat=True, passphrase=PASSPHRASE)


async def until(pilot: Pilot[None], holds: object, tries: int = 250) -> None:
    for _ in range(tries):
        if callable(holds) and holds():
            return
        await pilot.pause(0.02)
    raise AssertionError("never held")


def text(app: OncallApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def shown(app: OncallApp) -> str:
    """Every text on the screen, run together (a message may wrap anywhere)."""
    return "".join(str(w.render()) for w in app.screen.query("Static")).replace("\n", "")


async def joined(pilot: Pilot[None], app: OncallApp, name: str) -> None:
    """Named at the unlock screen (the passphrase was given): on to the board, or
    straight to the open case the others are working."""
    await pilot.press(*name, "enter")
    await until(pilot, lambda: isinstance(app.screen, BoardScreen | CaseScreen), tries=1000)


async def test_another_seats_record_appears_and_its_name_is_on_the_status_bar(
    server: Server,
) -> None:
    other = SeatJournal.attach(server.home, PASSPHRASE, operator=TEACHERS[1])
    opened = CaseSession.open_new(other, PLAYBOOK, TEACHERS[1], student_name="陈同学（虚构）")
    feed = asyncio.create_task(follow(other, lambda _: None, lambda _: None))
    app = seat_app(server.home)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await joined(pilot, app, TEACHERS[0])
            assert isinstance(app.screen, CaseScreen)  # the case the others are on
            other.viewing(opened.case_id)
            await until(pilot, lambda: f"同在本案：{TEACHERS[1]}" in text(app, "#status-bar"))
            before = text(app, "#next-action")
            step = app.screen.state.current_step  # type: ignore[attr-defined]
            CaseSession(other, opened.case_id, PLAYBOOK, TEACHERS[1]).done(step)
            await until(pilot, lambda: text(app, "#next-action") != before)
            status = app.screen.state.steps[step]  # type: ignore[attr-defined]
            assert (status.status, status.actor) == ("done", TEACHERS[1])
            await pilot.press("escape")  # the board names who else is on the store
            await until(pilot, lambda: isinstance(app.screen, BoardScreen))
            assert f"在线：{TEACHERS[1]}" in text(app, "#board-title")
    finally:
        feed.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await feed
        other.close()


async def test_a_lost_server_is_said_and_nothing_is_taken_as_recorded(server: Server) -> None:
    app = seat_app(server.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, app, TEACHERS[0])
        await pilot.press("exclamation_mark")  # a case straight into immediate danger
        await until(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.journal is not None
        case_id = app.screen.case_id  # type: ignore[attr-defined]
        count = len(app.journal.events(case_id))
        server.kill()
        await until(pilot, lambda: "与服务断开" in text(app, "#warnings"))
        await pilot.press("semicolon", *"这条记不上", "ctrl+s")  # a note, while the server is gone
        await until(pilot, lambda: "没有记录：服务（oncall serve）没有应答" in shown(app))
        assert len(app.journal.events(case_id)) == count
        server.start()
        await until(pilot, lambda: "与服务断开" not in text(app, "#warnings"))
        await until(pilot, lambda: "没有记录：服务" not in shown(app))  # stale once back
        await pilot.press("ctrl+s")  # the note's form is still open: now it is recorded
        await until(pilot, lambda: len(app.journal.events(case_id)) == count + 1)  # type: ignore[union-attr]
        assert app.journal.events(case_id)[-1].data == {"text": "这条记不上"}


async def test_g_goes_straight_to_a_phase(server: Server) -> None:
    """A counselor joining an open case goes to the risk assessment in three keys, not
    ↓ twenty times."""
    app = seat_app(server.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, app, TEACHERS[1])
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, CaseScreen))
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        choices = view.phase_choices(screen.state, "zh")
        target = choices[-2][0]  # a phase far below the ▶ step
        await pilot.press("g")
        await until(pilot, lambda: "跳到哪个阶段" in shown(app))
        await pilot.press(str(len(choices) - 1))
        await until(pilot, lambda: screen.shown_step == view.phase_start(screen.state, target))
        phase = next(p for p in screen.state.phases if p.id == target)
        assert screen.shown_step in phase.steps and screen.selected == screen.shown_step


def test_at_80_columns_the_names_never_push_out_the_deadline() -> None:
    """With the 24-hour clock on the status bar's first line there is no room for two
    names beside it at 80 columns: they go to the header, whole, and the second line
    keeps custody and the next deadline as before."""
    from case.helpers import Log

    log = Log(PLAYBOOK)
    log.add("danger.declared", {"what": ["attempt"]}, 1)
    log.confirm("I", 2)
    log.custody(["王老师（虚构）", "赵师傅（虚构）"], 3)
    state = log.state(5)
    names = "同在本案：周老师（虚构）、刘校长（虚构）"
    alone = view.case_view(state, PLAYBOOK, "zh", state.opened_at, None, width=78)
    seated = view.case_view(state, PLAYBOOK, "zh", state.opened_at, None, width=78, seats=names)
    assert seated.status == alone.status  # the deadline's line untouched
    assert seated.header == f"{alone.header} · {names}"
    wide = view.case_view(state, PLAYBOOK, "zh", state.opened_at, None, width=200, seats=names)
    assert names in wide.status.split("\n")[0] and names not in wide.header
