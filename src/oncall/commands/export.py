"""Debrief exports and archives: `oncall export`, `oncall archive`, `oncall import`, and
`oncall verify FILE` (called from the store's `verify` command).

Exports are the only way a case's details reach the disk in clear: they are written
0600 to the file named (never a temporary copy) and a warning says so on stderr,
unless the export is pseudonymised (`--redact`) or encrypted (`--encrypt`).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import BinaryIO, cast

import click

from oncall.commands.common import (
    get_passphrase,
    handle_errors,
    playbook_problems,
    prompt_secret,
    read_passphrase_file,
    say,
    settings,
    show_notice,
    tr,
    warn,
)
from oncall.commands.language import count
from oncall.export import (
    FORMATS,
    Format,
    case_record,
    export_file,
    render_to,
    suggested_name,
    write_export,
)
from oncall.export import archive as archives
from oncall.export.identifiers import collect
from oncall.export.record import CaseRecord
from oncall.journal import Journal, OncallError, StoreDamaged, StoreNotFound, WrongPassphrase
from oncall.journal.crypto import Keyring
from oncall.journal.event import utc_now
from oncall.playbook import Lang, Playbook, PlaybookError
from oncall.vocabulary import kinds


class OutputExists(OncallError):
    exit_code = 1


def _stdout(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _terms(terms: tuple[str, ...]) -> tuple[str, ...]:
    """`--redact-also` terms, stripped; an empty one is a usage error (exit 2)."""
    found = tuple(term.strip() for term in terms)
    if any(not term for term in found):
        raise click.BadParameter(tr("空的词语", "an empty term"), param_hint="--redact-also")
    return found


def _school() -> str:
    """The school's name from the directory, unless it is still the example."""
    from oncall.locations import default_directory_path
    from oncall.playbook import load_directory

    try:
        directory = load_directory(default_directory_path())
    except (PlaybookError, OSError):
        return ""
    return "" if directory.placeholder else directory.school


def _playbook_for(record: CaseRecord, path: Path | None) -> tuple[Playbook, str]:
    """The playbook to judge the case by, and its TOML text: an imported case's own;
    else the one named, else the default."""
    from oncall.locations import default_playbook_path
    from oncall.playbook import load_playbook

    try:
        if record.imported and path is None:
            doc = record.tables.get(archives.PLAYBOOK_TABLE, {}).get("1", {})
            text = str(doc.get("text") or "")
            return archives.playbook_from_text(text, f"archive of {record.case_id}"), text
        chosen = path or default_playbook_path()
        playbook = load_playbook(chosen)
        return playbook, Path(chosen).read_bytes().decode("utf-8")
    except PlaybookError as exc:
        raise playbook_problems(exc) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise OncallError(f"cannot read the playbook: {exc}", zh=f"无法读取预案：{exc}") from exc


def _target(out: Path | None, default: str, force: bool) -> Path:
    path = out or Path(default)
    if path.exists() and not force:
        raise OutputExists(
            f"{path} already exists; use --force to replace it (nothing was written)",
            zh=f"{path} 已经存在；要替换它请加 --force（什么也没有写）",
        )
    return path


def _open(ctx: click.Context) -> Journal:
    conf = settings(ctx)
    show_notice(Journal.probe(conf.home, read_only=True))  # e.g. a key change finished
    return Journal.open(conf.home, get_passphrase(conf), read_only=True)


@click.command(name="export")
@click.argument("case")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="md",
    show_default=True,
    help="md, html (one self-contained file, prints on A4), json, docx.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="File to write (default: <case>.<format> here; - for stdout).",
)
@click.option(
    "--redact/--no-redact",
    default=None,
    help="Stable pseudonyms for every person and place the case names (student, class, "
    "family, classmates, reporter, places) and for phone, ID and e-mail numbers; staff "
    "names stay. A drill case is redacted unless --no-redact.",
)
@click.option(
    "--redact-also",
    "redact_also",
    metavar="TERM",
    multiple=True,
    callback=lambda _ctx, _param, terms: _terms(terms),
    help="Also replace TERM (repeatable), e.g. a name typed only in a note; implies --redact.",
)
@click.option(
    "--encrypt",
    is_flag=True,
    help="Write an encrypted bundle instead (opens with the store's passphrase: "
    "`oncall export --decrypt BUNDLE`).",
)
@click.option(
    "--decrypt",
    is_flag=True,
    help="CASE is an encrypted bundle: write the export it holds to --out.",
)
@click.option(
    "--playbook",
    "playbook_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The playbook the case ran under (default: the default playbook; an "
    "imported case uses its own).",
)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.pass_context
@handle_errors
def export(
    ctx: click.Context,
    case: str,
    fmt: str,
    out: Path | None,
    redact: bool | None,
    redact_also: tuple[str, ...],
    encrypt: bool,
    decrypt: bool,
    playbook_path: Path | None,
    force: bool,
) -> None:
    """导出案件复盘报告 /
    Export a case's debrief: header, key intervals, chart, timeline, decisions, forms."""
    conf = settings(ctx)
    if redact_also:
        redact = True
    if decrypt:
        _decrypt(ctx, Path(case), out, force)
        return
    if encrypt and out is not None and str(out) == "-":
        raise OncallError(
            "an encrypted bundle is written to a file, not to stdout",
            zh="加密包只能写到文件里，不能写到标准输出",
        )
    journal = _open(ctx)
    try:
        record = case_record(journal, case, (archives.PLAYBOOK_TABLE,))
        playbook, _text = _playbook_for(record, playbook_path)
        keyring = journal.keyring
    finally:
        journal.close()
    lang: Lang = "en" if conf.lang == "en" else "zh"
    form = cast(Format, fmt)
    now = utc_now()
    if redact is None:  # a drill is pseudonymous by default
        redact = bool(record.events and record.events[0].drill)
    if redact and not collect(record.events).has_student_name:
        warn(
            "本案没有记录学生姓名：只写在记录文字里的姓名无法识别，请用 --redact-also 姓名 补上",
            "the case records no student name: a name typed only in free text is not "
            "known; give it with --redact-also NAME",
        )
    name = suggested_name(record.case_id, form, redact=redact)
    if not record.integrity.ok:
        warn(
            f"案件 {record.case_id} 在 {record.integrity.position} 处未通过完整性检查；"
            "导出文件中已注明",
            f"case {record.case_id} fails its integrity check at "
            f"{record.integrity.position}; the export says so",
        )
    school = _school()

    def write_to(target: BinaryIO) -> None:
        render_to(
            target,
            form,
            record,
            playbook,
            now=now,
            lang=lang,
            redact=bool(redact),
            redact_also=redact_also,
            school=school,
        )

    if encrypt:  # the bundle seals the export whole
        path = _target(out, name + archives.SUFFIX, force)
        sealed = io.BytesIO()
        write_to(sealed)
        archives.write_bundle(
            path,
            keyring,
            sealed.getvalue(),
            case_id=record.case_id,
            fmt=fmt,
            lang=lang,
            redacted=redact,
            name=name,
            now=now,
            overwrite=force,
        )
        say(
            f"已写入 {path}（加密的 {fmt}，案件 {record.case_id}）",
            f"wrote {path} (encrypted {fmt}, case {record.case_id})",
        )
        return
    if out is not None and str(out) == "-":
        sys.stdout.flush()
        write_to(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    path = _target(out, name, force)
    with export_file(path) as handle:  # written as it is made: a long case is never whole
        write_to(handle)
    if not redact:
        warn(
            f"{path} 以明文保存了学生信息（权限 0600）：请妥善保管，只给需要知道的人，用完即删",
            f"{path} holds student details in plain text (mode 0600): keep it safe, share "
            "it only with those who need to know, delete it when done",
        )
    final = record.integrity.final_hash[:16]
    say(
        f"已写入 {path}（{fmt}，案件 {record.case_id}，末条哈希 {final}…）",
        f"wrote {path} ({fmt}, case {record.case_id}, final hash {final}…)",
    )


def _decrypt(ctx: click.Context, bundle: Path, out: Path | None, force: bool) -> None:
    opened = _open_file(ctx, bundle)
    result = archives.check(opened)
    if not result.ok:
        problems = "; ".join(result.problems)
        raise StoreDamaged(
            f"{bundle}: {problems}; nothing was written",
            zh=f"{bundle}：{problems}；什么也没有写",
        )
    if opened.kind != "export":
        raise OncallError(
            f"{bundle} is not an encrypted export (an archive? use `oncall import`)",
            zh=f"{bundle} 不是加密导出文件（是案卷归档？请用 `oncall import`）",
        )
    data = opened.export_data()
    if out is not None and str(out) == "-":
        _stdout(data)
        return
    path = _target(out, str(opened.meta.get("name") or bundle.stem), force)
    write_export(path, data)
    if not opened.meta.get("redacted"):
        warn(
            f"{path} 以明文保存了学生信息（权限 0600）",
            f"{path} holds student details in plain text (mode 0600)",
        )
    say(f"已写入 {path}", f"wrote {path}")


def _open_file(ctx: click.Context, path: Path, keyring: Keyring | None = None) -> archives.Opened:
    if not path.is_file():
        raise StoreNotFound(f"no such file: {path}", zh=f"没有这个文件：{path}")
    if keyring is None:
        keyring = archives.unlock(path, passphrase=get_passphrase(settings(ctx)))
    return archives.open_file(path, keyring)


@click.command(name="archive")
@click.argument("case")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: <case>.oncall here).",
)
@click.option(
    "--playbook",
    "playbook_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The playbook the case ran under (default: the default playbook).",
)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.pass_context
@handle_errors
def archive(
    ctx: click.Context, case: str, out: Path | None, playbook_path: Path | None, force: bool
) -> None:
    """把一个案件写成一个加密的独立文件（一档一卷） /
    Write one encrypted, self-contained file for a case (一档一卷): its events and the
    playbook it ran under; the passphrase or the recovery key opens it anywhere."""
    journal = _open(ctx)
    try:
        record = case_record(journal, case, (archives.PLAYBOOK_TABLE,))
        playbook, text = _playbook_for(record, playbook_path)
        keyring = journal.keyring
    finally:
        journal.close()
    if not record.integrity.ok:
        where, problem = record.integrity.position, record.integrity.problem
        raise StoreDamaged(
            f"case {record.case_id} is damaged at {where}: {problem}; run `oncall verify`; "
            "nothing archived",
            zh=f"案件 {record.case_id} 在 {where} 处损坏：{problem}；请运行 `oncall verify`；"
            "没有归档",
        )
    ref = record.events[0].data.get("playbook") or {}
    if isinstance(ref, dict) and ref.get("hash") and ref["hash"] != playbook.content_hash:
        was = f"{ref.get('version')} ({str(ref['hash'])[:12]}…)"
        now_ = f"{playbook.version} ({playbook.content_hash[:12]}…)"
        warn(
            f"案件 {record.case_id} 开案时用的是预案 {was}；现在随附的是手头的预案 {now_}",
            f"case {record.case_id} was opened under playbook {was}; archiving it with "
            f"{now_}, the one at hand",
        )
    if not any(event.kind == kinds.CASE_CLOSED for event in record.events):
        warn(
            f"案件 {record.case_id} 尚未结案：归档只包含到目前为止的事件",
            f"case {record.case_id} is still open: the archive holds its events so far",
        )
    path = _target(out, f"{record.case_id}{archives.SUFFIX}", force)
    result = archives.write_archive(
        path, keyring, list(record.events), text, now=utc_now(), overwrite=force
    )
    say(
        f"已归档案件 {result.case_id}：{result.events} 条事件，"
        f"末条哈希 {result.final_hash} -> {path}",
        f"archived case {result.case_id}: {count(result.events, 'event')}, final hash "
        f"{result.final_hash} -> {path}",
    )


@click.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--recovery",
    is_flag=True,
    help="Open the archive with the recovery key of the store that made it.",
)
@click.option(
    "--archive-passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The passphrase of the store that made the archive, if it differs.",
)
@click.pass_context
@handle_errors
def import_archive(
    ctx: click.Context, file: Path, recovery: bool, archive_passphrase_file: Path | None
) -> None:
    """把归档的案件导入本库（只读） /
    Bring an archived case into this store, read-only (its events unchanged)."""
    conf = settings(ctx)
    if not file.is_file():
        raise StoreNotFound(f"no such file: {file}", zh=f"没有这个文件：{file}")
    show_notice(Journal.probe(conf.home))
    passphrase = get_passphrase(conf)
    journal = Journal.open(conf.home, passphrase)
    try:
        keyring = _archive_keyring(file, journal, passphrase, recovery, archive_passphrase_file)
        opened = archives.open_file(file, keyring)
        result = archives.check(opened)
        if not result.ok:
            problems = "; ".join(result.problems)
            raise StoreDamaged(
                f"{file}: {problems}; nothing was imported",
                zh=f"{file}：{problems}；什么也没有导入",
            )
        if opened.kind != "archive":
            raise OncallError(
                f"{file} is not a case archive "
                "(an encrypted export? use `oncall export --decrypt`)",
                zh=f"{file} 不是案卷归档（是加密导出文件？请用 `oncall export --decrypt`）",
            )
        case_id = journal.import_case(
            opened.events, {archives.PLAYBOOK_TABLE: opened.tables[archives.PLAYBOOK_TABLE]}
        )
    finally:
        journal.close()
    say(
        f"已导入案件 {case_id}：{result.events} 条事件，末条哈希 {result.final_hash}（只读）",
        f"imported case {case_id}: {count(result.events, 'event')}, final hash "
        f"{result.final_hash} (read-only)",
    )


def _archive_keyring(
    file: Path, journal: Journal, passphrase: str, recovery: bool, passphrase_file: Path | None
) -> Keyring:
    if recovery:
        return archives.unlock(file, recovery_key=prompt_secret(tr("恢复密钥", "Recovery key")))
    if passphrase_file is not None:
        return archives.unlock(file, passphrase=read_passphrase_file(passphrase_file))
    if archives.key_id(file) == journal.keyring.key_id:
        return journal.keyring
    try:
        return archives.unlock(file, passphrase=passphrase)
    except WrongPassphrase:
        if not sys.stdin or not sys.stdin.isatty():
            raise WrongPassphrase(
                "the archive was made by another store and this "
                "passphrase does not open it: use "
                "--archive-passphrase-file or --recovery",
                zh="这个归档是另一个记录库做的，本口令打不开它：请用 "
                "--archive-passphrase-file 或 --recovery",
            ) from None
        return archives.unlock(
            file, passphrase=prompt_secret(tr("归档的口令", "Archive passphrase"))
        )


def verify_files(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """`oncall verify FILE...`: check archives and encrypted exports (no store needed).
    A wrong passphrase stops with exit 3; anything wrong with a file is reported and
    gives exit 1 at the end."""
    conf = settings(ctx)
    keyrings: dict[str, Keyring] = {}
    passphrase: str | None = None
    bad = 0
    for path in files:
        try:
            key = archives.key_id(path)
            if key not in keyrings:
                passphrase = passphrase or get_passphrase(conf)
                keyrings[key] = archives.unlock(path, passphrase=passphrase)
            result = archives.check(archives.open_file(path, keyrings[key]))
        except WrongPassphrase:
            raise
        except (StoreDamaged, StoreNotFound) as exc:
            bad += 1
            say(f"已损坏  {path}：{exc.text('zh')}", f"DAMAGED {path}: {exc.message}")
            continue
        case = result.case_id or "?"
        if result.ok and result.kind == "archive":
            say(
                f"完好    {path}  案件 {case} 的归档：{result.events} 条事件，"
                f"末条哈希 {result.final_hash}",
                f"ok      {path}  archive of case {case}: {count(result.events, 'event')}, "
                f"final hash {result.final_hash}",
            )
        elif result.ok:
            say(
                f"完好    {path}  案件 {case} 的加密导出",
                f"ok      {path}  encrypted export of case {case}",
            )
        else:
            bad += 1
            problems = "; ".join(result.problems)
            kind_zh = "归档" if result.kind == "archive" else "加密导出"
            say(
                f"已损坏  {path}  案件 {case} 的{kind_zh}：{problems}",
                f"DAMAGED {path}  {result.kind} of case {case}: {problems}",
            )
    if bad:
        say(
            f"已检查 {len(files)} 个文件：{bad} 个损坏",
            f"{len(files)} files checked: {bad} damaged",
        )
        sys.exit(1)
    say(f"已检查 {len(files)} 个文件：全部完好", f"{len(files)} files checked: all intact")
