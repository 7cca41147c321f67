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
        # the line that says why sits in the step's pinned keys: on screen, whole, at 80×24
        hint = screen.query_one("#step-hint")
        warning = t("case.example_directory", "zh")
        assert warning.replace("，", "") in str(hint.render()).replace("\n", "").replace("，", "")
        assert hint.region.height > 0 and hint.region.bottom <= 23  # above the footer
        # a script with no directory blank (the counselor's opening) says nothing of it
        plain = next(
            step.id
            for step in app.playbook.steps()
            if step.scripts and all("{school" not in s.text.zh for s in step.scripts)
            and all("{hospital}" not in s.text.zh for s in step.scripts)
        )
        screen.show_step(plain)
        await pilot.pause()
        assert warning not in str(hint.render())


async def test_the_keys_of_the_shown_step_stay_on_screen_under_a_long_script(
    home: Path, clock: FakeClock
) -> None:
    """At 80×24 the 120 script once pushed "做完后按空格…；事后补记按 e" off the screen."""
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        for step in app.playbook.steps():
            if not step.scripts:
                continue
            screen.show_step(step.id)
            await pilot.pause()
            hint = screen.query_one("#step-hint")
            assert hint.region.height >= 2, step.id
            assert hint.region.bottom <= 23, step.id  # the footer is row 23
            assert "按" in str(hint.render()), step.id  # the key to act on it
