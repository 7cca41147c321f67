"""Export and the key intervals, from the case screen and the board."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs
from rich.cells import cell_len
from textual.widgets import Checkbox, Input, Log, TextArea

from oncall.tui.dialogs import FormPanel
from oncall.tui.redaction import RedactionPreview

from .conftest import FakeClock, build, new_case, submit_form, unlock


async def wait_for_file(pilot, path: Path) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        if path.exists() and not pilot.app.workers._workers:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{path} was not written")


async def test_export_from_the_case_screen_writes_a_private_file(
    home: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app = build(home, clock)
    out = tmp_path / "case.md"
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app, place="楼", seen="哭", student="沈", age="14")
        await pilot.press("d", "1")  # Markdown
        await pilot.pause()
        assert "明文" in str(app.screen.query_one("#dialog-intro").render())
        offered = Path(app.screen.query_one("#f-path", Input).value)
        assert offered.parent == Path(platformdirs.user_documents_dir())  # not the checkout
        await submit_form(pilot, {"path": str(out)})
        await wait_for_file(pilot, out)
        await pilot.pause()
    text = out.read_text(encoding="utf-8")
    assert case_id in text and "沈" in text
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


async def wait_for_screen(pilot, kind: type) -> None:  # type: ignore[no-untyped-def]
    """Wait for a panel of `kind` (inside the case screen, or alone over the board)."""
    for _ in range(200):
        if pilot.app.screen.query(kind):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"no {kind.__name__} on screen")


async def test_redacted_export_from_the_board_shows_what_it_replaces_then_leaves_it_out(
    home: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app, place="楼", seen="哭", student="韩", age="14")
        await pilot.press("escape", "d", "3")  # JSON, from the board
        await pilot.pause()
        await submit_form(pilot, {"redact": "yes", "path": str(tmp_path / "x.json")})
        await wait_for_screen(pilot, RedactionPreview)
        shown = app.screen.query_one(TextArea).text
        assert "学生：韩 → 学生甲" in shown and "地点：楼 → 地点甲" in shown
        assert not list(tmp_path.glob("*.json"))  # nothing written before it is confirmed
        await pilot.press("ctrl+s")
        written = list(tmp_path.glob("*.json"))
        for _ in range(200):
            written = list(tmp_path.glob("*.json"))
            if written and not app.workers._workers:
                break
            await pilot.pause(0.05)
        await pilot.pause()
    assert [p.name for p in written] == ["x.json"]  # the name typed
    data = written[0].read_bytes()
    assert case_id.encode() in data
    assert "韩".encode() not in data


async def test_a_name_only_in_a_note_is_flagged_and_replaced_with_an_extra_term(
    home: Path, clock: FakeClock, tmp_path: Path
) -> None:
    """The danger key opens a case with no name; the name goes into a note. The preview
    says the case knows no student name; Esc goes back to the form with what was typed,
    and the name given as an extra term is replaced."""
    app = build(home, clock)
    out = tmp_path / "x.md"
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press("semicolon")
        await pilot.pause()
        await submit_form(pilot, {"text": "学生叫韩梅梅，大家叫她梅梅"})
        await pilot.press("d", "1")  # Markdown
        await pilot.pause()
        await submit_form(pilot, {"redact": "yes", "path": str(out)})
        await wait_for_screen(pilot, RedactionPreview)
        assert "没有记录学生姓名" in app.screen.query_one(TextArea).text
        await pilot.press("escape")
        await wait_for_screen(pilot, FormPanel)
        assert app.screen.query_one("#f-redact", Checkbox).value  # what was typed is kept
        await submit_form(pilot, {"redact_also": "韩梅梅"})
        await wait_for_screen(pilot, RedactionPreview)
        assert "另外隐去：韩梅梅 → 隐去1" in app.screen.query_one(TextArea).text
        await pilot.press("ctrl+s")
        written: list[Path] = []
        for _ in range(200):
            written = list(tmp_path.glob("x.md"))  # the name typed
            if written and not app.workers._workers:
                break
            await pilot.pause(0.05)
        await pilot.pause()
    data = written[0].read_text(encoding="utf-8")
    assert "韩梅梅" not in data and "梅梅" not in data
    assert "学生叫隐去1" in data and "叫她隐去1" in data


async def test_intervals_panel(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app, place="楼", seen="哭", student="杨", age="14")
        await pilot.press("i")
        await pilot.pause()
        shown = app.screen.query_one("#panel-text", Log)
        text = "\n".join(shown.lines)
        # at 80 columns every line is whole on screen: a long one wraps, none is cut
        assert all(cell_len(line) <= shown.scrollable_content_region.width for line in shown.lines)
        assert "[" in text and ("达标" in text or "不适用" in text or "进行中" in text)
