"""The one form builder (issue 16): every entry form is its kind's declaration, so a
label, a required mark or a choice list is written once, in `vocabulary.entries`."""

from __future__ import annotations

import pytest

from oncall.tui.entries.form import CONTROL, declared_form
from oncall.tui.entries.registry import entry_for
from oncall.vocabulary import kinds
from oncall.vocabulary.entries import ENTRIES
from oncall.vocabulary.words import CALL_NUMBERS, HANDOVER_TO


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", list(ENTRIES))
def test_each_declared_field_becomes_its_control(kind: str, lang: str) -> None:
    form = declared_form(kind, lang)  # type: ignore[arg-type]
    fields = form[:-1] if ENTRIES[kind].timed else form
    if ENTRIES[kind].timed:  # a time it happened, blank = now
        assert form[-1].id == "at" and form[-1].kind == "time" and not form[-1].required
    assert [f.id for f in fields] == [f.id for f in ENTRIES[kind]]
    for built, declared in zip(fields, ENTRIES[kind], strict=True):
        assert built.label.startswith(declared.label.get(lang))  # type: ignore[arg-type]
        if declared.hint is not None:  # how to write it: in the form only
            assert built.label.endswith(declared.hint.get(lang))  # type: ignore[arg-type]
        assert built.required == declared.required
        assert built.kind == CONTROL[declared.type]
        if declared.options:
            assert [value for value, _ in built.choices] == list(declared.options)


def test_choices_are_the_word_lists_in_the_ui_language() -> None:
    number = declared_form(kinds.MEDICAL_CALLED, "en")[0]
    assert number.choices == tuple((n, text.en) for n, text in CALL_NUMBERS.items())
    to = declared_form(kinds.CUSTODY_ENDED, "zh")[0]
    assert to.choices == tuple((h, text.zh) for h, text in HANDOVER_TO.items())


def test_prefills_fill_their_fields_and_a_list_reads_as_names() -> None:
    form = declared_form(
        kinds.MEDICAL_ACCOMPANY, "zh", {"staff": ["王虚构老师", "张虚构老师"]}, when=False
    )
    assert [f.id for f in form] == ["staff", "guardian", "attorney"]
    assert form[0].value == "王虚构老师, 张虚构老师"
    assert form[0].label == "陪同教师（逗号分隔）"
    assert form[1].value is None


def test_a_choice_with_no_word_list_takes_its_choices_from_the_caller() -> None:
    roles = (("leader", "主管领导"), ("counselor", "心理辅导老师"))
    role = declared_form(kinds.NOTIFIED, "zh", choices={"role": roles})[0]
    assert role.choices == roles


def test_every_declared_kind_has_an_entry_without_a_hook_of_its_own() -> None:
    """Adding a kind is its declaration: a step that records it gets its form."""
    assert all(entry_for(kind) is not None for kind in ENTRIES)
    assert entry_for(kinds.STEP_DONE) is None  # not an entry: the step's own key
