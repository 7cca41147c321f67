"""Store commands: init, verify, passwd, list."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from oncall.commands.common import (
    get_passphrase,
    handle_errors,
    open_journal,
    prompt_secret,
    read_passphrase_file,
    settings,
)
from oncall.journal import Journal, StoreExists


@click.command()
@click.pass_context
@handle_errors
def init(ctx: click.Context) -> None:
    """Create a new encrypted store and show its recovery key once."""
    conf = settings(ctx)
    if Journal.exists(conf.home):
        raise StoreExists(f"a store already exists at {conf.home}; nothing was changed")
    passphrase = get_passphrase(conf, new=True, prompt="New passphrase")
    journal = Journal.create(conf.home, passphrase)
    try:
        click.echo(f"Created an encrypted store at {conf.home}")
        click.echo("")
        click.echo("Recovery key (shown once; write it down and give it to the school leader):")
        click.echo(f"    {journal.recovery_key}")
        click.echo("It opens the store if the passphrase is lost: `oncall passwd --recovery`.")
    finally:
        journal.close()


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
@handle_errors
def verify(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Check every authentication tag and every hash-chain link.

    Prints the first bad event of each damaged case with its position; exits 1 when
    anything is wrong, 0 when all holds. With FILE arguments, checks those archives
    and encrypted exports instead (no store needed, only the passphrase).
    """
    if files:  # archives and encrypted exports: no store needed
        from oncall.commands.export import verify_files

        verify_files(ctx, files)
        return
    journal = open_journal(ctx, read_only=True)
    try:
        report = journal.verify()
    finally:
        journal.close()
    bad = 0
    for check in report.files:
        if check.ok:
            note = (
                f" (torn tail of {check.torn_bytes} bytes, cut at next open)"
                if (check.torn_bytes)
                else ""
            )
            click.echo(f"ok      {check.case}  {check.events} events{note}")
        else:
            bad += 1
            click.echo(f"DAMAGED {check.case}  at {check.position}: {check.problem}")
    summary = f"{len(report.files)} cases, {report.events} events checked"
    if bad:
        click.echo(f"{summary}: {bad} damaged")
        sys.exit(1)
    click.echo(f"{summary}: all intact")


@click.command()
@click.option("--recovery", is_flag=True, help="Use the recovery key instead of the passphrase.")
@click.option(
    "--new-passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the new passphrase from this file (first line).",
)
@click.pass_context
@handle_errors
def passwd(ctx: click.Context, recovery: bool, new_passphrase_file: Path | None) -> None:
    """Change the passphrase (the data is not re-encrypted)."""
    conf = settings(ctx)
    Journal.probe(conf.home)
    if recovery:
        key = prompt_secret("Recovery key")
        journal = Journal.open(conf.home, recovery_key=key)
    else:
        journal = Journal.open(conf.home, get_passphrase(conf, prompt="Current passphrase"))
    try:
        if new_passphrase_file is not None:
            new = read_passphrase_file(new_passphrase_file)
        else:
            new = prompt_secret("New passphrase", confirm=True)
        journal.change_passphrase(new)
    finally:
        journal.close()
    click.echo("Passphrase changed. The recovery key is unchanged.")


@click.command(name="list")
@click.option("--show-names", is_flag=True, help="Also show student details (this screen only).")
@click.option("--drills", is_flag=True, help="List the drill cases (演练) instead of real ones.")
@click.pass_context
@handle_errors
def list_cases(ctx: click.Context, show_names: bool, drills: bool) -> None:
    """List the real cases in the store (no student details unless --show-names); drill
    cases never mix with them: `--drills` lists those alone."""
    journal = open_journal(ctx, read_only=True)
    try:
        every = journal.cases()
    finally:
        journal.close()
    cases = [info for info in every if info.drill == drills]
    others = len(every) - len(cases)
    if not cases:
        click.echo("no drill cases" if drills else "no cases")
    for info in cases:
        mark = "DRILL " if info.drill else ""
        scenario = info.facts.get("scenario", "") if info.drill else ""
        line = f"{info.id}  opened {info.opened_at}  {mark}{scenario}".rstrip()
        if show_names:
            name = info.facts.get("student_name", "")
            klass = info.facts.get("student_class", "")
            line += f"  {name} {klass}".rstrip()
        click.echo(line)
    if others and not drills:
        click.echo(f"({others} drill case{'s' if others != 1 else ''}: oncall list --drills)")


COMMANDS = (init, verify, passwd, list_cases)
