"""The journal's unit of record: one immutable event."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
"""The `prev` of the first event of a case."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_time(moment: datetime) -> str:
    """UTC, ISO-8601 with milliseconds: ``2026-11-23T14:02:05.123Z``."""
    if moment.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.astimezone(UTC).microsecond // 1000:03d}Z"
    )


def parse_time(text: str) -> datetime:
    """Read a time written by `format_time` (or any ISO-8601 time with an offset)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time without a UTC offset: {text!r}")
    return moment.astimezone(UTC)


def local_offset(moment: datetime | None = None) -> str:
    """The machine's local UTC offset at `moment`, as ``+08:00``."""
    offset = (moment or utc_now()).astimezone().utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def canonical_json(value: Any) -> bytes:
    """The one byte form used for hashing: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened in a case. Never edited: corrections are new events.

    `at` is when it happened (may be earlier than `recorded_at` for a late entry),
    `recorded_at` when it was typed. Both are UTC strings with milliseconds; `tz` is
    the local offset of the machine that recorded it, for display.
    """

    id: str
    case: str
    seq: int
    at: str
    tz: str
    recorded_at: str
    actor: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    drill: bool = False
    prev: str = GENESIS
    hash: str = ""

    @property
    def at_time(self) -> datetime:
        return parse_time(self.at)

    @property
    def recorded_time(self) -> datetime:
        return parse_time(self.recorded_at)

    def body(self) -> dict[str, Any]:
        """Every field but `hash`: what the hash covers. (Shallow: `data` is shared.)"""
        return {
            "id": self.id,
            "case": self.case,
            "seq": self.seq,
            "at": self.at,
            "tz": self.tz,
            "recorded_at": self.recorded_at,
            "actor": self.actor,
            "kind": self.kind,
            "data": self.data,
            "drill": self.drill,
            "prev": self.prev,
        }

    def compute_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.body())).hexdigest()

    def to_document(self) -> dict[str, Any]:
        document = self.body()
        document["hash"] = self.hash
        return document

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Event:
        return cls(**{name: document[name] for name in cls.__dataclass_fields__})
