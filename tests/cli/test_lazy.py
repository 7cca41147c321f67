"""A command imports only what it runs: `oncall --help` loads no command module, and
the one-line help written beside each lazily listed command is the command's own."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from oncall.cli import BENCHMARKS, COMMANDS, bench, cli
from oncall.commands.lazy import LazyGroup

HEAVY = ("oncall.journal", "oncall.export", "oncall.bench", "oncall.case", "textual")


def loaded_after(*argv: str) -> list[str]:
    """The oncall/textual modules a fresh process has imported after running `argv`."""
    code = (
        "import json, sys\n"
        "from oncall.cli import cli\n"
        f"try:\n    cli({list(argv)!r}, prog_name='oncall')\n"
        "except SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.startswith(('oncall', 'textual')))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


def test_help_imports_no_command() -> None:
    loaded = loaded_after("--help")
    assert not [m for m in loaded if m.startswith((*HEAVY, "oncall.commands.store"))], loaded


def test_playbook_check_does_not_import_the_benchmarks_or_the_app() -> None:
    loaded = loaded_after("playbook", "check")
    assert "oncall.commands.playbook" in loaded
    assert not [m for m in loaded if m.startswith(("oncall.bench", "oncall.tui", "textual"))]


@pytest.mark.parametrize(
    ("group", "table"), [(cli, COMMANDS), (bench, BENCHMARKS)], ids=["oncall", "bench"]
)
def test_written_help_is_the_commands_own(
    group: LazyGroup, table: dict[str, tuple[str, str]]
) -> None:
    fresh = LazyGroup(name="probe", lazy=table)
    ctx = click.Context(fresh)
    for name, (_, written) in table.items():
        command = fresh.get_command(ctx, name)
        assert command is not None and command.name == name
        for limit in (30, 45, 70, 200):
            assert click.Command(name, help=written).get_short_help_str(
                limit
            ) == command.get_short_help_str(limit), name


def test_every_store_command_is_listed() -> None:
    """A command added to a module's COMMANDS must be added to the table too."""
    from oncall.commands import store

    for command in store.COMMANDS:
        assert command.name in COMMANDS, f"add {command.name!r} to oncall.cli.COMMANDS"
        module, _, attribute = COMMANDS[command.name][0].partition(":")
        assert module == store.__name__ and getattr(store, attribute) is command


def test_help_lists_every_command_and_a_command_still_runs() -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["--help"])
    assert listed.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in listed.output
    shown = runner.invoke(cli, ["bench", "--help"])
    for name in BENCHMARKS:
        assert f"  {name} " in shown.output
    checked = runner.invoke(cli, ["playbook", "check"])
    assert checked.exit_code == 0, checked.output
    unknown = runner.invoke(cli, ["nope"])
    assert unknown.exit_code == 2 and "No such command" in unknown.output
