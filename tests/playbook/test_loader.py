"""Loading the valid fixture, and each class of problem the checker must report."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from oncall.locations import default_playbook_path
from oncall.playbook import (
    YES_NO,
    PlaybookError,
    Problem,
    check_playbook_file,
    load_playbook,
)

from .helpers import VALID, Write

DEFAULT_TEXT = default_playbook_path().read_text(encoding="utf-8")


def variant(write: Write, text: str, old: str, new: str) -> list[Problem]:
    assert old in text, f"fixture no longer contains {old!r}"
    return check_playbook_file(write(text.replace(old, new, 1)))


def find(problems: list[Problem], where: str, message: str) -> Problem:
    for problem in problems:
        if problem.where == where and message in problem.message:
            return problem
    shown = "\n".join(str(p) for p in problems)
    raise AssertionError(f"no problem at {where!r} with {message!r}; got:\n{shown}")


def source_line(problem: Problem) -> str:
    assert problem.line is not None, f"no line for {problem}"
    return Path(problem.file).read_text(encoding="utf-8").splitlines()[problem.line - 1]


def test_valid_fixture_loads() -> None:
    playbook = load_playbook(VALID)
    assert playbook.id == "test-wall"
    assert playbook.version == "0.1.0"
    assert playbook.title.en == "Climbing wall test playbook"
    assert playbook.content_hash == hashlib.sha256(VALID.read_bytes()).hexdigest()
    assert playbook.source == str(VALID)
    assert [p.id for p in playbook.phases] == ["now", "wall", "after"]
    assert playbook.phases[0].immediate and not playbook.phases[1].immediate
    assert set(playbook.level_titles) == {"I", "II", "III"}
    assert [r.id for r in playbook.roles] == ["coach", "nurse"]
    assert playbook.timer("look-up").reset == ("event:custody.checkin",)
    assert playbook.rules[0].level == "I"
    look = playbook.step("now.look")
    assert look.guidance.en == ("Line one", "Line two")
    assert look.target_minutes == 1 and look.required
    assert playbook.step("wall.rope").required is False
    assert playbook.step("after.form").fields[1].options[1].id == "ladder"
    assert playbook.step("now.call").scripts[0].text.en.startswith("{teacher}")


def test_question_without_options_gets_yes_no() -> None:
    step = load_playbook(VALID).step("wall.ok")
    assert step.options == YES_NO
    assert [o.id for o in step.options] == ["yes", "no"]
    assert step.options[0].label.zh == "是" and step.options[1].label.en == "No"


def test_load_raises_playbook_error_with_problems(write: Write, valid_text: str) -> None:
    path = write(valid_text.replace('kind = "choice"', 'kind = "chioce"'))
    with pytest.raises(PlaybookError) as info:
        load_playbook(path)
    assert info.value.problems
    assert all(p.file == str(path) for p in info.value.problems)
    assert "chioce" in str(info.value)


def test_toml_syntax_error_has_line_and_column(write: Write, valid_text: str) -> None:
    problems = variant(write, valid_text, 'version = "0.1.0"', 'version = "0.1.0')
    assert len(problems) == 1
    assert problems[0].line == 4 and problems[0].col is not None
    assert "TOML syntax" in problems[0].message
    assert str(problems[0]).startswith(f"{problems[0].file}:4:")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[playbook\n", "TOML syntax"),
        (b"", "missing required key 'playbook'"),
    ],
)
def test_bad_files(write: Write, content: bytes, message: str) -> None:
    problems = check_playbook_file(write(content))
    assert any(message in p.message for p in problems), problems


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "no such file" in check_playbook_file(tmp_path / "nope.toml")[0].message
    assert "is a directory" in check_playbook_file(tmp_path)[0].message


# (old, new, where, message): one mutation of the valid fixture and the problem expected.
CASES = [
    # the role the reports go to: one at most
    (
        'title = { zh = "教练", en = "Coach" }\n\n'
        '[roles.nurse]\ntitle = { zh = "护士", en = "Nurse" }\n',
        'title = { zh = "教练", en = "Coach" }\nreceives_reports = true\n'
        '[roles.nurse]\ntitle = { zh = "护士", en = "Nurse" }\nreceives_reports = true\n',
        "roles",
        "only one role receives the reports",
    ),
    # unknown, missing and mistyped keys
    (
        "target_minutes = 1\n",
        'target_minutes = 1\ncolour = "red"\n',
        "phases[0].steps[0].colour",
        "unknown key 'colour'",
    ),
    (
        "required = false",
        "requird = false",
        "phases[1].steps[3].requird",
        "did you mean 'required'?",
    ),
    ('version = "0.1.0"\n', "", "playbook.version", "missing required key 'version'"),
    (
        'id = "wall.signs"\nkind = "check"\n',
        'id = "wall.signs"\n',
        "phases[1].steps[1].kind",
        "missing required key 'kind'",
    ),
    ("minutes = 60", 'minutes = "60"', "timers[1].minutes", "must be a whole number"),
    ("minutes = 60", "minutes = 0", "timers[1].minutes", "between 1 and"),
    ("minutes = 60", "minutes = 99999999999999999999", "timers[1].minutes", "between 1 and"),
    (
        "target_minutes = 1",
        "target_minutes = -3",
        "phases[0].steps[0].target_minutes",
        "between 1 and",
    ),
    ("required = false", 'required = "no"', "phases[1].steps[3].required", "must be true or false"),
    (
        'roles = ["coach"]',
        'roles = "coach"',
        "phases[0].steps[0].roles",
        "must be a list of strings",
    ),
    (
        'title = { zh = "有多高？", en = "How high?" }',
        'title = "How high?"',
        "phases[1].steps[0].title",
        "must be a table",
    ),
    (
        '[[phases.steps.scripts]]\nid = "nurse-call"',
        "[[phases.steps.scripts]]\nid = 7",
        "phases[0].steps[1].scripts[0].id",
        "must be a string",
    ),
    # allowed lists
    ('kind = "choice"', 'kind = "chioce"', "phases[1].steps[0].kind", "did you mean 'choice'"),
    ('type = "interval"', 'type = "repeat"', "timers[0].type", "not one of interval, deadline"),
    (
        'type = "text"',
        'type = "essay"',
        "phases[2].steps[1].fields[0].type",
        "not one of text, time",
    ),
    ('level = "I"', 'level = "IV"', "rules[0].level", "not one of I, II, III"),
    (
        '[levels.III]\ntitle = { zh = "三级", en = "Level three" }\n',
        "",
        "levels.III",
        "missing required key 'III'",
    ),
    ("[levels.I]", "[levels.IV]", "levels.IV", "unknown key 'IV'"),
    # ids
    ('id = "wall.signs"', 'id = "Wall Signs"', "phases[1].steps[1].id", "not a valid id"),
    ("[roles.nurse]", "[roles.Nurse]", "roles.Nurse", "not a valid role id"),
    (
        'id = "wall.signs"',
        'id = "wall.height"',
        "phases[1].steps[1].id",
        "duplicate step id 'wall.height' (first at phases[1].steps[0])",
    ),
    ('id = "after"', 'id = "wall"', "phases[2].id", "duplicate phase id 'wall'"),
    ('id = "paperwork"', 'id = "look-up"', "timers[1].id", "duplicate timer id 'look-up'"),
    ('id = "two-signs"', 'id = "stuck-high"', "rules[1].id", "duplicate rule id"),
    (
        '{ id = "crying"',
        '{ id = "shaking"',
        "phases[0].steps[0].options[1].id",
        "duplicate option id 'shaking'",
    ),
    ('id = "how"', 'id = "where"', "phases[2].steps[1].fields[1].id", "duplicate field id 'where'"),
    # dangling ids
    (
        'timer = "look-up"',
        'timer = "look-down"',
        "phases[2].steps[0].timer",
        "unknown timer 'look-down'",
    ),
    (
        'roles = ["coach", "nurse"]',
        'roles = ["coach", "nurze"]',
        "phases[1].steps[3].roles[1]",
        "unknown role 'nurze'; did you mean 'nurse'?",
    ),
    ('"step:wall.rope"', '"step:wall.rop"', "timers[1].start[1]", "unknown step 'wall.rop'"),
    (
        '"event:custody.checkin"',
        '"event:custody.check"',
        "timers[0].reset[0]",
        "unknown event kind 'custody.check'",
    ),
    ('"case.opened"', '"opened"', "timers[1].start[0]", "bad trigger 'opened'"),
    (
        'start = ["event:custody.started"]',
        "start = []",
        "timers[0].start",
        "at least one start trigger",
    ),
    (
        'reset = ["event:custody.checkin"]\nstop = ["event:custody.ended"]\nwhen',
        'stop = ["event:custody.ended"]\nwhen',
        "timers[0]",
        "",
    ),
    (
        'stop = ["event:report.written"]',
        'stop = ["event:report.written"]\nreset = ["case.opened"]',
        "timers[1].reset",
        "only interval timers can be reset",
    ),
    # kinds and their keys
    (
        'id = "after.clock"\nkind = "timer"\ntitle = { zh = "看时钟", en = "Watch the clock" }\n'
        'timer = "look-up"',
        'id = "after.clock"\nkind = "timer"\ntitle = { zh = "看时钟", en = "Watch the clock" }',
        "phases[2].steps[0].timer",
        "a timer step needs timer",
    ),
    (
        'kind = "contact"',
        'kind = "contact"\ntimer = "look-up"',
        "phases[0].steps[1].timer",
        "only timer steps have a timer",
    ),
    (
        'kind = "contact"',
        'kind = "contact"\noptions = [{ id = "a", label = { zh = "甲", en = "A" } }]',
        "phases[0].steps[1].options",
        "has no options",
    ),
    (
        'kind = "choice"\ntitle = { zh = "有多高？", en = "How high?" }\noptions = [\n'
        '  { id = "low", label = { zh = "低", en = "Low" } },\n',
        'kind = "choice"\ntitle = { zh = "有多高？", en = "How high?" }\noptions = [\n',
        "phases[1].steps[0].options",
        "at least 2 options",
    ),
    ('kind = "form"', 'kind = "action"', "phases[2].steps[1].fields", "only form steps"),
    (
        'type = "choice"',
        'type = "text"',
        "phases[2].steps[1].fields[1].options",
        "only choice fields have options",
    ),
    # translations
    ('en = "Shaking"', 'en = ""', "phases[0].steps[0].options[0].label.en", "missing translation"),
    (
        'because = { zh = "位置很高", en = "Stuck up high" }',
        'because = { zh = "位置很高" }',
        "rules[0].because.en",
        "missing required key 'en'",
    ),
    (
        'en = ["Line one", "Line two"]',
        'en = ["Line one"]',
        "phases[0].steps[0].guidance",
        "zh has 2 lines but en has 1",
    ),
    (
        'en = ["Line one", "Line two"]',
        'en = ["Line one", ""]',
        "phases[0].steps[0].guidance.en[1]",
        "empty line",
    ),
    # immediate phase
    ("immediate = true\n", "", "phases", "no immediate-danger phase"),
    (
        'id = "after"\n',
        'id = "after"\nimmediate = true\n',
        "phases[2].immediate",
        "more than one immediate phase (the first is phases[0])",
    ),
    (
        "immediate = true\n",
        'immediate = true\nwhen = "drill"\n',
        "phases[0].when",
        "must always apply",
    ),
    # conditions
    (
        "when = 'not (age < 8)'",
        "when = 'not (age < 8'",
        "phases[1].steps[2].when",
        "bad condition: syntax error",
    ),
    (
        "when = 'not (age < 8)'",
        "when = 'not (years < 8)'",
        "phases[1].steps[2].when",
        "unknown name 'years'",
    ),
    (
        "when = 'not (age < 8)'",
        "when = 'age.bit_length() > 3'",
        "phases[1].steps[2].when",
        "bad condition",
    ),
    (
        'when = \'answer("wall.height") == "high"\'',
        'when = \'answer("wall.height") == "tall"\'',
        "rules[0].when",
        "'tall' is not an option of 'wall.height' (options: low, high)",
    ),
    (
        'when = \'checked("now.look", "shaking")\'',
        'when = \'checked("now.look", "shakin")\'',
        "phases[0].steps[1].when",
        "'shakin' is not an item of 'now.look'",
    ),
    (
        'when = \'checked("now.look", "shaking")\'',
        'when = \'checked("now.lok", "shaking")\'',
        "phases[0].steps[1].when",
        "unknown step 'now.lok'",
    ),
    (
        'when = \'checked("now.look", "shaking")\'',
        "when = 'count(\"wall.height\") > 0'",
        "phases[0].steps[1].when",
        "count() is for check steps; 'wall.height' is a choice step",
    ),
    (
        'when = \'checked("now.look", "shaking")\'',
        'when = \'answer("now.look") == "x"\'',
        "phases[0].steps[1].when",
        "answer() is for question and choice steps",
    ),
    (
        'when = \'checked("now.look", "shaking")\'',
        "when = 'done(\"now.call\")'",
        "phases[0].steps[1].when",
        "refers to the step itself",
    ),
    (
        'when = \'level in ["I", "II"]\'',
        'when = \'level in ["I", "2"]\'',
        "phases[2].when",
        "level compared with '2'",
    ),
    (
        'when = \'answer("wall.height") == "high"\'',
        "when = 'level == \"I\"'",
        "rules[0].when",
        "must not use `level`",
    ),
    (
        'happened("danger.declared")',
        'happened("danger.declare")',
        "rules[1].when",
        "unknown event kind 'danger.declare'",
    ),
    (
        "when = 'level == \"I\"'\n\n[[timers]]",
        "when = 3\n\n[[timers]]",
        "timers[0].when",
        "must be a condition in a string",
    ),
    # what can never apply
    (
        'when = \'checked("now.look", "shaking")\'',
        "when = 'count(\"now.look\") > 2'",
        "phases[0].steps[1].when",
        "can never be true: the step never applies",
    ),
    (
        "when = 'not (age < 8)'",
        "when = 'age < 8 and age > 9'",
        "phases[1].steps[2].when",
        "can never be true",
    ),
    (
        'when = \'level in ["I", "II"]\'',
        'when = \'level == "I" and level == "II"\'',
        "phases[2].when",
        "the phase never applies",
    ),
    (
        'timer = "look-up"\nwhen = \'level == "I"\'',
        'timer = "look-up"\nwhen = \'level == "III"\'',
        "phases[2].steps[0].when",
        "contradicts the phase's condition",
    ),
    (
        "when = 'level == \"I\"'\n\n[[timers]]",
        "when = 'level == \"II\"'\n\n[[timers]]",
        "phases[2].steps[0].timer",
        "timer 'look-up' never runs when this step applies",
    ),
    (
        'when = \'count("wall.signs") >= 2 or happened("danger.declared")\'',
        "when = 'count(\"wall.signs\") >= 4'",
        "rules[1].when",
        "the rule never applies",
    ),
    (
        "when = 'level == \"I\"'\n\n[[timers]]",
        "when = 'drill and not drill'\n\n[[timers]]",
        "timers[0].when",
        "the timer never runs",
    ),
    # placeholders
    (
        "{teacher} needs help at {place}.",
        "{teacher} needs help at {room}.",
        "phases[0].steps[1].scripts[0].text.en",
        "unknown placeholder {room}",
    ),
    (
        "{teacher} needs help at {place}.",
        "{teacher} needs help at {place!r}.",
        "phases[0].steps[1].scripts[0].text.en",
        "must be plain",
    ),
    (
        "{teacher} needs help at {place}.",
        "{teacher} needs help at {place.",
        "phases[0].steps[1].scripts[0].text.en",
        "unbalanced braces",
    ),
    (
        "{teacher} needs help at {place}.",
        "{teacher} needs help.",
        "phases[0].steps[1].scripts[0].text",
        "only zh uses {place}",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "where", "message"), CASES, ids=[f"{i}-{c[2]}" for i, c in enumerate(CASES)]
)
def test_problem(
    write: Write, valid_text: str, old: str, new: str, where: str, message: str
) -> None:
    problems = variant(write, valid_text, old, new)
    if where == "timers[0]" and not message:  # removing an optional key is fine
        assert problems == []
        return
    problem = find(problems, where, message)
    assert problem.file.endswith(".toml")
    assert problem.line is not None, f"no line for {problem}"


def test_problem_lines_point_at_the_key(write: Write, valid_text: str) -> None:
    problems = variant(write, valid_text, 'kind = "choice"', 'kind = "chioce"')
    problem = find(problems, "phases[1].steps[0].kind", "chioce")
    path = Path(problem.file)
    assert path.exists()
    assert 'kind = "chioce"' in source_line(problem)


def test_condition_problem_has_the_column_of_the_bad_name(write: Write, valid_text: str) -> None:
    problems = variant(write, valid_text, "when = 'not (age < 8)'", "when = 'not (years < 8)'")
    problem = find(problems, "phases[1].steps[2].when", "unknown name 'years'")
    line = source_line(problem)
    assert problem.col is not None
    assert line[problem.col - 1 :].startswith("years")
    assert str(problem).startswith(f"{problem.file}:{problem.line}:{problem.col}: ")


def test_option_in_a_multiline_array_has_its_own_line(write: Write, valid_text: str) -> None:
    problems = variant(write, valid_text, 'en = "Sweating"', 'en = ""')
    problem = find(problems, "phases[1].steps[1].options[2].label.en", "missing translation")
    line = source_line(problem)
    assert '"sweating"' in line


def test_wrong_top_level_types(write: Write) -> None:
    problems = check_playbook_file(
        write("playbook = 1\nlevels = []\nroles = 3\nphases = {}\ntimers = 2\nrules = [1]\n")
    )
    wheres = {p.where for p in problems}
    assert {"playbook", "levels", "roles", "phases", "timers", "rules[0]"} <= wheres


def test_empty_phases_and_steps(write: Write, valid_text: str) -> None:
    text = "phases = []\n" + valid_text.split("[[phases]]")[0]
    find(check_playbook_file(write(text)), "phases", "no phases")
    text = (
        valid_text.split("[[phases]]")[0] + '[[phases]]\nid = "x"\nimmediate = true\n'
        'title = { zh = "x", en = "x" }\nsteps = []\n'
    )
    find(check_playbook_file(write(text)), "phases[0].steps", "at least one step")


def test_timer_started_only_by_a_step_that_never_applies(write: Write, valid_text: str) -> None:
    text = valid_text.replace(
        'start = ["case.opened", "step:wall.rope"]', 'start = ["step:wall.rope"]'
    )
    text = text.replace(
        'when = \'answer("wall.ok") == "no" or answer("wall.height") == "high"\'',
        'when = \'answer("wall.ok") == "no" and answer("wall.ok") == "yes"\'',
    )
    problems = check_playbook_file(write(text))
    find(problems, "phases[1].steps[3].when", "can never be true")
    find(problems, "timers[1].start", "the timer never starts")


def test_a_bad_kind_is_reported_once(write: Write, valid_text: str) -> None:
    problems = variant(write, valid_text, 'kind = "choice"', 'kind = "choise"')
    assert [p.where for p in problems] == ["phases[1].steps[0].kind"]


def test_placeholder_problem_points_at_the_placeholder(write: Write, valid_text: str) -> None:
    text = valid_text.replace(
        'text = { zh = "{teacher} 在 {place} 需要帮助。", '
        'en = "{teacher} needs help at {place}." }',
        'text = { zh = """\n{teacher} 在 {place} 需要帮助。\n""", en = """\nHello,\n'
        '{teacher} needs help at {room}.\n""" }',
    )
    problems = check_playbook_file(write(text))
    problem = find(problems, "phases[0].steps[1].scripts[0].text.en", "unknown placeholder")
    line = source_line(problem)
    assert problem.col is not None and line[problem.col - 1 :].startswith("{room}")


def test_a_steps_order_declarations_are_loaded_and_checked(write: Write) -> None:
    text = DEFAULT_TEXT.replace(
        "urgent = 'at_hospital and", "urgent = 'answer(\"nope.step\") == \"x\" and", 1
    )
    assert text != DEFAULT_TEXT
    with pytest.raises(PlaybookError) as info:
        load_playbook(write(text))
    assert any(
        p.where.endswith(".urgent") and "nope.step" in p.message for p in info.value.problems
    )
    loaded = load_playbook(default_playbook_path())
    assert loaded.step("followup.archive").closing
    assert loaded.step("medical.route").ready is not None
    assert "medical.handover" in (loaded.step("custody.end").urgent or "")  # names expanded


def test_the_shipped_playbook_declares_the_role_the_reports_go_to() -> None:
    from oncall.playbook import load_playbook

    playbook = load_playbook(default_playbook_path())
    assert playbook.report_role in {role.id for role in playbook.roles}


def test_a_file_loaded_again_unchanged_is_not_read_again_but_a_changed_one_is(
    write: Write, valid_text: str
) -> None:
    """One command may load the same playbook twice (an export: the case's rules and
    the directory's roles); the second is the first. A file whose bytes changed since
    is loaded anew: what it says now is what counts."""
    path = write(valid_text, name="same.toml")
    first = load_playbook(path)
    assert load_playbook(path) is first
    path.write_text(valid_text.replace('version = "0.1.0"', 'version = "0.1.1"'), "utf-8")
    changed = load_playbook(path)
    assert changed is not first and changed.version == "0.1.1"
    path.write_text(valid_text.replace('kind = "choice"', 'kind = "chioce"'), "utf-8")
    with pytest.raises(PlaybookError):
        load_playbook(path)
