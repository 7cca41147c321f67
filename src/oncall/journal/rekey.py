"""Writing whole store files anew: under a new data key (key rotation), or as a
snapshot of a few tables (compacting the anchors). Each writes a complete file,
fsync'd, before anything points at it; the caller renames it into place."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from oncall.journal.crypto import NONCE_BYTES, Keyring
from oncall.journal.errors import StoreDamaged
from oncall.journal.storage import _BINARY, _FRAME, _INDEX, Header, _fsync_dir, _write_failure
from oncall.journal.stream import RecordStream


def _seal(keyring: Keyring, file_id: bytes, index: int, plain: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    sealed = keyring.aead.encrypt(nonce, plain, file_id + _INDEX.pack(index))
    length = NONCE_BYTES + len(sealed)
    return _FRAME.pack(length, length ^ 0xFFFFFFFF) + nonce + sealed


def _write_new(target: Path, chunks: Any) -> None:
    """Write the byte chunks to a new file `target` (0600), fsync it and its folder."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, 0o600)
    try:
        if hasattr(os, "fchmod"):  # O_TRUNC of an existing file keeps its mode
            os.fchmod(fd, 0o600)
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException as exc:
        os.close(fd)
        with contextlib.suppress(OSError):
            target.unlink()
        if isinstance(exc, OSError):
            raise _write_failure(exc, target.name) from exc
        raise
    os.close(fd)
    _fsync_dir(target.parent)


def reencrypt_file(source: Path, target: Path, old: Keyring, new: Keyring) -> None:
    """Every record of `source` decrypted with `old` and sealed again with `new`, in
    the same order and positions, to `target`. Refuses a damaged source; a torn tail
    (never acknowledged) is left out."""
    stream = RecordStream(source, old)

    def chunks() -> Any:
        yield Header.for_keyring(new, stream.header.file_id).encode()
        for index, plain, _ in stream:
            yield _seal(new, stream.header.file_id, index, plain)
        if stream.damage is not None:
            raise StoreDamaged(
                f"{source.name} is damaged at record {stream.damage.record} "
                f"({stream.damage.reason}); run `oncall verify`. Nothing was re-encrypted."
            )

    _write_new(target, chunks())


def write_snapshot(target: Path, keyring: Keyring, tables: dict[str, dict[str, Any]]) -> None:
    """A new file (new file id) holding `tables` in one record."""
    header = Header.for_keyring(keyring)
    ops = [{"op": "set", "t": name, "d": docs} for name, docs in tables.items()]
    plain = json.dumps({"ops": ops}, separators=(",", ":"), ensure_ascii=False).encode()
    _write_new(target, [header.encode(), _seal(keyring, header.file_id, 0, plain)])
