"""`CaseReplayer`: one case's state kept up to date event by event.

`replay` folds every event of a case in one pass; a screen that replays after each key
press pays for the whole case every time. A `CaseReplayer` keeps the pass (the `Fold`
and its timers, `oncall.case.replay.Folding`) between updates and applies only the new
events, so a press costs the same on the first hour of a case as in its third week.

Applying new events at the end of the pass gives what a full replay gives exactly when
they would come last in time order: each happened no earlier than the last applied
event (events recorded later sort after earlier ones at the same moment), and none is
a correction or named by one. Otherwise (a late entry, an undo or a correction) the
events from the earliest one changed onwards are refolded from a checkpoint: a copy of
the pass taken every `CHECKPOINT_EVERY` events (the latest `CHECKPOINTS_KEPT` of them
are kept), the nearest one before the changed point; with none that early, the pass
starts again from the first event. Corrections are applied as `oncall.case.order.
effective` applies them, kept up to date as they arrive rather than recomputed over the
whole case. An event recorded out of `seq` order replays the whole case, always right.

    replayer = CaseReplayer(playbook)
    state = replayer.sync(journal.events(case_id), now)   # the first call replays all
    ...                                                    # one event appended
    state = replayer.sync(journal.events(case_id), now)   # folds just that one
"""

from __future__ import annotations

import hashlib
import pickle
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Final

from oncall.case import kinds
from oncall.case.order import Effective, by_record, effective, time_key
from oncall.case.replay import Folding, begin, finish
from oncall.case.state import CaseState
from oncall.journal.event import Event
from oncall.playbook.model import Playbook

CHECKPOINT_EVERY: Final = 256
"""Events applied between two checkpoints: a refold applies at most this many more
events than the changed point needs."""
SHORT_CASE_CHECKPOINTS: Final = 4
"""No checkpoint before this many times `CHECKPOINT_EVERY` events: a shorter case
refolds from its first event in a few ms, and opening it (the board opens every open
case) copies nothing."""
CHECKPOINTS_KEPT: Final = 16
"""Checkpoints kept, the latest: corrections and late entries reach back this far
(16 x 256: thousands of events, weeks of ward custody) without a pass from the start."""

Key = tuple[str, int]


@cache
def _fold_code() -> str:
    """The fold's own code, named by a hash of the case package's sources: a pass saved
    by another version of it (a field added, a rule changed) is folded again, never
    read into classes it no longer matches."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()



def _key(event: Event) -> Key:
    """Where an event falls in time order: when it happened, then `seq`."""
    return (time_key(event.at), event.seq)


class CaseReplayer:
    """The replayed state of one case, updated with the events recorded since."""

    def __init__(
        self,
        playbook: Playbook,
        *,
        checkpoint_every: int = CHECKPOINT_EVERY,
        checkpoints_kept: int = CHECKPOINTS_KEPT,
    ) -> None:
        self.playbook = playbook
        self.full_replays = 0
        """How many times an update replayed the whole case (the first one included)."""
        self.refolds = 0
        """How many updates refolded from a checkpoint (or the first event)."""
        self._every = max(1, checkpoint_every)
        self._kept = max(1, checkpoints_kept)
        self._recorded: list[Event] = []
        """Every event given so far, in the journal's order (`seq`)."""
        self._by_id: dict[str, Event] = {}
        """Every event given so far, as recorded, by id."""
        self._folding: Folding | None = None
        self._events: list[Event] = []
        """The effective events applied, in time order (`Effective.events`)."""
        self._keys: list[Key] = []
        """`_key` of each of `_events`, for finding where a change falls."""
        self._latest: dict[str, Event] = {}
        """Corrected id -> the correction that applies (the latest recorded), even for
        an id not recorded yet."""
        self._withdrawn: set[str] = set()
        self._checkpoints: list[tuple[int, Folding]] = []
        """(how many of `_events` were applied, a copy of the pass then), oldest first."""

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
        last_seq = self._recorded[-1].seq if self._recorded else None
        if self._folding is None or (new and last_seq is not None and new[0].seq <= last_seq):
            self._recorded.extend(new)
            self._replay_all()
        elif self._appends(new):
            self._remember(new)
            batch = sorted(new, key=_key)
            self._events.extend(batch)
            self._keys.extend(_key(event) for event in batch)
            self._fold_on(self._folding, len(self._events) - len(batch))
        else:
            self._remember(new)
            self._refold(new)
        if not self._events:
            raise ValueError("a case has at least its case.opened event")
        assert self._folding is not None
        corrected = {target: correction.id for target, correction in self._latest.items()}
        eff = Effective(tuple(self._events), frozenset(self._withdrawn), corrected)
        return finish(self.playbook, self._folding, eff, self._recorded, now)

    def sealed_pass(self) -> tuple[bytes, Event, Event] | None:
        """What a later session needs to finish this case's state without its events:
        the pass as bytes (`Folding.dumps`), the first effective event and the last one
        recorded. None before any update."""
        if self._folding is None or not self._events:
            return None
        return self._folding.dumps(), self._events[0], self._recorded[-1]

    # --- internals -----------------------------------------------------------------------
    def _appends(self, new: list[Event]) -> bool:
        """Whether `new` (in seq order, after everything seen) comes after everything
        applied in time, and neither corrects nor is named by a correction."""
        last = self._keys[-1][0] if self._keys else None
        for event in new:
            if event.kind == kinds.CORRECTION or event.id in self._latest:
                return False
            if last is not None and time_key(event.at) < last:
                return False
        return True

    def _remember(self, new: list[Event]) -> None:
        """Record `new` (after everything seen), and the corrections among them."""
        touched: set[str] = set()
        for event in new:
            self._recorded.append(event)
            self._by_id[event.id] = event
            touched.add(event.id)
            if event.kind == kinds.CORRECTION:
                target = event.data.get("corrects")
                if isinstance(target, str):
                    self._latest[target] = event
                    touched.add(target)
        for event_id in touched:
            if event_id in self._by_id and self._effective(event_id) is None:
                self._withdrawn.add(event_id)
            else:
                self._withdrawn.discard(event_id)

    def _effective(self, event_id: str) -> Event | None:
        """The event as replay applies it, or None when it is withdrawn or not recorded
        (as `oncall.case.order.effective` decides)."""
        event = self._by_id.get(event_id)
        if event is None:
            return None
        correction = self._latest.get(event_id)
        if correction is None or event.kind == kinds.CORRECTION:
            return event
        replacement = correction.data.get("replacement")
        if replacement is None:
            return None
        if isinstance(replacement, dict):
            return replace(event, data=dict(replacement))
        return event

    def _refold(self, new: list[Event]) -> None:
        """Redo the effective events from the earliest one `new` changes, and the pass
        from the nearest checkpoint before it."""
        changed = [event.id for event in new]
        changed += [
            str(event.data["corrects"])
            for event in new
            if event.kind == kinds.CORRECTION and isinstance(event.data.get("corrects"), str)
        ]
        keys = [_key(self._by_id[event_id]) for event_id in changed if event_id in self._by_id]
        start = bisect_left(self._keys, min(keys))
        ids = dict.fromkeys(event.id for event in self._events[start:])
        ids.update(dict.fromkeys(changed))
        tail = [event for event in map(self._effective, ids) if event is not None]
        tail.sort(key=_key)
        del self._events[start:]
        del self._keys[start:]
        self._events.extend(tail)
        self._keys.extend(_key(event) for event in tail)
        while self._checkpoints and self._checkpoints[-1][0] > start:
            self._checkpoints.pop()
        self.refolds += 1
        if self._checkpoints:
            applied, checkpoint = self._checkpoints[-1]
            self._folding = checkpoint.copy()
        else:
            applied, self._folding = 0, begin(self.playbook)
        self._fold_on(self._folding, applied)

    def _fold_on(self, folding: Folding, applied: int) -> None:
        """Apply `_events[applied:]` to `folding` (which has applied those before),
        copying the pass at every multiple of `_every` among the last `_kept` ones
        (from `SHORT_CASE_CHECKPOINTS` multiples on)."""
        apply, every = folding.fold.apply, self._every
        total = len(self._events)
        earliest = total - every * self._kept
        last_checkpoint = self._checkpoints[-1][0] if self._checkpoints else 0
        for index in range(applied, total):
            apply(self._events[index])
            done = index + 1
            if (
                done % every == 0
                and done > last_checkpoint
                and done > earliest
                and done >= every * SHORT_CASE_CHECKPOINTS
            ):
                self._checkpoints.append((done, folding.copy()))
                last_checkpoint = done
        del self._checkpoints[: -self._kept]

    def _replay_all(self) -> None:
        """The full pass over every event given so far (as `replay` does it)."""
        self.full_replays += 1
        self._recorded = by_record(self._recorded)
        self._by_id = {event.id: event for event in self._recorded}
        eff = effective(self._recorded)
        self._events = list(eff.events)
        self._keys = [_key(event) for event in self._events]
        self._withdrawn = set(eff.withdrawn)
        self._latest = {}
        for event in self._recorded:
            target = event.data.get("corrects") if event.kind == kinds.CORRECTION else None
            if isinstance(target, str):
                self._latest[target] = event
        self._checkpoints = []
        self._folding = begin(self.playbook)
        self._fold_on(self._folding, 0)

    def _reset(self) -> None:
        self._recorded = []
        self._by_id = {}
        self._folding = None
        self._events = []
        self._keys = []
        self._latest = {}
        self._withdrawn = set()
        self._checkpoints = []


@dataclass(frozen=True)
class _Saved:
    """One case as the side file keeps it: the version of its file it was folded from
    (`Journal.case_version`), its pass as bytes, its first effective event and its last
    recorded one."""

    version: str
    folded: bytes
    first: Event
    last: Event

    def state(self, playbook: Playbook, folding: Folding, now: datetime) -> CaseState:
        """The state from the saved pass (`folding`, read back from `folded`). Its
        `events` and `recorded` hold only the first and the last event: enough for the
        board's row (level, custody, what is due, time open), not for a timeline or an
        export, which read the case."""
        first_only = Effective((self.first,), frozenset(), {})
        return finish(playbook, folding, first_only, (self.last,), now)


class CaseReplayers:
    """One `CaseReplayer` per case (the board's open cases), keyed by case id. A case
    whose event count has not changed is only finished again for the new `now` (its
    clocks and warnings move with time); one that gained events folds just those.

    The passes can be kept between sessions (`dumps`, `load`: the board's sealed side
    file), so the first board after unlocking finishes each unchanged case from its saved
    pass instead of reading and replaying every event (`known`)."""

    def __init__(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self._replayers: dict[str, CaseReplayer] = {}
        self._states: dict[str, CaseState] = {}
        self._versions: dict[str, str] = {}
        """Case id -> the version of its file its replayer was last given."""
        self._saved: dict[str, _Saved] = {}
        """Cases read back from the side file (`load`), used while still their version."""
        self._loaded: dict[str, Folding] = {}
        """The passes of `_saved` read back so far (finishing never changes a pass)."""
        self.changed = False
        """Whether a case was folded from its events since `dumps` (the side file is
        then behind)."""

    def state(
        self, case_id: str, events: Sequence[Event], now: datetime, version: str | None = None
    ) -> CaseState:
        """`events`: the case's events in the journal's order (`Journal.events`);
        `version`: its file's (`Journal.case_version`), None when unknown."""
        replayer = self._replayers.get(case_id)
        if replayer is None:
            replayer = self._replayers[case_id] = CaseReplayer(self.playbook)
        if replayer.seen == len(events):
            state = replayer.update((), now)
        else:
            state = replayer.sync(events, now)
            self.changed = True
        if version is None:
            self._versions.pop(case_id, None)
        else:
            self._versions[case_id] = version
        self._saved.pop(case_id, None)
        self._loaded.pop(case_id, None)
        self._states[case_id] = state
        return state

    def known(self, case_id: str, version: str | None, now: datetime) -> CaseState | None:
        """The state without reading the case's events, when what is kept was folded
        from exactly `version` of its file: its replayer, or its pass from the side
        file. None otherwise (then read the events and call `state`)."""
        if version is None:
            return None
        replayer = self._replayers.get(case_id)
        if replayer is not None:
            if self._versions.get(case_id) != version:
                return None
            state = replayer.update((), now)
        else:
            saved = self._saved.get(case_id)
            if saved is None or saved.version != version:
                return None
            folding = self._loaded.get(case_id)
            if folding is None:
                try:
                    folding = self._loaded[case_id] = Folding.loads(self.playbook, saved.folded)
                except (ValueError, TypeError, AttributeError, EOFError, pickle.UnpicklingError):
                    del self._saved[case_id]  # folded by another version of the code
                    return None
            state = saved.state(self.playbook, folding, now)
        self._states[case_id] = state
        return state

    def dumps(self) -> bytes:
        """Every kept case's pass with the version it was folded from, for `load` in a
        later session under the same playbook. They name people: seal them
        (`Journal.write_side`), never write them in clear."""
        cases: dict[str, _Saved] = dict(self._saved)
        for case_id, replayer in self._replayers.items():
            version = self._versions.get(case_id)
            sealed = replayer.sealed_pass()
            if version is not None and sealed is not None:
                cases[case_id] = _Saved(version, *sealed)
        self.changed = False
        return pickle.dumps((self.playbook.content_hash, _fold_code(), cases), protocol=5)

    def load(self, data: bytes | None) -> None:
        """Take the passes `dumps` gave (a side file's content; None: there is none).
        Passes folded under another playbook, or unreadable, are not used."""
        if not data:
            return
        try:
            playbook_hash, code, cases = pickle.loads(data)  # sealed by the store: authenticated
        except (ValueError, TypeError, AttributeError, EOFError, pickle.UnpicklingError):
            return
        if playbook_hash != self.playbook.content_hash or code != _fold_code():
            return  # folded under another playbook, or by another version of the fold
        if not isinstance(cases, dict):
            return
        for case_id, saved in cases.items():
            if isinstance(saved, _Saved) and case_id not in self._replayers:
                self._saved[case_id] = saved

    def states(self) -> list[CaseState]:
        """The latest state given for each case kept."""
        return list(self._states.values())

    def keep_only(self, case_ids: Iterable[str]) -> None:
        """Forget the cases not named (closed, or gone from the board)."""
        keep = set(case_ids)
        for case_id in [known for known in self._replayers if known not in keep]:
            del self._replayers[case_id]
            self._versions.pop(case_id, None)
            self.changed = True
        for case_id in [known for known in self._saved if known not in keep]:
            del self._saved[case_id]
            self._loaded.pop(case_id, None)
            self.changed = True
        for case_id in [known for known in self._states if known not in keep]:
            del self._states[case_id]

    def __len__(self) -> int:
        return len(self._replayers) + len(self._saved)
