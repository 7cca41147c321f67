"""`replay(playbook, events, now) -> CaseState`: the state of a case is what replaying its
events gives.

Pure and deterministic: the same playbook, events and `now` always give the same
state; nothing reads the clock or the disk. One pass over the effective events
(`oncall.case.fold`), then every `when` condition is evaluated once, against the final
answers and level.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from oncall.case import kinds
from oncall.case.context import ReplayContext, age_of, holds
from oncall.case.custody import DEFAULT_CHECK_MINUTES
from oncall.case.fold import Fold, Folded, StepRecord
from oncall.case.links import links_by_kind
from oncall.case.order import Effective, by_record, effective
from oncall.case.pathway import current_step, urgent_entry, waiting
from oncall.case.state import (
    STEP_STATUSES,
    Call,
    CaseState,
    CaseWarning,
    Danger,
    Driver,
    Medical,
    PhaseState,
    StepState,
    Suggestion,
)
from oncall.case.timers import CHECK_IN, Due, Triggers, agreed, short_title, upcoming
from oncall.case.warnings import CUSTODY_GAP, find_warnings
from oncall.journal.event import Event
from oncall.playbook.because import fill_because
from oncall.playbook.model import DISCOVERED, LEVELS, Playbook, Text

CLOSED: Final = Text("本案已结案。", "This case is closed.")
ALL_DONE: Final = Text(
    "必做步骤都已完成：继续关注学生，危机解除后结案。",
    "All required steps are done: keep watching the student; close the case once the "
    "crisis is resolved.",
)


def replay(playbook: Playbook, events: Iterable[Event], now: datetime) -> CaseState:
    """Derive a case's state from its events (any order), as of `now` (aware).

    Every event counts, even one dated a little after `now`: a clock slightly behind
    the machine that recorded it must not hide what was just recorded."""
    if now.tzinfo is None:
        raise ValueError("`now` must be timezone-aware")
    raw = by_record(events)
    eff = effective(raw)
    if not eff.events:
        raise ValueError("a case has at least its case.opened event")

    folding = begin(playbook)
    folding.fold.apply_all(eff.events)
    return finish(playbook, folding, eff, raw, now)


@dataclass(slots=True)
class Folding:
    """A replay's pass in progress: the fold and the timers its events drive. Feeding
    it more events in time order (`fold.apply`) continues the same pass, which is how
    `oncall.case.incremental` avoids replaying a whole case for one new event."""

    fold: Fold
    triggers: Triggers

    def copy(self) -> Folding:
        """An independent pass in the same state: a checkpoint to refold from. The
        playbook's timers are shared, not copied."""
        memo: dict[int, Any] = {id(clock.timer): clock.timer for clock in self.triggers.clocks}
        return copy.deepcopy(self, memo)

    def dumps(self) -> bytes:
        """The pass as bytes (its fold's results and its clocks), for `loads` under the
        same playbook; the playbook itself is not in them. Bytes for a sealed side file
        (`Journal.write_side`) only: they name people."""
        fold = self.fold
        clocks = [
            (clock.timer.id, clock.started_at, clock.anchor, clock.met_at, clock.running)
            for clock in self.triggers.clocks
        ]
        return pickle.dumps((fold.result, fold.custody, fold.contacts, clocks), protocol=5)

    @classmethod
    def loads(cls, playbook: Playbook, data: bytes) -> Folding:
        """The pass `dumps` gave, under the same playbook (the caller checks that: its
        `content_hash`); ValueError when its timers are not the playbook's."""
        result, custody, contacts, clocks = pickle.loads(data)  # from a sealed side file
        folding = begin(playbook)
        if [clock.timer.id for clock in folding.triggers.clocks] != [c[0] for c in clocks]:
            raise ValueError("the pass was folded under other timers")
        fold = folding.fold
        fold.result, fold.custody, fold.contacts = result, custody, contacts
        fold.rebind()
        for clock, (_, started_at, anchor, met_at, running) in zip(
            folding.triggers.clocks, clocks, strict=True
        ):
            clock.started_at, clock.anchor = started_at, anchor
            clock.met_at, clock.running = met_at, running
        return folding


def begin(playbook: Playbook) -> Folding:
    """A fresh pass for a case under `playbook`, before its first event."""
    triggers = Triggers(playbook.timers)
    checkin = playbook.timer_with(CHECK_IN)
    check_minutes = checkin.minutes if checkin is not None else DEFAULT_CHECK_MINUTES
    fold = Fold(
        links_by_kind(playbook),
        triggers.fire,
        triggers.wants,
        check_minutes,
        danger_check=playbook.danger_check(),
    )
    return Folding(fold, triggers)


def finish(
    playbook: Playbook,
    folding: Folding,
    eff: Effective,
    raw: Sequence[Event],
    now: datetime,
) -> CaseState:
    """The case state once `folding` has applied every event of `eff` (in its order);
    `raw` is every event recorded, in the journal's order. Reads the pass, never
    changes it: more events can be applied afterwards and finished again."""
    fold, triggers = folding.fold, folding.triggers
    folded = fold.result

    ctx = ReplayContext(
        folded.steps,
        folded.happened,
        level=folded.level,
        age=age_of(folded.facts.get("student_age")),
        drill=folded.drill,
    )
    steps = _steps(playbook, folded.steps, ctx)
    phases = _phases(playbook, steps, ctx, danger=kinds.DANGER_DECLARED in folded.happened)
    closed = folded.closed_at is not None
    clock = min(now, folded.closed_at) if folded.closed_at is not None else now
    timer_states = tuple(
        agreed(timer_clock.freeze(clock), timer_clock.timer, folded.steps, clock)
        for timer_clock in triggers.clocks
        if holds(timer_clock.timer.when, ctx)
    )
    custody = fold.custody.freeze()
    contacts = fold.contacts.freeze()
    warnings = find_warnings(
        now=now,
        closed=closed,
        level=folded.level,
        level_since=folded.level_since,
        custody=custody,
        contacts=contacts,
        timers=timer_states,
    )
    current = current_step(playbook, phases, steps, ctx, timer_states, clock)
    entry = urgent_entry(playbook, phases, warnings)
    ref = folded.playbook
    first = eff.events[0]
    return CaseState(
        case=folded.case or first.case,
        drill=ctx.drill,
        now=now,
        opened_at=folded.opened_at or first.at_time,
        closed=closed,
        closed_at=folded.closed_at,
        close_reason=folded.close_reason,
        facts=dict(folded.facts),
        playbook=ref,
        playbook_changed=bool(
            ref and ref.hash and playbook.content_hash and ref.hash != playbook.content_hash
        ),
        actor=_actor(raw),
        level=folded.level,
        level_since=folded.level_since,
        levels=tuple(folded.levels),
        suggestion=suggest(playbook, ctx, _recorded(folded.steps)),
        steps=steps,
        phases=phases,
        current_step=current,
        next_action=_next_action(
            playbook,
            closed,
            current,
            phases,
            warnings,
            upcoming(timer_states, custody.next_check_due),
            now,
        ),
        timers=timer_states,
        custody=custody,
        contacts=contacts,
        warnings=warnings,
        events=eff.events,
        withdrawn=eff.withdrawn,
        corrected=eff.corrected,
        danger=_danger(playbook, folded, steps),
        medical=_medical(folded),
        milestones=_milestones(playbook, folded, steps, first.at_time),
        recorded=tuple(raw),
        urgent_entry=entry,
        happened=frozenset(folded.happened),
    )


def _milestones(
    playbook: Playbook, folded: Folded, steps: Mapping[str, StepState], opened: datetime
) -> dict[str, datetime]:
    """When each milestone was first reached: by its own events, or by a step that
    carries it being done (however it was recorded: its own entry, earlier, a tick)."""
    reached: dict[str, datetime] = {DISCOVERED: folded.opened_at or opened}
    for milestone, at in folded.milestones.items():
        reached[milestone] = at
    for step in playbook.steps():
        state = steps.get(step.id)
        if step.milestone is None or state is None or state.at is None:
            continue
        if state.status in ("done", "answered"):
            known = reached.get(step.milestone)
            reached[step.milestone] = state.at if known is None else min(known, state.at)
    return reached


def _danger(playbook: Playbook, folded: Folded, steps: Mapping[str, StepState]) -> Danger:
    check = playbook.danger_check()
    record = folded.steps.get(check) if check is not None else None
    ticked = (
        tuple(str(item) for item in record.value)
        if (record is not None and isinstance(record.value, list))
        else ()
    )
    first: str | None = None
    for phase in playbook.phases:
        if phase.immediate:
            pending = [s.id for s in phase.steps if waiting(steps[s.id])]
            first = pending[0] if pending else phase.steps[0].id
    declared = kinds.DANGER_DECLARED in folded.happened
    return Danger(
        declared=declared,
        declared_at=folded.danger_at,
        what=ticked,
        step=first,
    )


def _medical(folded: Folded) -> Medical:
    m = folded.medical
    return Medical(
        calls=tuple(Call(at, number, by) for at, number, by in folded.calls),
        accompany_at=m.get("accompany_at"),
        accompany_staff=tuple(m.get("accompany_staff", ())),
        accompany_guardian=str(m.get("accompany_guardian", "")),
        attorney=bool(m.get("attorney", False)),
        arrived_at=m.get("arrived_at"),
        handover_at=m.get("handover_at"),
        handover_staff=str(m.get("handover_staff", "")),
        hospital=str(m.get("hospital", "")),
        ward_custody=bool(m.get("ward_custody", False)),
    )


def suggest(
    playbook: Playbook, ctx: ReplayContext, recorded: Mapping[str, Any] | None = None
) -> Suggestion:
    """Every level rule that holds, most severe first; the suggestion is the highest.
    Each reason names the items recorded (`{items:step}` in `because`)."""
    value_of = (recorded or {}).get
    drivers = [
        Driver(rule.id, rule.level, fill_because(rule.because, playbook, value_of))
        for rule in playbook.rules
        if holds(rule.when, ctx, otherwise=False)
    ]
    drivers.sort(key=lambda driver: LEVELS.index(driver.level))  # stable: playbook order
    return Suggestion(drivers[0].level if drivers else None, tuple(drivers))


def _recorded(records: Mapping[str, StepRecord]) -> dict[str, Any]:
    """Step id -> recorded value, leaving out skipped steps (as conditions do)."""
    return {
        step_id: record.value for step_id, record in records.items() if record.status != "skipped"
    }


def _steps(
    playbook: Playbook, records: Mapping[str, StepRecord], ctx: ReplayContext
) -> dict[str, StepState]:
    steps: dict[str, StepState] = {}
    for phase in playbook.phases:
        phase_applies = holds(phase.when, ctx)
        for step in phase.steps:
            applicable = phase_applies and holds(step.when, ctx)
            record = records.get(step.id)
            if record is None:
                steps[step.id] = StepState(
                    step.id,
                    phase.id,
                    "pending" if applicable else "not_applicable",
                    applicable,
                    step.required,
                )
                continue
            steps[step.id] = StepState(
                step.id,
                phase.id,
                record.status,
                applicable,
                step.required,
                value=record.value,
                reason=record.reason,
                note=record.note,
                at=record.at,
                actor=record.actor,
                by_event=record.by_event,
            )
    return steps


def _phases(
    playbook: Playbook, steps: Mapping[str, StepState], ctx: ReplayContext, *, danger: bool
) -> tuple[PhaseState, ...]:
    phases: list[PhaseState] = []
    for phase in playbook.phases:
        states = [steps[step.id] for step in phase.steps]
        counts: dict[str, int] = dict.fromkeys(STEP_STATUSES, 0)
        for state in states:
            counts[state.status] += 1
        entered = any(s.status not in ("pending", "not_applicable") for s in states) or (
            phase.immediate and danger
        )
        finished = not any(waiting(state) for state in states)
        phases.append(
            PhaseState(
                phase.id,
                phase.title,
                phase.immediate,
                holds(phase.when, ctx),
                entered,
                finished,
                tuple(step.id for step in phase.steps),
                counts,
            )
        )
    return tuple(phases)


def _next_action(
    playbook: Playbook,
    closed: bool,
    current: str | None,
    phases: tuple[PhaseState, ...],
    warnings: tuple[CaseWarning, ...],
    due: list[Due],
    now: datetime,
) -> Text:
    if closed:
        return CLOSED
    if warnings and warnings[0].code == CUSTODY_GAP:
        return warnings[0].message  # nobody with the student: nothing comes before that
    if current is not None:
        phase = next(p for p in phases if current in p.steps)
        if phase.immediate and phase.entered:
            return playbook.step(current).title
    if warnings:
        return warnings[0].message  # the overdue check-in (`urgent_entry`) among them
    if current is not None:
        return playbook.step(current).title
    if due:
        return nothing_due(due, now)
    return ALL_DONE


def nothing_due(due: list[Due], now: datetime) -> Text:
    """▶ when nothing is to be done now: the next item due and when ("现在无待办；下一项：
    监护查看 22:15"), every item due in that same minute named."""
    first = due[0][0]
    together = [title for at, title, _notice in due if at - first < timedelta(minutes=1)]
    local, today = first.astimezone(), now.astimezone()
    when = local.strftime("%H:%M" if local.date() == today.date() else "%m-%d %H:%M")
    zh = "、".join(short_title(title.zh) for title in together)
    en = ", ".join(short_title(title.en) for title in together)
    return Text(f"现在无待办；下一项：{zh} {when}", f"Nothing due now; next: {en} {when}")


def _actor(raw: Sequence[Event]) -> str:
    """Who is at the keyboard: the last recorded event's actor, or whom it handed to."""
    last = raw[-1]
    if last.kind == kinds.ACTOR_CHANGED and last.data.get("to"):
        return str(last.data["to"])
    return last.actor
