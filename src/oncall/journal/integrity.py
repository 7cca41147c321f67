"""Checking a case: every link of its hash chain, and the report `verify` prints."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from oncall.journal.event import GENESIS, Event

EVENTS_TABLE = "_default"
"""The TinyDB table a case file keeps its events in."""
BODY_FIELDS = tuple(name for name in Event.__dataclass_fields__ if name != "hash")
_DOCUMENT_FIELDS = frozenset(Event.__dataclass_fields__)
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
"""`event.canonical_json` without json.dumps' per-call set-up (verify runs it per event)."""


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
    case_id: str, documents: dict[str, dict[str, Any]], *, rehash: bool
) -> tuple[list[Event], str | None, str | None]:
    """Events in seq order, and the first broken link (problem, position) if any."""
    events: list[Event] = []
    prev = GENESIS
    for expected, key in enumerate(sorted(documents, key=int), start=1):
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
    once and hashed once, and only the head is kept (constant memory per case)."""

    def __init__(
        self,
        case_id: str,
        on_event: Callable[[int, str, dict[str, Any]], None] | None = None,
    ) -> None:
        self.case_id = case_id
        self.events = 0
        self.head = GENESIS
        self.problem: str | None = None
        self.position: str | None = None
        self._on_event = on_event

    def feed(self, payload: Any) -> bool:
        """Take one record's operations; False once the chain is broken."""
        if self.problem is not None:
            return False
        for op in payload["ops"]:
            if op["t"] != EVENTS_TABLE:
                continue
            if op["op"] != "set":
                return self._broken("events removed from the case", f"after event {self.events}")
            for key, document in op["d"].items():
                if not self._event(key, document):
                    return False
        return True

    def _broken(self, problem: str, position: str) -> bool:
        self.problem, self.position = problem, position
        return False

    def _event(self, key: str, document: Any) -> bool:
        expected = self.events + 1
        where = f"event {expected}"
        if not isinstance(document, dict) or document.keys() != _DOCUMENT_FIELDS:
            return self._broken("event is malformed", where)
        stored = document.pop("hash")  # the document is this check's own, fresh from JSON
        body = document
        if body["seq"] != expected or key != str(expected):
            if isinstance(body["seq"], int) and body["seq"] < expected:
                return self._broken(f"event {body['seq']} written again", where)
            return self._broken(f"event {expected} is missing (found seq {body['seq']})", where)
        if body["case"] != self.case_id:
            return self._broken("event belongs to another case", where)
        if body["prev"] != self.head:
            return self._broken("hash chain broken (prev does not match)", where)
        if hashlib.sha256(_CANONICAL.encode(body).encode()).hexdigest() != stored:
            return self._broken("event hash does not match its content", where)
        self.events = expected
        self.head = stored
        if self._on_event is not None:
            document["hash"] = stored
            self._on_event(expected, stored, document)
        return True
