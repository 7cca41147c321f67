"""Issue 17: the first-run screen (a new store) marks the field being typed into in
text, and one line says that Enter or Tab moves on."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from oncall.tui.base import Plain

from .conftest import FakeClock, build


def _marked(app: object, field: str) -> bool:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one(f"#label-{field}", Label).render()).startswith("▶")


async def test_the_setup_screen_marks_the_field_and_says_how_to_move_on(
    tmp_path: Path, clock: FakeClock
) -> None:
    app = build(tmp_path / "new-store", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = str(app.screen.query_one("#unlock-keys", Plain).render())
        assert "回车" in keys and "Tab" in keys
        assert _marked(app, "actor") and not _marked(app, "passphrase")
        await pilot.press(*"王虚构老师")
        await pilot.press("tab")
        await pilot.pause()
        assert _marked(app, "passphrase") and not _marked(app, "actor")
        await pilot.press("enter")  # Enter moves on as well
        await pilot.pause()
        assert _marked(app, "passphrase2") and not _marked(app, "passphrase")
