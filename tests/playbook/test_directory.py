"""The school directory: loading, and the problems the checker reports."""

from __future__ import annotations

import pytest

from oncall.playbook import (
    PlaybookError,
    Problem,
    check_directory_file,
    check_file,
    load_directory,
    load_playbook,
)

from .helpers import DIRECTORY, VALID, Write


@pytest.fixture
def directory_text() -> str:
    return DIRECTORY.read_text(encoding="utf-8")


def variant(write: Write, text: str, old: str, new: str) -> list[Problem]:
    assert old in text
    return check_directory_file(write(text.replace(old, new, 1), "dir.toml"), load_playbook(VALID))


def test_loads() -> None:
    directory = load_directory(DIRECTORY, load_playbook(VALID))
    assert directory.school == "测试小学"
    assert directory.placeholder is True
    assert [p.name for p in directory.people_for("coach")] == ["Coach Test"]
    assert directory.people_for("nurse")[0].note == ""
    assert directory.people_for("leader") == ()
    assert [i.id for i in directory.institutions_of("hospital")] == ["clinic"]
    assert directory.institution("ambulance").phone == "120"
    assert directory.institution("ambulance").address == ""
    with pytest.raises(KeyError):
        directory.institution("nope")
    assert len(directory.content_hash) == 64


def test_roles_are_checked_against_the_default_playbook_by_default() -> None:
    problems = check_directory_file(DIRECTORY)  # coach/nurse are not default roles
    assert {p.where for p in problems} == {"people[0].role", "people[1].role"}
    with pytest.raises(PlaybookError):
        load_directory(DIRECTORY)


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            'role = "nurse"',
            'role = "nurze"',
            "people[1].role",
            "unknown role 'nurze': not a role of the playbook; did you mean 'nurse'?",
        ),
        ('role = "nurse"', 'role = "Nurse!"', "people[1].role", "not a valid id"),
        ('phone = "120"', 'phone = "call me"', "institutions[1].phone", "not a phone number"),
        ('phone = "120"', 'phone = "12"', "institutions[1].phone", "at least 3 digits"),
        ('kind = "hospital"', 'kind = "hospice"', "institutions[0].kind", "not one of"),
        (
            'id = "ambulance"',
            'id = "clinic"',
            "institutions[1].id",
            "duplicate institution id 'clinic'",
        ),
        ('name = "Nurse Test"\n', "", "people[1].name", "missing required key 'name'"),
        (
            "placeholder = true",
            'placeholder = "yes"',
            "school.placeholder",
            "must be true or false",
        ),
        (
            "placeholder = true",
            "placeholder = true\nmotto = 1",
            "school.motto",
            "unknown key 'motto'",
        ),
        ('en = "Test clinic"', 'en = ""', "institutions[0].name.en", "missing translation"),
        ('address = "1 Test Road"', "address = 1", "institutions[0].address", "must be a string"),
    ],
)
def test_problem(
    write: Write, directory_text: str, old: str, new: str, where: str, message: str
) -> None:
    problems = variant(write, directory_text, old, new)
    assert any(p.where == where and message in p.message for p in problems), problems
    assert all(p.line for p in problems if p.where)


def test_missing_school(write: Write) -> None:
    problems = check_directory_file(write("[[people]]\nrole = 1\n", "directory.toml"))
    assert any(p.where == "school" and "missing required key" in p.message for p in problems)
    assert any(p.where == "people[0].role" for p in problems)


def test_check_file_tells_playbooks_from_directories(write: Write) -> None:
    assert check_file(VALID) == ("playbook", [])
    kind, _problems = check_file(DIRECTORY, load_playbook(VALID))
    assert kind == "directory"
    assert check_file(write(b"\xff", "directory.toml"))[0] == "directory"
    assert check_file(write(b"\xff", "other.toml"))[0] == "playbook"


def test_the_default_directory_has_the_school_address_and_12356() -> None:
    from oncall.locations import default_directory_path, default_playbook_path

    playbook = load_playbook(default_playbook_path())
    directory = load_directory(default_directory_path(), playbook)
    assert directory.address  # read out to 120 and 110
    [line] = directory.institutions_of("hotline")
    assert line.phone == "12356"
    numbers = {i.phone for i in directory.institutions}
    assert {"120", "110", "12356"} <= numbers
    # the 120 and 110 scripts of the danger path read the address out
    for step_id in ("danger.call120", "danger.call110"):
        for script in playbook.step(step_id).scripts:
            assert "{school_address}" in script.text.zh
            assert "{school_address}" in script.text.en


def test_a_school_without_an_address_still_loads(write: Write, directory_text: str) -> None:
    directory = load_directory(write(directory_text, "dir.toml"), load_playbook(VALID))
    assert directory.address == ""
    problems = variant(write, directory_text, "[school]\n", '[school]\naddress = 3\n')
    assert any("school.address" in p.where for p in problems)
