"""Entries made out of order from the menus: the same facts, each recorded with the time
it happened through the session's methods (what every menu calls), in any order, give
the same state, level, ▶ step, clocks and key intervals (issue 17, property test).

Played against the real encrypted journal, one new case per example."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncall.case import CaseState, replay
from oncall.case import kinds as k
from oncall.export.intervals import intervals_of
from oncall.journal import Journal
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook
from oncall.session import CaseSession
from support.clocks import T0, FakeClock
from support.entries import checkin, custody, ended, notified, report_phone

TEACHER = "王虚构老师"
PLAYBOOK: Playbook = load_playbook(default_playbook_path())

Fact = tuple[float, Callable[[CaseSession, datetime], Any]]


def _answer(step: str, value: Any) -> Callable[[CaseSession, datetime], Any]:
    return lambda s, at: s.answer(step, value, at=at)


def _done(step: str) -> Callable[[CaseSession, datetime], Any]:
    return lambda s, at: s.done(step, at=at)


FACTS: list[Fact] = [
    (1, _answer("danger.check", [])),
    (2, _done("first.stay")),
    (3, lambda s, at: report_phone(s, "刘虚构校长", at=at)),
    (4, lambda s, at: notified(s, "counselor", "张虚构老师", at=at)),
    (5, lambda s, at: notified(s, "class_teacher", "赵虚构老师", at=at)),
    (6, _answer("risk.warning", [])),
    (7, _answer("risk.factors", ["sleep"])),
    (8, _answer("risk.dimensions", [])),
    (9, _done("risk.asq.intro")),
    (10, _answer("risk.asq.q1", "yes")),
    (11, _answer("risk.asq.q2", "no")),
    (12, _answer("risk.asq.q3", "no")),
    (13, _answer("risk.asq.q4", "no")),
    (14, _answer("risk.asq.q5", "no")),
    (15, _done("risk.asq.nonacute")),
    (
        16,
        lambda s, at: s.record_entry(k.CUSTODY_STARTED, custody("心理辅导室", ["张虚构老师"]), at),
    ),
    (20, _answer("risk.bssa.frequency", "sometimes")),
    (21, _answer("risk.bssa.plan", "method")),
    (22, _answer("risk.bssa.behaviour", "none")),
    (30, _answer("risk.safety_assessment", "home_plan")),
    (31, lambda s, at: checkin(s, "张虚构老师", at=at)),
    (40, lambda s, at: s.confirm_level(
        "II", suggested="II", drivers=["asq-nonacute"], assessors=["张虚构老师"], at=at)),
    (50, lambda s, at: s.contact_attempt("周虚构", "13900000001", "reached", at=at)),
    (70, lambda s, at: s.record_entry(k.CUSTODY_ENDED, ended("guardian", "周虚构", "校门口"), at)),
]


def _summary(state: CaseState) -> dict[str, Any]:
    return {
        "level": state.level,
        "suggested": (state.suggestion.level, state.suggestion.rule_ids),
        "steps": {sid: (s.status, repr(s.value), s.at) for sid, s in state.steps.items()},
        "current": state.current_step,
        "custody": (state.custody.active, state.custody.custodians, state.custody.ended),
        "timers": [(t.id, t.started_at, t.due_at, t.met, t.overdue) for t in state.timers],
        "intervals": [
            (i.id, i.status, i.start, i.end, i.covered_minutes)
            for i in intervals_of(state, PLAYBOOK)
        ],
        "warnings": state.warning_codes,
    }


def _play(journal: Journal, clock: FakeClock, order: list[int]) -> dict[str, Any]:
    clock.now = T0
    session = CaseSession.open_new(journal, PLAYBOOK, TEACHER, student_name="郑虚构")
    clock.now = T0 + timedelta(minutes=90)  # recorded later, with the time it happened
    for index in order:
        minute, record = FACTS[index]
        record(session, T0 + timedelta(minutes=minute))
    return _summary(replay(PLAYBOOK, session.events(), T0 + timedelta(minutes=90)))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(order=st.permutations(range(len(FACTS))))
def test_the_same_facts_in_any_order_give_the_same_case(
    tmp_path_factory: Any, order: list[int]
) -> None:
    store: Path = tmp_path_factory.mktemp("store")
    clock = FakeClock()
    journal = Journal.create(store / "s", "amber lantern across wednesday snow", kdf_n=2**10,
                             clock=clock)
    try:
        in_order = _play(journal, clock, list(range(len(FACTS))))
        shuffled = _play(journal, clock, list(order))
    finally:
        journal.close()
    assert shuffled == in_order
    # and the facts tell the floor: the thoughts with a method keep it at level II
    assert in_order["level"] == "II" and "bssa-floor" in in_order["suggested"][1]
    assert in_order["steps"]["followup.home"][0] == "done"
