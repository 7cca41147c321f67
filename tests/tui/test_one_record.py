"""One fact, one record: `e` on "拨打 120！" at 21:42 (danger found at 21:40) records the
120 call itself, so every view of the case (the key-intervals panel and each export
format) says "120 called: 2 min, met" (issue: the debrief said it was never called)."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import docx

from oncall.case import kinds as k
from oncall.export import case_record, render
from oncall.tui.exporting import interval_lines
from oncall.tui.screens.case import CaseScreen
from support.clocks import T0, FakeClock

from .conftest import build, submit_form, unlock

NIGHT = T0 + timedelta(hours=7, minutes=40)  # 21:40 in Beijing


async def test_e_on_the_120_step_records_the_call_and_every_view_says_met(
    home: Path, clock: FakeClock
) -> None:
    clock.now = NIGHT
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await pilot.press("exclamation_mark")  # immediate danger from the board
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        case_id = screen.case_id
        assert screen.shown_step == screen.state.danger.step  # the danger path, first step
        await pilot.press("2", "space")  # the danger check: a means at hand
        await pilot.pause()
        await pilot.press("space")  # stayed with the student
        await pilot.pause()
        assert screen.shown_step is not None
        assert app.playbook.step(screen.shown_step).milestone == "ambulance_called"
        clock.advance(6)  # typed at 21:46
        await pilot.press("e")
        await pilot.pause()
        await submit_form(pilot, {"at": "21:42"})
        assert app.journal is not None
        events = app.journal.events(case_id)
        calls = [e for e in events if e.kind == k.MEDICAL_CALLED]
        assert [(e.data["number"], e.at_time) for e in calls] == [
            ("120", NIGHT + timedelta(minutes=2))
        ]
        assert not any(
            e.kind == k.STEP_DONE and e.data["step"] == screen.shown_step for e in events
        )
        panel = next(line for line in interval_lines(app, case_id) if "拨打 120" in line)
        assert "21:40 → 21:42  2 / 3 分钟  [达标]" in panel

        record = case_record(app.journal, case_id)
        now = clock.now
        md = render("md", record, app.playbook, now=now, lang="zh").decode()
        assert "| 发现 → 拨打 120 | 21:40 | 21:42 | 2 分钟 | 3 分钟 | 达标 |" in md
        data = json.loads(render("json", record, app.playbook, now=now, lang="en"))
        call = next(row for row in data["intervals"] if row["id"] == "call_120")
        assert (call["minutes"], call["status"]) == (2, "met")
        html = render("html", record, app.playbook, now=now, lang="en").decode()
        assert "Discovery → 120 called" in html and ">met<" in html
        document = docx.Document(
            io.BytesIO(render("docx", record, app.playbook, now=now, lang="zh"))
        )
        rows = [
            [cell.text for cell in row.cells]
            for table in document.tables
            for row in table.rows
            if row.cells and row.cells[0].text == "发现 → 拨打 120"
        ]
        assert rows and "2 分钟" in rows[0] and "达标" in rows[0]


async def test_e_for_the_minute_the_danger_was_declared_in_does_the_120_step(
    home: Path, clock: FakeClock
) -> None:
    """A case opened with `n` at 21:40:00, a danger item ticked at 21:40:01, the 120 call
    entered later with `e` as "21:40": recorded after the declaration, so "拨打 120！" is
    done and ▶ moves on (it stayed on the call: a teacher could call twice)."""
    clock.now = NIGHT
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        await submit_form(pilot, {"place": "三楼走廊"})
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.shown_step == screen.state.danger.step
        clock.advance(1 / 60)
        await pilot.press("2", "space")  # the danger check, at 21:40:01
        await pilot.pause()
        await pilot.press("space")  # stayed with the student
        await pilot.pause()
        call_step = screen.shown_step
        assert call_step is not None
        assert app.playbook.step(call_step).milestone == "ambulance_called"
        clock.advance(4)
        await pilot.press("e")
        await pilot.pause()
        await submit_form(pilot, {"at": "21:40"})
        assert screen.state.steps[call_step].status == "done"
        assert screen.state.current_step not in (call_step, None)
        assert screen.shown_step == screen.state.current_step
