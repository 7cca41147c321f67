"""Script placeholders."""

from __future__ import annotations

from oncall.playbook import PLACEHOLDERS, fill, placeholders_in


def test_known_placeholders() -> None:
    names, problems = placeholders_in("{student_name} at {place}, {{literal}}")
    assert names == ["student_name", "place"] and problems == []
    assert {"student_name", "hospital", "guardian_name"} <= PLACEHOLDERS


def test_bad_placeholders() -> None:
    assert placeholders_in("a {name}")[1][0][0].startswith("unknown placeholder {name}")
    assert placeholders_in("a {name}")[1][0][1] == "{name"
    assert "unknown placeholder {}" in placeholders_in("{}")[1][0][0]
    assert "unbalanced" in placeholders_in("{place")[1][0][0]
    assert "must be plain" in placeholders_in("{place:>10}")[1][0][0]


def test_fill_leaves_unknown_values_visible() -> None:
    text = "{teacher} at {place} {{x}} {other}"
    assert fill(text, {"teacher": "王老师", "place": ""}) == "王老师 at {place} {x} {other}"
