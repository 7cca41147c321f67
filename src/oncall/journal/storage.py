"""`EncryptedStorage`: a TinyDB storage that appends encrypted changes, never rewrites.

    db = TinyDB("case.db", storage=EncryptedStorage, passphrase="…")

File layout::

    b"ONCALLDB" | u32 header length | header (JSON, authenticated by a MAC) | records…
    record = u32 n | u32 (n XOR 0xFFFFFFFF) | 12-byte nonce | AES-256-GCM ciphertext+tag

Each record holds one write: a list of operations (set documents, delete documents,
drop a table) as JSON. Its associated data is the file id and the record's index, so
a record moved, dropped or reordered fails authentication. The state TinyDB sees is
every record replayed in order; a write appends only what changed since the last one,
and `append_documents` is the O(1) path the journal uses.

With `slack=N` a writer keeps N zero bytes past its last record and writes each
record over them in place (`fdatasync`, no change of size), giving them back at
close; zeros after the records are then neither a torn tail nor damage, and a record
that fails with only zeros after it is a write torn into them.

A crash can leave a torn tail (an incomplete last record): opening the file for
writing cuts it off (the cut bytes, still encrypted, are kept beside the file) and
reports it in `repaired`. Any other failure is damage: everything before it stays
readable, and writing is refused.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import pickle
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from tinydb.storages import Storage

from oncall.journal.crypto import (
    DEFAULT_SCRYPT_N,
    FORMAT_VERSION,
    NONCE_BYTES,
    KeyParams,
    Keyring,
    b64,
    unb64,
)
from oncall.journal.errors import (
    DiskFull,
    OncallError,
    StoreDamaged,
    StoreNotFound,
    WriteRefused,
)
from oncall.journal.event import canonical_json

MAGIC = b"ONCALLDB"
_FRAME = struct.Struct(">II")
_HEADER_LEN = struct.Struct(">I")
_INDEX = struct.Struct(">Q")
MAX_RECORD = 64 * 1024 * 1024
MAX_HEADER = 64 * 1024
_BINARY = getattr(os, "O_BINARY", 0)

Tables = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Damage:
    """Where a file stops being trustworthy."""

    record: int
    offset: int
    reason: str


@dataclass(frozen=True)
class TornTail:
    bytes_cut: int
    records_kept: int
    kept_as: str | None


@dataclass
class Header:
    file_id: bytes
    keys: KeyParams
    mac: str

    def body(self) -> dict[str, Any]:
        return {"format": FORMAT_VERSION, "file_id": b64(self.file_id), "keys": self.keys.to_json()}

    def encode(self) -> bytes:
        payload = json.dumps({**self.body(), "mac": self.mac}, sort_keys=True).encode()
        return MAGIC + _HEADER_LEN.pack(len(payload)) + payload

    @classmethod
    def for_keyring(cls, keyring: Keyring, file_id: bytes | None = None) -> Header:
        header = cls(file_id or os.urandom(16), keyring.params, "")
        header.mac = keyring.mac(canonical_json(header.body()))
        return header

    def check(self, keyring: Keyring, name: str) -> None:
        if self.keys.key_id != keyring.key_id:
            raise StoreDamaged(f"{name}: encrypted with a different key (not of this store)")
        if keyring.mac(canonical_json(self.body())) != self.mac:
            raise StoreDamaged(f"{name}: the file header has been altered")


def read_header(raw: bytes, name: str) -> tuple[Header, int]:
    """Parse the header at the start of `raw`; return it and where records start."""
    if len(raw) < len(MAGIC) + _HEADER_LEN.size or not raw.startswith(MAGIC):
        raise StoreDamaged(f"{name}: not an oncall store (bad magic)")
    (length,) = _HEADER_LEN.unpack_from(raw, len(MAGIC))
    start = len(MAGIC) + _HEADER_LEN.size
    if length > MAX_HEADER or start + length > len(raw):
        raise StoreDamaged(f"{name}: the file header is damaged")
    try:
        value = json.loads(raw[start : start + length])
        if value["format"] != FORMAT_VERSION:
            raise StoreDamaged(f"{name}: unknown store format {value['format']!r}")
        header = Header(unb64(value["file_id"]), KeyParams.from_json(value["keys"]), value["mac"])
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreDamaged(f"{name}: the file header is damaged") from exc
    return header, start + length


def unlock_file(
    path: Path, passphrase: str | None = None, recovery_key: str | None = None
) -> Keyring:
    """Derive the key of one file from its header (the slow step), and check the header."""
    if not path.is_file():
        raise StoreNotFound(f"no store at {path}", zh=f"{path} 没有记录库")
    with path.open("rb") as handle:
        raw = handle.read(len(MAGIC) + _HEADER_LEN.size + MAX_HEADER)
    header, _ = read_header(raw, path.name)
    if recovery_key is not None:
        keyring = Keyring.unlock_with_recovery(header.keys, recovery_key)
    elif passphrase is not None:
        keyring = Keyring.unlock(header.keys, passphrase)
    else:
        raise OncallError(
            "a passphrase or a recovery key is needed to open the store",
            zh="打开记录库需要口令或恢复密钥",
        )
    header.check(keyring, path.name)
    return keyring


@dataclass
class Scan:
    """What replaying a file's records gave."""

    tables: Tables
    records: int
    end: int
    damage: Damage | None = None
    torn_bytes: int = 0


def _apply(tables: Tables, payload: Any) -> None:
    for op in payload["ops"]:
        name = op["t"]
        kind = op["op"]
        if kind == "set":
            tables.setdefault(name, {}).update(op["d"])
        elif kind == "del":
            table = tables.get(name, {})
            for doc_id in op["ids"]:
                table.pop(doc_id, None)
        elif kind == "drop":
            tables.pop(name, None)
        else:
            raise ValueError(f"unknown operation {kind!r}")


def scan_records(
    raw: bytes,
    start: int,
    keyring: Keyring,
    file_id: bytes,
    *,
    tables: Tables | None = None,
    first_index: int = 0,
    slack: bool = False,
) -> Scan:
    """Decrypt and replay records from `start`, stopping at damage or a torn tail.

    With `slack` (a file kept longer than its records, zero-filled, see
    `EncryptedStorage(slack=...)`), a record that fails with only zeros after it is a
    torn write into the zeros, not damage."""
    aead = keyring.aead
    tables = {} if tables is None else tables
    pos, index, size = start, first_index, len(raw)
    while pos < size:
        if size - pos < _FRAME.size:
            return Scan(tables, index, pos, torn_bytes=size - pos)
        length, check = _FRAME.unpack_from(raw, pos)
        if length ^ 0xFFFFFFFF != check or not (NONCE_BYTES + 16 <= length <= MAX_RECORD):
            if not any(raw[pos + (_FRAME.size if slack else 0) :]):
                return Scan(tables, index, pos, torn_bytes=size - pos)
            return Scan(tables, index, pos, Damage(index, pos, "record frame is damaged"))
        body_start = pos + _FRAME.size
        if body_start + length > size:
            return Scan(tables, index, pos, torn_bytes=size - pos)
        nonce = raw[body_start : body_start + NONCE_BYTES]
        sealed = raw[body_start + NONCE_BYTES : body_start + length]
        try:
            plain = aead.decrypt(nonce, sealed, file_id + _INDEX.pack(index))
        except InvalidTag:
            if body_start + length == size and not any(raw[body_start:]):
                return Scan(tables, index, pos, torn_bytes=size - pos)
            if slack and body_start + length < size and not any(raw[body_start + length :]):
                return Scan(tables, index, pos, torn_bytes=size - pos)
            return Scan(tables, index, pos, Damage(index, pos, "record failed authentication"))
        try:
            _apply(tables, json.loads(plain))
        except (ValueError, KeyError, TypeError, AttributeError):
            return Scan(tables, index, pos, Damage(index, pos, "record content is malformed"))
        pos = body_start + length
        index += 1
    return Scan(tables, index, pos)


def _write_at(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        if hasattr(os, "pwrite"):
            written = os.pwrite(fd, view, offset)
        else:  # Windows
            os.lseek(fd, offset, os.SEEK_SET)
            written = os.write(fd, view)
        view = view[written:]
        offset += written


def _datasync(fd: int) -> None:
    """fdatasync where there is one (Linux); fsync elsewhere."""
    getattr(os, "fdatasync", os.fsync)(fd)


def _fsync_dir(directory: Path) -> None:
    """Make a file's creation or rename durable (POSIX; a no-op where unsupported)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _deep_copy(value: Any) -> Any:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _write_failure(exc: OSError, name: str) -> OncallError:
    if exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(
            f"the disk is full: could not write to {name}; nothing was recorded",
            zh=f"磁盘已满：无法写入 {name}；没有记录任何内容",
        )
    why = exc.strerror or exc
    return OncallError(f"could not write to {name}: {why}", zh=f"无法写入 {name}：{why}")


class EncryptedStorage(Storage):
    """TinyDB storage: AES-256-GCM, append-only on disk, fsync'd on every write."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        passphrase: str | None = None,
        *,
        keyring: Keyring | None = None,
        recovery_key: str | None = None,
        create: bool = True,
        read_only: bool = False,
        repair: bool = True,
        kdf_n: int = DEFAULT_SCRYPT_N,
        slack: int = 0,
    ) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self.read_only = read_only
        self.repaired: TornTail | None = None
        self.torn_bytes = 0
        """Bytes of an incomplete last record (a crash mid-write), not yet cut."""
        self._fd: int | None = None
        self._slack = slack
        """Zero bytes kept past the last record, so that a write overwrites blocks the
        file already has and needs only `fdatasync` (no change of size to journal)."""
        self._size = 0
        self._last: tuple[int, int, dict[str, Any]] | None = None
        self._defer_sync = False
        if not self.path.exists():
            if read_only or not create:
                raise StoreNotFound(f"no store at {self.path}", zh=f"{self.path} 没有记录库")
            if keyring is None:
                if passphrase is None:
                    raise OncallError("a passphrase is needed to create a store")
                keyring = Keyring.create(passphrase, kdf_n=kdf_n)
            self._create(keyring)
        if keyring is None:
            keyring = unlock_file(self.path, passphrase, recovery_key)
        self.keyring = keyring
        self._load(repair=repair and not read_only)

    # --- opening ----------------------------------------------------------------------
    def _create(self, keyring: Keyring) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        header = Header.for_keyring(keyring)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY
        try:
            fd = os.open(self.path, flags, 0o600)
            try:
                os.write(fd, header.encode())
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                self.path.unlink()
            raise _write_failure(exc, self.name) from exc
        _fsync_dir(self.path.parent)

    def _load(self, *, repair: bool) -> None:
        raw = self.path.read_bytes()
        header, start = read_header(raw, self.name)
        header.check(self.keyring, self.name)
        self.header = header
        self._file_id = header.file_id
        self._records_start = start
        scan = scan_records(raw, start, self.keyring, header.file_id, slack=bool(self._slack))
        if self._slack and scan.torn_bytes and not any(raw[scan.end :]):
            scan.torn_bytes = 0  # only the zeros kept for the next writes
        self._size = len(raw)
        self.damage = scan.damage
        self._tables = scan.tables
        self._count = scan.records
        self._end = scan.end
        self._identity = self._stat_identity()
        self.torn_bytes = scan.torn_bytes if scan.damage is None else 0
        if self.torn_bytes and repair:
            self.cut_torn_tail(self.keep_torn_tail())

    def _stat_identity(self) -> tuple[int, int]:
        stat = os.stat(self.path)
        return (stat.st_ino, stat.st_dev)

    @property
    def records(self) -> int:
        """Complete, authentic records in the file."""
        return self._count

    @property
    def used_bytes(self) -> int:
        """The header and the complete records (the file may be longer: torn bytes, or
        the zeros a writer keeps past its records)."""
        return self._end

    def keep_torn_tail(self) -> str | None:
        """Copy the torn tail (ciphertext) beside the file, for forensics; its name."""
        if not self.torn_bytes:
            return None
        with self.path.open("rb") as handle:
            handle.seek(self._end)
            tail = handle.read()
        if self._slack:
            tail = tail.rstrip(b"\0")  # the zeros kept for writes are not part of it
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        kept = self.path.with_name(f"{self.name}.torn-{stamp}")
        try:
            fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
            try:
                os.write(fd, tail)
                os.fsync(fd)
            finally:
                os.close(fd)
            _fsync_dir(self.path.parent)
        except OSError:
            return None
        return kept.name

    def cut_torn_tail(self, kept_as: str | None) -> TornTail | None:
        """Cut the torn tail off (idempotent: cutting what is already cut does nothing)."""
        if not self.torn_bytes:
            return None
        self._close_fd()
        fd = os.open(self.path, os.O_WRONLY | _BINARY)
        try:
            os.ftruncate(fd, self._end)
            os.fsync(fd)
        finally:
            os.close(fd)
        self._size = self._end
        self.repaired = TornTail(self.torn_bytes, self._count, kept_as)
        self.torn_bytes = 0
        self._identity = self._stat_identity()
        return self.repaired

    def _refresh(self) -> None:
        """See writes made through another instance on the same file since our last look."""
        if self._slack and not self.read_only:
            return  # its one writer (the journal holds the store's lock)
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return
        if (stat.st_ino, stat.st_dev) != self._identity or stat.st_size < self._end:
            self._close_fd()
            self._load(repair=False)
        elif stat.st_size > self._end and self.damage is None:
            with self.path.open("rb") as handle:
                handle.seek(self._end)
                tail = handle.read()
            scan = scan_records(
                tail,
                0,
                self.keyring,
                self._file_id,
                tables=self._tables,
                first_index=self._count,
                slack=bool(self._slack),
            )
            self._count = scan.records
            self._end += scan.end
            self.damage = scan.damage
            self.torn_bytes = scan.torn_bytes if scan.damage is None else 0

    # --- TinyDB's interface -------------------------------------------------------------
    def read(self) -> dict[str, dict[str, Any]] | None:
        self._refresh()
        if not self._tables:
            return None
        copied: dict[str, dict[str, Any]] = _deep_copy(self._tables)
        return copied

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._refresh()
        ops: list[dict[str, Any]] = []
        for name in [name for name in self._tables if name not in data]:
            ops.append({"op": "drop", "t": name})
        for name, docs in data.items():
            old = self._tables.get(name)
            new = {str(doc_id): doc for doc_id, doc in docs.items()}
            changed = {
                doc_id: doc for doc_id, doc in new.items() if old is None or old.get(doc_id) != doc
            }
            if changed or old is None:
                ops.append({"op": "set", "t": name, "d": changed})
            removed = [doc_id for doc_id in (old or {}) if doc_id not in new]
            if removed:
                ops.append({"op": "del", "t": name, "ids": removed})
        if ops:
            self._append({"ops": _deep_copy(ops)})

    def close(self) -> None:
        self.trim_slack()
        self._close_fd()

    def trim_slack(self) -> None:
        """Give back the zeros kept past the last record (a writer closing the file)."""
        if not self._slack or self.read_only or self.damage or self.torn_bytes:
            return
        if self._size > self._end:
            with contextlib.suppress(OSError):
                fd = self._writer()
                os.ftruncate(fd, self._end)
                os.fsync(fd)
                self._size = self._end

    # --- the journal's fast path -----------------------------------------------------------
    def append_documents(self, table: str, documents: dict[str, dict[str, Any]]) -> None:
        """Add documents to a table with one record, without reading the table back."""
        self._refresh()
        self._append({"ops": [{"op": "set", "t": table, "d": documents}]})

    def documents(self, table: str) -> dict[str, dict[str, Any]]:
        """The live documents of a table (do not modify them)."""
        self._refresh()
        return self._tables.get(table, {})

    @contextlib.contextmanager
    def deferred_sync(self) -> Iterator[None]:
        """Write many records and fsync once at the end (bulk building, benchmarks)."""
        self._defer_sync = True
        try:
            yield
        finally:
            self._defer_sync = False
            if self._fd is not None:
                os.fsync(self._fd)

    # --- writing ------------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise WriteRefused(f"{self.name} is open read-only")
        if self.damage is not None:
            raise WriteRefused(
                f"{self.name} is damaged at record {self.damage.record} "
                f"({self.damage.reason}); writing to it is refused. "
                "Run `oncall verify` for details."
            )

    def _append(self, payload: dict[str, Any]) -> None:
        self._check_writable()
        try:
            plain = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        except (TypeError, ValueError) as exc:
            raise ValueError(f"documents must be JSON values: {exc}") from exc
        nonce = os.urandom(NONCE_BYTES)
        sealed = self.keyring.aead.encrypt(nonce, plain, self._file_id + _INDEX.pack(self._count))
        length = NONCE_BYTES + len(sealed)
        frame = _FRAME.pack(length, length ^ 0xFFFFFFFF) + nonce + sealed
        fd = self._writer()
        try:
            if self._slack:
                if self._end + len(frame) > self._size:
                    try:
                        self._extend(fd, self._end + len(frame) + self._slack)
                    except OSError:  # a disk nearly full: room for this record only
                        os.ftruncate(fd, self._size)
                        self._extend(fd, self._end + len(frame))
                _write_at(fd, frame, self._end)
                if not self._defer_sync:
                    _datasync(fd)
            else:
                view = memoryview(frame)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                if not self._defer_sync:
                    os.fsync(fd)
        except OSError as exc:
            with contextlib.suppress(OSError):  # take back a partial record
                os.ftruncate(fd, self._end)
                os.fsync(fd)
                self._size = self._end
            raise _write_failure(exc, self.name) from exc
        self._last = (self._end, self._count, payload)
        _apply(self._tables, payload)
        self._end += len(frame)
        self._count += 1

    def take_back_last(self) -> None:
        """Remove the record just appended (new documents only), when what it belongs to
        could not be completed, so it is not left half-acknowledged."""
        if self._last is None:
            return
        end, count, payload = self._last
        self._last = None
        fd = self._writer()
        with contextlib.suppress(OSError):
            os.ftruncate(fd, end)
            os.fsync(fd)
            self._size = end
        self._end, self._count = end, count
        for op in payload["ops"]:
            if op["op"] == "set":
                table = self._tables.get(op["t"], {})
                for doc_id in op["d"]:
                    table.pop(doc_id, None)

    def _writer(self) -> int:
        if self._fd is None:
            mode = 0 if self._slack else os.O_APPEND
            try:
                self._fd = os.open(self.path, os.O_WRONLY | mode | _BINARY)
            except OSError as exc:
                raise _write_failure(exc, self.name) from exc
        return self._fd

    def _extend(self, fd: int, size: int) -> None:
        """Zero-fill the file up to `size` (real zeros, not a hole: writing into a hole
        allocates blocks, which is the metadata change the slack is there to avoid)."""
        _write_at(fd, bytes(size - self._size), self._size)
        os.fsync(fd)
        self._size = size

    def _close_fd(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def rewrite_header(path: Path, keyring: Keyring) -> None:
    """Give a file a new key header (a new passphrase) without re-encrypting its records:
    the records are copied as ciphertext into a new file that atomically replaces it."""
    raw = path.read_bytes()
    header, start = read_header(raw, path.name)
    header.check(keyring, path.name)
    new_header = Header.for_keyring(keyring, header.file_id)
    temp = path.with_name(f".{path.name}.rekey")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, 0o600)
    try:
        os.write(fd, new_header.encode() + raw[start:])
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        with contextlib.suppress(OSError):
            temp.unlink()
        raise _write_failure(exc, path.name) from exc
    os.close(fd)
    os.replace(temp, path)
    _fsync_dir(path.parent)
