"""Checking a case: every link of its hash chain, and the report `verify` prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from oncall.journal.event import GENESIS, Event


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

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.files)

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
