"""`oncall` with no command: the app itself."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from oncall.commands.common import (
    handle_errors,
    passphrase_from_env,
    read_passphrase_file,
    settings,
    show_notice,
)
from oncall.journal.errors import StoreLocked
from oncall.journal.probe import probe_store, store_exists


@handle_errors
def run_app(
    ctx: click.Context,
    *,
    drill_scenario: Path | None = None,
    playbook_path: Path | None = None,
) -> None:
    """Check what can fail before the screen opens, then hand over to the TUI (in drill
    mode when `drill_scenario` names a scenario file). The playbook is loaded once the
    first screen is drawn; when it has problems the app closes and they are printed here,
    with the same message and exit code as before the screen opened."""
    from oncall.tui.app import make_app

    conf = settings(ctx)
    seat = False
    if store_exists(conf.home):  # a lost index says `oncall repair-index` here (exit 5)
        try:
            show_notice(probe_store(conf.home, read_only=conf.read_only))
        except StoreLocked:  # a 2nd writer: exit 2, unless `oncall serve` takes seats
            from oncall.serve.seat import serving

            if not serving(conf.home):
                raise
            seat = True
    elif conf.read_only:
        probe_store(conf.home, read_only=True)  # nothing to watch: say so
    passphrase = None
    if conf.passphrase_file is not None:
        passphrase = read_passphrase_file(conf.passphrase_file)
    else:
        passphrase = passphrase_from_env()
    app = make_app(
        home=conf.home,
        lang="en" if conf.lang == "en" else "zh",
        read_only=conf.read_only,
        seat=seat,
        passphrase=passphrase,
        playbook_path=playbook_path or conf.playbook,
        directory_path=conf.directory,
        keymap=conf.keymap,
        drill_scenario=drill_scenario,
    )
    app.run()
    if app.startup_error is not None:
        raise app.startup_error
    if app.return_code:
        sys.exit(app.return_code)
