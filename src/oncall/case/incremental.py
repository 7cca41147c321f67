"""`CaseReplayer`: one case's state kept up to date event by event.

`replay` folds every event of a case in one pass; a screen that replays after each key
press pays for the whole case every time. A `CaseReplayer` keeps the pass (the `Fold`
and its timers, `oncall.case.replay.Folding`) between updates and applies only the new
events, so a press costs the same on the first hour of a case as in its third week.

Applying new events at the end of the pass gives what a full replay gives exactly when
they would come last in time order: each happened no earlier than the last applied
event (events recorded later sort after earlier ones at the same moment). Anything
else falls back to a full replay, which is always right:

- a late entry (an `at` before the last applied event's);
- a correction (it withdraws or rewrites an event already folded in);
- an event some earlier correction names, or one recorded out of `seq` order.

    replayer = CaseReplayer(playbook)
    state = replayer.sync(journal.events(case_id), now)   # the first call replays all
    ...                                                    # one event appended
    state = replayer.sync(journal.events(case_id), now)   # folds just that one
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from oncall.case import kinds
from oncall.case.order import Effective, by_record, effective, time_key
from oncall.case.replay import Folding, begin, finish
from oncall.case.state import CaseState
from oncall.journal.event import Event
from oncall.playbook.model import Playbook


class CaseReplayer:
    """The replayed state of one case, updated with the events recorded since."""

    def __init__(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.full_replays = 0
        """How many times an update replayed the whole case (the first one included)."""
        self._recorded: list[Event] = []
        """Every event given so far, in the journal's order (`seq`)."""
        self._folding: Folding | None = None
        self._events: list[Event] = []
        """The effective events applied, in time order (`Effective.events`)."""
        self._withdrawn: frozenset[str] = frozenset()
        self._corrected: dict[str, str] = {}
        self._targets: set[str] = set()
        """Ids any correction names (even one not recorded yet)."""
        self._last_key: tuple[str, int] | None = None
        """(time key, seq) of the last applied event: where the time order ends."""

    @property
    def seen(self) -> int:
        """How many events the replayer has been given."""
        return len(self._recorded)

    def sync(self, events: Sequence[Event], now: datetime) -> CaseState:
        """The state from all of a case's events in the journal's order (what
        `Journal.events` returns); only those past the ones seen before are new. A list
        that does not continue the one seen before starts over."""
        seen = len(self._recorded)
        if len(events) < seen or (seen and events[seen - 1].id != self._recorded[-1].id):
            self._reset()
            seen = 0
        return self.update(events[seen:], now)

    def update(self, new_events: Iterable[Event], now: datetime) -> CaseState:
        """Apply events recorded since the last update; the state as of `now` (aware).
        The result is the same as `replay(playbook, every event so far, now)`."""
        if now.tzinfo is None:
            raise ValueError("`now` must be timezone-aware")
        new = by_record(new_events)
        if self._folding is None or not self._appends(new):
            self._recorded.extend(new)
            self._replay_all()
        else:
            self._recorded.extend(new)
            batch = sorted(new, key=lambda event: (time_key(event.at), event.seq))
            apply = self._folding.fold.apply
            for event in batch:
                apply(event)
            self._events.extend(batch)
            if batch:
                self._last_key = (time_key(batch[-1].at), batch[-1].seq)
        if not self._events:
            raise ValueError("a case has at least its case.opened event")
        assert self._folding is not None
        eff = Effective(tuple(self._events), self._withdrawn, dict(self._corrected))
        return finish(self.playbook, self._folding, eff, self._recorded, now)

    # --- internals -----------------------------------------------------------------------
    def _appends(self, new: list[Event]) -> bool:
        """Whether `new` (in seq order) comes after everything applied, in time and in
        record order, and corrects nothing."""
        if not new:
            return True
        last_seq = self._recorded[-1].seq if self._recorded else None
        if last_seq is not None and new[0].seq <= last_seq:
            return False
        last = self._last_key
        for event in new:
            if event.kind == kinds.CORRECTION or event.id in self._targets:
                return False
            if last is not None and time_key(event.at) < last[0]:
                return False
        return True

    def _replay_all(self) -> None:
        """The full pass over every event given so far (as `replay` does it)."""
        self.full_replays += 1
        self._recorded = by_record(self._recorded)
        eff = effective(self._recorded)
        folding = begin(self.playbook)
        folding.fold.apply_all(eff.events)
        self._folding = folding
        self._events = list(eff.events)
        self._withdrawn = eff.withdrawn
        self._corrected = dict(eff.corrected)
        self._targets = {
            str(event.data.get("corrects"))
            for event in self._recorded
            if event.kind == kinds.CORRECTION
        }
        last = self._events[-1] if self._events else None
        self._last_key = (time_key(last.at), last.seq) if last is not None else None

    def _reset(self) -> None:
        self._recorded = []
        self._folding = None
        self._events = []
        self._withdrawn = frozenset()
        self._corrected = {}
        self._targets = set()
        self._last_key = None


class CaseReplayers:
    """One `CaseReplayer` per case (the board's open cases), keyed by case id. A case
    whose event count has not changed is only finished again for the new `now` (its
    clocks and warnings move with time); one that gained events folds just those."""

    def __init__(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self._replayers: dict[str, CaseReplayer] = {}

    def state(self, case_id: str, events: Sequence[Event], now: datetime) -> CaseState:
        """`events`: the case's events in the journal's order (`Journal.events`)."""
        replayer = self._replayers.get(case_id)
        if replayer is None:
            replayer = self._replayers[case_id] = CaseReplayer(self.playbook)
        if replayer.seen == len(events):
            return replayer.update((), now)
        return replayer.sync(events, now)

    def keep_only(self, case_ids: Iterable[str]) -> None:
        """Forget the cases not named (closed, or gone from the board)."""
        keep = set(case_ids)
        for case_id in [known for known in self._replayers if known not in keep]:
            del self._replayers[case_id]

    def __len__(self) -> int:
        return len(self._replayers)
