"""Guardian contact: the list, attempts in order, who was reached, the ladder's warning."""

from __future__ import annotations

from oncall.case import kinds as k

from .helpers import Log, mini_playbook, minutes

MOTHER = "王芳（虚构）"
FATHER = "李强（虚构）"


def with_guardians() -> Log:
    log = Log(mini_playbook())
    log.confirm("I", 0)
    log.add(k.GUARDIAN_ADDED, {"name": FATHER, "relation": "父亲", "phone": "13800000002",
                               "priority": 2}, 1)
    log.add(k.GUARDIAN_ADDED, {"name": MOTHER, "relation": "母亲", "phone": "13800000001",
                               "priority": 1}, 1)
    return log


def attempt(log: Log, target: str, phone: str, outcome: str, at: float) -> None:
    log.add(k.CONTACT_ATTEMPT, {"by": "班主任（虚构）", "target": target, "phone": phone,
                                "outcome": outcome}, at)


def test_guardians_are_listed_by_priority() -> None:
    contacts = with_guardians().state(2).contacts

    assert [g.name for g in contacts.guardians] == [MOTHER, FATHER]
    assert contacts.next_to_call is not None and contacts.next_to_call.name == MOTHER
    assert not contacts.reached


def test_attempts_are_kept_in_order_and_the_first_reach_is_remembered() -> None:
    log = with_guardians()
    attempt(log, MOTHER, "13800000001", "no_answer", 5)
    attempt(log, FATHER, "13800000002", "reached", 8)
    attempt(log, MOTHER, "13800000001", "reached", 12)

    contacts = log.state(13).contacts

    assert [a.outcome for a in contacts.attempts] == ["no_answer", "reached", "reached"]
    assert contacts.first_attempt_at == minutes(5)
    assert (contacts.reached, contacts.reached_who, contacts.reached_at) == (
        True, FATHER, minutes(8))
    assert [g.attempts for g in contacts.guardians] == [2, 1]


def test_an_attempt_is_matched_to_a_guardian_by_number_too() -> None:
    log = with_guardians()
    attempt(log, "李小明妈妈", "13800000001", "switched_off", 5)

    mother = log.state(6).contacts.guardians[0]

    assert (mother.attempts, mother.last_outcome) == (1, "switched_off")


def test_unreached_after_the_ladder_time_names_the_next_guardian_to_call() -> None:
    log = with_guardians()
    attempt(log, MOTHER, "13800000001", "no_answer", 5)

    before = log.state(19)
    after = log.state(20)

    assert "guardian_unreached" not in before.warning_codes
    warning = after.warning("guardian_unreached")
    assert warning is not None
    assert warning.since == minutes(20)
    assert FATHER in warning.message.zh and "13800000002" in warning.message.en
    assert "timer_overdue:contact-escalation" not in after.warning_codes


def test_with_everyone_tried_the_warning_says_tell_the_leader() -> None:
    log = with_guardians()
    attempt(log, MOTHER, "13800000001", "no_answer", 5)
    attempt(log, FATHER, "13800000002", "wrong_number", 6)

    warning = log.state(25).warning("guardian_unreached")

    assert warning is not None and "leader" in warning.message.en


def test_a_reached_guardian_ends_the_warning() -> None:
    log = with_guardians()
    attempt(log, MOTHER, "13800000001", "no_answer", 5)
    attempt(log, FATHER, "13800000002", "reached", 25)

    assert "guardian_unreached" not in log.state(26).warning_codes


def test_a_family_decision_or_arrival_counts_as_reached() -> None:
    log = with_guardians()
    log.add(k.FAMILY_ARRIVED, {"who": [MOTHER]}, 40)

    contacts = log.state(41).contacts

    assert contacts.reached and contacts.reached_who == MOTHER
    assert contacts.arrived == (MOTHER,)
