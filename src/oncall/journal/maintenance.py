"""Store-wide maintenance: rotating the data key, rebuilding the index, folder modes.

Key rotation is staged: every file is re-encrypted under the new key into `.rotate/`
(same relative paths), each fsync'd; then `.rotate/READY` is written. That marker is
the commit point. Before it, the store is untouched and opens with the old passphrase
(the next writable open throws the staging away); after it, the staged files are
renamed over the old ones, which needs no key, so any writable open finishes an
interrupted swap before unlocking, and the store opens with the new passphrase.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from oncall.journal import faults
from oncall.journal.anchoring import (
    ANCHORED_TABLE,
    ANCHORS_FILE_TABLE,
    heads_identity,
    stronger,
)
from oncall.journal.anchors import HEADS_NAME, ZERO_SLACK
from oncall.journal.crypto import Keyring
from oncall.journal.errors import OncallError, StoreDamaged
from oncall.journal.integrity import Anchor
from oncall.journal.rekey import _write_new, reencrypt_file, write_snapshot
from oncall.journal.storage import EncryptedStorage, _fsync_dir
from oncall.journal.verify import scan_case
from oncall.vocabulary.kinds import CASE_CLOSED, CASE_OPENED

INDEX_NAME = "index.db"
CASES_DIR = "cases"
CASES_TABLE = "cases"
META_TABLE = "meta"
OPERATORS_TABLE = "operators"
WITNESS_TABLE = "witnesses"
"""The witnesses the index recorded (`witness.py`), carried over by a rebuild."""
ROTATE_DIR = ".rotate"
READY = "READY"


def private_dirs(home: Path) -> None:
    """The store's folders are the user's alone (0700), whatever the umask."""
    for folder in (home, home / CASES_DIR):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mode & 0o777 != 0o700:
                os.chmod(folder, 0o700)


def index_damaged(record: int) -> StoreDamaged:
    return StoreDamaged(
        f"index.db is damaged at record {record}; writing is refused. Run `oncall "
        "repair-index`: it rebuilds the list of cases from the case files and keeps the "
        "damaged file beside it.",
        zh=f"index.db 在第 {record} 条记录处损坏，拒绝写入。请运行 `oncall repair-index`："
        "它根据案卷文件重建案件列表，并把损坏的文件保留在旁边。",
    )


def heads_missing(cases: int) -> StoreDamaged:
    return StoreDamaged(
        f"heads.db (the case anchors) is missing, but the index recorded anchors for "
        f"{cases} cases; writing is refused, so that no case cut short is anchored afresh. "
        "Run `oncall verify` to see which cases still reach their anchors, then "
        "`oncall repair-index`, which rebuilds the anchors and keeps as damaged every case "
        "shorter than the index recorded.",
        zh=f"heads.db（案卷锚点）不见了，但索引记录了 {cases} 个案件的锚点；为免把被截短的案卷"
        "重新锚定，拒绝写入。请先运行 `oncall verify` 查看哪些案件仍达到锚点，再运行 "
        "`oncall repair-index`：它重建锚点，比索引记录短的案件仍标为损坏。",
    )


def _store_files(home: Path) -> list[Path]:
    """Relative paths of every encrypted file, the index last."""
    cases = [Path(CASES_DIR) / path.name for path in sorted((home / CASES_DIR).glob("*.db"))]
    heads = [Path(HEADS_NAME)] if (home / HEADS_NAME).exists() else []
    return [*cases, *heads, Path(INDEX_NAME)]


def rotate(home: Path, old: Keyring, new: Keyring) -> None:
    """Re-encrypt every file of the store under `new` (see the module's docstring)."""
    staging = home / ROTATE_DIR
    if staging.exists():
        shutil.rmtree(staging)
    (staging / CASES_DIR).mkdir(mode=0o700, parents=True)
    os.chmod(staging, 0o700)
    for relative in _store_files(home):
        reencrypt_file(home / relative, staging / relative, old, new)
        faults.checkpoint("rotate.staged")
    _fsync_dir(staging / CASES_DIR)
    _write_new(staging / READY, [new.key_id.encode("ascii")])
    faults.checkpoint("rotate.ready")
    finish_rotation(home)


def rotation_committed(home: Path) -> bool:
    """A key rotation staged and committed (its swap not yet finished)."""
    return (home / ROTATE_DIR / READY).exists()


def finish_rotation(home: Path) -> bool:
    """Finish (or throw away) a key rotation a kill interrupted. True if one was there."""
    staging = home / ROTATE_DIR
    if not staging.exists():
        return False
    if not (staging / READY).exists():
        shutil.rmtree(staging)  # not committed: the old files are all still there
        _fsync_dir(home)
        return True
    staged = [p.relative_to(staging) for p in sorted((staging / CASES_DIR).glob("*.db"))]
    staged += [Path(name) for name in (HEADS_NAME, INDEX_NAME) if (staging / name).exists()]
    for relative in staged:
        os.replace(staging / relative, home / relative)
        faults.checkpoint("rotate.swapped")
    _fsync_dir(home / CASES_DIR)
    _fsync_dir(home)
    (staging / READY).unlink()
    shutil.rmtree(staging)
    _fsync_dir(home)
    return True


@dataclass(frozen=True)
class Rebuilt:
    cases: int
    kept_index: str | None
    """The old index's name beside the new one (None when there was none)."""
    kept_heads: str | None
    """Set when the anchors were damaged, missing or behind and rebuilt."""
    damaged_cases: tuple[str, ...]
    index_was: str = "intact"
    """"intact", "damaged" or "missing": what the old index was."""
    heads_was: str = "intact"
    """"intact", "damaged", "missing" or "behind" (older than the index recorded)."""
    short_cases: tuple[str, ...] = ()
    """Cases shorter than the old index or anchors recorded: kept damaged, never
    re-anchored at their cut length."""
    last_operator: str = ""


def _aside(path: Path, label: str) -> str | None:
    """Keep a copy of `path` beside it as `<name>.<label>-<stamp>`, a name no earlier
    copy has (a second run in the same second keeps both); its name."""
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    for attempt in range(1000):
        suffix = f"-{attempt}" if attempt else ""
        target = path.with_name(f"{path.name}.{label}-{stamp}{suffix}")
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            os.close(fd)
            shutil.copy2(path, target)
        os.chmod(target, 0o600)
        _fsync_dir(path.parent)
        return target.name
    raise OncallError(f"could not keep a copy of {path.name}")


@dataclass
class _Old:
    """What is still readable of an old index or anchors file."""

    state: str  # "intact", "damaged" or "missing"
    tables: dict[str, dict[str, Any]]


def _read_old(path: Path, keyring: Keyring, slack: int = 0) -> _Old:
    if not path.exists():
        return _Old("missing", {})
    try:
        storage = EncryptedStorage(path, keyring=keyring, create=False, read_only=True, slack=slack)
    except OncallError:
        return _Old("damaged", {})
    try:
        tables = storage.read() or {}
    finally:
        storage.close()
    return _Old("intact" if storage.damage is None else "damaged", tables)


def _old_anchors(old_index: _Old, old_heads: _Old) -> dict[str, Anchor]:
    """The furthest each case was ever seen anchored, by either file."""
    floor: dict[str, Anchor] = {}
    for docs in (old_heads.tables.get("heads", {}), old_index.tables.get(ANCHORED_TABLE, {})):
        for case, doc in docs.items():
            try:
                anchor = stronger(floor.get(case), Anchor(int(doc["n"]), str(doc["h"])))
            except (KeyError, TypeError, ValueError):
                continue
            if anchor is not None:
                floor[case] = anchor
    return floor


def rebuild_index(home: Path, keyring: Keyring) -> Rebuilt:
    """A new `index.db` from the case files (their `case.opened` and `case.closed`
    events), the old one kept beside it; the anchors are kept if intact and not behind,
    else rebuilt too (kept beside as well). Every case is checked against the furthest
    anchor either old file recorded: one shorter stays damaged, anchored where it was.
    The last operator is carried over. Each step is durable before the next, so a kill
    at any point loses nothing and a rerun finishes. The caller holds the store lock."""
    heads_path = home / HEADS_NAME
    old_index = _read_old(home / INDEX_NAME, keyring)
    old_heads = _read_old(heads_path, keyring, slack=ZERO_SLACK)
    floor = _old_anchors(old_index, old_heads)
    entries: list[dict[str, Any]] = []
    closed: list[dict[str, Any]] = []
    heads: dict[str, Anchor] = {}
    damaged: list[str] = []
    short: list[str] = []
    for path in sorted((home / CASES_DIR).glob("*.db")):
        first: dict[str, Any] = {}
        closes: list[str] = []

        def seen(
            seq: int, _: str, doc: dict[str, Any], first: Any = first, closes: Any = closes
        ) -> None:
            if seq == 1:
                first.update(doc)
            if doc.get("kind") == CASE_CLOSED:
                closes.append(doc["at"])

        anchor = floor.get(path.stem)
        try:
            scan = scan_case(path, keyring, anchor, on_event=seen, keep_tables=(META_TABLE,))
        except OncallError:
            damaged.append(path.stem)
            if anchor is not None:
                heads[path.stem] = anchor
            continue
        if scan.problem is not None:
            damaged.append(path.stem)
            if anchor is not None and scan.events < anchor.events:
                short.append(path.stem)
        best = stronger(Anchor(scan.events, scan.head) if scan.events else None, anchor)
        if best is not None:
            heads[path.stem] = best
        if first.get("kind") != CASE_OPENED:
            continue
        entry: dict[str, Any] = {
            "case": path.stem,
            "opened_at": first["at"],
            "drill": bool(first.get("drill")),
            "facts": dict((first.get("data") or {}).get("facts") or {}),
        }
        if any(doc.get("imported") for doc in scan.tables.get(META_TABLE, {}).values()):
            entry["imported"] = True
        entries.append(entry)
        if closes:
            closed.append({"case": path.stem, "closed_at": closes[-1]})
    old_heads_docs = old_heads.tables.get("heads", {})
    heads_state = old_heads.state
    if heads_state == "intact" and any(
        int(old_heads_docs.get(case, {}).get("n", 0)) < anchor.events
        for case, anchor in heads.items()
    ):
        heads_state = "behind"
    kept_heads = None
    if heads_state != "intact":
        temp = home / f".{HEADS_NAME}.rebuild"
        write_snapshot(
            temp,
            keyring,
            {"heads": {c: {"n": a.events, "h": a.head} for c, a in heads.items()}, "repairs": {}},
        )
        faults.checkpoint("rebuild.heads_written")
        kept_heads = _aside(heads_path, "damaged" if heads_state == "damaged" else "previous")
        faults.checkpoint("rebuild.heads_kept")
        os.replace(temp, heads_path)
        _fsync_dir(home)
        faults.checkpoint("rebuild.heads_replaced")
    anchors_storage = EncryptedStorage(
        heads_path, keyring=keyring, create=False, read_only=True, slack=ZERO_SLACK
    )
    try:
        file_id, records = heads_identity(anchors_storage)
        final = {
            case: Anchor(int(doc["n"]), str(doc["h"]))
            for case, doc in anchors_storage.documents("heads").items()
        }
    finally:
        anchors_storage.close()
    sizes = {p.stem: p.stat().st_size for p in (home / CASES_DIR).glob("*.db")}
    operators = old_index.tables.get(OPERATORS_TABLE, {})
    entries.sort(key=lambda entry: (entry["opened_at"], entry["case"]))  # order opened
    docs = {str(i): doc for i, doc in enumerate([*entries, *closed], start=1)}
    temp = home / f".{INDEX_NAME}.rebuild"
    write_snapshot(
        temp,
        keyring,
        {
            CASES_TABLE: docs,
            OPERATORS_TABLE: operators,
            ANCHORED_TABLE: {
                case: {"n": a.events, "h": a.head, "size": sizes.get(case, -1)}
                for case, a in final.items()
            },
            ANCHORS_FILE_TABLE: {"1": {"file": file_id, "records": records}},
            WITNESS_TABLE: old_index.tables.get(WITNESS_TABLE, {}),
        },
    )
    faults.checkpoint("rebuild.index_written")
    kept_index = _aside(home / INDEX_NAME, "previous" if old_index.state == "intact" else "damaged")
    faults.checkpoint("rebuild.index_kept")
    os.replace(temp, home / INDEX_NAME)
    _fsync_dir(home)
    faults.checkpoint("rebuild.index_replaced")
    last = operators[max(operators, key=int)].get("name", "") if operators else ""
    return Rebuilt(
        len(entries),
        kept_index,
        kept_heads,
        tuple(damaged),
        old_index.state,
        heads_state,
        tuple(short),
        str(last),
    )
