"""The inject schedule is a pure function of the scenario, the case state and `now`."""

from __future__ import annotations

from pathlib import Path

from oncall.case import kinds as k
from oncall.case import replay
from oncall.drill import check_scenario_file, due_injects, load_scenario, next_due, trigger_time
from oncall.journal import Journal
from support.clocks import FakeClock

from .conftest import DRILLS
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


def test_an_on_step_inject_says_whether_it_comes_when_the_step_is_reached_or_done(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    run = Run(journal, clock, "night-dorm")
    state = replay(run.playbook, journal.events(run.case), run.at(0))
    first = state.current_step  # the ▶ step of a just-opened case
    assert first is not None and state.steps[first].status == "pending"
    text = (DRILLS / "night-dorm.toml").read_text(encoding="utf-8")
    text = text.replace('"../school-crisis.toml"', f'"{DRILLS.parent / "school-crisis.toml"}"')
    for moment in ("reached", "done"):
        path = tmp_path / f"{moment}.toml"
        path.write_text(
            text.replace(
                'on_step = { step = "custody.start", when = "done" }\ndelay_minutes = 30',
                f'on_step = {{ step = "{first}", when = "{moment}" }}\ndelay_minutes = 30',
            ),
            encoding="utf-8",
        )
        scenario, _ = load_scenario(path)
        when = trigger_time(scenario.inject("shift-change"), state, run.playbook)
        # reached: it is the next thing to do from the opening; done: not yet
        assert when == (run.at(30) if moment == "reached" else None), moment


def test_a_step_inject_written_without_when_is_a_problem(tmp_path: Path) -> None:
    text = (DRILLS / "night-dorm.toml").read_text(encoding="utf-8")
    text = text.replace('"../school-crisis.toml"', f'"{DRILLS.parent / "school-crisis.toml"}"')
    path = tmp_path / "bare.toml"
    path.write_text(
        text.replace(
            'on_step = { step = "custody.start", when = "done" }', 'on_step = "custody.start"'
        ),
        encoding="utf-8",
    )
    problems = [str(p) for p in check_scenario_file(path)]
    assert any("say when" in p and "on_step" in p for p in problems), problems


def test_an_event_value_the_entry_cannot_hold_is_a_problem(tmp_path: Path) -> None:
    text = (DRILLS / "rooftop.toml").read_text(encoding="utf-8")
    text = text.replace('"../school-crisis.toml"', f'"{DRILLS.parent / "school-crisis.toml"}"')
    path = tmp_path / "wrong.toml"
    path.write_text(text.replace('value = "120"', 'value = "121"'), encoding="utf-8")
    problems = [str(p) for p in check_scenario_file(path)]
    assert any("'121' is not a medical.called number" in p for p in problems), problems
    path.write_text(text.replace('field = "number"', 'field = "nmber"', 1), encoding="utf-8")
    problems = [str(p) for p in check_scenario_file(path)]
    assert any("no field 'nmber'; did you mean 'number'?" in p for p in problems), problems
    path.write_text(text, encoding="utf-8")
    assert check_scenario_file(path) == []
