"""The first frame comes first: what `oncall` loads before its unlock screen is drawn,
and what happens to the things it loads after (the playbook, the journal)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import oncall.journal
from oncall.tui.app import make_app
from oncall.tui.screens.unlock import UnlockScreen

from .conftest import FakeClock, build, unlock, wait_for


def test_the_launch_path_loads_neither_the_store_nor_the_playbook() -> None:
    """What `oncall` imports up to the unlock screen: no cryptography, TinyDB, filelock,
    journal or playbook (they load in the warm-up worker once the screen is drawn)."""
    code = (
        "import sys\n"
        "import oncall.cli, oncall.commands.run, oncall.tui.app, oncall.tui.screens.unlock\n"
        "from oncall.journal.probe import store_exists\n"
        "heavy = ('cryptography', 'tinydb', 'filelock', 'oncall.journal.journal',\n"
        "         'oncall.playbook')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_journal_package_still_names_everything_it_did() -> None:
    from oncall.journal import Event, Journal, VerifyReport

    assert Journal.__module__ == "oncall.journal.journal"
    assert Event.__name__ == "Event" and VerifyReport.__name__ == "VerifyReport"
    with pytest.raises(AttributeError):
        oncall.journal.NoSuchThing  # noqa: B018


async def test_the_playbook_is_loaded_while_the_unlock_screen_waits(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        await wait_for(pilot, lambda: app._playbook is not None)
        await unlock(pilot, app)
        assert app.journal is not None
        assert app.playbook.phases


async def test_a_playbook_with_problems_closes_the_app_with_its_message(
    tmp_path: Path, home: Path, clock: FakeClock
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[playbook\nid = ", encoding="utf-8")
    app = make_app(home=home, playbook_path=broken, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.startup_error is not None)
    assert "the playbook has problems" in str(app.startup_error)
    assert app.return_code == 1
