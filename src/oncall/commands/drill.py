"""`oncall drill …` and `oncall rehearse`: run a scenario in the TUI, list scenarios,
show a scenario's history (table, chart, one run's report) or export it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from oncall.commands.common import (
    handle_errors,
    open_journal,
    playbook_problems,
    say,
    settings,
)
from oncall.drill.catalog import catalog, find_scenario
from oncall.export.render import FORMATS, write_export
from oncall.journal import OncallError
from oncall.journal.event import utc_now
from oncall.playbook.model import Lang


class _DrillGroup(click.Group):
    """`oncall drill SCENARIO` is `oncall drill run SCENARIO`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["run", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DrillGroup)
def drill() -> None:
    """演练 /
    Drills: `oncall drill SCENARIO` runs one in the app; list; report."""


def _lang(ctx: click.Context) -> Lang:
    return "en" if settings(ctx).lang == "en" else "zh"


@drill.command(name="run")
@click.argument("scenario")
@click.pass_context
@handle_errors
def run_drill(ctx: click.Context, scenario: str) -> None:
    """在应用中以演练模式运行场景 /
    Run SCENARIO (an id from `oncall drill list`, or a file) in the app, in drill mode:
    marked 演练 (DRILL) on every screen, injects arriving on time, every event flagged."""
    from oncall.commands.run import run_app
    from oncall.drill.loader import playbook_path

    found, _playbook = find_scenario(scenario)
    run_app(
        ctx,
        drill_scenario=Path(found.source),
        playbook_path=playbook_path(found.source, found.playbook),
    )


@drill.command(name="list")
@click.pass_context
@handle_errors
def list_scenarios(ctx: click.Context) -> None:
    """列出演练场景（不需要记录库） /
    The scenarios in playbooks/drills/ (no store needed)."""
    lang = _lang(ctx)
    entries = catalog()
    if not entries:
        say("没有演练场景", "no scenarios")
        return
    for path, scenario, problems in entries:
        if scenario is None:
            say(
                f"{path.stem}  （{problems} 个问题：oncall playbook check {path}）",
                f"{path.stem}  ({problems} problems: oncall playbook check {path})",
            )
            continue
        n = len(scenario.injects)
        title = scenario.title.get(lang)
        say(
            f"{scenario.id}  {title}  （{n} 个突发情况，预案 {scenario.playbook}）",
            f"{scenario.id}  {title}  ({n} inject{'s' if n != 1 else ''}, "
            f"playbook {scenario.playbook})",
        )


@drill.command(name="report")
@click.argument("scenario", required=False)
@click.option("--run", "run_case", help="The run (drill case id) to detail (default: the latest).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Write the report as md, html, json or docx instead of showing it.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="File to write (default: drill-<scenario>.<format> here; - for stdout).",
)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.pass_context
@handle_errors
def report(
    ctx: click.Context,
    scenario: str | None,
    run_case: str | None,
    fmt: str | None,
    out: Path | None,
    force: bool,
) -> None:
    """演练场景的历史与某次演练的报告 /
    A scenario's history (every run as a table, a chart of the key intervals over time)
    and one run's drill report; with no SCENARIO, every scenario's runs in one table."""
    from oncall.drill.document import build_report_document, report_json
    from oncall.drill.history import history, run_report
    from oncall.export.to_md import render_md

    lang = _lang(ctx)
    now = utc_now()
    if scenario is None:
        if fmt is not None:
            raise OncallError("--format needs a SCENARIO", zh="--format 需要给出演练场景")
        journal = open_journal(ctx, read_only=True)
        try:
            _overview(journal, lang, now)
        finally:
            journal.close()
        return
    found, playbook = find_scenario(scenario)
    journal = open_journal(ctx, read_only=True)
    try:
        runs = history(journal, found, playbook, now)
        chosen = run_case or (runs[-1].case_id if runs else None)
        if chosen is not None and chosen not in {r.case_id for r in runs}:
            raise OncallError(
                f"{chosen} is not a run of the scenario {found.id}",
                zh=f"{chosen} 不是演练场景 {found.id} 的一次演练",
            )
        detail = run_report(journal, chosen, found, playbook, now) if chosen else None
    finally:
        journal.close()
    if fmt == "json":
        data = report_json(found, runs, detail)
    else:
        roles = {r.id: r.title for r in playbook.roles}
        document = build_report_document(found, runs, detail, lang, roles)
        if fmt in (None, "md"):
            data = render_md(document)
        elif fmt == "html":
            from oncall.export.to_html import render_html

            data = render_html(document)
        else:
            from oncall.export.to_docx import render_docx

            data = render_docx(document)
    if fmt is None or (out is not None and str(out) == "-"):
        if fmt == "docx" and sys.stdout.isatty():
            raise OncallError(
                "a docx report is written to a file (--out FILE)",
                zh="docx 报告只能写到文件里（--out 文件）",
            )
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = out or Path(f"drill-{found.id}.{fmt}")
    if path.exists() and not force:
        raise OncallError(
            f"{path} exists (use --force to replace it)",
            zh=f"{path} 已经存在（要替换它请加 --force）",
        )
    write_export(path, data)
    n = len(runs)
    say(
        f"已写入 {path}（{fmt}，{n} 次演练）",
        f"wrote {path} ({fmt}, {n} run{'s' if n != 1 else ''})",
    )


def _overview(journal: object, lang: Lang, now: object) -> None:
    """One line per scenario: how often it ran, the last run and its result."""
    from datetime import datetime

    from oncall.drill.history import history
    from oncall.journal import Journal

    assert isinstance(journal, Journal) and isinstance(now, datetime)
    entries = [(p, s) for p, s, _ in catalog() if s is not None]
    if not entries:
        say("没有演练场景", "no scenarios")
        return
    for _path, scenario in entries:
        from oncall.drill.loader import load_scenario

        _, playbook = load_scenario(scenario.source)
        runs = history(journal, scenario, playbook, now)
        title = scenario.title.get(lang)
        if not runs:
            say(f"{scenario.id}  {title}  — 还没有演练过", f"{scenario.id}  {title}  — no runs")
            continue
        last, n = runs[-1], len(runs)
        when = f"{last.started_at.astimezone():%Y-%m-%d %H:%M}"
        say(
            f"{scenario.id}  {title}  {n} 次；最近一次 {when}："
            f"达标 {last.met}，未达标 {last.missed}",
            f"{scenario.id}  {title}  {n} run{'s' if n != 1 else ''}; last {when}"
            f": met {last.met}, missed {last.missed}",
        )


@click.command()
@click.argument("playbook", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--print", "as_text", is_flag=True, help="Print the walk as text instead.")
@click.pass_context
@handle_errors
def rehearse(ctx: click.Context, playbook: Path | None, as_text: bool) -> None:
    """逐步走一遍预案，不计时、不记录 /
    Walk PLAYBOOK (default: the default one) step by step: each step's guidance and
    wording, with no clock, no injects and nothing recorded (no store needed)."""
    from oncall import locations
    from oncall.playbook import PlaybookError, load_playbook
    from oncall.tui.rehearse import RehearseApp, walk_text

    path = playbook or locations.default_playbook_path()
    try:
        loaded = load_playbook(path)
    except PlaybookError as exc:
        raise playbook_problems(exc) from exc
    lang = _lang(ctx)
    if as_text:
        click.echo(walk_text(loaded, lang))
        return
    RehearseApp(loaded, lang).run()
