"""Pilot fixtures: a real encrypted store (low KDF cost, explicit), a fake clock, a
fixed time zone, and helpers that drive the app the way a person does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from oncall.journal import Journal
from oncall.tui.app import OncallApp, make_app
from support.clocks import FakeClock, beijing_time

__all__ = ["FakeClock"]

PASSPHRASE = "test passphrase 1"
TEACHER = "王虚构老师"
STUDENT = "李虚构同学"


@pytest.fixture(autouse=True)
def shanghai_time() -> Iterator[None]:
    with beijing_time():
        yield


@pytest.fixture(autouse=True)
def no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the machine's clipboard: pyperclip acts as if none exists."""
    import pyperclip

    def unavailable(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard in tests")

    monkeypatch.setattr(pyperclip, "copy", unavailable)


@pytest.fixture(autouse=True)
def fixed_case_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    import itertools

    import oncall.journal.journal as journal_module

    counter = itertools.count(1)
    monkeypatch.setattr(journal_module.secrets, "token_hex", lambda n: f"{next(counter):04x}")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def home(tmp_path: Path, clock: FakeClock) -> Path:
    """An existing store (no cases)."""
    home = tmp_path / "store"
    Journal.create(home, PASSPHRASE, kdf_n=2**10, clock=clock).close()
    return home


def build(home: Path, clock: FakeClock, lang: str = "zh", read_only: bool = False) -> OncallApp:
    return make_app(
        home=home,
        lang=lang,
        read_only=read_only,
        clock=clock,  # type: ignore[arg-type]
        create_options={"kdf_n": 2**10},
    )


async def wait_for(pilot: Pilot[None], condition: object, tries: int = 100) -> None:
    for _ in range(tries):
        if callable(condition) and condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never held")


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


async def unlock(
    pilot: Pilot[None], app: OncallApp, name: str = TEACHER, passphrase: str = PASSPHRASE
) -> None:
    await pilot.pause()
    await type_text(pilot, name)
    await pilot.press("enter")
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.journal is not None)
    await pilot.pause()


async def new_case(
    pilot: Pilot[None],
    app: OncallApp,
    *,
    drill: bool = False,
    place: str = "三楼走廊",
    seen: str = "学生在窗边哭泣",
    student: str = STUDENT,
    klass: str = "初二(3)班",
    age: str = "14",
) -> str:
    await pilot.press("D" if drill else "n")
    await pilot.pause()  # focus starts on the first required empty field: the place
    for value in (place, seen, student, klass, age):
        await type_text(pilot, value)
        await pilot.press("tab")
    await pilot.press("ctrl+s")
    await pilot.pause()
    from oncall.tui.screens.case import CaseScreen

    assert isinstance(app.screen, CaseScreen)
    return app.screen.case_id


async def submit_form(pilot: Pilot[None], values: dict[str, str]) -> None:
    """Fill the open form dialog by field id, then Ctrl+S."""
    from textual.widgets import Checkbox, Input, Select

    screen = pilot.app.screen
    for field_id, value in values.items():
        widget = screen.query_one(f"#f-{field_id}")
        if isinstance(widget, Input):  # typed, as a person would
            widget.value = ""
            widget.focus()
            await pilot.pause()
            await pilot.press(*value)
        elif isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, Checkbox):
            widget.value = value == "yes"
    await pilot.press("ctrl+s")
    await pilot.pause()


def kinds(app: OncallApp, case_id: str) -> list[str]:
    assert app.journal is not None
    return [e.kind for e in app.journal.events(case_id)]
