"""Unlocking, creating a store, the board and new cases — driven by keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from oncall.case import kinds as case_kinds
from oncall.journal import Journal
from oncall.tui.app import OncallApp
from oncall.tui.screens.board import BoardScreen
from oncall.tui.screens.case import CaseScreen
from oncall.tui.screens.unlock import RecoveryKeyScreen, UnlockScreen

from .conftest import PASSPHRASE, STUDENT, TEACHER, FakeClock, build, kinds, new_case, unlock


async def test_first_start_creates_a_store_and_shows_the_recovery_key_once(
    tmp_path: Path, clock: FakeClock
) -> None:
    home = tmp_path / "fresh"
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen) and app.screen.create
        await pilot.press(*TEACHER, "enter", *"new pass", "enter", *"different", "enter")
        await pilot.pause()
        assert "不一致" in str(app.screen.query_one("#unlock-status").render())
        await pilot.press(*"new pass", "enter")
        await pilot.pause()
        assert "口令太容易被猜到" in str(app.screen.query_one("#unlock-status").render())
        assert isinstance(app.screen, UnlockScreen) and not Journal.exists(home)
        await pilot.press(*"lantern over quiet river", "enter", *"lantern over quiet river")
        await pilot.press("enter")
        for _ in range(100):
            if isinstance(app.screen, RecoveryKeyScreen):
                break
            await pilot.pause(0.02)
        key = app.screen.recovery_key  # type: ignore[attr-defined]
        assert str(app.screen.query_one("#recovery-key").render()).strip() == key
        await pilot.press(*"nope", "enter")
        assert isinstance(app.screen, RecoveryKeyScreen)  # not dismissed by anything else
        await pilot.press(*"done", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    with Journal.open(home, recovery_key=key) as journal:
        assert journal.cases() == []


async def test_wrong_passphrase_says_so_and_lets_you_retry(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_attempt(pilot, "wrong one")
        assert "口令不对" in str(app.screen.query_one("#unlock-status").render())
        assert app.journal is None
        await pilot.press(*PASSPHRASE, "enter")
        for _ in range(100):
            if app.journal is not None:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.actor == TEACHER


async def unlock_attempt(pilot, passphrase: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press(*TEACHER, "enter", *passphrase, "enter")
    for _ in range(100):
        status = str(pilot.app.screen.query_one("#unlock-status").render())
        if status.strip() and "正在" not in status:
            return
        await pilot.pause(0.02)


async def test_new_case_records_the_facts_and_opens_the_case(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app)
        assert app.journal is not None
        opened = app.journal.events(case_id)[0]
        assert opened.kind == "case.opened"
        assert opened.actor == TEACHER
        assert opened.data["facts"] == {
            "reporter": TEACHER,
            "place": "三楼走廊",
            "seen": "学生在窗边哭泣",
            "student_name": STUDENT,
            "student_class": "初二(3)班",
            "student_age": 14,
        }
        assert opened.data["playbook"]["id"] == "school-crisis"
        assert STUDENT in str(app.screen.query_one("#case-header").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        table = app.screen.query_one("DataTable")
        assert table.row_count == 1  # type: ignore[attr-defined]


async def test_danger_key_on_the_board_opens_a_level_i_case(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        case_id = app.screen.case_id
        assert kinds(app, case_id) == ["case.opened", "danger.declared"]
        assert app.screen.state.level == "I"
        assert "I" in str(app.screen.query_one("#status-bar").render())
        assert app.screen.shown_step is not None and app.screen.shown_step.startswith("danger.")


async def test_reopening_returns_to_the_same_case_and_step(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app)
        await pilot.press("enter")  # danger check: none apply
        await pilot.pause()
        step_before = app.screen.shown_step  # type: ignore[attr-defined]
    again = build(home, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, again)
        assert isinstance(again.screen, CaseScreen)
        assert again.screen.case_id == case_id
        assert again.screen.shown_step == step_before


async def test_drill_cases_are_marked_on_screen_and_in_the_journal(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app, drill=True)
        assert "演练" in str(app.screen.query_one("#case-header").render())
        assert app.journal is not None
        assert all(e.drill for e in app.journal.events(case_id))


async def test_read_only_can_watch_but_not_record(home: Path, clock: FakeClock) -> None:
    with Journal.open(home, PASSPHRASE, clock=clock) as journal:
        case_id = journal.new_case(actor=TEACHER, place="操场")
    app = build(home, clock, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == case_id
        await pilot.press("space", "semicolon", "n")
        await pilot.pause()
        assert app.journal is not None
        assert kinds(app, case_id) == ["case.opened"]


async def test_a_crash_says_nothing_about_the_student(
    home: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oncall.tui.app import crash_message

    def broken(self: CaseScreen) -> None:
        raise ValueError(f"something about {STUDENT}")

    monkeypatch.setattr(CaseScreen, "action_note", broken)
    app = build(home, clock)
    printed: list[str] = []
    print_errors = app._print_error_renderables

    def capture() -> None:  # what the terminal is shown when the app exits
        printed.extend(str(r) for r in app._exit_renderables)
        print_errors()

    monkeypatch.setattr(app, "_print_error_renderables", capture)
    with pytest.raises(ValueError):
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot, app)
            await new_case(pilot, app, place="楼", seen="哭", student="秦", age="14")
            await pilot.press("semicolon")
            await pilot.pause()
    assert app.return_code == 1
    message = crash_message(ValueError(f"x {STUDENT}"), "zh")
    assert STUDENT not in message and "ValueError" in message
    shown = " ".join(printed)
    assert "内部错误" in shown and "ValueError" in shown
    assert "秦" not in shown and STUDENT not in shown


async def test_the_last_operator_is_offered_after_unlocking(home: Path, clock: FakeClock) -> None:
    """The name is kept inside the encrypted store: the next launch leaves it blank and
    works as the same person; `w` on a case changes it for the launches after."""
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        assert app.actor == TEACHER
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app, name="")
        assert app.actor == TEACHER
        await new_case(pilot, app)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"张虚构老师", "ctrl+s")
        await pilot.pause()
        assert app.actor == "张虚构老师"
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app, name="")
        assert app.actor == "张虚构老师"
    with Journal.open(home, PASSPHRASE) as journal:
        assert journal.last_operator() == "张虚构老师"
    raw = (home / "index.db").read_bytes()
    assert "张虚构老师".encode() not in raw  # encrypted, like every record


async def test_the_board_reloads_only_when_a_row_can_change_and_never_under_a_case(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Open cases show minutes: the board's tick replays nothing until a minute turns
    (or something falls due), and does nothing at all while a case screen is open."""
    from oncall.tui import view

    from .snapshot_cases import store_for_board

    home = tmp_path / "store"
    store_for_board(home, clock)
    calls: list[int] = []
    board_rows = view.board_rows

    def counted(*args: object, **kwargs: object) -> list[view.BoardRow]:
        calls.append(1)
        return board_rows(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(view, "board_rows", counted)
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        if isinstance(app.screen, CaseScreen):  # the last case reopened: back to the board
            await pilot.press("escape")
            await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        table = board.query_one("#board-table")
        before = [str(cell) for cell in table.get_row_at(0)]  # type: ignore[attr-defined]
        calls.clear()
        for _ in range(3):
            board.tick()
        assert calls == []  # nothing changed: nothing replayed
        clock.advance(1)
        board.tick()
        assert calls == [1]
        after = [str(cell) for cell in table.get_row_at(0)]  # type: ignore[attr-defined]
        assert after != before  # the time open moved on by a minute
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        calls.clear()
        clock.advance(5)
        await pilot.pause(1.5)  # the board's once-a-second tick would have run
        assert calls == []
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board and calls  # back: reloaded for the minutes that passed


def _rows(board: BoardScreen) -> list[list[str]]:
    table = board.query_one("#board-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


async def test_the_next_unlock_shows_the_board_without_reading_unchanged_cases(
    tmp_path: Path, clock: FakeClock
) -> None:
    """The board seals each open case's pass; after the next unlock, a case whose file
    has not changed is finished from it (its file unread) and shows the same row; a
    case that gained an event is read and shows it."""
    from .snapshot_cases import store_for_board

    home = tmp_path / "store"
    store_for_board(home, clock)

    async def board_of(app: OncallApp, pilot: Pilot[None]) -> BoardScreen:
        await unlock(pilot, app)
        if isinstance(app.screen, CaseScreen):  # the last case reopened: back to the board
            await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        return app.screen

    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        first = _rows(await board_of(app, pilot))
        assert app.journal is not None and len(app.journal._cases) >= 2  # read them all
    assert (home / "board.sealed").is_file()
    assert "虚构".encode() not in (home / "board.sealed").read_bytes()

    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await board_of(app, pilot)
        assert _rows(board) == first
        journal = app.journal
        assert journal is not None
        shown = [c.id for c in journal.cases() if not c.closed_at and not c.drill]
        unread = [case_id for case_id in shown if case_id not in journal._cases]
        assert unread  # only a case reopened at unlock was read
        named = {"field": "student_name", "value": "冯虚构同学"}
        journal.append(unread[0], case_kinds.CASE_FACT, named, TEACHER)
        board.reload()
        await pilot.pause()
        assert unread[0] in journal._cases
        assert any(f"{unread[0]} 冯虚构同学" in row for row in _rows(board))
