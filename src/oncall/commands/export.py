"""Debrief exports and archives: `oncall export`, `oncall archive`, `oncall import`, and
`oncall verify FILE` (called from the store's `verify` command).

Exports are the only way a case's details reach the disk in clear: they are written
0600 to the file named (never a temporary copy) and a warning says so on stderr,
unless the export is pseudonymised (`--redact`) or encrypted (`--encrypt`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

import click

from oncall.commands.common import (
    get_passphrase,
    handle_errors,
    prompt_secret,
    read_passphrase_file,
    settings,
)
from oncall.export import (
    FORMATS,
    Format,
    case_record,
    render,
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
        raise click.BadParameter("an empty term / 空的词语", param_hint="--redact-also")
    return found


def _warn(message: str) -> None:
    click.echo(f"oncall: warning: {message}", err=True)


def _school() -> str:
    """The school's name from the directory, unless it is still the example."""
    from oncall.locations import default_directory_path
    from oncall.playbook import load_directory

    try:
        directory = load_directory(default_directory_path())
    except (PlaybookError, OSError):
        return ""
    return "" if directory.placeholder else directory.school


def _playbook_for(journal: Journal, record: CaseRecord, path: Path | None) -> tuple[Playbook, str]:
    """The playbook to judge the case by, and its TOML text: an imported case's own;
    else the one named, else the default."""
    from oncall.locations import default_playbook_path
    from oncall.playbook import load_playbook

    try:
        if record.imported and path is None:
            doc = journal.case_table(record.case_id, archives.PLAYBOOK_TABLE).get("1", {})
            text = str(doc.get("text") or "")
            return archives.playbook_from_text(text, f"archive of {record.case_id}"), text
        chosen = path or default_playbook_path()
        playbook = load_playbook(chosen)
        return playbook, Path(chosen).read_bytes().decode("utf-8")
    except PlaybookError as exc:
        raise OncallError(f"the playbook has problems:\n{exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise OncallError(f"cannot read the playbook: {exc}") from exc


def _target(out: Path | None, default: str, force: bool) -> Path:
    path = out or Path(default)
    if path.exists() and not force:
        raise OutputExists(
            f"{path} already exists; use --force to replace it (nothing was written)"
        )
    return path


def _open(ctx: click.Context) -> Journal:
    conf = settings(ctx)
    Journal.probe(conf.home, read_only=True)
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
    help="Also replace TERM (repeatable), e.g. a name typed only in a note; implies "
    "--redact.",
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
    """Export a case's debrief: header, key intervals, chart, timeline, decisions, forms."""
    conf = settings(ctx)
    if redact_also:
        redact = True
    if decrypt:
        _decrypt(ctx, Path(case), out, force)
        return
    if encrypt and out is not None and str(out) == "-":
        raise OncallError("an encrypted bundle is written to a file, not to stdout")
    journal = _open(ctx)
    try:
        record = case_record(journal, case)
        playbook, _text = _playbook_for(journal, record, playbook_path)
        keyring = journal.keyring
    finally:
        journal.close()
    lang: Lang = "en" if conf.lang == "en" else "zh"
    form = cast(Format, fmt)
    now = utc_now()
    if redact is None:  # a drill is pseudonymous by default
        redact = bool(record.events and record.events[0].drill)
    if redact and not collect(record.events).has_student_name:
        _warn(
            "本案没有记录学生姓名：只写在记录文字里的姓名无法识别，请用 --redact-also 姓名 补上"
            if lang == "zh"
            else "the case records no student name: a name typed only in free text is not "
            "known; give it with --redact-also NAME"
        )
    data = render(
        form,
        record,
        playbook,
        now=now,
        lang=lang,
        redact=redact,
        redact_also=redact_also,
        school=_school(),
    )
    name = suggested_name(record.case_id, form, redact=redact)
    if not record.integrity.ok:
        _warn(
            f"case {record.case_id} fails its integrity check at "
            f"{record.integrity.position}; the export says so"
        )
    if encrypt:
        path = _target(out, name + archives.SUFFIX, force)
        archives.write_bundle(
            path,
            keyring,
            data,
            case_id=record.case_id,
            fmt=fmt,
            lang=lang,
            redacted=redact,
            name=name,
            now=now,
            overwrite=force,
        )
        click.echo(f"wrote {path} (encrypted {fmt}, case {record.case_id})")
        return
    if out is not None and str(out) == "-":
        _stdout(data)
        return
    path = _target(out, name, force)
    write_export(path, data)
    if not redact:
        _warn(
            f"{path} holds student details in plain text (mode 0600): keep it safe, share "
            "it only with those who need to know, delete it when done"
        )
    click.echo(
        f"wrote {path} ({fmt}, case {record.case_id}, final hash "
        f"{record.integrity.final_hash[:16]}…)"
    )


def _decrypt(ctx: click.Context, bundle: Path, out: Path | None, force: bool) -> None:
    opened = _open_file(ctx, bundle)
    result = archives.check(opened)
    if not result.ok:
        raise StoreDamaged(f"{bundle}: {'; '.join(result.problems)}; nothing was written")
    if opened.kind != "export":
        raise OncallError(f"{bundle} is not an encrypted export (an archive? use `oncall import`)")
    data = opened.export_data()
    if out is not None and str(out) == "-":
        _stdout(data)
        return
    path = _target(out, str(opened.meta.get("name") or bundle.stem), force)
    write_export(path, data)
    if not opened.meta.get("redacted"):
        _warn(f"{path} holds student details in plain text (mode 0600)")
    click.echo(f"wrote {path}")


def _open_file(ctx: click.Context, path: Path, keyring: Keyring | None = None) -> archives.Opened:
    if not path.is_file():
        raise StoreNotFound(f"no such file: {path}")
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
    """Write one encrypted, self-contained file for a case (一档一卷): its events and the
    playbook it ran under; the passphrase or the recovery key opens it anywhere."""
    journal = _open(ctx)
    try:
        record = case_record(journal, case)
        playbook, text = _playbook_for(journal, record, playbook_path)
        keyring = journal.keyring
    finally:
        journal.close()
    if not record.integrity.ok:
        raise StoreDamaged(
            f"case {record.case_id} is damaged at {record.integrity.position}: "
            f"{record.integrity.problem}; run `oncall verify`; nothing archived"
        )
    ref = record.events[0].data.get("playbook") or {}
    if isinstance(ref, dict) and ref.get("hash") and ref["hash"] != playbook.content_hash:
        _warn(
            f"case {record.case_id} was opened under playbook {ref.get('version')} "
            f"({str(ref['hash'])[:12]}…); archiving it with {playbook.version} "
            f"({playbook.content_hash[:12]}…), the one at hand"
        )
    if not any(event.kind == "case.closed" for event in record.events):
        _warn(f"case {record.case_id} is still open: the archive holds its events so far")
    path = _target(out, f"{record.case_id}{archives.SUFFIX}", force)
    result = archives.write_archive(
        path, keyring, list(record.events), text, now=utc_now(), overwrite=force
    )
    click.echo(
        f"archived case {result.case_id}: {result.events} events, final hash "
        f"{result.final_hash} -> {path}"
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
    """Bring an archived case into this store, read-only (its events unchanged)."""
    conf = settings(ctx)
    if not file.is_file():
        raise StoreNotFound(f"no such file: {file}")
    Journal.probe(conf.home)
    passphrase = get_passphrase(conf)
    journal = Journal.open(conf.home, passphrase)
    try:
        keyring = _archive_keyring(file, journal, passphrase, recovery, archive_passphrase_file)
        opened = archives.open_file(file, keyring)
        result = archives.check(opened)
        if not result.ok:
            raise StoreDamaged(f"{file}: {'; '.join(result.problems)}; nothing was imported")
        if opened.kind != "archive":
            raise OncallError(
                f"{file} is not a case archive (an encrypted export? use `oncall export --decrypt`)"
            )
        case_id = journal.import_case(
            opened.events, {archives.PLAYBOOK_TABLE: opened.tables[archives.PLAYBOOK_TABLE]}
        )
    finally:
        journal.close()
    click.echo(
        f"imported case {case_id}: {result.events} events, final hash "
        f"{result.final_hash} (read-only)"
    )


def _archive_keyring(
    file: Path, journal: Journal, passphrase: str, recovery: bool, passphrase_file: Path | None
) -> Keyring:
    if recovery:
        return archives.unlock(file, recovery_key=prompt_secret("Recovery key"))
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
                "--archive-passphrase-file or --recovery"
            ) from None
        return archives.unlock(file, passphrase=prompt_secret("Archive passphrase"))


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
            click.echo(f"DAMAGED {path}: {exc.message}")
            continue
        if result.ok:
            what = (
                f"archive of case {result.case_id}: {result.events} events, final hash "
                f"{result.final_hash}"
                if result.kind == "archive"
                else f"encrypted export of case {result.case_id}"
            )
            click.echo(f"ok      {path}  {what}")
        else:
            bad += 1
            click.echo(
                f"DAMAGED {path}  {result.kind} of case {result.case_id or '?'}: "
                + "; ".join(result.problems)
            )
    summary = f"{len(files)} files checked"
    if bad:
        click.echo(f"{summary}: {bad} damaged")
        sys.exit(1)
    click.echo(f"{summary}: all intact")
