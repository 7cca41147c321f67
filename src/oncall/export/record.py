"""What an export is made from: one case's events as recorded, and whether they hold.

`case_record` reads the journal (call it on the thread that owns the journal: TinyDB
is not thread-safe); everything after it (`render`) is pure and may run in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from oncall.journal import Journal
from oncall.journal.event import GENESIS, Event
from oncall.journal.integrity import check_chain


@dataclass(frozen=True, slots=True)
class Integrity:
    """The result of checking one case's hash chain (`oncall verify` for one case).

    `final_hash` is the hash of the last event that holds: a printed export can be
    checked later against the journal or the archive by this value."""

    ok: bool
    events: int
    final_hash: str
    problem: str | None = None
    position: str | None = None

    @property
    def fingerprint(self) -> str:
        """``N:HASH``, the event count and head hash: what `oncall verify --case ID
        --fingerprint N:HASH` checks a printed report against."""
        return f"{self.events}:{self.final_hash}"

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "events": self.events,
            "final_hash": self.final_hash,
            "fingerprint": self.fingerprint,
            "problem": self.problem,
            "position": self.position,
        }


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """A case's events in journal order (seq), with the integrity of their chain."""

    case_id: str
    events: tuple[Event, ...]
    integrity: Integrity
    imported: bool = False
    tables: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Other tables of the case file that were asked for (`case_record(tables=...)`)."""


def check_events(case_id: str, events: Iterable[Event], problem: str | None = None) -> Integrity:
    """Check every link and every event hash of a case's events. `problem` is a fault
    already found below the chain (a record failing authentication)."""
    listed = list(events)
    documents = {str(event.seq): event.to_document() for event in listed}
    good, chain_problem, position = check_chain(case_id, documents, rehash=True)
    final = good[-1].hash if good else GENESIS
    if chain_problem is None and problem is not None:
        chain_problem, position = problem, f"after event {len(good)}"
    return Integrity(chain_problem is None, len(good), final, chain_problem, position)


def check_hashes(case_id: str, events: Sequence[Event], problem: str | None = None) -> Integrity:
    """The same check for events whose links the journal checked when it opened the
    case (`Journal.events`: seq, case and `prev` of each, stopping at the first broken
    one, which `problem` then names): what is left is each event's own hash, computed
    once here, with no second read or parse of the case."""
    final = GENESIS
    for count, event in enumerate(events):
        if event.compute_hash() != event.hash:
            where = f"event {count + 1}"
            return Integrity(False, count, final, "event hash does not match its content", where)
        final = event.hash
    if problem is not None:
        return Integrity(False, len(events), final, problem, f"after event {len(events)}")
    return Integrity(True, len(events), final)


def record_from_events(
    case_id: str, events: Iterable[Event], *, imported: bool = False
) -> CaseRecord:
    """A record from events at hand (tests, archives)."""
    ordered = tuple(sorted(events, key=lambda event: event.seq))
    return CaseRecord(case_id, ordered, check_events(case_id, ordered), imported)


def case_record(journal: Journal, case_id: str, tables: tuple[str, ...] = ()) -> CaseRecord:
    """One case as its file holds it, with its chain checked and each event hashed once
    (`Journal.read_case`, which streams a case the journal has not opened, hashing each
    event as it is read). `tables`: other tables of the case file to keep
    (`CaseRecord.tables`). Raises `OncallError` for a case the store does not hold."""
    read = journal.read_case(case_id, tables)
    events = tuple(read.events)
    if read.hashed:  # streamed: every link and hash held as it was read
        integrity = Integrity(True, len(events), events[-1].hash if events else GENESIS)
    else:
        integrity = check_hashes(case_id, events, read.problem)
    imported = any(info.imported for info in journal.cases() if info.id == case_id)
    kept = {name: read.tables.get(name, {}) for name in tables}
    return CaseRecord(case_id, events, integrity, imported, kept)
