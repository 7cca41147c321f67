"""The `oncall` command line. Every command builds on the domain packages; the TUI
is started through one factory (`oncall.tui.app.make_app`)."""

from __future__ import annotations

import click


@click.group(invoke_without_command=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """oncall: 学生心理危机值班助手 / on-duty guide for a student's psychological crisis."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@cli.group()
def bench() -> None:
    """Benchmarks (numbers for the issues' speed targets)."""


# --- command registration: one line per module that adds commands -------------------
# (keep each module's commands in its own file; register it here)


def main() -> None:
    cli(prog_name="oncall")


if __name__ == "__main__":
    main()
