"""Keys typed fast at launch on a new store (issue 17): the name, Tab, the passphrase,
Tab, the passphrase again, Enter, sent as one burst as a terminal delivers them, before
or as the first-run screen draws. Each lands in its own field, and the store is made."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from oncall.tui.screens.unlock import UnlockScreen

from .conftest import PASSPHRASE, FakeClock, build, wait_for


def burst(app: object, *parts: str) -> None:
    """Each part typed (a key name in <…> is pressed), no wait between keys."""
    for part in parts:
        if part.startswith("<"):
            key = part.strip("<>")
            char = {"tab": "\t", "enter": "\r", "ctrl+j": "\n"}.get(key)
            app.post_message(events.Key(key, char))  # type: ignore[attr-defined]
            continue
        for char in part:
            app.post_message(events.Key("space" if char == " " else char, char))  # type: ignore[attr-defined]


async def test_a_burst_at_launch_lands_field_by_field(tmp_path: Path, clock: FakeClock) -> None:
    app = build(tmp_path / "new", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "wang", "<tab>", "x7Kq", "<tab>", "x7Kq")
        for _ in range(5):
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UnlockScreen)
        values = {field.id: field.value for field in screen.query(Input)}
        assert values == {"actor": "wang", "passphrase": "x7Kq", "passphrase2": "x7Kq"}


async def test_enter_between_fields_typed_fast_makes_the_store(
    tmp_path: Path, clock: FakeClock
) -> None:
    app = build(tmp_path / "new", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        # typed before the terminal is in raw mode, Enter comes as a newline (ctrl+j)
        burst(app, "wang", "<ctrl+j>", PASSPHRASE, "<enter>", PASSPHRASE, "<enter>")
        await wait_for(pilot, lambda: isinstance(app.focused, Input)
                       and app.focused.id == "recovery-confirm")
        assert app.journal is not None  # made, with the name and passphrase as typed
        assert app.actor == "wang"
