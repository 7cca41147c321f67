"""The `oncall` command line. Every command builds on the domain packages; the TUI
is started through one factory (`oncall.tui.app.make_app`)."""

from __future__ import annotations

from pathlib import Path

import click

from oncall.bench.journal import journal_bench
from oncall.bench.replay import replay_bench
from oncall.bench.tui import tui_bench
from oncall.commands import store
from oncall.commands.common import Settings
from oncall.locations import HOME_ENV, default_home


@click.group(invoke_without_command=True)
@click.option(
    "--home",
    type=click.Path(path_type=Path, file_okay=False),
    envvar=HOME_ENV,
    help=f"Folder of the encrypted store (default: data/store in a checkout, else the "
    f"user data folder; env {HOME_ENV}).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the interface.",
)
@click.option("--read-only", is_flag=True, help="Open the store for reading only (watch a case).")
@click.option(
    "--passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the passphrase from this file's first line (else ONCALL_PASSPHRASE, least "
    "safe, else a hidden prompt).",
)
@click.version_option(package_name="oncall")
@click.pass_context
def cli(
    ctx: click.Context,
    home: Path | None,
    lang: str,
    read_only: bool,
    passphrase_file: Path | None,
) -> None:
    """oncall: 学生心理危机值班助手 / on-duty guide for a student's psychological crisis."""
    ctx.obj = Settings(
        home=home or default_home(),
        lang=lang,
        read_only=read_only,
        passphrase_file=passphrase_file,
    )
    if ctx.invoked_subcommand is None:
        from oncall.commands.run import run_app

        run_app(ctx)


@cli.group()
def bench() -> None:
    """Benchmarks (numbers for the issues' speed targets)."""


# --- command registration: one line per module that adds commands -------------------
# (keep each module's commands in its own file; register it here)
for command in store.COMMANDS:
    cli.add_command(command)
bench.add_command(journal_bench)
bench.add_command(replay_bench)
bench.add_command(tui_bench)
from oncall.commands.playbook import playbook  # noqa: E402

cli.add_command(playbook)
from oncall.commands.export import register as register_export  # noqa: E402

register_export(cli, bench)  # export, archive, import; bench export
from oncall.commands.drill import register as register_drill  # noqa: E402

register_drill(cli)  # drill run/list/report; rehearse


def main() -> None:
    cli(prog_name="oncall")


if __name__ == "__main__":
    main()
