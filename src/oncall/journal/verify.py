"""`oncall verify`: every file of the store checked from disk, one record at a time.

Each case file is streamed: every record decrypted once, every event parsed once and
hashed once, only the chain head kept, so memory does not grow with the case. The
case's length and head are compared with its anchor (`heads.db`): a case shorter than
its anchor is damaged, never a torn tail. The index and the anchors are checked too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oncall.journal.anchoring import Recorded, heads_behind, read_recorded, stronger
from oncall.journal.anchors import ZERO_SLACK
from oncall.journal.crypto import Keyring
from oncall.journal.errors import OncallError, StoreDamaged
from oncall.journal.integrity import (
    Anchor,
    ChainCheck,
    FileCheck,
    VerifyReport,
    anchor_problem,
)
from oncall.journal.storage import EncryptedStorage
from oncall.journal.stream import RecordStream

INDEX_NAME = "index.db"
HEADS_NAME = "heads.db"
CASES_DIR = "cases"
CASES_TABLE = "cases"
HEADS_TABLE = "heads"


@dataclass(frozen=True)
class CaseScan:
    events: int
    head: str
    problem: str | None
    position: str | None
    torn_bytes: int
    hash_at_anchor: str | None
    tables: dict[str, dict[str, Any]]
    """The documents of the other tables asked for (`keep_tables`)."""


def scan_case(
    path: Path,
    keyring: Keyring,
    anchor: Anchor | None = None,
    on_event: Callable[[int, str, dict[str, Any]], None] | None = None,
    keep_tables: tuple[str, ...] = (),
) -> CaseScan:
    """Stream one case file: its intact events, head, and the first problem."""
    case_id = path.stem
    chain = ChainCheck(case_id, on_event, mark=anchor.events if anchor is not None else None)
    stream = RecordStream(path, keyring)
    tables: dict[str, dict[str, Any]] = {}
    for _, _, payload in stream:
        try:
            if keep_tables:
                for op in payload["ops"]:
                    if op["t"] in keep_tables and op["op"] == "set":
                        tables.setdefault(op["t"], {}).update(op["d"])
            if not chain.feed(payload, stream.encoder):
                break
        except (KeyError, TypeError, AttributeError, ValueError):
            # ValueError: a string no UTF-8 can hold (a lone surrogate), so no hash either
            chain.problem, chain.position = (
                "record content is malformed",
                f"event {chain.events + 1}",
            )
            break
    problem, position = chain.problem, chain.position
    if problem is None and stream.damage is not None:
        problem = f"{stream.damage.reason} (byte {stream.damage.offset})"
        position = f"record {stream.damage.record}, after event {chain.events}"
    torn = stream.torn_bytes if problem is None else 0
    if problem is None:
        found = anchor_problem(case_id, chain.events, chain.hash_at_mark, anchor)
        if found is not None:
            problem, position = found
            torn = 0  # not a torn tail: acknowledged events are gone
    return CaseScan(
        chain.events,
        chain.head,
        problem,
        position,
        torn,
        chain.hash_at_mark,
        tables,
    )


def check_case(path: Path, keyring: Keyring, anchor: Anchor | None) -> FileCheck:
    case_id = path.stem
    try:
        scan = scan_case(path, keyring, anchor)
    except OncallError as exc:
        return FileCheck(case_id, path.name, 0, exc.message, "header")
    return FileCheck(case_id, path.name, scan.events, scan.problem, scan.position, scan.torn_bytes)


def _check_table_file(
    path: Path,
    keyring: Keyring,
    validate: Callable[[EncryptedStorage], str | None],
    slack: int = 0,
) -> tuple[FileCheck, EncryptedStorage | None]:
    try:
        storage = EncryptedStorage(path, keyring=keyring, create=False, read_only=True, slack=slack)
    except OncallError as exc:
        return FileCheck(path.name, path.name, 0, exc.message, "header"), None
    problem = position = None
    if storage.damage is not None:
        problem = f"{storage.damage.reason} (byte {storage.damage.offset})"
        position = f"record {storage.damage.record}"
    else:
        try:
            problem = validate(storage)
        except (KeyError, TypeError, ValueError, AttributeError):
            problem = "its content is malformed"
        position = "content" if problem else None
    return FileCheck(path.name, path.name, storage.records, problem, position), storage


def _index_problem(storage: EncryptedStorage) -> str | None:
    for key, doc in storage.documents(CASES_TABLE).items():
        if not isinstance(doc.get("case"), str) or not ("opened_at" in doc or "closed_at" in doc):
            return f"entry {key} is malformed"
    return None


def _heads_problem(storage: EncryptedStorage) -> str | None:
    for case, doc in storage.documents(HEADS_TABLE).items():
        if not isinstance(doc["n"], int) or not isinstance(doc["h"], str):
            return f"the anchor of case {case} is malformed"
    return None


def verify_store(
    home: Path,
    keyring: Keyring,
    index_damage: StoreDamaged | None = None,
    *,
    only: str | None = None,
) -> VerifyReport:
    """Check the index, the anchors and every case file (or only case `only`)."""
    store_files: list[FileCheck] = []
    listed: set[str] = set()
    recorded = Recorded({}, {}, None, 0)
    if index_damage is not None:
        store_files.append(FileCheck(INDEX_NAME, INDEX_NAME, 0, index_damage.message, "header"))
    else:
        check, storage = _check_table_file(home / INDEX_NAME, keyring, _index_problem)
        store_files.append(check)
        if storage is not None:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                recorded = read_recorded(storage)  # what is readable counts, even if damaged
            if check.ok:
                listed = {
                    doc["case"]
                    for doc in storage.documents(CASES_TABLE).values()
                    if "opened_at" in doc
                }
            storage.close()
    anchors: dict[str, Anchor] = {}
    heads = home / HEADS_NAME
    if heads.exists():
        check, storage = _check_table_file(heads, keyring, _heads_problem, ZERO_SLACK)
        if storage is not None:
            if check.ok:
                anchors = {
                    case: Anchor(int(doc["n"]), str(doc["h"]))
                    for case, doc in storage.documents(HEADS_TABLE).items()
                }
                behind = heads_behind(recorded, storage, anchors) if recorded.anchored else None
                if behind is not None:
                    check = FileCheck(HEADS_NAME, HEADS_NAME, check.events, behind, "content")
            storage.close()
        store_files.append(check)
    elif recorded.anchored:
        store_files.append(
            FileCheck(
                HEADS_NAME,
                HEADS_NAME,
                0,
                f"the anchors file is missing (the index recorded anchors for "
                f"{len(recorded.cases)} cases)",
                "file",
            )
        )
    else:
        store_files.append(
            FileCheck(HEADS_NAME, HEADS_NAME, 0, None, "absent: written at the next open")
        )
    for case, seen in recorded.cases.items():  # the longer of the two counts
        best = stronger(anchors.get(case), seen)
        if best is not None:
            anchors[case] = best
    cases_dir = home / CASES_DIR
    paths = {path.stem: path for path in sorted(cases_dir.glob("*.db"))}
    expected = set(anchors) | listed
    if only is not None:
        if only not in paths and only not in expected:
            raise OncallError(f"no case {only!r} in this store", zh=f"库里没有案件 {only!r}")
        paths = {case: path for case, path in paths.items() if case == only}
        expected &= {only}
    checks = [check_case(path, keyring, anchors.get(case)) for case, path in paths.items()]
    if heads.exists() or recorded.anchored:
        checks = [_unanchored(check, anchors.get(check.case)) for check in checks]
    for case in sorted(expected - set(paths)):
        anchor = anchors.get(case)
        what = f"events 1–{anchor.events}" if anchor else "listed in the index"
        checks.append(
            FileCheck(case, f"{case}.db", 0, f"the case file is missing ({what})", "file")
        )
    return VerifyReport(tuple(checks), tuple(store_files))


def _unanchored(check: FileCheck, anchor: Anchor | None) -> FileCheck:
    """A case longer than its anchor by more than the one event a crash can leave
    unanchored was written by something that keeps no anchors (an older version):
    cutting those events would go unseen, so `verify` says so until the next writable
    open anchors them (recording `journal.reanchored`)."""
    anchored = anchor.events if anchor is not None else 0
    if not check.ok or check.events <= anchored + 1:
        return check
    return FileCheck(
        check.case,
        check.file,
        check.events,
        f"events {anchored + 1}–{check.events} are not anchored (written by a version "
        "that keeps no anchors?); the next writable open anchors them and records it",
        "anchors",
    )


@dataclass(frozen=True)
class FingerprintCheck:
    """A printed report's fingerprint against the store."""

    matches: bool
    report_events: int | None
    """Which event the fingerprint names (None when not found)."""
    store_events: int
    problem: str | None = None


def parse_fingerprint(text: str) -> tuple[int | None, str]:
    """`N:HASH` or `HASH` (the whole hash, or its first 16 or more hex digits)."""
    cleaned = "".join(text.split()).lower()
    count: int | None = None
    if ":" in cleaned:
        head, _, cleaned = cleaned.partition(":")
        if not head.isdigit() or int(head) < 1:
            raise OncallError(f"not a fingerprint: {text!r} (expected N:HASH or HASH)")
        count = int(head)
    if not (16 <= len(cleaned) <= 64) or any(ch not in "0123456789abcdef" for ch in cleaned):
        raise OncallError(
            f"not a fingerprint: {text!r} (the hash is 64 hex digits; at least 16 are needed)",
            zh=f"这不是指纹：{text!r}（哈希为 64 位十六进制，至少需要前 16 位）",
        )
    return count, cleaned


def check_fingerprint(
    home: Path, keyring: Keyring, case_id: str, fingerprint: str
) -> FingerprintCheck:
    """Does the store hold, unchanged, the events a printed report's fingerprint names?
    Streams the case once; the hash chain ties the named event to every one before."""
    count, digest = parse_fingerprint(fingerprint)
    path = home / CASES_DIR / f"{case_id}.db"
    if not case_id or "/" in case_id or "\\" in case_id or not path.is_file():
        raise OncallError(f"no case {case_id!r} in this store", zh=f"库里没有案件 {case_id!r}")
    found: list[int] = []
    mismatch: list[int] = []

    def seen(seq: int, head: str, _: dict[str, Any]) -> None:
        if found or mismatch or (count is not None and seq != count):
            return
        if head.startswith(digest):
            found.append(seq)
        elif count is not None:
            mismatch.append(seq)

    scan = scan_case(path, keyring, on_event=seen)
    if found:
        return FingerprintCheck(True, found[0], scan.events, scan.problem)
    if mismatch:
        return FingerprintCheck(False, count, scan.events, "event hash differs")
    return FingerprintCheck(False, None, scan.events, scan.problem)
