"""Reading a whole intact case once, for an export, without opening it as a writer would.

`Journal.events` opens a case file through TinyDB: every record replayed into a table
of documents, then an `Event` made of each, both held while the case stays open. An
export of a long case needs each event once, in memory only as the `Event` it renders:
`read_intact` streams the file one record at a time (`RecordStream`), makes each event
as its record goes past, checks its link and its hash, and shares what repeats between
events (the case id, the actor, the kind, short strings of data, each `prev` being the
hash before it). A 100,000-event case then costs about a third of what the open case
file costs.

Only a case that holds is read this way: at anything irregular (a damaged record, a
document written twice, a broken link or hash, a case shorter than its anchor) it
returns None, and the journal opens the case as usual, so a damaged case is described
exactly as `Journal.events` and `Journal.case_problem` describe it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oncall.journal.crypto import Keyring
from oncall.journal.event import GENESIS, Event
from oncall.journal.integrity import EVENTS_TABLE, Anchor, anchor_problem
from oncall.journal.stream import RecordStream

_SHARED_FIELDS = ("case", "tz", "actor", "kind")
_SHORT = 64
"""Strings of event data up to this length are shared between events (names, states)."""


@dataclass
class CaseRead:
    """One case as read for an export."""

    events: list[Event]
    """In seq order, up to the first broken link."""
    problem: str | None
    """Why the case is damaged, in the journal's words (`Journal.case_problem`)."""
    hashed: bool
    """Every event's hash was checked and holds (a streamed, intact case)."""
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The documents of the other tables asked for."""


class _Irregular(Exception):
    """Something a plain stream of appended events does not hold."""


def _share(document: dict[str, Any], seen: dict[str, str]) -> None:
    """One object for each repeated string: 100,000 events name a few actors."""
    for name in _SHARED_FIELDS:
        value = document[name]
        if type(value) is str:
            document[name] = seen.setdefault(value, value)
    data = document["data"]
    if type(data) is dict:
        for key, value in data.items():
            if type(value) is str and len(value) <= _SHORT:
                data[key] = seen.setdefault(value, value)


def read_intact(
    path: Path,
    keyring: Keyring,
    anchor: Anchor | None = None,
    tables: tuple[str, ...] = (),
) -> CaseRead | None:
    """Stream the case file at `path` (its id is the file's stem); None unless it is
    intact."""
    case_id = path.stem
    stream = RecordStream(path, keyring)
    events: list[Event] = []
    kept: dict[str, dict[str, Any]] = {}
    seen: dict[str, str] = {}
    prev = GENESIS
    sha256 = hashlib.sha256
    try:
        for _, _, payload in stream:
            for op in payload["ops"]:
                table = op["t"]
                if op["op"] != "set":
                    raise _Irregular
                if table in tables:
                    kept.setdefault(table, {}).update(op["d"])
                if table != EVENTS_TABLE:
                    continue
                for key, document in op["d"].items():
                    expected = len(events) + 1
                    stored = document.pop("hash")
                    if (
                        key != str(expected)
                        or document["seq"] != expected
                        or document["case"] != case_id
                        or document["prev"] != prev
                        or sha256(stream.encoder(document)).hexdigest() != stored
                    ):
                        raise _Irregular
                    document["hash"] = stored
                    _share(document, seen)
                    document["prev"] = prev  # the same string as the last event's hash
                    event = Event.from_document(document)
                    events.append(event)
                    prev = event.hash
    except (_Irregular, KeyError, TypeError, AttributeError, ValueError):
        return None
    if stream.damage is not None:
        return None
    n = anchor.events if anchor is not None else 0
    at_anchor = events[n - 1].hash if 0 < n <= len(events) else None
    if anchor_problem(case_id, len(events), at_anchor, anchor) is not None:
        return None
    return CaseRead(events, None, True, kept)
