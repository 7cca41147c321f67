"""The inject schedule is a pure function of the scenario, the case state and `now`."""

from __future__ import annotations

from oncall.case import kinds as k
from oncall.case import replay
from oncall.drill import due_injects, next_due, trigger_time
from oncall.journal import Journal
from support.clocks import FakeClock

from .test_score import Run


def test_time_step_and_event_triggers(journal: Journal, clock: FakeClock) -> None:
    run = Run(journal, clock, "night-dorm")
    state = replay(run.playbook, journal.events(run.case), run.at(0))
    sc = run.scenario
    assert trigger_time(sc.inject("roommates-awake"), state, run.playbook) == run.at(5)
    assert (
        trigger_time(sc.inject("shift-change"), state, run.playbook) is None
    )  # custody not started
    assert next_due(sc, state, run.playbook, run.at(0)) == run.at(5)
    assert [d.inject.id for d in due_injects(sc, state, run.playbook, run.at(4.99))] == []
    assert [d.inject.id for d in due_injects(sc, state, run.playbook, run.at(5))] == [
        "roommates-awake"
    ]
    run.add(
        12,
        k.CUSTODY_STARTED,
        {"place": "204", "custodians": ["华虚构"], "observation": "sight", "check_minutes": 15},
    )
    state = replay(run.playbook, journal.events(run.case), run.at(12))
    # custody.started does the custody.start step: 30 and 45 minutes after it
    assert trigger_time(sc.inject("shift-change"), state, run.playbook) == run.at(42)
    assert trigger_time(sc.inject("bathroom-alone"), state, run.playbook) == run.at(57)
    # the same state and clock always give the same answer; nothing is recorded by asking
    before = len(journal.events(run.case))
    assert due_injects(sc, state, run.playbook, run.at(60)) == due_injects(
        sc, state, run.playbook, run.at(60)
    )
    assert len(journal.events(run.case)) == before


def test_an_event_trigger_waits_for_a_matching_event(journal: Journal, clock: FakeClock) -> None:
    run = Run(journal, clock, "rooftop")
    run.add(3, k.MEDICAL_CALLED, {"number": "110", "by": "王老师"})
    state = replay(run.playbook, journal.events(run.case), run.at(3))
    assert (
        trigger_time(run.scenario.inject("ambulance-late"), state, run.playbook) is None
    )  # 120 only
    assert trigger_time(run.scenario.inject("police-arrive"), state, run.playbook) == run.at(11)
