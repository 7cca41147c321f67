"""What an entry prefills comes from the case state (issue 16, item 5): the custodians
on duty after a handover, the guardian to call next and the one reached, the leader
already told, and the hospital staff of the handover for the safety handover."""

from __future__ import annotations

from datetime import timedelta

from oncall.case import kinds as k
from oncall.case import prefill
from support.scenes import Scene


def test_an_empty_case_prefills_nothing_but_its_facts(scene: Scene) -> None:
    state = scene.state(1)
    assert prefill.custodians(state) == []
    assert prefill.next_guardian(state) == ("", "")
    assert prefill.guardian_now(state) == ""
    assert prefill.named_for(state, "leader") == ""
    assert prefill.fact(state, "place") == "教学楼三楼走廊"
    assert prefill.safety_handover_defaults(state) == ("guardian", "", "教学楼三楼走廊")


def test_the_people_on_duty_after_a_handover_and_the_guardian_reached(scene: Scene) -> None:
    scene.add(
        2,
        k.CUSTODY_STARTED,
        {
            "place": "心理辅导室",
            "custodians": ["王老师（虚构）"],
            "observation": "arm",
            "check_minutes": 15,
        },
    )
    scene.add(
        20,
        k.CUSTODY_HANDOVER,
        {
            "from": ["王老师（虚构）"],
            "to": ["张老师（虚构）", "赵老师（虚构）"],
            "ipass": {
                "severity": "I",
                "summary": "平静",
                "actions": [],
                "watch": "",
                "readback": True,
            },
        },
    )
    scene.add(
        3,
        k.GUARDIAN_ADDED,
        {
            "name": "周（虚构）",
            "relation": "母亲",
            "phone": "139-0000-0001",
            "priority": 1,
            "emergency": True,
        },
    )
    scene.add(
        4,
        k.GUARDIAN_ADDED,
        {
            "name": "李（虚构）",
            "relation": "父亲",
            "phone": "139-0000-0002",
            "priority": 2,
            "emergency": False,
        },
    )
    assert prefill.next_guardian(scene.state(5)) == ("周（虚构）", "139-0000-0001")
    scene.add(
        5,
        k.CONTACT_ATTEMPT,
        {"target": "周（虚构）", "phone": "139-0000-0001", "outcome": "switched_off"},
    )
    assert prefill.next_guardian(scene.state(6)) == ("李（虚构）", "139-0000-0002")
    scene.add(
        6,
        k.CONTACT_ATTEMPT,
        {"target": "李（虚构）", "phone": "139-0000-0002", "outcome": "no_answer"},
    )
    # both tried: round the list again, the one tried longest ago first
    assert prefill.next_guardian(scene.state(6.5)) == ("周（虚构）", "139-0000-0001")
    scene.add(
        6.5,
        k.CONTACT_ATTEMPT,
        {"target": "周（虚构）", "phone": "139-0000-0001", "outcome": "switched_off"},
    )
    assert prefill.next_guardian(scene.state(6.6)) == ("李（虚构）", "139-0000-0002")
    scene.add(
        7,
        k.CONTACT_ATTEMPT,
        {"target": "李（虚构）", "phone": "139-0000-0002", "outcome": "reached"},
    )
    state = scene.state(21)
    assert prefill.custodians(state) == ["张老师（虚构）", "赵老师（虚构）"]
    assert prefill.guardian_now(state) == "李（虚构）"
    assert prefill.guardian_count(state) == 2
    assert prefill.safety_handover_defaults(state) == ("guardian", "李（虚构）", "心理辅导室")


def test_the_leader_told_and_the_hospital_staff_of_the_handover(scene: Scene) -> None:
    scene.add(3, k.REPORT_PHONE, {"to": "钱校长（虚构）"})
    scene.add(30, k.MEDICAL_ARRIVED, {"hospital": "市虚构医院"})
    scene.add(
        40,
        k.MEDICAL_HANDOVER,
        {"hospital": "市虚构医院", "staff": "刘医生（虚构）", "ward_custody": False},
    )
    state = scene.state(41)
    # the playbook's reporting role (receives_reports = true) is told by a report too
    assert scene.playbook.report_role == "leader"
    assert prefill.named_for(state, "leader", receives_reports=True) == "钱校长（虚构）"
    assert prefill.named_for(state, "counselor") == ""
    assert prefill.safety_handover_defaults(state) == ("hospital", "刘医生（虚构）", "市虚构医院")


def test_custody_recorded_minutes_after_the_opening_began_at_the_opening(scene: Scene) -> None:
    """Recorded 2–30 minutes after the case opened, custody most likely began when the
    student was found; at once or much later, the form keeps "now"."""
    state = scene.state(1)
    opened = state.opened_at
    assert prefill.custody_began(state, opened + timedelta(minutes=1)) is None
    assert prefill.custody_began(state, opened + timedelta(minutes=12)) == opened
    assert prefill.custody_began(state, opened + timedelta(minutes=30)) == opened
    assert prefill.custody_began(state, opened + timedelta(minutes=31)) is None
