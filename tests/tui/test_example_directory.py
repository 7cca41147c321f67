"""The shipped directory is an example (`placeholder = true`): its sample address never
reaches a script that is read out on the phone (the 120 script once said "示例市示例区
示例路 100 号（示例）"); the blank shows, and one line says why."""

from __future__ import annotations

from pathlib import Path

from oncall.tui.i18n import t
from oncall.tui.screens.case import CaseScreen

from .conftest import FakeClock, build, new_case, unlock


async def test_a_script_keeps_its_blank_and_says_the_directory_is_an_example(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert app.directory is not None and app.directory.placeholder
        assert "示例路" in app.directory.address  # the sample that must not be read out
        scripted = next(
            step.id
            for step in app.playbook.steps()
            if any("{school_address}" in script.text.zh for script in step.scripts)
        )
        screen.show_step(scripted)
        await pilot.pause()
        shown = str(screen.query_one("#step-options").render())
        assert "示例路" not in shown
        assert "学校地址：【学校地址】" in shown  # the visible blank, in words
        assert t("case.example_directory", "zh") in shown
