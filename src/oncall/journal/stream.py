"""Reading a store file one record at a time, in constant memory (verify, re-keying).

`EncryptedStorage` replays a whole file into memory, which a writer needs; a check
needs only each record once, in order. `RecordStream` yields each record's decrypted
operations and, when done, says where and why it stopped (damage or a torn tail),
with the same rules as `storage.scan_records`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag

from oncall.journal.canonical import Encoder, parse_record
from oncall.journal.crypto import NONCE_BYTES, Keyring
from oncall.journal.errors import StoreNotFound
from oncall.journal.event import canonical_json
from oncall.journal.storage import (
    _FRAME,
    _HEADER_LEN,
    _INDEX,
    MAGIC,
    MAX_HEADER,
    MAX_RECORD,
    Damage,
    Header,
    read_header,
)

_CHUNK = 1 << 16


def read_file_header(path: Path) -> tuple[Header, int]:
    """The header of a store file and where its records start (no key needed). Reads
    only the header's bytes: verify calls this once per case file."""
    if not path.is_file():
        raise StoreNotFound(f"no file {path}")
    with path.open("rb", buffering=0) as handle:
        raw = handle.read(len(MAGIC) + _HEADER_LEN.size)
        if len(raw) == len(MAGIC) + _HEADER_LEN.size and raw.startswith(MAGIC):
            (length,) = _HEADER_LEN.unpack_from(raw, len(MAGIC))
            if length <= MAX_HEADER:
                raw += handle.read(length)
    return read_header(raw, path.name)


def _only_zeros(handle: BinaryIO) -> bool:
    while chunk := handle.read(_CHUNK):
        if any(chunk):
            return False
    return True


class RecordStream:
    """Iterate a file's records as (index, sealed frame, decrypted payload).

    While iterating, `encoder` hashes parts of the record just yielded as
    `event.canonical_json` would (`canonical.parse_record`). After iteration: `records`
    complete records, `end` the offset after the last one, `damage` (or None),
    `torn_bytes` of an incomplete last record.
    """

    def __init__(self, path: Path, keyring: Keyring, *, check_header: bool = True) -> None:
        self.path = path
        self.keyring = keyring
        self.header, self.start = read_file_header(path)
        if check_header:
            self.header.check(keyring, path.name)
        self.records = 0
        self.end = self.start
        self.damage: Damage | None = None
        self.torn_bytes = 0
        self.encoder: Encoder = canonical_json

    def __iter__(self) -> Iterator[tuple[int, bytes, Any]]:
        # verify runs this loop once per record of the store: names are bound locally and
        # each read takes a record's body together with the next record's frame.
        decrypt = self.keyring.aead.decrypt
        file_id = self.header.file_id
        pack_index, unpack_frame, frame_size = _INDEX.pack, _FRAME.unpack, _FRAME.size
        with self.path.open("rb", buffering=1 << 20) as handle:
            read = handle.read
            size = handle.seek(0, 2)
            pos = handle.seek(self.start)
            index = 0
            frame = read(frame_size)
            while pos < size:
                if len(frame) < frame_size:
                    self._torn(handle, pos, size)
                    break
                length, check = unpack_frame(frame)
                if length ^ 0xFFFFFFFF != check or not (NONCE_BYTES + 16 <= length <= MAX_RECORD):
                    handle.seek(pos + frame_size)
                    if _only_zeros(handle):
                        self._torn(handle, pos, size)
                    else:
                        self.damage = Damage(index, pos, "record frame is damaged")
                    break
                after = pos + frame_size + length
                if after > size:
                    self._torn(handle, pos, size)
                    break
                chunk = read(length + frame_size)  # this body, then the next frame
                view = memoryview(chunk)
                try:
                    plain = decrypt(
                        view[:NONCE_BYTES], view[NONCE_BYTES:length], file_id + pack_index(index)
                    )
                except InvalidTag:
                    handle.seek(after)
                    at_end = after == size
                    if (at_end and not any(view[:length])) or (not at_end and _only_zeros(handle)):
                        # a write torn at the end, or into the zeros kept past the records
                        self._torn(handle, pos, size)
                    else:
                        self.damage = Damage(index, pos, "record failed authentication")
                    break
                try:
                    payload, self.encoder = parse_record(plain)
                except ValueError:
                    self.damage = Damage(index, pos, "record content is malformed")
                    break
                frame = chunk[length:]
                self.records = index + 1
                pos = self.end = after
                yield index, plain, payload
                index += 1

    def _torn(self, handle: BinaryIO, pos: int, size: int) -> None:
        """The bytes from `pos` on are a torn write, unless they are only the zeros a
        writer keeps past its records (`EncryptedStorage(slack=...)`)."""
        handle.seek(pos)
        self.torn_bytes = 0 if _only_zeros(handle) else size - pos
