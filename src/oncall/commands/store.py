"""Store commands: init, verify, passwd, list."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from oncall.commands.common import (
    get_passphrase,
    handle_errors,
    open_journal,
    prompt_secret,
    read_passphrase_file,
    say,
    settings,
    tr,
)
from oncall.journal import Journal, StoreExists
from oncall.journal.crypto import Keyring
from oncall.journal.passphrase import require_strong
from oncall.journal.verify import check_fingerprint, verify_store


@click.command()
@click.pass_context
@handle_errors
def init(ctx: click.Context) -> None:
    """创建加密记录库，恢复密钥只显示一次 /
    Create a new encrypted store and show its recovery key once."""
    conf = settings(ctx)
    if Journal.exists(conf.home):
        raise StoreExists(
            f"a store already exists at {conf.home}; nothing was changed",
            zh=f"{conf.home} 已经有一个记录库；什么也没有改动",
        )
    passphrase = get_passphrase(conf, new=True, prompt=tr("新口令", "New passphrase"))
    journal = Journal.create(conf.home, passphrase)
    try:
        say(f"已在 {conf.home} 创建加密记录库", f"Created an encrypted store at {conf.home}")
        click.echo("")
        say(
            "恢复密钥（只显示这一次；请抄写下来，交给学校领导保管）：",
            "Recovery key (shown once; write it down and give it to the school leader):",
        )
        click.echo(f"    {journal.recovery_key}")
        say(
            "忘记口令时用它打开记录库：`oncall passwd --recovery`。",
            "It opens the store if the passphrase is lost: `oncall passwd --recovery`.",
        )
    finally:
        journal.close()


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--case", "case_id", help="Check only this case.")
@click.option(
    "--fingerprint",
    help="With --case: check a printed report's fingerprint (N:HASH, or the hash alone; "
    "at least its first 16 hex digits) against the store.",
)
@click.pass_context
@handle_errors
def verify(
    ctx: click.Context, files: tuple[Path, ...], case_id: str | None, fingerprint: str | None
) -> None:
    """核验索引、锚点、每个认证标签和哈希链 /
    Check the index, the anchors, every authentication tag and hash-chain link.

    Prints the first bad event of each damaged case with its position; exits 1 when
    anything is wrong, 0 when all holds. With FILE arguments, checks those archives
    and encrypted exports instead (no store needed, only the passphrase).
    """
    if files:  # archives and encrypted exports: no store needed
        from oncall.commands.export import verify_files

        verify_files(ctx, files)
        return
    if fingerprint is not None and case_id is None:
        raise click.UsageError(
            tr("--fingerprint 需要同时给出 --case 案件号", "--fingerprint needs --case ID")
        )
    conf = settings(ctx)
    Journal.probe(conf.home, read_only=True)
    keyring, index_damage = Journal.unlock_for_check(conf.home, get_passphrase(conf))
    if fingerprint is not None and case_id is not None:
        _verify_fingerprint(conf.home, keyring, case_id, fingerprint)
        return
    report = verify_store(conf.home, keyring, index_damage, only=case_id)
    bad = 0
    for check in report.store_files:
        if check.ok:
            continue
        bad += 1
        _damaged(check.file, check.position, check.problem)
        say(
            "  用 `oncall repair-index` 根据案卷文件重建（损坏的文件保留在旁边）",
            "  rebuild it from the case files with `oncall repair-index` (the damaged file "
            "is kept beside it)",
        )
    for check in report.files:
        if check.ok:
            torn = check.torn_bytes
            say(
                f"完好    {check.case}  {check.events} 条事件"
                + (f"（末尾有 {torn} 字节写了一半，下次打开时截去）" if torn else ""),
                f"ok      {check.case}  {check.events} events"
                + (f" (torn tail of {torn} bytes, cut at next open)" if torn else ""),
            )
        else:
            bad += 1
            _damaged(check.case, check.position, check.problem)
    cases, events = len(report.files), report.events
    if bad:
        say(
            f"已检查 {cases} 个案件、{events} 条事件：{bad} 处损坏",
            f"{cases} cases, {events} events checked: {bad} damaged",
        )
        sys.exit(1)
    say(
        f"已检查 {cases} 个案件、{events} 条事件：全部完好",
        f"{cases} cases, {events} events checked: all intact",
    )


def _damaged(what: str, position: object, problem: object) -> None:
    """One damaged file: what, where (record N / byte N), and the technical problem."""
    say(
        f"已损坏  {what}  位置 {position}：{problem}",
        f"DAMAGED {what}  at {position}: {problem}",
    )


def _verify_fingerprint(home: Path, keyring: Keyring, case_id: str, fingerprint: str) -> None:
    result = check_fingerprint(home, keyring, case_id, fingerprint)
    n, m = result.report_events, result.store_events
    if result.matches and n is not None:
        later_zh = f"；报告之后又记录了 {m - n} 条" if m > n else ""
        later_en = f"; {m - n} recorded after the report" if m > n else ""
        say(
            f"一致：报告的指纹是第 {n} 条事件的哈希，库中第 1–{n} 条事件原样保存"
            f"（共 {m} 条{later_zh}）",
            f"matches: the fingerprint is event {n}'s hash; events 1–{n} are in the store "
            f"unchanged ({m} in all{later_en})",
        )
        if result.problem:
            say(f"注意：之后的记录有问题：{result.problem}", f"note: later: {result.problem}")
        return
    if n is not None:
        say(
            f"不一致：库中第 {n} 条事件的哈希与报告的指纹不同——报告与库中记录不符",
            f"MISMATCH: event {n} in the store has another hash than the report's "
            "fingerprint: the report and the store disagree",
        )
    elif result.problem:
        say(
            f"不一致：在库中可核验的 {m} 条事件里没有找到这个指纹（{result.problem}）",
            f"MISMATCH: no event among the {m} intact ones has this fingerprint ({result.problem})",
        )
    else:
        say(
            f"不一致：库中 {m} 条事件里没有哪一条的哈希是这个指纹",
            f"MISMATCH: none of the store's {m} events has this fingerprint",
        )
    sys.exit(1)


@click.command(name="repair-index")
@click.option("--recovery", is_flag=True, help="Use the recovery key instead of the passphrase.")
@click.pass_context
@handle_errors
def repair_index(ctx: click.Context, recovery: bool) -> None:
    """根据案卷文件重建索引，损坏的文件保留在旁边 /
    Rebuild index.db from the case files, keeping the damaged file beside it."""
    conf = settings(ctx)
    Journal.probe(conf.home)
    if recovery:
        key = prompt_secret(tr("恢复密钥", "Recovery key"))
        result = Journal.rebuild_index(conf.home, recovery_key=key)
    else:
        result = Journal.rebuild_index(conf.home, get_passphrase(conf))
    say(
        f"已根据案卷文件重建索引：{result.cases} 个案件",
        f"index rebuilt from the case files: {result.cases} cases",
    )
    if result.kept_index:
        say(f"原索引保留为 {result.kept_index}", f"the old index is kept as {result.kept_index}")
    if result.kept_heads:
        say(
            f"锚点文件也已损坏，已根据案卷文件重建（原文件保留为 {result.kept_heads}）；"
            "此前被截短的案卷将无法再被发现",
            f"the anchors were damaged too and were rebuilt from the case files (kept as "
            f"{result.kept_heads}); a case cut short before now can no longer be detected",
        )
    for case in result.damaged_cases:
        say(
            f"案件 {case} 已损坏：运行 `oncall verify` 查看",
            f"case {case} is damaged: see `oncall verify`",
        )


@click.command()
@click.option("--recovery", is_flag=True, help="Use the recovery key instead of the passphrase.")
@click.option(
    "--new-passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the new passphrase from this file (first line).",
)
@click.option(
    "--rotate-key",
    is_flag=True,
    help="Also re-encrypt every file under a new data key and issue a new recovery key "
    "(when the passphrase may have leaked).",
)
@click.pass_context
@handle_errors
def passwd(
    ctx: click.Context, recovery: bool, new_passphrase_file: Path | None, rotate_key: bool
) -> None:
    """更改口令（加 --rotate-key 才重新加密数据） /
    Change the passphrase (the data is not re-encrypted unless --rotate-key)."""
    conf = settings(ctx)
    Journal.probe(conf.home)
    if recovery:
        key = prompt_secret(tr("恢复密钥", "Recovery key"))
        journal = Journal.open(conf.home, recovery_key=key)
    else:
        journal = Journal.open(
            conf.home, get_passphrase(conf, prompt=tr("当前口令", "Current passphrase"))
        )
    try:
        if new_passphrase_file is not None:
            new = read_passphrase_file(new_passphrase_file)
        else:
            new = prompt_secret(tr("新口令", "New passphrase"), confirm=True)
        require_strong(new)
        if rotate_key:
            recovery_key = journal.rotate_key(new)
        else:
            journal.change_passphrase(new)
    finally:
        journal.close()
    if not rotate_key:
        say("口令已更改。恢复密钥不变。", "Passphrase changed. The recovery key is unchanged.")
        return
    say(
        "口令已更改，所有文件已用新的数据密钥重新加密；旧口令、旧恢复密钥和旧副本都打不开新数据。",
        "Passphrase changed and every file re-encrypted under a new data key; the old "
        "passphrase, the old recovery key and old copies cannot read anything new.",
    )
    say(
        "新的恢复密钥（只显示这一次；请写下交给学校负责人）：",
        "New recovery key (shown once; write it down and give it to the school leader):",
    )
    click.echo(f"    {recovery_key}")


@click.command(name="list")
@click.option("--show-names", is_flag=True, help="Also show student details (this screen only).")
@click.option("--drills", is_flag=True, help="List the drill cases (演练) instead of real ones.")
@click.pass_context
@handle_errors
def list_cases(ctx: click.Context, show_names: bool, drills: bool) -> None:
    """列出真实案件（--show-names 才显示学生信息；--drills 只列演练） /
    List the real cases in the store (no student details unless --show-names); drill
    cases never mix with them: `--drills` lists those alone."""
    journal = open_journal(ctx, read_only=True)
    try:
        every = journal.cases()
    finally:
        journal.close()
    zh = settings(ctx).lang == "zh"
    cases = [info for info in every if info.drill == drills]
    others = len(every) - len(cases)
    if not cases:
        if drills:
            say("没有演练案件", "no drill cases")
        else:
            say("还没有案件", "no cases")
    for info in cases:
        mark = ("演练 " if zh else "DRILL ") if info.drill else ""
        scenario = info.facts.get("scenario", "") if info.drill else ""
        opened = datetime.fromisoformat(info.opened_at).astimezone().strftime("%Y-%m-%d %H:%M")
        line = f"{info.id}  {'开案' if zh else 'opened'} {opened}  {mark}{scenario}".rstrip()
        if show_names:
            name = info.facts.get("student_name", "")
            klass = info.facts.get("student_class", "")
            line += f"  {name} {klass}".rstrip()
        click.echo(line)
    if others and not drills:
        say(
            f"（另有 {others} 个演练案件：oncall list --drills）",
            f"({others} drill case{'s' if others != 1 else ''}: oncall list --drills)",
        )


COMMANDS = (init, verify, passwd, repair_index, list_cases)
