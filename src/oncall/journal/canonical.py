"""Reading a record and hashing its events fast, to the bytes `event.canonical_json` gives.

`verify` spends most of its time parsing each record and writing each event back out in
canonical form to hash it. orjson does both several times faster than the standard
library. For dicts with string keys, lists, strings (any Unicode, control characters
included), booleans, None and integers its sorted output is byte for byte
`canonical_json`'s (a property test proves it: `tests/journal/test_canonical.py`). Not
so for every float (orjson writes ``1e-05`` as ``0.00001``), and orjson reads an
integer beyond 64 bits as a float.

So each record is checked as it is read: the writer (`EncryptedStorage._append`) wrote it
with `json.dumps(..., separators=(",", ":"), ensure_ascii=False)`; when orjson writes the
parsed value back to exactly those bytes, every number in it reads and writes the same in
both libraries, and the record's events are hashed with orjson. Otherwise (a float the two
write differently, a long integer, NaN, a lone surrogate escape, deep nesting, or a
record written another way) the record is read and hashed by the standard library exactly
as before: the hashes of existing stores never change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson

from oncall.journal.event import canonical_json

Encoder = Callable[[Any], bytes]
"""A value → its canonical bytes (sorted keys, no spaces, UTF-8)."""

_DECODER = json.JSONDecoder()
_SORT_KEYS = orjson.OPT_SORT_KEYS


def fast_canonical(value: Any) -> bytes:
    """`canonical_json(value)`, for a value that `parse_record` read with orjson."""
    try:
        return orjson.dumps(value, option=_SORT_KEYS)
    except orjson.JSONEncodeError:  # nesting deeper than orjson writes
        return canonical_json(value)


def parse_record(plain: bytes) -> tuple[Any, Encoder]:
    """A record's JSON value, and the encoder that hashes its parts as `canonical_json` does.

    Raises ValueError when the bytes are not JSON (or not UTF-8), as `json.loads` would.
    """
    try:
        value = orjson.loads(plain)
        if orjson.dumps(value) == plain:
            return value, fast_canonical
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        pass  # NaN, a lone surrogate, deep nesting, or damage: the standard library decides
    return _DECODER.decode(plain.decode("utf-8")), canonical_json
