"""Which events replay applies, and in what order: late entries and corrections."""

from __future__ import annotations

from dataclasses import replace

from oncall.case import by_record, by_time, effective
from oncall.case import kinds as k

from .helpers import Log, mini_playbook, minutes


def test_a_late_entry_takes_its_place_in_time_and_keeps_when_it_was_typed() -> None:
    log = Log(mini_playbook())
    log.add(k.NOTE, {"text": "学生在哭"}, 20)
    late = log.add(k.MEDICAL_CALLED, {"number": "120", "by": "王老师（虚构）"}, 5, recorded=30)

    ordered = by_time(log.events)

    assert [e.kind for e in ordered] == [k.CASE_OPENED, k.MEDICAL_CALLED, k.NOTE]
    assert ordered[1].recorded_time == minutes(30)
    assert ordered[1].at_time == minutes(5)
    assert by_record(ordered)[-1] is late  # the journal's own order is still at hand


def test_events_at_the_same_moment_keep_the_order_they_were_recorded() -> None:
    log = Log(mini_playbook())
    log.answer("risk.q5", "no", 10)
    log.answer("risk.q5", "yes", 10)

    assert log.state(11).steps["risk.q5"].value == "yes"


def test_times_with_an_offset_sort_as_the_moment_they_are() -> None:
    log = Log(mini_playbook())
    utc = log.add(k.NOTE, {"text": "a"}, 30)  # 06:30Z
    beijing = replace(log.add(k.NOTE, {"text": "b"}, 0), at="2026-11-23T14:10:00+08:00")
    log.events[-1] = beijing  # 06:10Z, written with an offset

    assert [e.id for e in by_time(log.events)][1:] == [beijing.id, utc.id]


def test_an_undo_withdraws_the_event_from_replay() -> None:
    log = Log(mini_playbook())
    answered = log.answer("risk.q5", "yes", 10)
    log.add(k.CORRECTION, {"corrects": answered.id, "reason": "点错了", "replacement": None}, 11)

    state = log.state(12)

    assert state.steps["risk.q5"].status == "pending"
    assert state.suggestion.level is None
    assert answered.id in state.withdrawn
    assert answered.id not in {e.id for e in state.events}


def test_a_correction_with_a_replacement_replays_the_new_data() -> None:
    log = Log(mini_playbook())
    answered = log.answer("risk.q5", "no", 10)
    log.add(k.CORRECTION, {"corrects": answered.id, "reason": "学生改口",
                           "replacement": {"step": "risk.q5", "value": "yes"}}, 15)

    state = log.state(16)

    assert state.steps["risk.q5"].value == "yes"
    assert state.steps["risk.q5"].at == minutes(10)  # still when it was answered
    assert state.suggestion.level == "I"


def test_the_latest_correction_of_an_event_wins() -> None:
    log = Log(mini_playbook())
    answered = log.answer("risk.q5", "no", 10)
    log.add(k.CORRECTION, {"corrects": answered.id, "reason": "撤回", "replacement": None}, 11)
    second = log.add(k.CORRECTION, {"corrects": answered.id, "reason": "恢复",
                                    "replacement": {"step": "risk.q5", "value": "yes"}}, 12)

    eff = effective(log.events)

    assert eff.corrected[answered.id] == second.id
    assert answered.id not in eff.withdrawn
    assert log.state(13).steps["risk.q5"].value == "yes"
