"""Unlocking a store, and telling a damaged key wrap from a wrong passphrase.

Every file of a store carries the same key header: the data key wrapped by the
passphrase and by the recovery key, and a MAC over the header made with the data key.
A wrap that fails to open is, on its own, indistinguishable from a wrong passphrase
(AES-GCM says only "no"). So when the index's wrap does not open, the other files'
copies are tried (only distinct ones, so a wrong passphrase costs one key derivation
as before): if one opens with the same passphrase, the passphrase is right, and the
index header's MAC, checked with the data key just unwrapped, says whether its header
is damaged (exit 5, rebuild with `oncall repair-index`) or merely older (a passphrase
change interrupted between files: it opens, and `oncall passwd` finishes the job).
"""

from __future__ import annotations

import json
from pathlib import Path

from oncall.journal.crypto import Keyring
from oncall.journal.errors import OncallError, StoreDamaged, StoreNotFound, WrongPassphrase
from oncall.journal.probe import case_files, index_missing
from oncall.journal.storage import Header
from oncall.journal.stream import read_file_header

INDEX_NAME = "index.db"
HEADS_NAME = "heads.db"
CASES_DIR = "cases"
MAX_WRAPS_TRIED = 3
"""Distinct key headers tried with one passphrase (each costs a key derivation)."""


def _open_keys(header: Header, passphrase: str | None, recovery_key: str | None) -> Keyring:
    if recovery_key is not None:
        return Keyring.unlock_with_recovery(header.keys, recovery_key)
    if passphrase is not None:
        return Keyring.unlock(header.keys, passphrase)
    raise OncallError(
        "a passphrase or a recovery key is needed to open the store",
        zh="打开记录库需要口令或恢复密钥",
    )


def index_header_damage(name: str, why: str) -> StoreDamaged:
    return StoreDamaged(
        f"{name}: {why}. The passphrase is right (it opens the store's other files). "
        "Run `oncall repair-index` to rebuild the index from the case files; the damaged "
        "file is kept beside it.",
        zh=f"{name}：{'密钥封装（文件头）已损坏' if 'wrap' in why else '文件头已损坏'}。"
        "口令是对的（它能打开库里的其他文件）。请运行 `oncall repair-index` 根据案卷文件"
        "重建索引，损坏的文件会保留在旁边。",
    )


def unlock_store(
    home: Path,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    *,
    prefer_cases: bool = False,
) -> tuple[Keyring, StoreDamaged | None]:
    """The store's keyring, and the damage of the index header if it is damaged (the
    caller decides: a writable open refuses, `verify` and `repair-index` go on).
    `prefer_cases` (`repair-index`): the key of the case files first, so an index
    written under another key (a store created over a lost index by an older version)
    is rebuilt under the cases' key rather than leaving every case unreadable."""
    index = home / INDEX_NAME
    index_header: Header | None = None
    index_error: StoreDamaged | None = None
    if not index.is_file():
        if not case_files(home):
            raise StoreNotFound(f"no store at {home}", zh=f"{home} 没有记录库")
        index_error = index_missing(home)  # the case files' headers carry the key wrap
    else:
        try:
            index_header = read_file_header(index)[0]
        except StoreDamaged as exc:
            index_error = exc
    candidates = [index, home / HEADS_NAME, *sorted((home / CASES_DIR).glob("*.db"))]
    if prefer_cases:
        candidates = [*candidates[2:], *candidates[:2]]
    tried: set[str] = set()
    wrong: WrongPassphrase | None = None
    keyring: Keyring | None = None
    for path in candidates:
        if path == index:
            header = index_header
        else:
            try:
                header = read_file_header(path)[0]
            except (StoreDamaged, StoreNotFound, OSError):
                continue
        if header is None:
            continue
        wraps = json.dumps(header.keys.to_json(), sort_keys=True)
        if wraps in tried:
            continue
        if len(tried) >= MAX_WRAPS_TRIED:
            break
        tried.add(wraps)
        try:
            keyring = _open_keys(header, passphrase, recovery_key)
        except WrongPassphrase as exc:
            wrong = wrong or exc
            continue
        except StoreDamaged:
            continue
        break
    if keyring is None:
        if index_error is not None and wrong is None:
            raise index_error
        raise wrong or WrongPassphrase()
    if not index.is_file():
        return keyring, index_missing(home)
    if index_error is not None:
        return keyring, index_header_damage(index.name, "its header is damaged")
    assert index_header is not None
    if index_header.keys.key_id != keyring.key_id:
        return keyring, index_header_damage(index.name, "encrypted with another data key")
    try:
        index_header.check(keyring, index.name)
    except StoreDamaged:
        return keyring, index_header_damage(index.name, "the key wrap in its header is damaged")
    # Intact (its wrap may be older than the one that opened: an interrupted passphrase
    # change, which `oncall passwd` finishes).
    return keyring, None
