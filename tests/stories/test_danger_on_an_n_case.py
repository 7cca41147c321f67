"""Story: a case opened with `n` (a student crying by a window); at the danger check the
teacher sees a blade on the desk. Ticking it suggests level I at once with that item as
the reason, ▶ asks for the confirmation right after the danger steps, and the 24-hour
custody steps follow, all by ▶ alone (issue 17: the case was left unlevelled)."""

from __future__ import annotations

from pathlib import Path

from tui.conftest import FakeClock, build, unlock

from .walker import Walker

BUDGET = 45


async def test_a_danger_item_on_an_n_case_leads_to_level_i_custody(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        await w.open_case("三楼走廊", "学生在窗边哭泣", "郑虚构", "初二(3)班", "14")
        w.at("danger.check")
        await w.keys("2", "space")  # a means at hand
        state = w.screen.state
        assert state.suggestion.level == "I"
        assert "身边有危险手段" in state.suggestion.drivers[0].because.zh
        await w.do("danger.stay", "space")
        await w.do("danger.call120", "space", "ctrl+s")
        await w.do("danger.means", "space")
        await w.do("danger.alert", "space")
        w.at("risk.level")  # confirm level I at once
        await w.keys("space", "tab", "tab")
        await w.type("王虚构老师,张虚构老师,赵虚构老师")
        await w.keys("ctrl+s")
        assert w.screen.state.level == "I"
        await w.do("first.report_leader", "space", values=("王虚构校长",))
        await w.do("first.counselor", "space", values=("张虚构老师",))
        await w.do("first.class_teacher", "space", values=("赵虚构老师",))
        w.at("custody.start")  # the 24-hour custody steps
        await w.keys("space")
        await w.type("心理辅导室")
        await w.keys("tab")
        await w.type("王虚构老师,张虚构老师")
        await w.keys("ctrl+s")
        assert w.screen.state.custody.active
        clock24 = w.screen.state.timer_with("custody_clock")
        assert clock24 is not None and clock24.running
        print(f"key presses: {w.presses}, values typed: {w.typed}")
        assert w.presses + w.typed <= BUDGET
