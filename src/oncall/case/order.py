"""From the journal's events to the ones replay applies, in the order they happened.

The journal keeps events in the order they were recorded (`seq`). Replay orders them
by when they happened (`at`, then `seq`): a late entry, typed afterwards with an
earlier `at`, takes its place in time and keeps its `recorded_at`. Corrections are
applied first: one with `replacement: None` withdraws the event it corrects; one with
a replacement gives it new data. The latest correction of an event wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from oncall.case import kinds
from oncall.journal.event import Event, format_time, parse_time

_UTC_LENGTH = len("2026-11-23T14:02:05.123Z")


def time_key(at: str) -> str:
    """A string that sorts as the moment `at` does. Times written by the journal
    (UTC, milliseconds, "Z") already do; anything else is rewritten that way."""
    if len(at) == _UTC_LENGTH and at[-1] == "Z":
        return at
    return format_time(parse_time(at))


def by_time(events: Iterable[Event]) -> list[Event]:
    """Events in the order they happened: by `at`, ties by `seq`."""
    return sorted(events, key=lambda event: (time_key(event.at), event.seq))


def by_record(events: Iterable[Event]) -> list[Event]:
    """Events in the order they were recorded (the journal's order), for timelines."""
    return sorted(events, key=lambda event: event.seq)


@dataclass(frozen=True, slots=True)
class Effective:
    events: tuple[Event, ...]
    """In time order, withdrawn ones left out, corrections themselves kept."""
    withdrawn: frozenset[str]
    corrected: Mapping[str, str]
    """Corrected event id -> id of the correction that applies to it."""


def effective(events: Iterable[Event]) -> Effective:
    """Apply corrections, then order by time. Corrections stay in the list (they are
    part of the record); replay ignores them otherwise."""
    recorded = by_record(events)
    latest: dict[str, Event] = {}
    for event in recorded:
        if event.kind == kinds.CORRECTION:
            target = event.data.get("corrects")
            if isinstance(target, str):
                latest[target] = event
    withdrawn: set[str] = set()
    kept: list[Event] = []
    for event in recorded:
        correction = latest.get(event.id)
        if correction is None or event.kind == kinds.CORRECTION:
            kept.append(event)
            continue
        replacement = correction.data.get("replacement")
        if replacement is None:
            withdrawn.add(event.id)
        elif isinstance(replacement, dict):
            kept.append(replace(event, data=dict(replacement)))
        else:
            kept.append(event)
    return Effective(
        tuple(by_time(kept)),
        frozenset(withdrawn),
        {target: correction.id for target, correction in latest.items()},
    )
