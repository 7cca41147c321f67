"""When each warning was raised and when it was cleared, over the whole case.

`oncall.case.replay` gives the warnings of one moment; a debrief needs their history.
It is derived from the final state without replaying at every moment:

- custody gaps, from the custody record;
- level I without custody, from the first level I and the start of custody;
- check-ins overdue, by walking the custody events (a check is due `check_minutes`
  after each start, check-in, handover or end of a gap);
- the guardian ladder, the written report and every other deadline timer, from their
  due and met times; other interval timers (the weekly report) by walking the events
  that start, reset and stop them.

A warning still raised when the case closed is cleared by the closing
(`by_close`); one still raised now has no `cleared`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from oncall.case import LEVEL1_CUSTODY_MINUTES, CaseState
from oncall.case import kinds as k
from oncall.case.custody import DEFAULT_CHECK_MINUTES, CustodyBuilder
from oncall.case.timers import CHECK_IN, ESCALATION, REPORT_DEADLINE
from oncall.case.warnings import (
    CHECKIN_OVERDUE,
    CUSTODY_GAP,
    GUARDIAN_UNREACHED,
    LEVEL1_WITHOUT_CUSTODY,
    REPORT_OVERDUE,
    TIMER_OVERDUE,
)
from oncall.playbook.model import Playbook, Text, Timer

TITLES: dict[str, Text] = {
    CUSTODY_GAP: Text(
        "监护空档：学生身边无具名监护人员", "Custody gap: nobody named with the student"
    ),
    LEVEL1_WITHOUT_CUSTODY: Text("I级但尚未开始监护", "Level I without custody"),
    CHECKIN_OVERDUE: Text("监护查看超时", "Custody check-in overdue"),
    GUARDIAN_UNREACHED: Text("家长超时未联系上", "Guardian not reached in time"),
    REPORT_OVERDUE: Text("书面报告逾期", "Written report overdue"),
}


@dataclass(frozen=True, slots=True)
class WarningSpan:
    code: str
    title: Text
    raised: datetime
    cleared: datetime | None
    by_close: bool = False
    """Still raised when the case was closed (closing cleared it)."""

    def length(self, now: datetime) -> timedelta:
        return (self.cleared or now) - self.raised


def warning_history(state: CaseState, playbook: Playbook) -> list[WarningSpan]:
    """Every warning the case raised, in the order raised."""
    clock = state.closed_at or state.now
    spans: list[WarningSpan] = []

    def add(code: str, title: Text, raised: datetime, cleared: datetime | None) -> None:
        if cleared is not None and cleared <= raised:
            return
        if cleared is None and raised > clock:
            return
        by_close = False
        if state.closed_at is not None and (cleared is None or cleared > state.closed_at):
            cleared, by_close = state.closed_at, True
        spans.append(WarningSpan(code, title, raised, cleared, by_close))

    for gap in state.custody.gaps:
        add(CUSTODY_GAP, TITLES[CUSTODY_GAP], gap.start, gap.end)
    first_i = next((change.at for change in state.levels if change.level == "I"), None)
    if first_i is not None:
        started = state.custody.started_at
        due = first_i + timedelta(minutes=LEVEL1_CUSTODY_MINUTES)
        if started is None or started > due:
            add(LEVEL1_WITHOUT_CUSTODY, TITLES[LEVEL1_WITHOUT_CUSTODY], due, started)
    timers = playbook.timers
    checkin = playbook.timer_with(CHECK_IN)
    check_minutes = checkin.minutes if checkin is not None else DEFAULT_CHECK_MINUTES
    for raised, cleared in _checkins(state, check_minutes, clock):
        add(CHECKIN_OVERDUE, TITLES[CHECKIN_OVERDUE], raised, cleared)
    for timer in timers:
        timer_state = state.timer(timer.id)
        if timer_state is None or timer.role == CHECK_IN:
            continue
        if timer.type == "deadline":
            deadline = timer_state.due_at
            if deadline is None or not (timer_state.late or timer_state.overdue):
                continue
            if timer.role == ESCALATION:
                reached = state.contacts.reached_at
                if reached is None or reached > deadline:
                    add(GUARDIAN_UNREACHED, TITLES[GUARDIAN_UNREACHED], deadline, reached)
            elif timer.role == REPORT_DEADLINE:
                add(REPORT_OVERDUE, TITLES[REPORT_OVERDUE], deadline, timer_state.met_at)
            else:
                add(TIMER_OVERDUE + timer.id, _overdue(timer), deadline, timer_state.met_at)
        else:
            for raised, cleared in _interval_windows(state, timer, clock):
                add(TIMER_OVERDUE + timer.id, _overdue(timer), raised, cleared)
    spans.sort(key=lambda span: (span.raised, span.code))
    return spans


def _overdue(timer: Timer) -> Text:
    return Text(f"{timer.title.zh}：超时", f"{timer.title.en}: overdue")


def _checkins(
    state: CaseState, default_minutes: int, clock: datetime
) -> list[tuple[datetime, datetime | None]]:
    """Stretches when a custody check-in was due and not yet made."""
    custody = CustodyBuilder(default_minutes)
    windows: list[tuple[datetime, datetime | None]] = []
    handlers = {
        k.CUSTODY_STARTED: lambda at, e: custody.started(at, e.data),
        k.CUSTODY_CHECKIN: lambda at, e: custody.checkin(at, e.data),
        k.CUSTODY_HANDOVER: lambda at, e: custody.handover(at, e.actor, e.data),
        k.CUSTODY_CUSTODIAN_LEFT: lambda at, e: custody.left(at, e.data),
        k.CUSTODY_ENDED: lambda at, e: custody.end(at, e.data),
    }

    def due() -> datetime | None:
        if not (custody.active and custody.custodians and custody.anchor is not None):
            return None
        minutes = custody.check_minutes or default_minutes
        return custody.anchor + timedelta(minutes=minutes)

    for event in state.events:
        handler = handlers.get(event.kind)
        if handler is None:
            continue
        at = event.at_time
        next_due = due()
        if next_due is not None and at > next_due:
            windows.append((next_due, at))
        handler(at, event)
    last_due = due()
    if last_due is not None and clock > last_due:
        windows.append((last_due, None))
    return windows


def _interval_windows(
    state: CaseState, timer: Timer, clock: datetime
) -> list[tuple[datetime, datetime | None]]:
    """Overdue stretches of an interval timer, walking the events that drive it."""
    windows: list[tuple[datetime, datetime | None]] = []
    anchor: datetime | None = None
    limit = timedelta(minutes=timer.minutes)
    for event in state.events:
        keys = {f"event:{event.kind}"}
        if event.kind == k.CASE_OPENED:
            keys.add(k.CASE_OPENED)
        if event.kind in (k.STEP_DONE, k.STEP_ANSWERED):
            keys.add(f"step:{event.data.get('step')}")
        at = event.at_time
        starts = bool(keys & set(timer.start))
        resets = bool(keys & set(timer.reset))
        stops = bool(keys & set(timer.stop))
        if not (starts or resets or stops):
            continue
        if anchor is not None and at > anchor + limit:
            windows.append((anchor + limit, at))
        if starts or (resets and anchor is not None):
            anchor = at
        if stops:
            anchor = None
    if anchor is not None and clock > anchor + limit:
        windows.append((anchor + limit, None))
    return windows
