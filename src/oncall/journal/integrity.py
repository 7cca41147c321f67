"""Checking a case: every link of its hash chain, and the report `verify` prints."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from oncall.journal.canonical import Encoder
from oncall.journal.event import GENESIS, Event, canonical_json

EVENTS_TABLE = "_default"
"""The TinyDB table a case file keeps its events in."""
_DOCUMENT_FIELDS = frozenset(Event.__dataclass_fields__)
_sha256 = hashlib.sha256


@dataclass(frozen=True)
class FileCheck:
    """The result of checking one case file."""

    case: str
    file: str
    events: int
    problem: str | None = None
    position: str | None = None
    torn_bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class VerifyReport:
    files: tuple[FileCheck, ...]
    store_files: tuple[FileCheck, ...] = ()
    """The index and the anchors (`index.db`, `heads.db`)."""

    @property
    def ok(self) -> bool:
        return all(check.ok for check in (*self.store_files, *self.files))

    @property
    def events(self) -> int:
        return sum(check.events for check in self.files)


def check_chain(
    case_id: str,
    documents: dict[str, dict[str, Any]],
    *,
    rehash: bool,
    after: tuple[int, str] = (0, GENESIS),
) -> tuple[list[Event], str | None, str | None]:
    """Events in seq order, and the first broken link (problem, position) if any.
    `after`: the (seq, hash) the documents follow on from, when they are the newest of
    a case whose earlier events were checked already."""
    events: list[Event] = []
    start, prev = after
    for expected, key in enumerate(sorted(documents, key=int), start=start + 1):
        try:
            event = Event.from_document(documents[key])
        except (KeyError, TypeError):
            return events, "event is malformed", f"event {expected}"
        if event.seq != expected or key != str(expected):
            return (
                events,
                f"event {expected} is missing (found seq {event.seq})",
                f"event {expected}",
            )
        if event.case != case_id:
            return events, "event belongs to another case", f"event {expected}"
        if event.prev != prev:
            return events, "hash chain broken (prev does not match)", f"event {expected}"
        if rehash and event.compute_hash() != event.hash:
            return events, "event hash does not match its content", f"event {expected}"
        events.append(event)
        prev = event.hash
    return events, None, None


@dataclass(frozen=True)
class Anchor:
    """A case's head as the store recorded it outside the case file, with each append."""

    events: int
    head: str


def anchor_problem(
    case_id: str, events: int, hash_at_anchor: str | None, anchor: Anchor | None
) -> tuple[str, str] | None:
    """(problem, position) when a case's intact events do not reach its anchor."""
    if anchor is None or anchor.events == 0:
        return None
    if events < anchor.events:
        missing = (
            f"event {anchor.events}"
            if events + 1 == anchor.events
            else f"events {events + 1}–{anchor.events}"
        )
        return (
            f"{missing} missing: the file is shorter than the store recorded "
            f"({anchor.events} events)",
            f"event {events + 1}",
        )
    if hash_at_anchor != anchor.head:
        return (
            f"event {anchor.events} is not the one the store recorded (head hash differs)",
            f"event {anchor.events}",
        )
    return None


class ChainCheck:
    """Checks a case's events as a file's records stream past: each document is parsed
    once and hashed once, and only the head is kept (constant memory per case).

    `mark`: an event number whose hash to keep (`hash_at_mark`), e.g. the anchor's.
    """

    def __init__(
        self,
        case_id: str,
        on_event: Callable[[int, str, dict[str, Any]], None] | None = None,
        *,
        mark: int | None = None,
    ) -> None:
        self.case_id = case_id
        self.events = 0
        self.head = GENESIS
        self.problem: str | None = None
        self.position: str | None = None
        self.hash_at_mark: str | None = None
        self._on_event = on_event
        self._mark = mark

    def feed(self, payload: Any, encode: Encoder = canonical_json) -> bool:
        """Take one record's operations; False once the chain is broken. `encode` gives
        an event body's canonical bytes (the record's `RecordStream.encoder`).

        Verify runs this once per event of the store, so the checks are written out here
        rather than in helpers."""
        if self.problem is not None:
            return False
        for op in payload["ops"]:
            if op["t"] != EVENTS_TABLE:
                continue
            if op["op"] != "set":
                return self._broken("events removed from the case", f"after event {self.events}")
            head, expected = self.head, self.events
            for key, document in op["d"].items():
                expected += 1
                if type(document) is not dict or document.keys() != _DOCUMENT_FIELDS:
                    return self._broken("event is malformed", f"event {expected}")
                stored = document.pop("hash")  # the document is this check's own, fresh
                seq = document["seq"]
                if seq != expected or key != str(expected):
                    return self._out_of_order(expected, seq)
                if document["case"] != self.case_id:
                    return self._broken("event belongs to another case", f"event {expected}")
                if document["prev"] != head:
                    return self._broken(
                        "hash chain broken (prev does not match)", f"event {expected}"
                    )
                if _sha256(encode(document)).hexdigest() != stored:
                    return self._broken(
                        "event hash does not match its content", f"event {expected}"
                    )
                self.events, self.head = expected, stored
                head = stored
                if expected == self._mark:
                    self.hash_at_mark = stored
                if self._on_event is not None:
                    document["hash"] = stored
                    self._on_event(expected, stored, document)
        return True

    def _broken(self, problem: str, position: str) -> bool:
        self.problem, self.position = problem, position
        return False

    def _out_of_order(self, expected: int, seq: Any) -> bool:
        where = f"event {expected}"
        if isinstance(seq, int) and seq < expected:
            return self._broken(f"event {seq} written again", where)
        return self._broken(f"event {expected} is missing (found seq {seq})", where)
