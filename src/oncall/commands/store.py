"""Store commands: init, verify, passwd, list."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from oncall.commands.common import (
    get_passphrase,
    handle_errors,
    lang,
    open_journal,
    prompt_secret,
    read_passphrase_file,
    say,
    school_words,
    settings,
    show_notice,
    tr,
)
from oncall.commands.language import count
from oncall.journal import Journal
from oncall.journal.crypto import Keyring
from oncall.journal.errors import OncallError
from oncall.journal.passphrase import require_strong
from oncall.journal.probe import store_exists_error
from oncall.journal.verify import check_fingerprint, verify_store
from oncall.journal.witness import CaseProblem, check_witness, parse_witnesses, read_witnesses


@click.command()
@click.pass_context
@handle_errors
def init(ctx: click.Context) -> None:
    """创建加密记录库，恢复密钥只显示一次 /
    Create a new encrypted store and show its recovery key once."""
    conf = settings(ctx)
    if Journal.exists(conf.home):  # an index, or case files whose index was lost
        raise store_exists_error(conf.home)
    passphrase = get_passphrase(
        conf, new=True, prompt=tr("新口令", "New passphrase"), context=school_words(conf.home)
    )
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
    "--witness",
    "witness_text",
    help="Check the store against a witness fingerprint from `oncall witness` (or a file "
    "of them, one a line): names every case shorter than, or different from, what it saw.",
)
@click.option(
    "--fingerprint",
    help="With --case: check a printed report's fingerprint (N:HASH, or the hash alone; "
    "at least its first 16 hex digits) against the store.",
)
@click.pass_context
@handle_errors
def verify(
    ctx: click.Context,
    files: tuple[Path, ...],
    witness_text: str | None,
    case_id: str | None,
    fingerprint: str | None,
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
    show_notice(Journal.probe(conf.home, read_only=True, index_optional=True))
    keyring, index_damage = Journal.unlock_for_check(conf.home, get_passphrase(conf))
    if witness_text is not None:
        _verify_witness(conf.home, keyring, witness_text)
        return
    if fingerprint is not None and case_id is not None:
        _verify_fingerprint(conf.home, keyring, case_id, fingerprint)
        return
    report = verify_store(conf.home, keyring, index_damage, only=case_id)
    bad = 0
    for check in report.store_files:
        if check.ok:
            continue
        bad += 1
        problem = check.problem
        if check.file == "index.db" and index_damage is not None:
            problem = index_damage.text(lang())  # names what to run, in this language
        _damaged(check.file, check.position, problem)
        say(
            "  用 `oncall repair-index` 根据案卷文件重建（原文件保留在旁边；比记录短的案件"
            "仍标为损坏）",
            "  rebuild it from the case files with `oncall repair-index` (the old file is "
            "kept beside it; a case shorter than recorded stays damaged)",
        )
    for check in report.files:
        if check.ok:
            torn = check.torn_bytes
            say(
                f"完好    {check.case}  {check.events} 条事件"
                + (f"（末尾有 {torn} 字节写了一半，下次打开时截去）" if torn else ""),
                f"ok      {check.case}  {count(check.events, 'event')}"
                + (f" (torn tail of {torn} bytes, cut at next open)" if torn else ""),
            )
        else:
            bad += 1
            _damaged(check.case, check.position, check.problem)
    cases, events = len(report.files), report.events
    if bad:
        say(
            f"已检查 {cases} 个案件、{events} 条事件：{bad} 处损坏",
            f"{count(cases, 'case')}, {count(events, 'event')} checked: {bad} damaged",
        )
        sys.exit(1)
    say(
        f"已检查 {cases} 个案件、{events} 条事件：全部完好",
        f"{count(cases, 'case')}, {count(events, 'event')} checked: all intact",
    )


def _verify_witness(home: Path, keyring: Keyring, text: str) -> None:
    """`verify --witness`: each fingerprint given (or in the file given) checked."""
    path = Path(text)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise OncallError(
                f"cannot read the witness file {path}: {exc}",
                zh=f"无法读取存储指纹文件 {path}：{exc}",
            ) from exc
    recorded = read_witnesses(home, keyring)
    bad = 0
    for fp in parse_witnesses(text):
        result = check_witness(home, keyring, recorded, fp)
        if not result.known:
            bad += 1
            say(
                f"不一致  存储指纹 {fp}：本库不认识它——自那以后，记录库（连同索引）被回滚、"
                "替换，或索引丢失后重建过。请用保存在别处的备份核对。",
                f"MISMATCH witness {fp}: this store does not know it; since it was taken the "
                "store (index included) was rolled back or replaced, or its index was lost "
                "and rebuilt. Check against a copy kept elsewhere.",
            )
            continue
        for problem in result.problems:
            bad += 1
            _witness_problem(problem)
        if result.ok:
            say(
                f"一致    存储指纹 {fp}（{result.taken_at}）：它见过的 {result.cases} 个案件"
                "都原样在库中",
                f"matches witness {fp} ({result.taken_at}): "
                + (
                    "the one case it saw is"
                    if result.cases == 1
                    else f"all {result.cases} cases it saw are"
                )
                + " in the store as it saw them",
            )
    if bad:
        say(
            f"与存储指纹不符：{bad} 处。请运行 `oncall verify` 并报告学校负责人。",
            f"{count(bad, 'difference')} from the witness. Run `oncall verify` and tell the "
            "school leader.",
        )
        sys.exit(1)


def _witness_problem(problem: CaseProblem) -> None:
    case, now, seen = problem.case, problem.events, problem.seen
    if problem.kind == "missing":
        say(
            f"不一致  案件 {case}：案卷文件不见了（存储指纹见过 {seen} 条事件）",
            f"MISMATCH case {case}: the case file is missing "
            f"(the witness saw {count(seen, 'event')})",
        )
    elif problem.kind == "short":
        say(
            f"不一致  案件 {case}：比存储指纹见过的短——现在完好的只有 {now} 条，它见过 {seen} 条",
            f"MISMATCH case {case}: shorter than the witness saw: "
            f"{count(now, 'intact event')}, it saw {seen}",
        )
    elif problem.kind == "differs":
        say(
            f"不一致  案件 {case}：第 {seen} 条事件与存储指纹见过的不同",
            f"MISMATCH case {case}: event {seen} differs from what the witness saw",
        )
    else:
        say(
            f"不一致  案件 {case}：案卷文件无法读取（存储指纹见过 {seen} 条事件）",
            f"MISMATCH case {case}: the case file cannot be read "
            f"(the witness saw {count(seen, 'event')})",
        )


@click.command()
@click.pass_context
@handle_errors
def witness(ctx: click.Context) -> None:
    """打印存储指纹，抄下来保存在本机以外 /
    Print the store's fingerprint, to keep off this machine (on the written report)."""
    journal = open_journal(ctx, read_only=False)
    try:
        fp, cases, events = journal.witness()
    finally:
        journal.close()
    say(
        "存储指纹（请抄在书面报告或纸上，保存在本机以外，例如由学校负责人每周保管）：",
        "Store fingerprint (write it on the written report or on paper and keep it off "
        "this machine, e.g. the school leader keeps the weekly one):",
    )
    click.echo(f"    {fp}")
    say(
        f"它见证了 {cases} 个案件、{events} 条事件。日后核对：oncall verify --witness {fp}",
        f"It witnesses {count(cases, 'case')}, {count(events, 'event')}. Check later: "
        f"oncall verify --witness {fp}",
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
    show_notice(Journal.probe(conf.home, index_optional=True))
    if recovery:
        key = prompt_secret(tr("恢复密钥", "Recovery key"))
        result = Journal.rebuild_index(conf.home, recovery_key=key)
    else:
        result = Journal.rebuild_index(conf.home, get_passphrase(conf))
    say(
        f"已根据案卷文件重建索引：{result.cases} 个案件",
        f"index rebuilt from the case files: {count(result.cases, 'case')}",
    )
    if result.kept_index and result.index_was == "intact":
        say(
            f"原索引完好，保留为 {result.kept_index}",
            f"the old index was intact; it is kept as {result.kept_index}",
        )
    elif result.kept_index:
        say(
            f"原索引已损坏，保留为 {result.kept_index}",
            f"the old index was damaged; it is kept as {result.kept_index}",
        )
    if result.last_operator:
        say(
            f"上次的操作人保留：{result.last_operator}",
            f"the last operator is kept: {result.last_operator}",
        )
    if result.heads_was != "intact":
        why = {
            "missing": ("锚点文件（heads.db）不见了", "the anchors (heads.db) were missing"),
            "damaged": ("锚点文件（heads.db）已损坏", "the anchors (heads.db) were damaged"),
            "behind": (
                "锚点文件（heads.db）比索引记录的旧",
                "the anchors (heads.db) were older than the index recorded",
            ),
        }[result.heads_was]
        kept_zh = f"（原文件保留为 {result.kept_heads}）" if result.kept_heads else ""
        kept_en = f" (kept as {result.kept_heads})" if result.kept_heads else ""
        say(
            f"{why[0]}，已根据案卷文件和索引的记录重建{kept_zh}",
            f"{why[1]} and were rebuilt from the case files and the index's record{kept_en}",
        )
    for case in result.short_cases:
        say(
            f"案件 {case} 比记录库曾经锚定的短：仍标为损坏，不会在截短处重新锚定。"
            "请运行 `oncall verify`，并用备份或书面报告的指纹核对（oncall verify --witness）。",
            f"case {case} is shorter than the store had anchored: it stays damaged and is "
            "not re-anchored at its cut length. Run `oncall verify` and check it against a "
            "backup or the written report's fingerprint (oncall verify --witness).",
        )
    for case in result.damaged_cases:
        if case not in result.short_cases:
            say(
                f"案件 {case} 已损坏：运行 `oncall verify` 查看位置；其余案件照常可用",
                f"case {case} is damaged: run `oncall verify` to see where; the other cases "
                "work as usual",
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
    show_notice(Journal.probe(conf.home))
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
        require_strong(new, school_words(conf.home, journal.operator_names()))
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


COMMANDS = (init, verify, witness, passwd, repair_index, list_cases)
