"""`done_by` on steps: which event does a step by itself. Loading, every problem the
checker reports about it, and the default playbook's table."""

from __future__ import annotations

import pytest

from oncall.locations import default_playbook_path
from oncall.playbook import check_playbook_file, load_playbook
from oncall.playbook.model import DoneBy

from .helpers import VALID, Write
from .test_loader import find, source_line

ROPE = "required = false\n"
"""The last key of the step `wall.rope` (phases[1].steps[3]) in the valid fixture."""
AT = "phases[1].steps[3].done_by"


def with_done_by(valid_text: str, done_by: str, after: str = ROPE) -> str:
    assert valid_text.count(after) == 1, f"fixture no longer has one {after!r}"
    return valid_text.replace(after, f"{after}done_by = {done_by}\n")


def test_done_by_loads(write: Write, valid_text: str) -> None:
    text = with_done_by(
        valid_text,
        "[\n  { kind = \"custody.started\" },\n"
        "  { kind = \"medical.called\", field = \"number\", value = \"120\","
        " when = 'count(\"now.look\") > 0' },\n"
        "  { kind = \"custody.checkin\", field = \"count\", value = 2 },\n"
        "  { kind = \"custody.handover\", field = \"ipass_done\", value = true },\n]",
    )
    playbook = load_playbook(write(text))
    assert playbook.step("wall.rope").done_by == (
        DoneBy("custody.started"),
        DoneBy("medical.called", "number", "120", 'count("now.look") > 0'),
        DoneBy("custody.checkin", "count", 2),
        DoneBy("custody.handover", "ipass_done", True),
    )
    assert playbook.step("wall.ok").done_by == ()


def test_an_empty_done_by_is_no_links(write: Write, valid_text: str) -> None:
    path = write(with_done_by(valid_text, "[]"))
    assert load_playbook(path).step("wall.rope").done_by == ()


# (done_by, where under AT, message)
PROBLEMS = [
    (
        '[{ kind = "custody.strated" }]',
        "[0].kind",
        "unknown event kind 'custody.strated'; did you mean 'custody.started'?",
    ),
    ('[{ kind = "correction" }]', "[0].kind", "never does a step"),
    ('[{ kind = "" }]', "[0].kind", "must not be empty"),
    ("[{ kind = 7 }]", "[0].kind", "must be a string"),
    ('[{ field = "number", value = "120" }]', "[0].kind", "missing required key 'kind'"),
    ('[{ kind = "report.phone", colour = "red" }]', "[0].colour", "unknown key 'colour'"),
    ('[{ kind = "report.phone", feild = "to", value = "x" }]', "[0].feild", "'field'"),
    ('[{ kind = "medical.called", field = "number" }]', "[0].value", "a field needs the value"),
    ('[{ kind = "medical.called", value = "120" }]', "[0].field", "a value needs the field"),
    (
        '[{ kind = "medical.called", field = "number", value = 1.5 }]',
        "[0].value",
        "must be a string, an integer or true/false",
    ),
    (
        '[{ kind = "medical.called", field = "number", value = ["120"] }]',
        "[0].value",
        "must be a string, an integer or true/false",
    ),
    ('[{ kind = "medical.called", field = 3, value = "120" }]', "[0].field", "must be a string"),
    ('"custody.started"', "", "must be an array of tables"),
    ('["custody.started"]', "[0]", "must be a table"),
    ('[{ kind = "report.phone", when = true }]', "[0].when", "must be a condition in a string"),
    ("[{ kind = \"report.phone\", when = 'count(\"now.look\") >' }]", "[0].when", "syntax error"),
    (
        "[{ kind = \"report.phone\", when = 'done(\"now.lok\")' }]",
        "[0].when",
        "unknown step 'now.lok'",
    ),
    (
        "[{ kind = \"report.phone\", when = 'happened(\"custody.strated\")' }]",
        "[0].when",
        "unknown event kind 'custody.strated' in happened()",
    ),
    (
        "[{ kind = \"report.phone\", when = 'count(\"now.look\") > 5' }]",
        "[0].when",
        "can never be true: the event never does the step",
    ),
    (
        '[{ kind = "report.phone" }, { kind = "nope" }]',
        "[1].kind",
        "unknown event kind 'nope'",
    ),
]


@pytest.mark.parametrize(
    ("done_by", "where", "message"), PROBLEMS, ids=[f"{i}{p[1]}" for i, p in enumerate(PROBLEMS)]
)
def test_problem(
    write: Write, valid_text: str, done_by: str, where: str, message: str
) -> None:
    problems = check_playbook_file(write(with_done_by(valid_text, done_by)))
    problem = find(problems, AT + where, message)
    assert problem.line is not None, f"no line for {problem}"
    assert "done_by" in source_line(problem)


def test_multiline_done_by_problem_has_the_entry_line(write: Write, valid_text: str) -> None:
    text = with_done_by(valid_text, '[\n  { kind = "report.phone" },\n  { kind = "nope" },\n]')
    problem = find(check_playbook_file(write(text)), AT + "[1].kind", "unknown event kind")
    assert '"nope"' in source_line(problem)


def test_danger_declared_on_the_immediate_check_step_is_refused(
    write: Write, valid_text: str
) -> None:
    text = with_done_by(valid_text, '[{ kind = "danger.declared" }]', "target_minutes = 1\n")
    problem = find(
        check_playbook_file(write(text)), "phases[0].steps[0].done_by[0].kind", "already answers"
    )
    assert "'now.look'" in problem.message


def test_danger_declared_may_do_another_step(write: Write, valid_text: str) -> None:
    text = with_done_by(valid_text, '[{ kind = "danger.declared" }]')
    assert check_playbook_file(write(text)) == []


def test_the_danger_check_is_the_immediate_phases_first_check_step() -> None:
    assert load_playbook(VALID).danger_check() == "now.look"
    assert load_playbook(default_playbook_path()).danger_check() == "danger.check"


# --- the default playbook -----------------------------------------------------------------

DANGER_PATH = '(happened("danger.declared") or count("danger.check") > 0)'
GOES_HOME = (
    '(not (happened("medical.handover")) or '
    '(done("contact.refused") or checked("contact.documents", "refusal")))'
)

DEFAULT = {
    "danger.call120": (DoneBy("medical.called", "number", "120", DANGER_PATH),),
    "danger.call110": (DoneBy("medical.called", "number", "110", DANGER_PATH),),
    "medical.call120": (DoneBy("medical.called", "number", "120"),),
    "first.report_leader": (DoneBy("report.phone"), DoneBy("notify", "role", "leader")),
    "first.counselor": (DoneBy("notify", "role", "counselor"),),
    "first.class_teacher": (DoneBy("notify", "role", "class_teacher"),),
    "first.facts": (DoneBy("case.fact"),),
    "contact.refused": (DoneBy("family.decision", "decision", "refuse_treatment"),),
    "risk.assessor": (
        DoneBy("staff.arrived", "role", "counselor"),
        DoneBy("staff.arrived", "role", "school_doctor"),
    ),
    "custody.security": (DoneBy("notify", "role", "security"),),
    "risk.level": (DoneBy("level.confirmed"),),
    "custody.start": (DoneBy("custody.started"),),
    "risk.stay": (DoneBy("custody.started"),),
    "custody.end": (DoneBy("custody.ended"),),
    "followup.home": (DoneBy("custody.ended", "to", "guardian", GOES_HOME),),
    "contact.guardians": (DoneBy("contact.guardian"),),
    "contact.call_urgent": (DoneBy("contact.attempt", "outcome", "reached"),),
    "contact.call_school": (DoneBy("contact.attempt", "outcome", "reached"),),
    "contact.inform_week": (DoneBy("contact.attempt", "outcome", "reached"),),
    "contact.decision": (DoneBy("family.decision"),),
    "medical.accompany": (DoneBy("medical.accompany"),),
    "medical.arrived": (DoneBy("medical.arrived"),),
    "medical.handover": (DoneBy("medical.handover"),),
    "medical.referral": (DoneBy("referral"),),
    "report.written": (DoneBy("report.written"),),
    "report.weekly": (DoneBy("report.weekly"),),
}
"""Which event does which step of the default playbook: what the step `records` first
(the entry the UI opens for it: the phone report for `first.report_leader`), then its
`done_by`."""


def test_default_playbook_links() -> None:
    playbook = load_playbook(default_playbook_path())
    found = {step.id: step.links for step in playbook.steps() if step.links}
    assert found == DEFAULT


WALL_OK = "when = 'not (age < 8)'\n"
"""The last key of the question step `wall.ok` (phases[1].steps[2]) in the valid fixture."""


def with_answered_by(valid_text: str, answered_by: str, after: str = WALL_OK) -> str:
    assert valid_text.count(after) == 1, f"fixture no longer has one {after!r}"
    return valid_text.replace(after, f"{after}answered_by = {answered_by}\n")


def test_answered_by_loads(write: Write, valid_text: str) -> None:
    text = with_answered_by(valid_text, '{ kind = "medical.handover", field = "ward_custody" }')
    playbook = load_playbook(write(text))
    assert playbook.step("wall.ok").answered_by == DoneBy("medical.handover", "ward_custody")


@pytest.mark.parametrize(
    ("answered_by", "after", "where", "message"),
    [
        (
            '{ kind = "medical.handover", field = "ward_custody" }',
            ROPE,
            "phases[1].steps[3].answered_by",
            "only a question with the answers yes and no",
        ),
        (
            '{ kind = "medical.handover", field = "staff" }',
            WALL_OK,
            "phases[1].steps[2].answered_by.field",
            "no yes/no field 'staff' (yes/no fields: ward_custody)",
        ),
        (
            '{ kind = "medical.handover" }',
            WALL_OK,
            "phases[1].steps[2].answered_by.field",
            "missing required key 'field'",
        ),
        (
            '{ kind = "medical.handovr", field = "ward_custody" }',
            WALL_OK,
            "phases[1].steps[2].answered_by.kind",
            "unknown event kind",
        ),
    ],
)
def test_answered_by_problem(
    write: Write, valid_text: str, answered_by: str, after: str, where: str, message: str
) -> None:
    problems = check_playbook_file(write(with_answered_by(valid_text, answered_by, after)))
    find(problems, where, message)


@pytest.mark.parametrize(
    ("due_field", "message"),
    [
        ("checkin_call", ""),
        ("counselled", "no form step that starts this timer has an appointment field"),
    ],
)
def test_a_due_field_is_an_appointment_of_the_starting_form(
    write: Write, due_field: str, message: str
) -> None:
    """The means check-in is due at the agreed call: the checker holds the timer's
    `due_field` to an appointment field of the form that starts it."""
    text = default_playbook_path().read_text(encoding="utf-8")
    assert text.count('due_field = "checkin_call"') == 1
    problems = check_playbook_file(
        write(text.replace('due_field = "checkin_call"', f'due_field = "{due_field}"'))
    )
    if message:
        find(problems, "timers[7].due_field", message)
    else:
        assert [p for p in problems if not p.warning] == []
