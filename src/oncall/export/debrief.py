"""The debrief of one case, computed once and shared by every format: the replayed
state, the key intervals, the warning history, the timeline order, the integrity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cached_property
from typing import Any

from oncall.case import CaseState, replay
from oncall.case import kinds as k
from oncall.case.timeline import TimelineRow, timeline
from oncall.export.history import WarningSpan, warning_history
from oncall.export.intervals import Interval, intervals_of
from oncall.export.record import CaseRecord, Integrity
from oncall.export.redact import redact_events
from oncall.export.words import zone
from oncall.journal.event import Event
from oncall.playbook.model import Lang, Playbook


@dataclass(frozen=True)
class Debrief:
    case_id: str
    events: tuple[Event, ...]
    """In journal order (seq); pseudonymised when `redacted`."""
    state: CaseState
    playbook: Playbook
    intervals: tuple[Interval, ...]
    warnings: tuple[WarningSpan, ...]
    integrity: Integrity
    now: datetime
    lang: Lang
    redacted: bool
    imported: bool
    tz: tzinfo
    school: str = ""

    @property
    def drill(self) -> bool:
        return self.state.drill

    @property
    def facts(self) -> dict[str, Any]:
        return dict(self.state.facts)

    @property
    def number(self) -> str:
        """The school's own case number, if one was recorded."""
        return str(self.state.facts.get("number") or "")

    @property
    def on_duty(self) -> str:
        """Who opened the case (the on-duty teacher)."""
        return self.events[0].actor if self.events else ""

    @property
    def actors(self) -> list[str]:
        """Everyone who recorded something, in the order they first did."""
        seen: dict[str, None] = {}
        for event in self.events:
            seen.setdefault(event.actor, None)
            if event.kind == k.ACTOR_CHANGED and event.data.get("to"):
                seen.setdefault(str(event.data["to"]), None)
        return list(seen)

    @property
    def playbook_matches(self) -> bool:
        ref = self.state.playbook
        return ref is None or not ref.hash or ref.hash == self.playbook.content_hash

    @property
    def by_id(self) -> dict[str, Event]:
        return {event.id: event for event in self.events}

    @cached_property
    def superseded(self) -> frozenset[str]:
        """Ids of answers a later answer to the same step replaced (an ASQ question
        answered again): the record keeps both, the later one counts."""
        withdrawn = self.state.withdrawn
        last: dict[str, str] = {}
        found: set[str] = set()
        for row in self.timeline():
            event = row.event
            if event.kind != k.STEP_ANSWERED or row.role != "event" or event.id in withdrawn:
                continue
            step = str(event.data.get("step"))
            if step in last:
                found.add(last[step])
            last[step] = event.id
        return frozenset(found)

    def timeline(self) -> list[TimelineRow]:
        """Every event in the order it happened (`at`, then `seq`), each correction
        right after the event it corrects (`oncall.case.timeline`)."""
        return timeline(self.events)


def build_debrief(
    record: CaseRecord,
    playbook: Playbook,
    *,
    now: datetime,
    lang: Lang = "zh",
    redact: bool = False,
    redact_also: Sequence[str] = (),
    school: str = "",
) -> Debrief:
    """Replay the case against `playbook` as of `now` and derive what a debrief shows.
    `redact`: pseudonyms for every person and place the case names, and for
    `redact_also` (extra terms)."""
    if not record.events:
        raise ValueError("a case has at least its case.opened event")
    events = (
        redact_events(record.events, lang, playbook, redact_also) if redact else list(record.events)
    )
    state = replay(playbook, events, now)
    return Debrief(
        case_id=record.case_id,
        events=tuple(events),
        state=state,
        playbook=playbook,
        intervals=tuple(intervals_of(state, playbook)),
        warnings=tuple(warning_history(state, playbook)),
        integrity=record.integrity,
        now=now,
        lang=lang,
        redacted=redact,
        imported=record.imported,
        tz=zone(record.events[0].tz),
        school=school,
    )
