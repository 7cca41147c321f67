"""▶ follows what is due (issue 17), through the real app at 80×24: an overdue custody
check-in becomes ▶, whatever step was next, and Space records it."""

from __future__ import annotations

from pathlib import Path

from stories.walker import Walker
from tui.conftest import FakeClock, build, unlock


def text(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector).render())  # type: ignore[attr-defined]


async def test_an_overdue_check_in_is_next_and_space_records_it(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        await w.open_case("三楼走廊", "学生在窗边哭泣", "郑虚构", "初二(3)班", "14")
        await w.keys("2", "space")  # a means at hand: level I, custody follows
        await w.do("danger.stay", "space")
        await w.do("danger.call120", "space", "ctrl+s")
        await w.do("danger.means", "space")
        await w.do("danger.alert", "space")
        await w.keys("space", "tab", "tab")
        await w.type("王虚构老师,张虚构老师,赵虚构老师")
        await w.keys("ctrl+s")
        await w.do("first.report_leader", "space", values=("王虚构校长",))
        await w.do("first.counselor", "space", values=("张虚构老师",))
        await w.do("first.class_teacher", "space", values=("赵虚构老师",))
        await w.do("custody.start", "space", values=("心理辅导室",))
        step_before = w.screen.state.current_step
        assert step_before is not None
        assert "查看学生" not in text(app, "#next-action")

        w.minutes(16)  # the 15-minute check-in is late
        await pilot.pause()
        assert "现在去查看学生，并记录这次查看" in text(app, "#next-action")
        assert "监护查看" in text(app, "#step-title")  # the middle shows what Space does
        # no step of the list is marked ▶ while ▶ is the check-in
        steps = [line for line in text(app, "#phase-list").splitlines() if line.startswith("   ")]
        assert steps and not any(line.lstrip().startswith("▶") for line in steps)
        await w.keys("space")  # opens the check-in, the checker prefilled
        await w.keys("ctrl+s")
        kinds = [e.kind for e in app.journal.events(w.screen.case_id)]
        assert kinds.count("custody.checkin") == 1
        # recorded: ▶ is the step again, until the next check-in falls due
        w.at(step_before)
        assert "查看学生" not in text(app, "#next-action")
        w.minutes(16)
        await pilot.pause()
        assert w.screen.state.urgent_entry == "custody.checkin"
        # looking at another step with j shows that step; Esc is back to the check-in
        await pilot.press("j")
        assert w.screen.shown_step is not None
        assert "监护查看" not in text(app, "#step-title")
        await pilot.press("escape")
        assert w.screen.shown_step is None and "监护查看" in text(app, "#step-title")

