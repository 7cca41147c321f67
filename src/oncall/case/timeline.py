"""The timeline of a case: every recorded event in the order it happened, each
correction right after the event it corrects, with what corrections did to it. The one
derivation the TUI's timeline and every export read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Final, Literal

from oncall.case.order import time_key
from oncall.journal.event import Event
from oncall.vocabulary import kinds

LATE_ENTRY: Final = timedelta(minutes=1)
"""An event typed this much (or more) after it happened is a late entry."""

Effect = Literal["", "withdrawn", "corrected"]
Role = Literal["event", "correction"]


@dataclass(frozen=True, slots=True)
class TimelineRow:
    event: Event
    role: Role
    """"correction": shown right after the event it corrects."""
    effect: Effect
    """What later corrections did to this event."""
    late: bool
    """Recorded at least `LATE_ENTRY` after it happened."""


def effects(events: Iterable[Event]) -> dict[str, Effect]:
    """Event id -> what the latest correction of it did."""
    found: dict[str, Effect] = {}
    for event in sorted(events, key=lambda e: e.seq):
        target = event.data.get("corrects") if event.kind == kinds.CORRECTION else None
        if isinstance(target, str):
            found[target] = "withdrawn" if event.data.get("replacement") is None else "corrected"
    return found


def timeline(events: Iterable[Event]) -> list[TimelineRow]:
    """Every event by (`at`, `seq`), each correction right after what it corrects."""
    events = list(events)
    ids = {event.id for event in events}
    corrections: dict[str, list[Event]] = {}
    for event in sorted(events, key=lambda e: e.seq):
        target = event.data.get("corrects") if event.kind == kinds.CORRECTION else None
        if isinstance(target, str) and target in ids:
            corrections.setdefault(target, []).append(event)
    effect = effects(events)
    placed = {c.id for found in corrections.values() for c in found}
    rows: list[TimelineRow] = []
    for event in sorted(events, key=lambda e: (time_key(e.at), e.seq)):
        if event.id in placed:
            continue
        rows.append(TimelineRow(event, "event", effect.get(event.id, ""), is_late(event)))
        for correction in corrections.get(event.id, ()):
            rows.append(TimelineRow(correction, "correction", "", is_late(correction)))
    return rows


def is_late(event: Event) -> bool:
    return event.recorded_at != event.at and (event.recorded_time - event.at_time >= LATE_ENTRY)
