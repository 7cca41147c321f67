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


def test_every_placeholder_has_a_worded_blank_in_both_languages() -> None:
    """A value the case does not know shows as words (【学校地址】), never as the
    placeholder's own name (【school_address】, which a stranger's walk met in the 120
    script)."""
    from oncall.wording import blank

    for name in PLACEHOLDERS:
        zh, en = blank(name, "zh"), blank(name, "en")
        assert name not in zh and not any("a" <= ch <= "z" for ch in zh), zh
        assert "_" not in en, en
