"""One encrypted, self-contained file per case (一档一卷), and encrypted export bundles.

Both are `EncryptedStorage` files under the store's key header, so the store's
passphrase or its recovery key opens them on any machine, and any TinyDB program can
read them. Tables:

- archive (`oncall archive`): the default table holds the case's events, documents
  identical to the journal's (the hash chain verifies as is); ``playbook`` holds the
  TOML text the case ran under with its sha256; ``meta`` (written last, so a cut-off
  file shows as incomplete) says what the file is: ``{"format": "oncall-archive",
  "version": 1, "kind": "archive", "case", "events", "final_hash", "drill",
  "opened_at", "closed_at", "archived_at", "ran_under": {id, version, hash}}``;
- export bundle (`oncall export --encrypt`): ``export`` holds the rendered file
  (base64) and ``meta`` ``{"kind": "export", "case", "export_format", "lang",
  "redacted", "name", "sha256", "created_at"}``. Only the rendering is inside: a
  redacted bundle holds no original names.

Files are written to a temporary name beside the target (encrypted, so nothing in
clear) and renamed into place when complete.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import secrets
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from oncall.export.record import Integrity, check_events
from oncall.export.render import ExportWriteFailed
from oncall.journal.crypto import Keyring
from oncall.journal.errors import DiskFull, OncallError, StoreDamaged
from oncall.journal.event import Event, format_time
from oncall.journal.journal import EVENTS_TABLE, IMPORT_CHUNK, META_TABLE
from oncall.journal.storage import MAGIC, EncryptedStorage, read_header, unlock_file
from oncall.playbook import Playbook, PlaybookError
from oncall.playbook.loader import build_playbook
from oncall.playbook.problems import Problem, Reporter, SourceMap
from oncall.vocabulary import kinds

FORMAT: Final = "oncall-archive"
VERSION: Final = 1
PLAYBOOK_TABLE: Final = "playbook"
EXPORT_TABLE: Final = "export"
SUFFIX: Final = ".oncall"


@dataclass(frozen=True)
class Opened:
    """An archive or bundle as read (nothing checked yet: see `check`)."""

    path: Path
    keyring: Keyring
    meta: dict[str, Any]
    events: dict[str, dict[str, Any]]
    tables: dict[str, dict[str, dict[str, Any]]]
    damage: str | None = None

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind") or "unknown")

    @property
    def case_id(self) -> str:
        return str(self.meta.get("case") or "")

    def playbook_text(self) -> str:
        doc = self.tables.get(PLAYBOOK_TABLE, {}).get("1", {})
        return str(doc.get("text") or "")

    def export_data(self) -> bytes:
        doc = self.tables.get(EXPORT_TABLE, {}).get("1", {})
        try:
            return base64.b64decode(str(doc.get("data") or ""), validate=True)
        except ValueError as exc:
            raise StoreDamaged(f"{self.path.name}: the export inside is damaged") from exc

    def event_list(self) -> list[Event]:
        return [Event.from_document(self.events[key]) for key in sorted(self.events, key=int)]


@dataclass(frozen=True)
class Check:
    """What `oncall verify FILE` reports."""

    kind: str
    case_id: str
    events: int = 0
    final_hash: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def key_id(path: Path) -> str:
    """Which data key a file is encrypted with (to tell whether a store's key opens it)."""
    if not path.is_file():
        raise OncallError(f"no such file: {path}", zh=f"没有这个文件：{path}")
    with path.open("rb") as handle:
        raw = handle.read(len(MAGIC) + 4 + 64 * 1024)
    header, _ = read_header(raw, path.name)
    return header.keys.key_id


def unlock(
    path: Path, *, passphrase: str | None = None, recovery_key: str | None = None
) -> Keyring:
    return unlock_file(path, passphrase, recovery_key)


def open_file(path: Path, keyring: Keyring) -> Opened:
    storage = EncryptedStorage(path, keyring=keyring, create=False, read_only=True)
    try:
        events = dict(storage.documents(EVENTS_TABLE))
        tables = {name: dict(storage.documents(name)) for name in (PLAYBOOK_TABLE, EXPORT_TABLE)}
        metas = storage.documents(META_TABLE)
        meta = dict(metas.get("1", {}))
        damage = None
        if storage.damage is not None:
            damage = (
                f"damaged at record {storage.damage.record} ({storage.damage.reason}, "
                f"byte {storage.damage.offset})"
            )
    finally:
        storage.close()
    return Opened(path, keyring, meta, events, tables, damage)


def check(opened: Opened) -> Check:
    """Every check a file allows: authentication (done while reading), completeness,
    the hash chain and its head, the playbook's hash, the export's hash."""
    problems: list[str] = []
    if opened.damage:
        problems.append(opened.damage)
    meta = opened.meta
    if meta.get("format") != FORMAT:
        problems.append("incomplete or not an oncall archive: its closing record is missing")
        return Check("unknown", opened.case_id, problems=problems)
    if opened.kind == "export":
        data = opened.export_data()
        if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
            problems.append("the export inside does not match its recorded sha256")
        return Check("export", opened.case_id, problems=problems)
    integrity = archived_integrity(opened)
    if not integrity.ok:
        problems.append(f"hash chain broken at {integrity.position}: {integrity.problem}")
    if integrity.events != meta.get("events"):
        problems.append(
            f"holds {integrity.events} good events, the archive says {meta.get('events')}"
        )
    if integrity.final_hash != meta.get("final_hash"):
        problems.append("the final hash does not match the one recorded when archiving")
    doc = opened.tables.get(PLAYBOOK_TABLE, {}).get("1")
    if not doc:
        problems.append("the playbook is missing")
    elif hashlib.sha256(str(doc.get("text", "")).encode("utf-8")).hexdigest() != doc.get("hash"):
        problems.append("the playbook text does not match its hash")
    return Check("archive", opened.case_id, integrity.events, integrity.final_hash, problems)


def archived_integrity(opened: Opened) -> Integrity:
    try:
        events = opened.event_list()
    except (KeyError, TypeError, ValueError):
        return Integrity(False, 0, "", "an event is malformed", "event 1")
    return check_events(opened.case_id, events)


def playbook_from_text(text: str, source: str) -> Playbook:
    """Load a playbook from its TOML text (as kept in an archive), validated as the
    loader does; raises `PlaybookError`."""
    from oncall.playbook.validate import validate

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    body = text[1:] if text.startswith("\ufeff") else text
    try:
        data = tomllib.loads(body)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        raise PlaybookError([Problem(source, "", f"TOML cannot be parsed: {exc}")]) from exc
    report = Reporter(source, SourceMap(body))
    playbook, located = build_playbook(data, report, source=source, content_hash=digest)
    validate(playbook, located, report)
    if report.problems:
        raise PlaybookError(report.problems)
    return playbook


@contextlib.contextmanager
def _new_file(path: Path, keyring: Keyring, *, overwrite: bool) -> Iterator[EncryptedStorage]:
    """An encrypted file written under a temporary name, renamed into place at the end."""
    if path.is_dir():
        raise OncallError(f"{path} is a folder", zh=f"{path} 是一个文件夹")
    if path.exists() and not overwrite:
        raise OncallError(
            f"{path} already exists; choose another --out (nothing was written)",
            zh=f"{path} 已经存在；请换一个 --out（什么也没有写）",
        )
    if not path.parent.is_dir():
        raise ExportWriteFailed(
            f"cannot write {path}: the folder {path.parent} does not exist",
            zh=f"无法写入 {path}：文件夹 {path.parent} 不存在",
        )
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        storage = EncryptedStorage(temp, keyring=keyring, create=True)
    except DiskFull:
        raise
    except OSError as exc:
        raise ExportWriteFailed(f"cannot write {path}: {exc.strerror or exc}") from exc
    except OncallError as exc:
        raise ExportWriteFailed(f"cannot write {path}: {exc.message}") from exc
    try:
        with storage.deferred_sync():
            yield storage
        storage.close()
        os.replace(temp, path)
    except BaseException:
        storage.close()
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_archive(
    path: Path,
    keyring: Keyring,
    events: list[Event],
    playbook_text: str,
    *,
    now: datetime,
    overwrite: bool = False,
) -> Check:
    """Write one case's archive. `events` in journal order, `playbook_text` the TOML of
    the playbook it ran under."""
    if not events:
        raise OncallError("a case has at least its case.opened event")
    case_id = events[0].case
    integrity = check_events(case_id, events)
    opened = events[0]
    closed = next((e for e in reversed(events) if e.kind == kinds.CASE_CLOSED), None)
    ref = opened.data.get("playbook") if isinstance(opened.data.get("playbook"), dict) else None
    digest = hashlib.sha256(playbook_text.encode("utf-8")).hexdigest()
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "kind": "archive",
        "case": case_id,
        "events": integrity.events,
        "final_hash": integrity.final_hash,
        "drill": opened.drill,
        "opened_at": opened.at,
        "closed_at": closed.at if closed else None,
        "archived_at": format_time(now),
        "ran_under": ref,
    }
    with _new_file(path, keyring, overwrite=overwrite) as storage:
        for start in range(0, len(events), IMPORT_CHUNK):
            chunk = events[start : start + IMPORT_CHUNK]
            storage.append_documents(EVENTS_TABLE, {str(e.seq): e.to_document() for e in chunk})
        storage.append_documents(PLAYBOOK_TABLE, {"1": {"text": playbook_text, "hash": digest}})
        storage.append_documents(META_TABLE, {"1": meta})
    return Check(
        "archive",
        case_id,
        integrity.events,
        integrity.final_hash,
        [] if integrity.ok else [f"{integrity.position}: {integrity.problem}"],
    )


def write_bundle(
    path: Path,
    keyring: Keyring,
    data: bytes,
    *,
    case_id: str,
    fmt: str,
    lang: str,
    redacted: bool,
    name: str,
    now: datetime,
    overwrite: bool = False,
) -> None:
    """Write a rendered export encrypted (`oncall export --encrypt`)."""
    digest = hashlib.sha256(data).hexdigest()
    with _new_file(path, keyring, overwrite=overwrite) as storage:
        storage.append_documents(
            EXPORT_TABLE, {"1": {"data": base64.b64encode(data).decode("ascii"), "name": name}}
        )
        storage.append_documents(
            META_TABLE,
            {
                "1": {
                    "format": FORMAT,
                    "version": VERSION,
                    "kind": "export",
                    "case": case_id,
                    "export_format": fmt,
                    "lang": lang,
                    "redacted": redacted,
                    "name": name,
                    "sha256": digest,
                    "created_at": format_time(now),
                }
            },
        )
