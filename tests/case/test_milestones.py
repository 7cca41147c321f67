"""Each step that carries a milestone, recorded the way `e` records it (its own event,
two minutes after the discovery, typed four minutes later), reaches that milestone at
the time it happened, and the key interval ending there measures 2 minutes. The same
fact recorded as a tick of the step (how v1 recorded `e`) reaches it too."""

from __future__ import annotations

from typing import Any

import pytest

from oncall.case import kinds as k
from oncall.export import intervals_of
from oncall.journal import Journal
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook
from support.clocks import FakeClock
from support.scenes import Scene

PLAYBOOK = load_playbook(default_playbook_path())
CARRIERS = [step.id for step in PLAYBOOK.steps() if step.milestone is not None]

DATA: dict[str, dict[str, Any]] = {
    k.REPORT_PHONE: {"to": "刘校长（虚构）"},
    k.REPORT_WRITTEN: {"to": "刘校长（虚构）"},
    k.CUSTODY_STARTED: {"place": "心理辅导室", "custodians": ["陈老师（虚构）"],
                        "observation": "arm", "check_minutes": 15},
    k.CUSTODY_ENDED: {"to": "guardian", "received_by": "李强（虚构）", "place": "校门"},
    k.CONTACT_ATTEMPT: {"by": "周老师（虚构）", "target": "李强（虚构）", "phone": "13800000002"},
    k.MEDICAL_CALLED: {"by": "王老师（虚构）"},
    k.MEDICAL_HANDOVER: {"hospital": "市精神卫生中心（虚构）", "staff": "周医生（虚构）",
                         "ward_custody": False},
    k.LEVEL_CONFIRMED: {"level": "II", "suggested": None, "drivers": [], "override": False,
                        "reason": "", "assessors": ["张老师（虚构）"]},
}


def new_scene(journal: Journal, clock: FakeClock, playbook: Playbook) -> Scene:
    return Scene(journal, playbook, clock, place="走廊", reporter="王老师（虚构）")


def test_every_default_milestone_is_carried_by_a_step_that_records_its_event() -> None:
    assert len(CARRIERS) >= 9
    for step_id in CARRIERS:
        assert PLAYBOOK.step(step_id).records is not None, step_id


@pytest.mark.parametrize("step_id", CARRIERS)
def test_recording_the_step_earlier_reaches_its_milestone_when_it_happened(
    step_id: str, journal: Journal, clock: FakeClock
) -> None:
    step = PLAYBOOK.step(step_id)
    assert step.records is not None and step.milestone is not None
    scene = new_scene(journal, clock, PLAYBOOK)
    if step.records.when is not None:  # e.g. the danger path's "call 120"
        scene.add(0, k.DANGER_DECLARED, {"what": []})
    data = dict(DATA.get(step.records.kind, {}))
    if step.records.field is not None:
        data[step.records.field] = step.records.value
    scene.add(2, step.records.kind, data, recorded=6)

    state = scene.state(10)

    assert state.steps[step_id].status == "done"
    assert state.milestones[step.milestone] == scene.at(2)
    measured = 0
    for interval in intervals_of(state, PLAYBOOK):
        spec = next(s for s in PLAYBOOK.intervals if s.id == interval.id)
        if spec.end == step.milestone and spec.measure == "between" and spec.start == "discovered":
            measured += 1
            assert interval.end == scene.at(2)
            if interval.start == scene.at(0):
                assert interval.minutes == 2
    ends = {s.end for s in PLAYBOOK.intervals if s.measure == "between" and s.start == "discovered"}
    assert measured == (1 if step.milestone in ends else 0)


@pytest.mark.parametrize("step_id", CARRIERS)
def test_a_tick_of_the_step_reaches_the_milestone_too(
    step_id: str, journal: Journal, clock: FakeClock
) -> None:
    step = PLAYBOOK.step(step_id)
    scene = new_scene(journal, clock, PLAYBOOK)
    scene.done(2, step_id)
    assert scene.state(10).milestones[step.milestone or ""] == scene.at(2)
