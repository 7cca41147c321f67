"""The `oncall` command line. Every command builds on the domain packages; the TUI
is started through one factory (`oncall.tui.app.make_app`).

A command imports only what it runs: the commands are listed below by where they
live, and imported when invoked (`oncall.commands.lazy.LazyGroup`)."""

from __future__ import annotations

from pathlib import Path

import click

from oncall.commands.lazy import LazyGroup
from oncall.locations import HOME_ENV, default_home
from oncall.process import secure_start

# name -> ("module:attribute", the command's one-line help, as its docstring says it)
COMMANDS = {
    "init": (
        "oncall.commands.store:init",
        "创建加密记录库，恢复密钥只显示一次 / "
        "Create a new encrypted store and show its recovery key once.",
    ),
    "witness": (
        "oncall.commands.store:witness",
        "打印存储指纹，抄下来保存在本机以外 / "
        "Print the store's fingerprint, to keep off this machine (on the written report).",
    ),
    "verify": (
        "oncall.commands.store:verify",
        "核验索引、锚点、每个认证标签和哈希链 / "
        "Check the index, the anchors, every authentication tag and hash-chain link.",
    ),
    "passwd": (
        "oncall.commands.store:passwd",
        "更改口令（加 --rotate-key 才重新加密数据） / "
        "Change the passphrase (the data is not re-encrypted unless --rotate-key).",
    ),
    "repair-index": (
        "oncall.commands.store:repair_index",
        "根据案卷文件重建索引，损坏的文件保留在旁边 / "
        "Rebuild index.db from the case files, keeping the damaged file beside it.",
    ),
    "list": (
        "oncall.commands.store:list_cases",
        "列出真实案件（--show-names 才显示学生信息；--drills 只列演练） / "
        "List the real cases in the store (no student details unless --show-names); drill "
        "cases never mix with them: `--drills` lists those alone.",
    ),
    "playbook": (
        "oncall.commands.playbook:playbook",
        "预案与学校通讯录 / Playbooks and the school directory (for the people who edit them).",
    ),
    "export": (
        "oncall.commands.export:export",
        "导出案件复盘报告 / "
        "Export a case's debrief: header, key intervals, chart, timeline, decisions, forms.",
    ),
    "archive": (
        "oncall.commands.export:archive",
        "把一个案件写成一个加密的独立文件（一档一卷） / "
        "Write one encrypted, self-contained file for a case (一档一卷): its events and the "
        "playbook it ran under; the passphrase or the recovery key opens it anywhere.",
    ),
    "import": (
        "oncall.commands.export:import_archive",
        "把归档的案件导入本库（只读） / "
        "Bring an archived case into this store, read-only (its events unchanged).",
    ),
    "serve": (
        "oncall.commands.serve:serve",
        "让多位老师同时处理一个案件：本进程独自写入，其他 `oncall` 作为席位接入 / "
        "Let several staff work one case at once: this process alone writes the store, and "
        "every `oncall` started on it attaches as a seat.",
    ),
    "drill": (
        "oncall.commands.drill:drill",
        "演练 / Drills: `oncall drill SCENARIO` runs one in the app; list; report.",
    ),
    "rehearse": (
        "oncall.commands.drill:rehearse",
        "逐步走一遍预案，不计时、不记录 / "
        "Walk PLAYBOOK (default: the default one) step by step: each step's guidance and "
        "wording, with no clock, no injects and nothing recorded (no store needed).",
    ),
}
BENCHMARKS = {
    "journal": (
        "oncall.bench.journal:journal_bench",
        "Append/open/verify costs on a 1,000-case, 100,000-event store (about a minute).",
    ),
    "replay": (
        "oncall.bench.replay:replay_bench",
        "Time replaying a 5,000-event case (target: <= 50 ms).",
    ),
    "tui": (
        "oncall.bench.tui:tui_bench",
        "Launch time and key-press latency of the app, driven headless by Pilot.",
    ),
    "seats": (
        "oncall.bench.seats:seats_bench",
        "A seat's record, another seat seeing it, and key -> redrawn at a seat, each beside "
        "the single-process figure of the same run.",
    ),
    "export": (
        "oncall.bench.export:export_bench",
        "Time exporting a 5,000-event case (md/json/html <= 1 s, docx <= 3 s).",
    ),
}


@click.group(cls=LazyGroup, lazy=COMMANDS, invoke_without_command=True)
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
    default=None,
    help="界面语言 / Language of the interface (default: the settings file's, else zh).",
)
@click.option(
    "--playbook",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="预案文件 / The playbook to run (default: the settings file's, else the "
    "installed school-crisis.toml).",
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
    lang: str | None,
    playbook: Path | None,
    read_only: bool,
    passphrase_file: Path | None,
) -> None:
    """oncall: 学生心理危机值班助手 / on-duty guide for a student's psychological crisis.

    A school's own settings (playbook, directory, language, keymap) live in one file,
    oncall.toml, beside the store or in the user config folder (see README)."""
    secure_start()  # before any command reads a passphrase
    from oncall.commands.common import Settings
    from oncall.config import ConfigError, load_config

    store = home or default_home()
    try:
        school = load_config(store)
    except ConfigError as exc:
        click.echo(f"oncall: {exc.text(lang or 'zh')}", err=True)
        ctx.exit(2)
    ctx.obj = Settings(
        home=store,
        lang=lang or school.lang or "zh",
        read_only=read_only,
        passphrase_file=passphrase_file,
        playbook=playbook or school.playbook,
        directory=school.directory,
        keymap=school.keymap,
    )
    if ctx.invoked_subcommand is None:
        from oncall.commands.run import run_app

        run_app(ctx)


@cli.group(cls=LazyGroup, lazy=BENCHMARKS)
def bench() -> None:
    """Benchmarks (numbers for the issues' speed targets)."""


def main() -> None:
    secure_start(process=True)  # no core dump, no passphrase in the environment, from the start
    cli(prog_name="oncall")


if __name__ == "__main__":
    main()
