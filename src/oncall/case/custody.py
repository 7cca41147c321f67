"""Custody (24小时监护) as the events tell it: who holds the student, where, since when,
every shift change, and every stretch with nobody named.

Custodians change only by events: `custody.started` names them, a handover
(`custody.handover`) replaces the givers by the receivers, `custody.left` removes one
person. Whenever custody is active and nobody is named, that is a gap, open until
someone is named again or custody ends with the safety responsibility handover.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from oncall.case.state import Custody, CustodyEnd, Gap, Handover
from oncall.vocabulary.entries import DEFAULT_CHECK_MINUTES as DEFAULT_CHECK_MINUTES


def names(value: Any) -> list[str]:
    """A list of names from event data, cleaned; a lone string counts as one name."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        return []
    return [str(name).strip() for name in value if str(name).strip()]


class CustodyBuilder:
    """Accumulates custody events in time order; `freeze()` gives the `Custody` state."""

    def __init__(self, default_check_minutes: int = DEFAULT_CHECK_MINUTES) -> None:
        self.default_check_minutes = default_check_minutes
        self.active = False
        self.custodians: list[str] = []
        self.place = ""
        self.observation = ""
        self.check_minutes: int | None = None
        self.started_at: datetime | None = None
        self.since: datetime | None = None
        self.last_checkin: datetime | None = None
        self.last_checkin_by = ""
        self.anchor: datetime | None = None
        self.handovers: list[Handover] = []
        self.gaps: list[Gap] = []
        self.ended: CustodyEnd | None = None
        self.periods: list[tuple[datetime, datetime | None]] = []
        """(start, end) of each stretch of custody: kept as the events come, so the key
        intervals read them without a pass over every event."""

    def __deepcopy__(self, memo: dict[int, Any]) -> CustodyBuilder:
        """A copy with its own lists; the records in them are frozen, so shared."""
        new = copy.copy(self)
        new.custodians = list(self.custodians)
        new.handovers = list(self.handovers)
        new.gaps = list(self.gaps)
        new.periods = list(self.periods)
        return new

    # --- events ---------------------------------------------------------------------------
    def started(self, at: datetime, data: Mapping[str, Any]) -> None:
        self.custodians = names(data.get("custodians"))
        self.place = str(data.get("place") or self.place)
        self.observation = str(data.get("observation") or self.observation)
        minutes = data.get("check_minutes")
        if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes > 0:
            self.check_minutes = minutes
        if not self.periods or self.periods[-1][1] is not None:
            self.periods.append((at, None))
        if not self.active:
            self.active = True
            self.since = at
            self.ended = None
            if self.started_at is None:
                self.started_at = at
        self.anchor = at
        self._track_gap(at)

    def checkin(self, at: datetime, data: Mapping[str, Any]) -> None:
        self.last_checkin = at
        self.last_checkin_by = str(data.get("by") or "")
        if self.active:
            self.anchor = at

    def handover(self, at: datetime, actor: str, data: Mapping[str, Any]) -> None:
        giver = names(data.get("from"))
        receiver = names(data.get("to"))
        staying = [name for name in self.custodians if name not in giver]
        self.custodians = staying + [name for name in receiver if name not in staying]
        if data.get("place"):
            self.place = str(data["place"])
        ipass = data.get("ipass")
        readback = bool(ipass.get("readback")) if isinstance(ipass, Mapping) else False
        self.handovers.append(
            Handover(
                at, tuple(giver), tuple(receiver), str(data.get("place") or ""), readback, actor
            )
        )
        if self.active:
            self.anchor = at
            self._track_gap(at)

    def left(self, at: datetime, data: Mapping[str, Any]) -> None:
        who = str(data.get("name") or "").strip()
        self.custodians = [name for name in self.custodians if name != who]
        self._track_gap(at, who)

    def end(self, at: datetime, data: Mapping[str, Any]) -> None:
        if self.periods and self.periods[-1][1] is None:
            self.periods[-1] = (self.periods[-1][0], at)
        self._close_gap(at)
        self.active = False
        self.custodians = []
        self.anchor = None
        self.ended = CustodyEnd(
            at,
            str(data.get("to") or ""),
            str(data.get("received_by") or ""),
            str(data.get("place") or ""),
        )

    # --- gaps -----------------------------------------------------------------------------
    def _track_gap(self, at: datetime, left: str = "") -> None:
        if not self.active:
            return
        if self.custodians:
            self._close_gap(at)
        elif not self.gaps or self.gaps[-1].end is not None:
            self.gaps.append(Gap(at, None, left))

    def _close_gap(self, at: datetime) -> None:
        if self.gaps and self.gaps[-1].end is None:
            open_gap = self.gaps[-1]
            self.gaps[-1] = Gap(open_gap.start, at, open_gap.left)

    # --- result ---------------------------------------------------------------------------
    def freeze(self) -> Custody:
        next_due = None
        if self.active and self.custodians and self.anchor is not None:
            minutes = self.check_minutes or self.default_check_minutes
            next_due = self.anchor + timedelta(minutes=minutes)
        return Custody(
            active=self.active,
            custodians=tuple(self.custodians),
            place=self.place,
            observation=self.observation,
            check_minutes=self.check_minutes
            or (self.default_check_minutes if self.started_at else None),
            started_at=self.started_at,
            since=self.since,
            last_checkin=self.last_checkin,
            last_checkin_by=self.last_checkin_by,
            next_check_due=next_due,
            last_check=self.anchor if self.active else None,
            handovers=tuple(self.handovers),
            gaps=tuple(self.gaps),
            ended=None if self.active else self.ended,
            periods=tuple(self.periods),
        )
