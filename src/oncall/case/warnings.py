"""Warnings: what is overdue or unsafe now, each with the one line to act on.

Codes, most urgent first:

- ``custody_gap``: custody is active and nobody is named as custodian;
- ``level1_without_custody``: the level is I and custody has not started (or ended
  before the level became I) `LEVEL1_CUSTODY_MINUTES` after the level became I;
- ``checkin_overdue``: the custodians' next check-in is due;
- ``guardian_unreached``: the contact ladder's time has run out and nobody is reached;
- ``report_overdue``: the written report's deadline has passed;
- ``timer_overdue:<id>``: any other playbook timer overdue.

A closed case has no warnings. Messages are calm, imperative, one line, in zh and en.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from oncall.case.state import CaseWarning, Contacts, Custody, TimerState
from oncall.case.timers import CHECK_IN, ESCALATION, REPORT_DEADLINE
from oncall.playbook.model import Text

LEVEL1_CUSTODY_MINUTES: Final = 5
"""Level I without custody for this long raises `level1_without_custody`."""

CUSTODY_GAP = "custody_gap"
LEVEL1_WITHOUT_CUSTODY = "level1_without_custody"
CHECKIN_OVERDUE = "checkin_overdue"
GUARDIAN_UNREACHED = "guardian_unreached"
REPORT_OVERDUE = "report_overdue"
TIMER_OVERDUE = "timer_overdue:"

RANK: Final = {
    code: rank
    for rank, code in enumerate(
        (CUSTODY_GAP, LEVEL1_WITHOUT_CUSTODY, CHECKIN_OVERDUE, GUARDIAN_UNREACHED, REPORT_OVERDUE)
    )
}

MESSAGES: Final[dict[str, Text]] = {
    CUSTODY_GAP: Text(
        "马上安排人陪在学生身边，并记录监护人员姓名。",
        "Get someone to the student now, and record who holds custody.",
    ),
    LEVEL1_WITHOUT_CUSTODY: Text(
        "开始 24 小时监护：记录地点和监护人员。",
        "Start 24-hour custody now: record the place and the custodians.",
    ),
    CHECKIN_OVERDUE: Text(
        "现在去查看学生，并记录这次查看。",
        "Check on the student now, and record the check-in.",
    ),
    REPORT_OVERDUE: Text(
        "书面报告已到期：现在写好，交给主管领导。",
        "The written report is due: write it now and give it to the leader.",
    ),
}


def guardian_message(contacts: Contacts) -> Text:
    nxt = contacts.next_to_call
    if nxt is None:
        return Text(
            "家长仍未联系上：报告主管领导，商量下一步。",
            "No guardian reached yet: tell the leader and agree the next step.",
        )
    relation_zh = f"（{nxt.relation}）" if nxt.relation else ""
    relation_en = f" ({nxt.relation})" if nxt.relation else ""
    phone_zh = f"，{nxt.phone}" if nxt.phone else ""
    phone_en = f" on {nxt.phone}" if nxt.phone else ""
    return Text(
        f"家长仍未联系上：打给下一位，{nxt.name}{relation_zh}{phone_zh}。",
        f"No guardian reached yet: call the next one, {nxt.name}{relation_en}{phone_en}.",
    )


def timer_message(timer: TimerState) -> Text:
    return Text(
        f"{timer.title.zh}：时间已到，现在处理。",
        f"{timer.title.en}: time is up; deal with it now.",
    )


def find_warnings(
    *,
    now: datetime,
    closed: bool,
    level: str | None,
    level_since: datetime | None,
    custody: Custody,
    contacts: Contacts,
    timers: tuple[TimerState, ...],
) -> tuple[CaseWarning, ...]:
    if closed:
        return ()
    found: list[CaseWarning] = []
    gap = custody.open_gap
    if gap is not None:
        found.append(CaseWarning(CUSTODY_GAP, MESSAGES[CUSTODY_GAP], gap.start))
    if level == "I" and level_since is not None and not custody.active:
        ended_before = custody.ended is not None and custody.ended.at <= level_since
        if custody.started_at is None or ended_before:
            due = level_since + timedelta(minutes=LEVEL1_CUSTODY_MINUTES)
            if now >= due:
                found.append(
                    CaseWarning(LEVEL1_WITHOUT_CUSTODY, MESSAGES[LEVEL1_WITHOUT_CUSTODY], due)
                )
    due_check = custody.next_check_due
    if due_check is not None and now >= due_check:
        found.append(CaseWarning(CHECKIN_OVERDUE, MESSAGES[CHECKIN_OVERDUE], due_check))
    others: list[CaseWarning] = []
    for state in timers:
        if not state.overdue or state.due_at is None:
            continue
        if state.role == CHECK_IN:
            continue  # the custody record's own interval decides (checkin_overdue)
        if state.role == ESCALATION:
            if not contacts.reached:
                found.append(
                    CaseWarning(GUARDIAN_UNREACHED, guardian_message(contacts), state.due_at)
                )
            continue
        if state.role == REPORT_DEADLINE:
            found.append(CaseWarning(REPORT_OVERDUE, MESSAGES[REPORT_OVERDUE], state.due_at))
            continue
        others.append(CaseWarning(TIMER_OVERDUE + state.id, timer_message(state), state.due_at))
    found.sort(key=lambda warning: RANK[warning.code])
    others.sort(key=lambda warning: warning.since)
    return (*found, *others)
