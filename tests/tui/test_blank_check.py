"""Issue 17: a checklist left blank is not "none". Leaving the high-risk factors blank
(nothing known) recorded "勾选存在的高危因素。: 都没有". Nothing ticked now asks: none
(1, or Enter) or not known (2, recorded as not answered, with that reason)."""

from __future__ import annotations

from pathlib import Path

from oncall.case import kinds as k
from oncall.tui import view
from oncall.tui.screens.case import CaseScreen

from .conftest import FakeClock, build, new_case, unlock


async def test_nothing_ticked_is_none_or_not_known_never_silently_none(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        screen.show_step("risk.factors")
        await pilot.pause()
        await pilot.press("space")  # nothing ticked: it asks
        await pilot.pause()
        assert screen.state.steps["risk.factors"].status == "pending"  # nothing recorded yet
        await pilot.press("2")  # not known
        await pilot.pause()
        factors = screen.state.steps["risk.factors"]
        assert (factors.status, factors.reason) == ("skipped", "不清楚")
        screen.show_step("risk.warning")
        await pilot.pause()
        await pilot.press("space", "1")  # none of these: checked
        await pilot.pause()
        warning = screen.state.steps["risk.warning"]
        assert (warning.status, warning.value) == ("answered", [])
        rows = [what for _, _, what in view.timeline_rows(screen.state, app.playbook, "zh")]
        assert not any("高危因素" in row and "都没有" in row for row in rows)
        assert any("高危因素" in row and "不清楚" in row for row in rows)
        assert any("警示讯号" in row and "都没有" in row for row in rows)
        kinds_recorded = [e.kind for e in app.journal.events(screen.case_id)]
        assert kinds_recorded.count(k.STEP_SKIPPED) == 1
