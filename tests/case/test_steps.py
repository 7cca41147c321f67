"""Steps: done / answered / skipped / pending / not applicable, and which comes next."""

from __future__ import annotations

from oncall.case import kinds as k

from .helpers import Log, mini_playbook, minutes


def test_a_fresh_case_starts_with_the_immediate_danger_check() -> None:
    state = Log(mini_playbook()).state(0)

    assert state.current_step == "danger.check"
    assert state.next_action.en == "Do danger.check"
    assert state.steps["danger.call120"].status == "not_applicable"
    assert state.steps["first.report_leader"].status == "pending"
    assert state.level is None


def test_nothing_ticked_on_the_danger_check_moves_on_to_the_first_steps() -> None:
    log = Log(mini_playbook())
    log.answer("danger.check", [], 1)

    state = log.state(2)

    assert state.steps["danger.check"].status == "answered"
    assert state.current_step == "first.report_leader"
    assert state.phases[0].finished
    assert state.level is None


def test_a_skipped_step_keeps_its_reason_and_the_next_one_comes_up() -> None:
    log = Log(mini_playbook())
    log.answer("danger.check", [], 1)
    log.add(k.STEP_SKIPPED, {"step": "first.report_leader", "reason": "领导就在现场"}, 2)

    state = log.state(3)

    skipped = state.steps["first.report_leader"]
    assert (skipped.status, skipped.reason) == ("skipped", "领导就在现场")
    assert state.current_step == "risk.factors"


def test_the_latest_word_on_a_step_wins() -> None:
    log = Log(mini_playbook())
    log.add(k.STEP_SKIPPED, {"step": "risk.level", "reason": "稍后"}, 2)
    log.done("risk.level", 5)

    step = log.state(6).steps["risk.level"]

    assert (step.status, step.reason) == ("done", "")


def test_a_step_applies_only_while_its_condition_holds() -> None:
    young = Log(mini_playbook(), student_age=9)
    older = Log(mini_playbook(), student_age=15)
    unknown = Log(mini_playbook())

    assert young.state(1).steps["first.young"].status == "pending"
    assert older.state(1).steps["first.young"].status == "not_applicable"
    assert unknown.state(1).steps["first.young"].status == "not_applicable"


def test_a_fact_changed_later_is_what_conditions_see() -> None:
    log = Log(mini_playbook(), student_age=15)
    log.add(k.CASE_FACT, {"field": "student_age", "value": "9"}, 4)

    state = log.state(5)

    assert state.facts["student_age"] == "9"
    assert state.steps["first.young"].applicable


def test_custody_phase_applies_once_the_level_calls_for_it() -> None:
    log = Log(mini_playbook())
    assert log.state(1).steps["custody.start"].status == "not_applicable"

    log.confirm("II", 10)

    assert log.state(11).steps["custody.start"].status == "pending"


def test_recording_the_thing_itself_does_the_step() -> None:
    log = Log(mini_playbook())
    log.confirm("II", 10)
    log.custody(["陈老师（虚构）"], 12)

    step = log.state(13).steps["custody.start"]

    assert step.status == "done"
    assert step.by_event == k.CUSTODY_STARTED
    assert log.state(13).steps["risk.level"].status == "done"


def test_a_call_to_110_does_not_do_the_120_step() -> None:
    log = Log(mini_playbook())
    log.add(k.DANGER_DECLARED, {"what": ["others"]}, 1)
    log.add(k.MEDICAL_CALLED, {"number": "110", "by": "王老师（虚构）"}, 2)

    state = log.state(3)

    assert state.steps["danger.call110"].status == "done"
    assert state.steps["danger.call120"].status == "pending"
    assert state.current_step == "danger.call120"


def test_an_entered_immediate_phase_comes_first_wherever_it_sits() -> None:
    log = Log(mini_playbook(immediate_last=True))
    assert log.state(0).current_step == "first.report_leader"

    log.add(k.DANGER_DECLARED, {"what": ["means"]}, 5)
    state = log.state(6)

    assert state.current_step == "danger.call120"
    assert state.next_action.en == "Do danger.call120"
    danger = next(p for p in state.phases if p.id == "danger")
    assert danger.entered and not danger.finished


def test_phase_counts_add_up() -> None:
    log = Log(mini_playbook())
    log.answer("danger.check", [], 1)
    log.done("first.report_leader", 2)

    first = next(p for p in log.state(3).phases if p.id == "first")

    assert first.counts["done"] == 1
    assert first.counts["not_applicable"] == 1
    assert sum(first.counts.values()) == len(first.steps)
    assert first.finished


def test_optional_steps_never_become_the_next_action() -> None:
    log = Log(mini_playbook())
    log.answer("danger.check", [], 1)
    for step_id in ("first.report_leader", "risk.factors", "risk.q5", "risk.level"):
        log.done(step_id, 2)
    log.done("report.written", 3)

    state = log.state(4)

    assert state.steps["report.optional"].status == "pending"
    assert state.current_step is None
    # the leader's phone report clock still runs (no step of this playbook stops it):
    # ▶ names it and its time, not the optional step
    due = minutes(10).astimezone().strftime("%H:%M")
    assert state.next_action.en == f"Nothing due now; next: Phone report {due}"


def test_a_120_call_outside_the_danger_path_leaves_the_danger_phase_alone() -> None:
    log = Log(mini_playbook())
    log.answer("danger.check", [], 1)
    log.add(k.MEDICAL_CALLED, {"number": "120", "by": "王老师（虚构）"}, 30)

    state = log.state(31)

    assert state.steps["danger.call120"].status == "not_applicable"
    assert state.current_step == "first.report_leader"


def test_the_case_knows_its_facts_drill_flag_playbook_and_who_is_at_the_keyboard() -> None:
    log = Log(mini_playbook(), drill=True, student_class="初二（3）班")
    log.add(k.ACTOR_CHANGED, {"from": "王老师（虚构）", "to": "孙老师（虚构）"}, 30)

    state = log.state(31)

    assert state.drill
    assert state.facts["student_class"] == "初二（3）班"
    assert state.actor == "孙老师（虚构）"
    assert state.playbook is not None and state.playbook.id == "mini"
    assert not state.playbook_changed


def test_a_case_opened_with_another_playbook_version_says_so() -> None:
    from dataclasses import replace

    from oncall.case import replay

    log = Log(mini_playbook())
    newer = replace(mini_playbook(), version="2", content_hash="other-hash")

    assert replay(newer, log.events, log.state(0).now).playbook_changed
