"""verify's fast JSON path gives exactly `canonical_json`'s bytes, so no store's hashes move.

orjson's sorted output must equal `json.dumps(sort_keys=True, separators=(",", ":"),
ensure_ascii=False)` for every value it is trusted with, and every record it cannot be
trusted with (floats the two libraries write differently, integers beyond 64 bits, NaN)
must go the standard library's way.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from oncall.journal import Journal
from oncall.journal.canonical import fast_canonical, parse_record
from oncall.journal.event import canonical_json

from .conftest import PASSPHRASE, TEST_KDF_N

# Any Unicode a str can carry in UTF-8 (control characters, U+2028, astral planes, BOM);
# lone surrogates cannot be written by the journal at all (canonical_json refuses them).
TEXT = st.text(st.characters(codec="utf-8"))
EXACT_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | TEXT
)
EVERY_SCALAR = EXACT_SCALARS | st.integers() | st.floats() | st.floats(allow_nan=False)


def json_values(scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=6),
        max_leaves=30,
    )


def written(value: Any) -> bytes:
    """A record's bytes as `EncryptedStorage._append` writes them."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def dicts_in(value: Any) -> list[Any]:
    """`value` and every dict inside it (an event body is a dict inside a record)."""
    if isinstance(value, list):
        return [found for child in value for found in dicts_in(child)]
    if isinstance(value, dict):
        return [value, *(found for child in value.values() for found in dicts_in(child))]
    return []


@settings(max_examples=600)
@given(json_values(EXACT_SCALARS))
@example({"\ue000": 1, "\U0001f600": 2, "a": 3, "\x7f": 4, "": 5})  # sort by code point
@example(["\x00\x1f\x7f\u2028\u2029\ufeff\"\\/", -(2**63), 2**64 - 1, True, None])
def test_orjson_writes_canonical_json_for_every_exact_value(value: Any) -> None:
    assert fast_canonical(value) == canonical_json(value)


@settings(max_examples=600)
@given(json_values(EVERY_SCALAR))
@example({"x": 1e-05, "y": 1e16, "z": 0.1})
@example({"big": 2**70, "neg": -(2**63) - 1, "u64": 2**64})
@example({"nan": math.nan, "inf": -math.inf})
@example({"n": 1e-7, "list": [1.5e300, 5e-324, -0.0]})
def test_a_record_is_hashed_as_the_standard_library_would(value: Any) -> None:
    """Whatever a record holds, each part hashes to canonical_json of what json.loads
    reads from the same bytes."""
    plain = written({"ops": [value]})
    parsed, encode = parse_record(plain)
    reference = json.loads(plain)
    for mine, theirs in zip(dicts_in(parsed), dicts_in(reference), strict=True):
        assert encode(mine) == canonical_json(theirs)


def test_records_orjson_cannot_hold_exactly_go_the_standard_way() -> None:
    for value in ({"x": 1e-05}, {"big": 2**70}, {"nan": math.nan}):
        parsed, encode = parse_record(written(value))
        assert encode is canonical_json
        assert canonical_json(parsed) == canonical_json(value)
    _, encode = parse_record(b'{"s":"\\ud800"}')  # a lone surrogate: orjson refuses it
    assert encode is canonical_json
    _, encode = parse_record(written({"text": "第1.5条 12:30:00.5", "n": 3}))
    assert encode is fast_canonical


def test_a_store_with_floats_long_integers_and_odd_text_verifies_intact(tmp_path: Path) -> None:
    """Hashes written by the journal (canonical_json) are the ones verify computes."""
    journal = Journal.create(tmp_path / "store", PASSPHRASE, kdf_n=TEST_KDF_N)
    case = journal.new_case(actor="值班教师")
    odd: list[dict[str, Any]] = [
        {"x": 1e-05, "y": 1e16, "z": [0.1, -0.0, 5e-324]},
        {"big": 2**70, "small": -(2**63) - 1},
        {"nan": math.nan, "inf": math.inf},
        {"text": "\x00\x1f\x7f\u2028\U0001f600\"\\", "\U0001f600": {"\ue000": None}},
        {"plain": "学生在心理室休息", "n": 3, "ok": True},
    ]
    for data in odd:
        journal.append(case, "note", data, "值班教师")
    journal.close()
    journal = Journal.open(tmp_path / "store", PASSPHRASE)
    report = journal.verify()
    journal.close()
    assert report.ok, report
    assert report.events == len(odd) + 1
