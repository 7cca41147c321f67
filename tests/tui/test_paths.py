"""Whole cases through the default playbook, by keys; the journal is checked after."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from oncall.case import replay
from oncall.tui.app import OncallApp
from oncall.tui.screens.case import CaseScreen
from oncall.tui.widgets.event_table import EventTable

from .conftest import FakeClock, build, kinds, new_case, submit_form, unlock


def screen(app: OncallApp) -> CaseScreen:
    assert isinstance(app.screen, CaseScreen)
    return app.screen


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def first_steps(pilot: Pilot[None], app: OncallApp) -> None:
    """No immediate danger; stay with the student; tell the leader, counselor, class
    teacher (each through its own entry, opened by Space on the step)."""
    assert screen(app).shown_step == "danger.check"
    await press(pilot, "enter", "enter")  # nothing ticked; Enter again: none of them
    assert screen(app).shown_step == "first.stay"
    await press(pilot, "space")
    assert screen(app).shown_step == "first.report_leader"
    await press(pilot, "space")
    # the example directory's people are samples (placeholder = true): never prefilled
    assert app.screen.query_one("#f-to", Input).value == ""
    await submit_form(pilot, {"to": "王虚构校长"})
    assert screen(app).shown_step == "first.counselor"
    await press(pilot, "space")
    await submit_form(pilot, {"person": "张虚构老师"})
    await press(pilot, "space")
    await submit_form(pilot, {"person": "班主任"})


async def risk_check(pilot: Pilot[None], app: OncallApp, asq: str, assessment: str) -> None:
    """Warning signals, factors, dimensions (each list: none); the counselor's arrival
    (her name prefilled from whom the case called); the ASQ (digits: 1 yes, 2 no, 3
    refused)."""
    await press(pilot, *("enter", "enter") * 3)
    assert screen(app).shown_step == "risk.assessor"  # the ASQ waits for her
    await press(pilot, "space")
    await submit_form(pilot, {})
    await press(pilot, "space")
    assert screen(app).shown_step == "risk.asq.q1"
    for digit in asq:
        await press(pilot, digit)
    # the screen's result, then (non-acute) the brief safety assessment, up to the level
    for _ in range(20):
        shown = screen(app).shown_step
        if shown == "risk.level":
            break
        step = app.playbook.step(shown)
        if shown == "risk.stay":  # a positive screen: who stays with the student
            await press(pilot, "space")
            await submit_form(pilot, {"place": "心理室", "custodians": "王,张"})
        elif shown == "risk.safety_assessment":
            assert assessment, "a non-acute positive leads to the counselor's disposition"
            await press(pilot, assessment)
        elif step.kind == "check":
            await press(pilot, "enter", "enter")  # nothing ticked: none
        elif step.kind in ("question", "choice"):
            await press(pilot, "1")
        else:
            await press(pilot, "space")


async def test_level_i_acute_asq_custody_family_hospital_and_closing(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app, place="楼", seen="哭", student="李", age="14")
        await first_steps(pilot, app)
        await risk_check(pilot, app, asq="12121", assessment="")  # acute: no BSSA
        assert screen(app).shown_step == "risk.level"
        await press(pilot, "space")  # the level dialog shows the suggestion and its drivers
        intro = str(app.screen.query_one("#dialog-intro").render())
        assert "ASQ" in intro and "I" in intro
        await submit_form(pilot, {"assessors": "王,张,赵"})
        assert screen(app).state.level == "I"

        # 24-hour custody (started at the positive screen, with who stays), then two
        # shift handovers
        assert screen(app).state.steps["custody.start"].status == "done"
        assert screen(app).state.custody.custodians == ("王", "张")
        for giver, receiver in (("王,张", "刘"), ("刘", "陈,周")):
            await press(pilot, "c", "3")
            await submit_form(
                pilot, {"from": giver, "to": receiver, "summary": "平稳", "readback": "yes"}
            )
        assert screen(app).state.custody.custodians == ("陈", "周")

        # parents: first number unanswered, then reached, coming
        await press(pilot, "p", "2")
        await submit_form(pilot, {"name": "父亲", "phone": "010-1"})
        await press(pilot, "p", "1")
        await submit_form(pilot, {"outcome": "no_answer"})  # no default: the teacher picks
        assert not screen(app).state.contacts.reached
        await press(pilot, "p", "1")
        await submit_form(pilot, {"outcome": "reached", "said": "马上来"})
        assert screen(app).state.contacts.reached
        await press(pilot, "p", "3")
        await submit_form(pilot, {"decision": "coming"})

        # hospital: 120, accompany, arrival, handover to named staff
        await press(pilot, "m", "1")
        await submit_form(pilot, {"number": "120"})  # from the menu: no number until picked
        await press(pilot, "m", "2")
        await submit_form(pilot, {"staff": "王"})
        await press(pilot, "m", "3")
        await submit_form(pilot, {"hospital": "示例医院"})
        await press(pilot, "m", "4")
        await submit_form(pilot, {"staff": "刘医生"})
        # safety handover ends custody; the written report; closing
        await press(pilot, "c", "5")
        await submit_form(pilot, {"to": "hospital", "received_by": "刘医生", "place": "急诊"})
        await press(pilot, "r", "2")
        # the written report goes to the leader the phone report named
        assert app.screen.query_one("#f-to", Input).value == "王虚构校长"
        await submit_form(pilot, {})
        await press(pilot, "x")
        await submit_form(pilot, {"reason": "已移交医院"})
        assert "已结案" in str(app.screen.query_one("#next-action").render())

    recorded = [e.kind for e in journal_events(home, case_id)]
    for kind in (
        "level.confirmed",
        "custody.started",
        "custody.handover",
        "contact.attempt",
        "family.decision",
        "medical.called",
        "medical.handover",
        "custody.ended",
        "report.written",
        "case.closed",
    ):
        assert kind in recorded, kind
    assert recorded.count("custody.handover") == 2
    assert app.journal is None  # closed with the app
    from oncall.journal import Journal

    from .conftest import PASSPHRASE

    with Journal.open(home, PASSPHRASE) as journal:
        state = replay(app.playbook, journal.events(case_id), clock())
        assert journal.verify().ok
    assert state.closed and state.level == "I"
    assert state.custody.ended is not None and state.custody.ended.to == "hospital"
    assert [a.outcome for a in state.contacts.attempts] == ["no_answer", "reached"]
    assert state.timer("report-written") is not None and state.timer("report-written").met  # type: ignore[union-attr]
    assert {e.actor for e in journal_events(home, case_id)} == {"王虚构老师"}


def journal_events(home: Path, case_id: str) -> list:  # type: ignore[type-arg]
    from oncall.journal import Journal

    from .conftest import PASSPHRASE

    with Journal.open(home, PASSPHRASE, read_only=True) as journal:
        return journal.events(case_id)


async def test_level_ii_parents_come_and_sign_a_written_agreement(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app, place="班", seen="低落", student="周", age="15")
        await first_steps(pilot, app)
        # positive, not acute: the BSSA, then the counselor asks for follow-up
        await risk_check(pilot, app, asq="12222", assessment="2")
        await press(pilot, "space")
        await submit_form(pilot, {"assessors": "王,张,赵"})
        assert screen(app).state.level == "II"
        await press(pilot, "p", "2")
        await submit_form(pilot, {"name": "母亲", "phone": "010-2"})
        await press(pilot, "p", "1")
        await submit_form(pilot, {"outcome": "reached"})
        await press(pilot, "p", "3")
        await submit_form(pilot, {"decision": "agreement"})
        await press(pilot, "p", "4")
        await submit_form(pilot, {"who": "母亲"})
    state = replay(app.playbook, journal_events(home, case_id), clock())
    assert state.level == "II"
    assert [d.decision for d in state.contacts.decisions] == ["agreement"]
    assert state.contacts.arrived == ("母亲",)


async def test_level_iii_monitoring_group_and_weekly_report(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app, place="班", seen="失眠", student="吴", age="13")
        await first_steps(pilot, app)
        await press(pilot, "enter", "enter", "1", "enter", "enter", "enter")  # one factor
        await press(pilot, "space")  # the counselor arrives: recorded, then the ASQ
        await submit_form(pilot, {})
        await press(pilot, "space")
        for digit in "2222":
            await press(pilot, digit)
        while screen(app).shown_step != "risk.level":
            await press(pilot, "space")
        await press(pilot, "space")
        await submit_form(pilot, {"assessors": "王,张,赵"})
        assert screen(app).state.level == "III"
        assert screen(app).shown_step == "monitor.group"
        await press(pilot, "space")
        await submit_form(pilot, {"lead": "班主任", "member_2": "甲", "member_3": "乙"})
        await press(pilot, "r", "3")
        await submit_form(pilot, {"summary": "情绪平稳"})
    recorded = [e.kind for e in journal_events(home, case_id)]
    assert "report.weekly" in recorded
    state = replay(app.playbook, journal_events(home, case_id), clock())
    assert state.steps["monitor.group"].status == "answered"


async def test_immediate_danger_is_one_key_from_any_step(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app, place="楼", seen="站", student="郑", age="16")
        await press(pilot, "enter", "enter", "space")
        await press(pilot, "exclamation_mark")
        assert screen(app).state.level == "I"
        assert kinds(app, case_id)[-1] == "danger.declared"
        assert screen(app).shown_step is not None
        assert screen(app).shown_step.startswith("danger.")
        assert "I" in str(app.screen.query_one("#case-header").render())


async def test_overdue_check_in_rings_and_stays_until_handled(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    bells: list[int] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
        await unlock(pilot, app)
        await new_case(pilot, app, place="楼", seen="哭", student="孙", age="14")
        await press(pilot, "c", "1")
        await submit_form(pilot, {"place": "心理室", "custodians": "王"})
        clock.advance(16)
        screen(app).tick()
        await pilot.pause()
        warnings = str(app.screen.query_one("#warnings").render())
        assert "⚠" in warnings and "checkin" in " ".join(screen(app).state.warning_codes)
        assert bells == [1]
        clock.advance(1)
        screen(app).tick()
        await pilot.pause()
        assert bells == [1]  # rung once, still shown
        assert "⚠" in str(app.screen.query_one("#warnings").render())
        await press(pilot, "c", "2")
        await submit_form(pilot, {})
        assert "checkin_overdue" not in screen(app).state.warning_codes


async def test_undo_note_late_entry_and_skip(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app, place="楼", seen="哭", student="钱", age="14")
        await press(pilot, "enter", "enter", "space")  # danger check none; stayed with the student
        assert screen(app).state.steps["first.stay"].status == "done"
        await press(pilot, "u")
        await submit_form(pilot, {"reason": "按错"})
        assert screen(app).state.steps["first.stay"].status == "pending"
        clock.advance(15)
        await press(pilot, "semicolon")  # a late entry: not before the case opened (14:00)
        await submit_form(pilot, {"text": "学生平静", "at": "14:05"})
        await press(pilot, "s")
        await press(pilot, "ctrl+s")  # no reason: refused, dialog stays
        assert "必填" in str(app.screen.query_one("#e-reason").render())  # under the field
        await submit_form(pilot, {"reason": "已有人陪"})
    events = journal_events(home, case_id)
    assert [e.kind for e in events][-4:] == ["step.done", "correction", "note", "step.skipped"]
    correction = events[-3]
    assert correction.data["corrects"] == events[-4].id and correction.data["replacement"] is None
    note = events[-2]
    assert note.at_time.astimezone().strftime("%H:%M") == "14:05"
    assert note.recorded_at != note.at


async def test_overriding_the_suggested_level_needs_a_reason(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        case_id = await new_case(pilot, app, place="楼", seen="哭", student="冯", age="14")
        await press(pilot, "exclamation_mark", "l")
        await submit_form(pilot, {"level": "II", "assessors": "王,张,赵"})
        # refused, and the dialog stays open with what was typed
        assert "理由" in str(app.screen.query_one("#e-reason").render())  # under the field
        assert "level.confirmed" not in kinds(app, case_id)
        await submit_form(pilot, {"reason": "专家会诊"})
    confirmed = [e for e in journal_events(home, case_id) if e.kind == "level.confirmed"]
    assert len(confirmed) == 1
    assert confirmed[0].data["override"] is True and confirmed[0].data["suggested"] == "I"
    assert confirmed[0].data["reason"] == "专家会诊"


async def test_copy_leaves_the_name_out_unless_asked(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app, place="楼", seen="哭", student="褚", age="14")
        await press(pilot, "y", "3")  # situation report
        await submit_form(pilot, {})
        assert app.clipboard and "褚" not in app.clipboard and "该学生" in app.clipboard
        panel = str(app.screen.query_one("#dialog-intro").render())
        assert "OSC 52" in panel  # no system clipboard here: said so, text shown
        await press(pilot, "escape", "y", "1")
        await submit_form(pilot, {"include_name": "yes"})
        assert "褚" in app.clipboard


async def test_palette_timeline_and_help(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app, place="楼", seen="哭", student="卫", age="14")
        await press(pilot, "t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#timeline-list", EventTable)
        assert table.row_count == 1
        _day, _time, who, what = table.render_line(1).text.split(maxsplit=3)  # under the header
        what = what.rstrip()  # as drawn: cut at the table's edge
        assert what.startswith("开案") and who == "王虚构老师"
        assert str(app.screen.query_one("#timeline-detail").render()).startswith(what)
        await press(pilot, "escape", "question_mark")
        keys = str(app.screen.query_one("#help-keys").render())
        assert "监护" in keys and "撤销" in keys and "补记时间" in keys
        await press(pilot, "escape", "ctrl+p")
        await pilot.press(*"监护")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        assert app.screen.query_one("#dialog-title") is not None
        assert "监护" in str(app.screen.query_one("#dialog-title").render())


async def test_english_interface(home: Path, clock: FakeClock) -> None:
    app = build(home, clock, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await new_case(pilot, app, place="hall", seen="cry", student="Wei", age="14")
        next_line = str(app.screen.query_one("#next-action").render())
        assert next_line.startswith("▶ Next:")
        assert all(ord(ch) < 0x3000 for ch in next_line)
