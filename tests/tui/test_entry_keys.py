"""Every key lands where it was meant, in every entry (issue 16).

For every kind of record a teacher enters on the case screen, one parametrised test
opens its entry with the keys a person uses, moves with Tab, types a time and values
key by key (a digit into a choice only once the choice has focus), presses Ctrl+S, and
finds exactly that event in the encrypted journal: its kind, its time, its values.
Other tests hold the rules around it: the form opens on the field to fill, `e` opens
on the time, keys typed before a form has drawn go into it, Tab stays inside the form,
Enter on the last field records, a refused time says why at the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Label, Select

from oncall.case import kinds as k
from oncall.tui.app import OncallApp
from oncall.tui.dialogs import FormPanel
from oncall.tui.screens.case import CaseScreen
from support.clocks import T0, FakeClock

from .conftest import build, new_case, unlock

T = TypeVar("T")

OPENED = T0  # 14:00 in Beijing: the case opens
TYPED_AT = "14:05"
WHEN = T0 + timedelta(minutes=5)


@dataclass(frozen=True)
class Entry:
    kind: str
    keys: tuple[str, ...]
    """From the case screen: the keys that open the entry."""
    typed: tuple[tuple[str, str], ...]
    """(field id, what is typed): a text typed key by key; a digit for a choice; "space"
    ticks a box."""
    data: dict[str, Any] = field(default_factory=dict)
    """What the event must hold (a dotted key reaches into a nested value)."""
    timed: bool = True


ENTRIES = [
    Entry(k.NOTE, ("semicolon",), (("text", "学生要了一杯水"),), {"text": "学生要了一杯水"}),
    Entry(
        k.LEVEL_CONFIRMED,
        ("l",),
        (("level", "2"), ("reason", "已劝回"), ("assessors", "王虚构老师,张虚构老师")),
        {"level": "II", "assessors": ["王虚构老师", "张虚构老师"]},
    ),
    Entry(
        k.CUSTODY_STARTED,
        ("c", "1"),
        (("place", "心理辅导室"), ("custodians", "王虚构老师"), ("observation", "2")),
        {"place": "心理辅导室", "custodians": ["王虚构老师"]},
    ),
    Entry(
        k.CUSTODY_CHECKIN,
        ("c", "2"),
        (("by", "赵虚构老师"), ("state", "平静")),
        {"by": "赵虚构老师", "state": "平静"},
    ),
    Entry(
        k.CUSTODY_HANDOVER,
        ("c", "3"),
        (
            ("to", "张虚构老师"),
            ("severity", "一级"),
            ("summary", "情绪低落"),
            ("readback", "space"),
        ),
        {"to": ["张虚构老师"], "ipass.severity": "一级", "ipass.summary": "情绪低落"},
    ),
    Entry(k.CUSTODY_CUSTODIAN_LEFT, ("c", "4"), (("name", "赵虚构老师"),), {"name": "赵虚构老师"}),
    Entry(
        k.CUSTODY_ENDED,
        ("c", "5"),
        (("to", "1"), ("received_by", "周虚构"), ("place", "学校门口")),
        {"to": "guardian", "received_by": "周虚构", "place": "学校门口"},
    ),
    Entry(
        k.CONTACT_ATTEMPT,
        ("p", "1"),
        (("outcome", "3"), ("target", "周虚构"), ("phone", "139-0000-0001")),
        {"outcome": "switched_off", "target": "周虚构"},
    ),
    Entry(
        k.GUARDIAN_ADDED,
        ("p", "2"),
        (("name", "周虚构"), ("relation", "母亲"), ("phone", "139-0000-0001")),
        {"name": "周虚构", "phone": "139-0000-0001"},
        timed=False,
    ),
    Entry(
        k.FAMILY_DECISION,
        ("p", "3"),
        (("decision", "1"), ("eta", "14:40"), ("by", "周虚构")),
        {"decision": "coming", "by": "周虚构"},
        timed=False,
    ),
    Entry(k.FAMILY_ARRIVED, ("p", "4"), (("who", "周虚构"),), {"who": ["周虚构"]}),
    Entry(k.MEDICAL_CALLED, ("m", "1"), (("number", "2"),), {"number": "110"}),
    Entry(
        k.MEDICAL_ACCOMPANY,
        ("m", "2"),
        (("staff", "王虚构老师"), ("guardian", "周虚构")),
        {"staff": ["王虚构老师"], "guardian": "周虚构"},
    ),
    Entry(k.MEDICAL_ARRIVED, ("m", "3"), (("hospital", "市虚构医院"),), {"hospital": "市虚构医院"}),
    Entry(
        k.MEDICAL_HANDOVER,
        ("m", "4"),
        (("hospital", "市虚构医院"), ("staff", "刘虚构医生"), ("ward_custody", "space")),
        {"hospital": "市虚构医院", "staff": "刘虚构医生", "ward_custody": True},
    ),
    Entry(
        k.REFERRAL,
        ("m", "5"),
        (("institution", "市虚构精神卫生中心"), ("consent", "space")),
        {"institution": "市虚构精神卫生中心", "consent": True},
    ),
    Entry(k.REPORT_PHONE, ("r", "1"), (("to", "王虚构校长"),), {"to": "王虚构校长"}),
    Entry(k.REPORT_WRITTEN, ("r", "2"), (("to", "王虚构校长"),), {"to": "王虚构校长"}),
    Entry(k.REPORT_WEEKLY, ("r", "3"), (("summary", "本周稳定"),), {"summary": "本周稳定"}),
    Entry(k.NOTIFIED, ("r", "4"), (("role", "1"), ("person", "钱虚构")), {"person": "钱虚构"}),
    Entry(
        k.STAFF_ARRIVED,
        ("r", "5"),
        (("role", "3"), ("who", "张虚构老师")),
        {"role": "counselor", "who": "张虚构老师"},
    ),
    Entry(
        k.CASE_FACT,
        ("f",),
        (("seen", "学生在窗边"),),
        {"field": "seen", "value": "学生在窗边"},
        timed=False,
    ),
]


def held(data: dict[str, Any], key: str) -> Any:
    value: Any = data
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def marked(app: OncallApp) -> list[str]:
    """The fields whose label carries the focus mark (▸), read as text."""
    form = form_of(app)
    labels = {f.id: form.query_one(f"#l-{f.id}", Label) for f in form.fields if f.kind != "bool"}
    return [key for key, label in labels.items() if str(label.render()).startswith("▸")]


def form_of(app: OncallApp) -> FormPanel:
    screen = app.screen
    assert isinstance(screen, CaseScreen) and screen.panels
    panel = screen.panels[-1]
    assert isinstance(panel, FormPanel)
    return panel


async def tab_to(pilot: Pilot[None], app: OncallApp, field_id: str) -> None:
    """Tab (as a person would) until the field has focus."""
    for _ in range(20):
        focused = app.screen.focused
        if focused is not None and focused.id == f"f-{field_id}":
            return
        await pilot.press("tab")
        await pilot.pause()
    raise AssertionError(f"Tab never reached {field_id}")


async def fill(pilot: Pilot[None], app: OncallApp, field_id: str, typed: str) -> None:
    await tab_to(pilot, app, field_id)
    widget = app.screen.focused
    if isinstance(widget, Select | Checkbox):
        await pilot.press(typed)  # a digit picks, Space ticks: only with focus
    else:
        assert isinstance(widget, Input)
        await pilot.press(*typed)  # focus selects what was there: typing replaces it
    await pilot.pause()


async def opened_case(pilot: Pilot[None], app: OncallApp, clock: FakeClock) -> CaseScreen:
    await unlock(pilot, app)
    await new_case(pilot, app)
    clock.advance(10)  # the entry is made at 14:10, about 14:05
    screen = app.screen
    assert isinstance(screen, CaseScreen)
    return screen


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.kind for e in ENTRIES])
async def test_each_entry_records_what_was_typed(
    home: Path, clock: FakeClock, entry: Entry
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened_case(pilot, app, clock)
        assert app.journal is not None
        before = len(app.journal.events(screen.case_id))
        await pilot.press(*entry.keys)
        await pilot.pause()
        form_of(app)
        for field_id, typed in entry.typed:
            await fill(pilot, app, field_id, typed)
        if entry.timed:
            await fill(pilot, app, "at", TYPED_AT)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.panels, str(form_of(app).query_one("#dialog-error").render())
        new = app.journal.events(screen.case_id)[before:]
        recorded = [e for e in new if e.kind == entry.kind]
        assert len(recorded) == 1, [e.kind for e in new]
        event = recorded[0]
        assert event.at_time == (WHEN if entry.timed else clock.now)
        assert {key: held(event.data, key) for key in entry.data} == entry.data


def test_every_entry_kind_is_walked() -> None:
    """A kind with its own entry and no walk here fails: add it to ENTRIES."""
    from oncall.vocabulary.entries import ENTRIES as DECLARED

    assert {e.kind for e in ENTRIES} == set(DECLARED)


async def test_e_on_the_120_step_takes_2142_typed_key_by_key(home: Path, clock: FakeClock) -> None:
    """The issue's night: the 120 step, `e`, `21:42` typed: the number stays 120 (the
    time field has the focus, so the `2` is typed, not picked), at 21:42, recorded now."""
    clock.now = T0 + timedelta(hours=7, minutes=40)  # 21:40
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        # danger: the danger check (a means at hand), then stayed with the student
        await pilot.press("exclamation_mark", "2", "space", "space")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.shown_step is not None
        assert app.playbook.step(screen.shown_step).milestone == "ambulance_called"
        clock.advance(6)  # 21:46
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.focused is form_of(app).query_one("#f-at")
        await pilot.press("2", "1", "colon", "4", "2", "ctrl+s")
        await pilot.pause()
        assert app.journal is not None
        calls = [e for e in app.journal.events(screen.case_id) if e.kind == k.MEDICAL_CALLED]
        assert [(c.data["number"], c.at_time, c.recorded_time) for c in calls] == [
            ("120", T0 + timedelta(hours=7, minutes=42), clock.now)
        ]


async def test_keys_typed_before_the_form_draws_all_go_into_it(
    home: Path, clock: FakeClock
) -> None:
    """`;` and at once a burst (a paste, a fast typist, an input method's word): every
    key is in the note; none opens a menu of the screen behind (`p`, `c`, `m`…)."""
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened_case(pilot, app, clock)
        burst = "pcm 家长马上到 lr 1"
        app.post_message(events.Key("semicolon", ";"))
        for char in burst:  # as a terminal delivers them: no wait between keys
            app.post_message(events.Key("space" if char == " " else char, char))
        await pilot.pause()
        await pilot.pause()
        assert len(screen.panels) == 1
        note = form_of(app).query_one("#f-text", Input)
        assert note.value == burst
        assert marked(app) == ["text"]  # where the keys went, shown in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.journal is not None
        notes = [e for e in app.journal.events(screen.case_id) if e.kind == k.NOTE]
        assert [n.data["text"] for n in notes] == [burst]


async def test_a_word_typed_right_behind_a_menus_digit_goes_into_the_form_it_opens(
    home: Path, clock: FakeClock
) -> None:
    """`c`, then at once `1` and the place (an input method committing the word as the
    digit lands, or a fast typist): the menu's digit opens the custody form and the word
    is its first field's, digits and all; before, it was lost with the closing menu."""
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened_case(pilot, app, clock)
        await pilot.press("c")
        await pilot.pause()
        for char in "1心理辅导室3号x":  # as a terminal delivers them: no wait between keys
            app.post_message(events.Key(char, char))
        await pilot.pause()
        await pilot.pause()
        assert len(screen.panels) == 1
        assert form_of(app).query_one("#f-place", Input).value == "心理辅导室3号x"
        assert marked(app) == ["place"]


async def test_tab_and_shift_tab_stay_inside_the_form(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened_case(pilot, app, clock)
        await pilot.press("m", "4")  # four fields
        await pilot.pause()
        form = form_of(app)
        seen = []
        for key in ("tab",) * 6 + ("shift+tab",) * 6:
            await pilot.press(key)
            await pilot.pause()
            focused = app.screen.focused
            assert focused is not None and form in focused.ancestors, key
            seen.append(focused.id)
        assert set(seen) == {"f-hospital", "f-staff", "f-ward_custody", "f-at"}


async def test_enter_on_the_last_field_records(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened_case(pilot, app, clock)
        await pilot.press("r", "3")
        await pilot.pause()
        await pilot.press(*"本周稳定", "tab", *TYPED_AT, "enter")
        await pilot.pause()
        assert not screen.panels
        assert app.journal is not None
        weekly = [e for e in app.journal.events(screen.case_id) if e.kind == k.REPORT_WEEKLY]
        assert [(e.data["summary"], e.at_time) for e in weekly] == [("本周稳定", WHEN)]


@pytest.mark.parametrize(
    ("typed", "says"),
    [("13:50", "早于本案开启（11-23 14:00）"), ("11-24 09:00", "还没到")],
    ids=["before the case opened", "in the future"],
)
async def test_a_refused_time_says_why_at_the_field(
    home: Path, clock: FakeClock, typed: str, says: str
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened_case(pilot, app, clock)
        assert app.journal is not None
        before = len(app.journal.events(screen.case_id))
        await pilot.press("semicolon", *"学生要了一杯水", "tab", *typed, "ctrl+s")
        await pilot.pause()
        form = form_of(app)  # still open, with what was typed
        refusal = form.query_one("#e-at")
        assert refusal.display and says in str(refusal.render())
        assert app.screen.focused is form.query_one("#f-at")
        assert form.query_one("#f-text", Input).value == "学生要了一杯水"
        assert len(app.journal.events(screen.case_id)) == before


async def test_a_digit_picks_a_choice_only_while_the_choice_has_focus(
    home: Path, clock: FakeClock
) -> None:
    """In the call form the outcome has the focus: `3` picks "switched off" and moves
    on; the digits typed next are the phone number, and the outcome stays."""
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened_case(pilot, app, clock)
        await pilot.press("p", "1")
        await pilot.pause()
        form = form_of(app)
        assert app.screen.focused is form.query_one("#f-outcome")
        await pilot.press("3")
        await pilot.pause()
        assert form.query_one("#f-outcome", Select).value == "switched_off"
        assert app.screen.focused is form.query_one("#f-target")
        await pilot.press(*"周虚构", "tab", "1", "2")
        await pilot.pause()
        assert form.query_one("#f-outcome", Select).value == "switched_off"
        assert form.query_one("#f-phone", Input).value == "12"


async def test_a_school_keymap_rebinds_by_binding_id(home: Path, clock: FakeClock) -> None:
    """oncall.toml's `[keymap] "case.note" = "n"`: `n` opens the note, and the burst
    typed after it still lands in the note."""
    from oncall.tui.app import make_app

    app = make_app(
        home=home, clock=clock, create_options={"kdf_n": 2**10}, keymap={"case.note": "n"}
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened_case(pilot, app, clock)
        await pilot.press("n", *"学生平静")
        await pilot.pause()
        assert screen.panels
        assert form_of(app).query_one("#f-text", Input).value == "学生平静"


async def test_a_kind_declared_in_a_test_has_its_menu_line_form_and_record(
    home: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a kind is its declaration: declared here only (no hook, no label, no menu
    line written anywhere else), it is the report menu's fifth line, its form asks its
    fields and when, and Ctrl+S records exactly what was typed."""
    from oncall.vocabulary.entries import ENTRIES as DECLARED
    from oncall.vocabulary.entries import Entry as Declared
    from oncall.vocabulary.entries import EntryField
    from oncall.vocabulary.text import Text

    visitor = Declared(
        Text("来访登记", "Visitor logged"),
        Text("有人来访", "a visitor"),
        (EntryField("visitor", "person", Text("来访者", "Visitor"), required=True),),
        menu="report",
    )
    monkeypatch.setitem(DECLARED, "test.visitor", visitor)
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened_case(pilot, app, clock)
        # the report menu's lines are its declared kinds in order: the new one is last
        line = sum(1 for entry in DECLARED.values() if entry.menu == "report")
        await pilot.press("r", str(line))
        await pilot.pause()
        form = form_of(app)
        assert form.title_text == "来访登记"
        await fill(pilot, app, "visitor", "钱虚构")
        await fill(pilot, app, "at", TYPED_AT)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.journal is not None
        found = [e for e in app.journal.events(screen.case_id) if e.kind == "test.visitor"]
        assert [(e.data, e.at_time) for e in found] == [({"visitor": "钱虚构"}, WHEN)]


async def test_a_form_reads_in_text_where_keys_go_what_is_prefilled_and_how_a_time_is_written(
    home: Path, clock: FakeClock
) -> None:
    """A stranger's walk, read off `capture-pane` (no colour): the focused field carries ▸
    and Tab moves it; a field the case filled in says so, so a key typed there is seen
    to replace it; every time field says HH:MM (the family decision's ETA had lost it)."""
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened_case(pilot, app, clock)
        await pilot.press("m", "1")  # the call: its caller is who is at the keyboard
        await pilot.pause()
        form = form_of(app)
        assert marked(app) == ["number"]
        caller = str(form.query_one("#l-by", Label).render())
        assert caller.endswith("拨打人（已填）")
        assert "（已填）" not in str(form.query_one("#l-at", Label).render())
        await pilot.press("1")  # picks 120 and moves on: the mark follows the focus
        await pilot.pause()
        assert marked(app) == ["by"]
        await pilot.press("escape", "p", "3")
        await pilot.pause()
        eta = str(form_of(app).query_one("#l-eta", Label).render())
        assert eta.strip() == "预计到达（HH:MM）"


def footer_keys(screen: CaseScreen) -> list[str]:
    """The keys the case screen's footer shows now."""
    from oncall.tui.widgets.footer import KeysFooter

    footer = screen.query_one(KeysFooter)
    return [key.key for key in footer.query("FooterKey") if key.parent.display]


async def first_frame_after_ctrl_s(
    pilot: Pilot[None], screen: CaseScreen, look: Callable[[], T]
) -> T:
    """Ctrl+S on the open form: what `look` sees in the first frame drawn once the
    entry is recorded and the form closed."""
    import asyncio

    drawn: asyncio.Future[T] = asyncio.get_running_loop().create_future()
    recorded = screen.recorded

    def hooked() -> None:
        recorded()
        screen.call_after_refresh(lambda: drawn.set_result(look()))

    screen.recorded = hooked  # type: ignore[method-assign]
    try:
        await pilot.press("ctrl+s")
        return await drawn
    finally:
        screen.recorded = recorded  # type: ignore[method-assign]


async def test_the_footer_shows_the_forms_keys_then_the_case_keys_again_after_each_submit(
    home: Path, clock: FakeClock
) -> None:
    """The footer names Ctrl+S while a form is open and the case screen's keys once it
    is submitted, every time (the case's keys are shown again as first built)."""
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened_case(pilot, app, clock)
        await pilot.pause()
        case_keys = footer_keys(screen)
        assert case_keys and "ctrl+s" not in case_keys
        for text in ("一", "二"):
            await pilot.press("semicolon", text)
            await pilot.pause()
            assert "ctrl+s" in footer_keys(screen)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not screen.panels
            assert footer_keys(screen) == case_keys


async def test_the_frame_that_shows_a_form_closed_shows_the_case_keys(
    home: Path, clock: FakeClock
) -> None:
    """The first frame drawn after Ctrl+S, the one where the case screen is back, names
    the case screen's keys, not the closed form's Ctrl+S and Esc for one more frame."""
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened_case(pilot, app, clock)
        await pilot.pause()
        case_keys = footer_keys(screen)
        for text in ("一", "二"):
            await pilot.press("semicolon", text)
            await pilot.pause()
            shown = await first_frame_after_ctrl_s(pilot, screen, lambda: footer_keys(screen))
            assert shown == case_keys


async def test_the_frame_after_ctrl_s_shows_the_case_and_the_form_is_then_gone(
    home: Path, clock: FakeClock
) -> None:
    """The first frame drawn after Ctrl+S lays the case out again (its phases and step
    are in sight, not the space the form left); the closed form's widgets are torn down
    after that frame, so forms do not pile up in a long case."""
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened_case(pilot, app, clock)
        body = screen.query_one("#case-body")

        def body_in_sight() -> bool:
            return body in screen._compositor.visible_widgets

        for text in ("一", "二", "三"):
            await pilot.press("semicolon", text)
            await pilot.pause()
            assert not body_in_sight()
            assert await first_frame_after_ctrl_s(pilot, screen, body_in_sight)
            await pilot.pause()
            await pilot.pause()
            assert not list(screen.query(FormPanel))
