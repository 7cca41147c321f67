"""Rendering a case in one format, and writing an export file (mode 0600)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Final, Literal, get_args

from oncall.export.debrief import build_debrief
from oncall.export.document import build_document
from oncall.export.record import CaseRecord
from oncall.journal.errors import DiskFull, OncallError
from oncall.playbook.model import Lang, Playbook

Format = Literal["md", "html", "json", "docx"]
FORMATS: Final[tuple[Format, ...]] = get_args(Format)
Progress = Callable[[float], None]
_BINARY = getattr(os, "O_BINARY", 0)


class ExportWriteFailed(OncallError):
    """The export file could not be written (exit code 6, like any write failure)."""

    exit_code = 6


def render(
    fmt: Format,
    record: CaseRecord,
    playbook: Playbook,
    *,
    now: datetime,
    lang: Lang = "zh",
    redact: bool = False,
    redact_also: Sequence[str] = (),
    school: str = "",
    progress: Progress | None = None,
) -> bytes:
    """The export of one case in `fmt`, as bytes (nothing is written anywhere).

    `record` comes from `case_record(journal, case_id)`; `playbook` is the one the case
    ran under; `now` is when the export is made (an open case is measured up to it).
    `redact` replaces every person and place the case names, every identifying number
    and the extra terms `redact_also` by stable pseudonyms (`oncall.export.redact`).
    `progress`, if given, is called with 0.0 … 1.0 as the work goes on."""
    out = io.BytesIO()
    render_to(
        out,
        fmt,
        record,
        playbook,
        now=now,
        lang=lang,
        redact=redact,
        redact_also=redact_also,
        school=school,
        progress=progress,
    )
    return out.getvalue()


def render_to(
    out: BinaryIO,
    fmt: Format,
    record: CaseRecord,
    playbook: Playbook,
    *,
    now: datetime,
    lang: Lang = "zh",
    redact: bool = False,
    redact_also: Sequence[str] = (),
    school: str = "",
    progress: Progress | None = None,
) -> None:
    """`render`, written to `out` as it is made (`export_file` opens the file): the
    timeline, a long case's bulk, is never held whole, as text or as bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if now.tzinfo is None:
        raise ValueError("`now` must be timezone-aware")
    if progress:
        progress(0.0)
    if redact_also and not redact:
        raise ValueError("`redact_also` needs `redact=True`")
    debrief = build_debrief(
        record,
        playbook,
        now=now,
        lang=lang,
        redact=redact,
        redact_also=redact_also,
        school=school,
    )
    if progress:
        progress(0.2)
    if fmt == "json":
        from oncall.export.to_json import write_json

        write_json(debrief, out)
    else:
        document = build_document(debrief, progress)  # the timeline's rows come later
        if fmt == "md":
            from oncall.export.to_md import write_md

            write_md(document, out)
        elif fmt == "html":
            from oncall.export.to_html import write_html

            write_html(document, out)
        else:
            from oncall.export.to_docx import write_docx

            write_docx(document, out)
    if progress:
        progress(1.0)


def suggested_name(case_id: str, fmt: Format, *, redact: bool = False) -> str:
    """``<case>.<fmt>``, or ``<case>-redacted.<fmt>``."""
    return f"{case_id}{'-redacted' if redact else ''}.{fmt}"


def write_export(path: str | os.PathLike[str], data: bytes) -> None:
    """Write an export straight to its final path with mode 0600 (also when it replaces
    a file), fsync'd; no temporary copy. Raises `ExportWriteFailed`/`DiskFull`."""
    with export_file(path) as out:
        out.write(data)


@contextlib.contextmanager
def export_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """The export's own file, to write into as the export is made (`render_to`):
    opened at its final path with mode 0600 (also when it replaces a file), fsync'd
    when the block ends; no temporary copy. If writing fails, or the block raises,
    the partial file is removed. Raises `ExportWriteFailed`/`DiskFull`."""
    target = Path(path)
    if target.is_dir():
        raise ExportWriteFailed(
            f"cannot write the export to {target}: it is a folder",
            zh=f"无法把导出写到 {target}：它是一个文件夹",
        )
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, 0o600)
    except OSError as exc:
        raise _failure(exc, target) from exc
    handle = os.fdopen(fd, "wb")
    try:
        if hasattr(os, "fchmod"):  # an existing file keeps its mode otherwise (POSIX)
            os.fchmod(fd, 0o600)
        yield handle
        handle.flush()
        os.fsync(fd)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            handle.close()
        with contextlib.suppress(OSError):
            target.unlink()
        if isinstance(exc, OSError):
            raise _failure(exc, target) from exc
        raise
    handle.close()


def _failure(exc: OSError, target: Path) -> OncallError:
    if exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(
            f"the disk is full: could not write the export to {target}",
            zh=f"磁盘已满：无法把导出写到 {target}",
        )
    why = exc.strerror or exc
    return ExportWriteFailed(
        f"cannot write the export to {target}: {why}", zh=f"无法把导出写到 {target}：{why}"
    )
