"""Which event does which step is the playbook's `done_by`, not the code's: renamed or
new steps get their links, steps without `done_by` get none, and a `done_by` condition
is judged at the moment of the event."""

from __future__ import annotations

from dataclasses import replace

from oncall.case import kinds as k
from oncall.case.links import Link, links_by_kind
from oncall.playbook.model import DoneBy, Option, Phase, Playbook, Text

from .helpers import DANGER_PATH, Log, mini_playbook, step


def with_phase(playbook: Playbook, phase_id: str, phase: Phase) -> Playbook:
    return replace(
        playbook, phases=tuple(phase if p.id == phase_id else p for p in playbook.phases)
    )


def test_a_renamed_step_keeps_its_link() -> None:
    base = mini_playbook()
    custody = next(p for p in base.phases if p.id == "custody")
    renamed = replace(custody, steps=(
        step("custody.begin", done_by=(DoneBy(k.CUSTODY_STARTED),)), *custody.steps[1:],
    ))
    log = Log(with_phase(base, "custody", renamed))
    log.confirm("II", 10)
    log.custody(["陈老师（虚构）"], 12)

    state = log.state(13)

    assert state.steps["custody.begin"].status == "done"
    assert state.steps["custody.begin"].by_event == k.CUSTODY_STARTED


def test_a_step_without_done_by_is_not_done_by_the_event() -> None:
    base = mini_playbook()
    custody = next(p for p in base.phases if p.id == "custody")
    plain = replace(custody, steps=(step("custody.start"), *custody.steps[1:]))
    log = Log(with_phase(base, "custody", plain))
    log.confirm("II", 10)
    log.custody(["陈老师（虚构）"], 12)

    assert log.state(13).steps["custody.start"].status == "pending"


def test_a_value_that_differs_does_not_do_the_step() -> None:
    log = Log(mini_playbook())
    log.add(k.NOTIFIED, {"role": "counselor", "person": "赵老师（虚构）", "how": "phone"}, 2)
    assert log.state(3).steps["first.report_leader"].status == "pending"

    log.add(k.NOTIFIED, {"role": "leader", "person": "王校长（虚构）", "how": "phone"}, 4)
    step_state = log.state(5).steps["first.report_leader"]
    assert step_state.status == "done" and step_state.by_event == k.NOTIFIED


def test_the_condition_is_judged_when_the_event_happens() -> None:
    log = Log(mini_playbook())
    log.add(k.MEDICAL_CALLED, {"number": "120", "by": "王老师（虚构）"}, 1)
    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 2)

    state = log.state(3)

    assert state.steps["danger.call120"].applicable
    assert state.steps["danger.call120"].status == "pending"

    log.add(k.MEDICAL_CALLED, {"number": "120", "by": "王老师（虚构）"}, 4)
    assert log.state(5).steps["danger.call120"].status == "done"


def test_danger_declared_answers_the_immediate_phases_check_step_whatever_its_id() -> None:
    base = mini_playbook()
    on_path = 'happened("danger.declared") or count("now.look") > 0'
    now = Phase(
        id="now", title=Text("马上", "Right now"), immediate=True,
        steps=(
            step("now.look", "check", options=(
                Option("means", Text("手段", "Means")), Option("others", Text("他人", "Others")),
            )),
            step("now.call", when=on_path, done_by=(
                DoneBy(k.MEDICAL_CALLED, "number", "120", when=on_path),
            )),
        ),
    )
    playbook = with_phase(base, "danger", now)
    assert playbook.danger_check() == "now.look"
    log = Log(playbook)
    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 1)
    log.add(k.MEDICAL_CALLED, {"number": "120", "by": "王老师（虚构）"}, 2)

    state = log.state(3)

    assert state.steps["now.look"].status == "answered"
    assert state.steps["now.look"].value == ["means"]
    assert state.steps["now.look"].by_event == k.DANGER_DECLARED
    assert state.steps["now.call"].status == "done"
    assert state.level == "I"


def test_without_a_check_step_danger_still_makes_level_one() -> None:
    base = mini_playbook()
    danger = next(p for p in base.phases if p.id == "danger")
    no_check = replace(danger, steps=(step("danger.call120", when=DANGER_PATH),))
    playbook = with_phase(base, "danger", no_check)
    assert playbook.danger_check() is None
    log = Log(playbook)
    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 1)

    state = log.state(2)

    assert state.level == "I"
    assert state.steps["danger.call120"].applicable


def test_links_by_kind_follow_playbook_order() -> None:
    table = links_by_kind(mini_playbook())
    assert [link.step for link in table[k.MEDICAL_CALLED]] == ["danger.call120", "danger.call110"]
    assert [link.step for link in table[k.NOTIFIED]] == ["first.report_leader"]
    assert k.CUSTODY_CHECKIN not in table


def test_a_value_matches_only_its_own_type() -> None:
    number = Link("x", DoneBy(k.CUSTODY_CHECKIN, "n", 1))
    flag = Link("x", DoneBy(k.CUSTODY_CHECKIN, "n", True))
    assert number.matches({"n": 1}) and not number.matches({"n": True})
    assert flag.matches({"n": True}) and not flag.matches({"n": 1})
    assert not Link("x", DoneBy(k.MEDICAL_CALLED, "number", "120")).matches({"number": 120})
    assert Link("x", DoneBy(k.MEDICAL_CALLED)).matches({})
