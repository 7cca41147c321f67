"""The playbook declares what the code relies on, and the checker verifies it:
milestones, key intervals, timer roles, `records`, named conditions."""

from __future__ import annotations

import re

from oncall.locations import default_playbook_path
from oncall.playbook import check_playbook_file, load_playbook

from .helpers import Write

CONTRACT = """
[conditions]
high = 'answer("wall.height") == "high"'
unused_one = 'drill'

[milestones.roped]
title = { zh = "放下绳子", en = "Rope lowered" }

[milestones.reported]
title = { zh = "报告", en = "Reported" }
by = [{ kind = "report.written" }]

[[intervals]]
id = "rope"
name = { zh = "发现 → 放绳", en = "Discovery → rope" }
to = "roped"
"""


def contract(valid_text: str, extra: str = CONTRACT) -> str:
    text = valid_text.replace("\n[[timers]]", extra + "\n[[timers]]", 1)
    return text.replace(
        'required = false\n\n[[phases]]\nid = "after"',
        'required = false\nmilestone = "roped"\n\n[[phases]]\nid = "after"',
    )


def messages(write: Write, text: str) -> list[str]:
    return [str(problem) for problem in check_playbook_file(write(text))]


def test_a_declared_contract_loads_and_its_loose_ends_are_warnings(
    write: Write, valid_text: str
) -> None:
    text = contract(valid_text).replace("""when = 'answer("wall.ok") == "no" or""",
                                        """when = 'high or""")
    found = messages(write, text)
    assert all("warning:" in line for line in found), found
    assert any("'reported' is in no interval" in line for line in found)
    assert any("'unused_one' is never used" in line for line in found)
    playbook = load_playbook(write(text))
    assert playbook.step("wall.rope").when == (
        '(answer("wall.height") == "high") or answer("wall.height") == "high"'
    )
    assert [spec.end for spec in playbook.intervals] == ["roped"]


def test_a_condition_used_only_by_a_used_condition_is_used(
    write: Write, valid_text: str
) -> None:
    extra = CONTRACT.replace(
        "unused_one = 'drill'", "inner = 'drill'\nouter = 'inner or high'"
    )
    text = contract(valid_text, extra).replace(
        """when = 'answer("wall.ok") == "no" or""", """when = 'outer or"""
    )
    found = messages(write, text)
    assert not any("never used" in line for line in found), found


def test_an_interval_to_an_unknown_milestone_is_an_error_with_its_line(
    write: Write, valid_text: str
) -> None:
    found = messages(write, contract(valid_text, CONTRACT.replace('to = "roped"', 'to = "rooped"')))
    assert any(
        re.search(r":\d+:\d+: intervals\[0\]\.to: unknown milestone 'rooped'; did you mean "
                  r"'roped'\?", line)
        for line in found
    ), found


def test_a_step_naming_an_undeclared_milestone_is_an_error(write: Write, valid_text: str) -> None:
    text = contract(valid_text).replace('milestone = "roped"', 'milestone = "lowered"')
    assert any("unknown milestone 'lowered'" in line for line in messages(write, text))


def test_an_interval_nothing_reaches_is_an_error(write: Write, valid_text: str) -> None:
    text = contract(valid_text).replace('milestone = "roped"\n', "")
    assert any("nothing reaches milestone 'roped'" in line for line in messages(write, text))


def test_single_timer_roles_are_unique_and_roles_are_known(write: Write, valid_text: str) -> None:
    text = valid_text.replace('id = "look-up"\n', 'id = "look-up"\nrole = "report_deadline"\n')
    text = text.replace('id = "paperwork"\n', 'id = "paperwork"\nrole = "report_deadline"\n')
    assert any("only one timer can have role 'report_deadline'" in line
               for line in messages(write, text))
    text = valid_text.replace('id = "look-up"\n', 'id = "look-up"\nrole = "tea_break"\n')
    assert any("timers[0].role" in line for line in messages(write, text))


def test_records_on_an_answered_step_and_unknown_roles_in_events_are_errors(
    write: Write, valid_text: str
) -> None:
    text = valid_text.replace(
        "when = 'not (age < 8)'", "when = 'not (age < 8)'\nrecords = { kind = \"report.phone\" }"
    )
    assert any("a question step records its answer" in line for line in messages(write, text))
    text = valid_text.replace(
        "required = false\n\n[[phases]]",
        'required = false\nrecords = { kind = "notify", field = "role", value = "nures" }'
        "\n\n[[phases]]",
    )
    assert any("unknown role 'nures'; did you mean 'nurse'?" in line
               for line in messages(write, text))


def test_named_conditions_that_loop_are_errors(write: Write, valid_text: str) -> None:
    text = contract(valid_text, CONTRACT.replace("unused_one = 'drill'",
                                                  "a = 'b'\nb = 'a and drill'"))
    assert any("loop" in line for line in messages(write, text))


def test_the_default_playbook_declares_every_interval_the_debrief_prints() -> None:
    playbook = load_playbook(default_playbook_path())
    declared = {milestone.id for milestone in playbook.milestones} | {"discovered"}
    assert [spec.id for spec in playbook.intervals] == [
        "level", "leader", "guardian_call", "guardian_reached", "custody_start", "custody",
        "safety_handover", "call_120", "hospital_handover", "report_written",
    ]
    assert all({spec.start, spec.end} <= declared for spec in playbook.intervals)
    roles = {timer.role for timer in playbook.timers}
    assert {"custody_clock", "check_in", "escalation", "report_deadline"} <= roles


def test_records_names_a_kind_with_an_entry_and_a_preset_it_allows(
    write: Write, valid_text: str
) -> None:
    def with_records(records: str) -> list[str]:
        text = valid_text.replace(
            "required = false\n\n[[phases]]", f"required = false\nrecords = {records}\n\n[[phases]]"
        )
        return messages(write, text)

    assert with_records('{ kind = "medical.called", field = "number", value = "120" }') == []
    assert any(
        "medical.called has no field 'numbr'; did you mean 'number'?" in line
        for line in with_records('{ kind = "medical.called", field = "numbr", value = "120" }')
    )
    assert any(
        "'119' is not a medical.called number (one of: 120, 110)" in line
        for line in with_records('{ kind = "medical.called", field = "number", value = "119" }')
    )
    assert any(
        "'step.done' is not recorded by an entry of its own" in line
        for line in with_records('{ kind = "step.done" }')
    )
