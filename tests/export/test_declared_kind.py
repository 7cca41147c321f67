"""Adding a record kind is its declaration (issue 16): a kind declared here, in the test
only, with no line of code anywhere else, is recorded through the one validated path,
named in words, described in the timeline and the Markdown export, and undone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from oncall.case import kinds as k
from oncall.case import replay
from oncall.describe import Describer
from oncall.export import case_record, render
from oncall.journal import Journal
from oncall.playbook import Playbook
from oncall.session import CaseSession, SessionError
from oncall.vocabulary.entries import ENTRIES, Entry, EntryField
from oncall.vocabulary.kind_words import kind_words
from oncall.vocabulary.text import Text
from support.scenes import TEACHER

from .conftest import FACTS, FakeClock

VISITOR = "test.visitor"
"""A kind no journal holds: declared by this test only."""

DECLARED = Entry(
    title=Text("来访登记", "Visitor logged"),
    words=Text("有人来访", "a visitor"),
    fields=(
        EntryField("visitor", "person", Text("来访者", "Visitor"), required=True),
        EntryField("minutes", "number", Text("停留（分钟）", "Stayed (minutes)")),
    ),
    menu="report",
)


@pytest.fixture
def declared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ENTRIES, VISITOR, DECLARED)


@pytest.mark.usefixtures("declared")
def test_a_kind_declared_in_a_test_is_recorded_described_exported_and_undone(
    journal: Journal, playbook: Playbook, clock: FakeClock
) -> None:
    session = CaseSession.open_new(journal, playbook, TEACHER, **FACTS)
    clock.advance(5)
    with pytest.raises(SessionError, match="Visitor is required"):
        session.record_entry(VISITOR, {"minutes": "10"})
    with pytest.raises(SessionError, match="not a number"):
        session.record_entry(VISITOR, {"visitor": "钱虚构", "minutes": "十"})
    event = session.record_entry(VISITOR, {"visitor": "钱虚构", "minutes": "10"})
    assert [(e.kind, e.data) for e in session.events()[1:]] == [
        (VISITOR, {"visitor": "钱虚构", "minutes": 10})
    ]

    assert kind_words(VISITOR, "en") == "a visitor"
    line = "来访登记：来访者：钱虚构；停留（分钟）：10"
    assert Describer(playbook, "zh")(event) == line
    english = "Visitor logged: Visitor: 钱虚构; Stayed (minutes): 10"
    assert Describer(playbook, "en")(event) == english
    now = clock() + timedelta(minutes=5)
    md = render("md", case_record(journal, session.case_id), playbook, now=now, lang="zh")
    assert line in md.decode("utf-8")

    assert any(e.kind == VISITOR for e in replay(playbook, session.events(), now).events)
    assert session.last_undoable() == event
    session.undo("记错了人")
    assert session.events()[-1].kind == k.CORRECTION
    state = replay(playbook, session.events(), now)
    assert all(e.kind != VISITOR for e in state.events)


def test_without_its_declaration_the_kind_is_refused(
    journal: Journal, playbook: Playbook
) -> None:
    session = CaseSession.open_new(journal, playbook, TEACHER, **FACTS)
    with pytest.raises(SessionError, match="not recorded from an entry"):
        session.record_entry(VISITOR, {"visitor": "钱虚构"})
