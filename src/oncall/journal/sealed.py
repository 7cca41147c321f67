"""Sealed side files: bytes the store keeps only to be fast (the board's folded cases),
encrypted and authenticated with the store's data key like every record, never in
clear on disk. Never the truth: a side file that is missing, sealed under another key
(after a rekey), damaged or cut reads as None, and whoever wrote it rebuilds it from
the case files. Written whole beside the old one, then renamed over it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from cryptography.exceptions import InvalidTag

from oncall.journal.crypto import Keyring

SIDE_SUFFIX: Final = ".sealed"
"""A side file's name: what it is for, then this (beside `index.db`)."""
MAGIC: Final = b"oncall sealed 1\n"
NONCE: Final = 12


def _aad(keyring: Keyring, purpose: str) -> bytes:
    return f"oncall sealed|{purpose}|{keyring.key_id}".encode()


def write_sealed(path: Path, keyring: Keyring, purpose: str, data: bytes) -> None:
    """Seal `data` for `purpose` (what it is for: bound into its authentication) and
    put it at `path` (owner-only), replacing what was there."""
    nonce = os.urandom(NONCE)
    blob = MAGIC + nonce + keyring.aead.encrypt(nonce, data, _aad(keyring, purpose))
    temporary = path.with_name(path.name + ".new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, blob)
    finally:
        os.close(fd)
    os.replace(temporary, path)


def read_sealed(path: Path, keyring: Keyring, purpose: str) -> bytes | None:
    """What `write_sealed` put at `path` for `purpose`, or None (missing, another key,
    another purpose, damaged)."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + NONCE + 16:
        return None
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE]
    try:
        return keyring.aead.decrypt(nonce, blob[len(MAGIC) + NONCE :], _aad(keyring, purpose))
    except InvalidTag:
        return None
