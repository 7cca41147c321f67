"""The level: what the rules suggest, what people confirm, and danger making it I."""

from __future__ import annotations

from oncall.case import kinds as k

from .helpers import Log, mini_playbook, minutes


def test_the_highest_matching_rule_is_suggested_and_every_match_is_a_driver() -> None:
    log = Log(mini_playbook())
    log.answer("risk.factors", ["past_attempt", "sleep"], 5)

    suggestion = log.state(6).suggestion

    assert suggestion.level == "II"
    assert suggestion.rule_ids == ("past", "any-factor")
    assert suggestion.drivers[0].because.zh == "既往自杀企图"


def test_nothing_matching_suggests_no_level() -> None:
    log = Log(mini_playbook())
    log.answer("risk.factors", [], 5)

    assert log.state(6).suggestion.level is None


def test_a_suggestion_is_not_a_level_until_someone_confirms_it() -> None:
    log = Log(mini_playbook())
    log.answer("risk.q5", "yes", 5)

    state = log.state(6)

    assert state.suggestion.level == "I"
    assert state.level is None


def test_declaring_danger_makes_the_case_level_i_at_once() -> None:
    log = Log(mini_playbook())
    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 3)

    state = log.state(4)

    assert state.level == "I"
    assert state.level_since == minutes(3)
    assert state.levels[0].source == "danger"
    assert state.steps["danger.check"].value == ["means"]


def test_an_override_is_recorded_with_its_reason_and_assessors() -> None:
    log = Log(mini_playbook())
    log.answer("risk.q5", "yes", 5)
    log.confirm("II", 10, suggested="I", reason="学生已由家长陪同，专家电话评估")

    state = log.state(11)

    assert state.level == "II"
    change = state.levels[-1]
    assert change.override
    assert change.reason == "学生已由家长陪同，专家电话评估"
    assert len(change.assessors) == 3


def test_level_history_keeps_every_change_in_time_order() -> None:
    log = Log(mini_playbook())
    log.confirm("III", 10)
    log.add(k.DANGER_DECLARED, {"what": []}, 30)
    log.confirm("I", 40)

    state = log.state(41)

    assert [(c.level, c.source) for c in state.levels] == [
        ("III", "confirmed"), ("I", "danger"), ("I", "confirmed"),
    ]
    assert state.level_since == minutes(30)  # reconfirming I does not restart it


def test_a_declaration_while_already_level_i_is_not_a_new_change() -> None:
    log = Log(mini_playbook())
    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 3)
    log.add(k.DANGER_DECLARED, {"what": ["others"]}, 4)

    state = log.state(5)

    assert len(state.levels) == 1
    assert state.steps["danger.check"].value == ["means", "others"]
    assert state.steps["danger.call110"].status == "pending"
