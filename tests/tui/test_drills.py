"""Each shipped drill scenario played end to end in the app on a fake clock: injects
arrive at their simulated times (the test moves the clock and runs the app's one-second
tick, with no real waiting), every drill event is flagged, the banner and theme mark the
drill, R records a response, closing the run shows its report, and nothing of a drill
shows in a real-case view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from oncall.case import kinds as k
from oncall.journal import Journal
from oncall.locations import playbooks_dir
from oncall.session import CaseSession
from oncall.tui.app import OncallApp, make_app
from oncall.tui.screens.case import CaseScreen
from support.clocks import T0
from support.entries import custody, family_arrived, medical_called

from .conftest import PASSPHRASE, TEACHER, FakeClock, submit_form, type_text, unlock, wait_for

DRILLS = playbooks_dir() / "drills"
Action = Callable[[CaseSession], Any]


def drill_app(home: Path, clock: FakeClock, name: str, lang: str = "zh") -> OncallApp:
    return make_app(
        home=home,
        lang=lang,  # type: ignore[arg-type]
        clock=clock,  # type: ignore[arg-type]
        create_options={"kdf_n": 2**10},
        drill_scenario=DRILLS / f"{name}.toml",
    )


async def start(pilot: Pilot[None], app: OncallApp, players: dict[str, str]) -> str:
    await unlock(pilot, app)
    await wait_for(pilot, lambda: bool(app.screen.query("FormPanel")))
    await submit_form(pilot, players)
    await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
    assert app.drill is not None and app.drill.case_id is not None
    return app.drill.case_id


async def at(pilot: Pilot[None], app: OncallApp, clock: FakeClock, minutes: float) -> None:
    """Move the fake clock to T+minutes and run the app's tick (what it does each second)."""
    clock.now = max(clock.now, T0 + timedelta(minutes=minutes))
    app.drill_tick()
    await pilot.pause()


def session(app: OncallApp) -> CaseSession:
    screen = app.screen
    assert isinstance(screen, CaseScreen) and screen.session is not None
    return screen.session


def fired(app: OncallApp, case_id: str) -> list[tuple[str, float]]:
    assert app.journal is not None
    return [
        (str(e.data["inject"]), (e.at_time - T0).total_seconds() / 60)
        for e in app.journal.events(case_id)
        if e.kind == k.DRILL_INJECT
    ]


def banner(app: OncallApp) -> str:
    return str(app.screen.query_one("#drill-banner").render())


async def respond(pilot: Pilot[None], app: OncallApp, text: str) -> None:
    await pilot.press("R")
    await wait_for(pilot, lambda: bool(app.screen.query("FormPanel")))
    await submit_form(pilot, {"text": text})
    await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))


def attempt(target: str, phone: str, outcome: str) -> Action:
    return lambda s: s.contact_attempt(target=target, phone=phone, outcome=outcome)


# Each scenario: the players, then (minute, action or "respond" or None for a tick),
# then the injects expected with the simulated minute each must arrive at.
PLAYS: dict[str, tuple[dict[str, str], list[tuple[float, Any]], list[tuple[str, float]]]] = {
    "diary-note": (
        {"class_teacher": "周老师扮演"},
        [
            (3, None),
            (8, None),
            (9, "respond"),
            (20, None),
            (21, lambda s: s.answer("risk.asq.q1", "yes")),
            (24, lambda s: s.answer("risk.asq.q5", "no")),
            (25, "respond"),
            (33, attempt("陈虚构", "000-0000-0101", "no_answer")),
            (35, attempt("林虚构", "000-0000-0102", "reached")),
        ],
        [
            ("diary-date", 3),
            ("toilet-alone", 8),
            ("class-chat", 20),
            ("tell-mum", 25),
            ("mother-no-answer", 33),
        ],
    ),
    "rooftop": (
        {"security": "钱师傅扮演"},
        [
            (1, lambda s: s.declare_danger(["means"])),
            (2, None),
            (3, lambda s: medical_called(s, "120")),
            (4, lambda s: medical_called(s, "110")),
            (6, attempt("赵虚构", "000-0000-0201", "switched_off")),
            (7, attempt("孙虚构", "000-0000-0202", "reached")),
            (8, "respond"),
            (12, None),
        ],
        [("crowd", 2), ("father-off", 6), ("ambulance-late", 8), ("police-arrive", 12)],
    ),
    "farewell-gifts": (
        {"counselor": "吴老师扮演"},
        [
            (4, "respond"),
            (6, lambda s: s.answer("risk.warning", ["farewell", "mood_change"])),
            (9, "respond"),
            (12, attempt("冯虚构", "000-0000-0301", "reached")),
            (
                14,
                lambda s: s.record_entry(k.FAMILY_DECISION, {"decision": "coming", "by": "冯虚构"}),
            ),
        ],
        [("thank-you-card", 4), ("wants-to-leave", 9), ("mother-busy", 12)],
    ),
    "no-guardian": (
        {"leader": "郑校长扮演"},
        [
            (1, lambda s: s.declare_danger(["attempt"])),
            (5, attempt("宋虚构", "000-0000-0401", "no_answer")),
            (8, attempt("韩虚构", "000-0000-0402", "switched_off")),
            (10, attempt("杨虚构", "000-0000-0403", "wrong_number")),
            (25, None),
            (27, "respond"),
            (40, None),
            (42, attempt("宋虚构", "000-0000-0401", "reached")),
        ],
        [("mother-off", 8), ("still-nobody", 25), ("father-calls-back", 40)],
    ),
    "family-refuses": (
        {"leader": "郑校长扮演"},
        [
            (5, attempt("许虚构", "000-0000-0501", "reached")),
            (20, None),
            (21, lambda s: family_arrived(s, ["许虚构"])),
            (26, None),
            (30, lambda s: s.record_entry(
                    k.FAMILY_DECISION, {"decision": "refuse_treatment", "by": "许虚构"}
                )),
            (32, "respond"),
        ],
        [("father-arrives", 20), ("father-refuses", 26), ("student-relieved", 32)],
    ),
    "night-dorm": (
        {"security": "华师傅扮演"},
        [
            (5, None),
            (
                10,
                lambda s: s.record_entry(
                    k.CUSTODY_STARTED, custody("宿舍 204", ["华虚构（宿管）"])
                ),
            ),
            (40, None),
            (
                45,
                lambda s: s.handover(
                    ["华虚构（宿管）"],
                    ["金虚构（宿管）"],
                    severity="watcher",
                    summary="夜间监护",
                    actions=[],
                    watch="不让独处",
                    readback=True,
                ),
            ),
            (55, "respond"),
        ],
        [("roommates-awake", 5), ("shift-change", 40), ("bathroom-alone", 55)],
    ),
}


@pytest.mark.parametrize("name", sorted(PLAYS))
async def test_each_scenario_plays_end_to_end_on_a_fake_clock(
    name: str, home: Path, clock: FakeClock
) -> None:
    players, script, expected = PLAYS[name]
    app = drill_app(home, clock, name)
    async with app.run_test(size=(100, 34)) as pilot:
        case_id = await start(pilot, app, players)
        assert app.theme == "oncall-drill"
        assert banner(app).startswith("演练 · ")
        seen: list[str] = []
        for minute, action in script:
            await at(pilot, app, clock, minute)
            seen.extend(n.message for n in app._notifications)
            if action == "respond":
                await respond(pilot, app, "已按预案处理（演练）")
            elif action is not None:
                action(session(app))
                await at(pilot, app, clock, minute)
        assert fired(app, case_id) == expected
        # every inject arrived as a notice on the case screen, in the UI language
        assert app.drill is not None
        for inject_id, _ in expected:
            text = app.drill.scenario.inject(inject_id).text.zh
            assert any(text in message for message in seen), inject_id
        # closing the run shows its report over the normal board: drill mode is over
        scenario = app.drill.scenario
        session(app).close("演练结束")
        await at(pilot, app, clock, script[-1][0] + 1)
        await wait_for(pilot, lambda: type(app.screen).__name__ == "DrillReportScreen")
        report = str(app.screen.query_one("#drill-report-body").render())
        assert "演练报告" in report and scenario.title.zh in report
        assert app.drill is None and app.theme != "oncall-drill"
        assert not any(isinstance(s, CaseScreen) for s in app.screen_stack)
        assert app.journal is not None
        events = app.journal.events(case_id)
        assert all(e.drill for e in events)
        assert events[1].kind == k.DRILL_STARTED
        assert events[1].data["players"] == players
        assert events[1].data["at_keyboard"] == TEACHER
        responses = [e for e in events if e.kind == k.DRILL_RESPONSE]
        assert len(responses) == sum(1 for _, a in script if a == "respond")


async def test_scripted_replies_show_the_outcome_of_the_next_call(
    home: Path, clock: FakeClock
) -> None:
    app = drill_app(home, clock, "no-guardian")
    async with app.run_test(size=(120, 34)) as pilot:
        await start(pilot, app, {})
        assert "宋虚构 000-0000-0401 第1次→无人接听" in banner(app)
        for minute in (1, 2, 3):
            session(app).contact_attempt(
                target="宋虚构", phone="000-0000-0401", outcome="no_answer"
            )
            await at(pilot, app, clock, minute)
        assert "宋虚构 000-0000-0401 第4次→已接通" in banner(app)


async def test_a_drill_over_a_real_case_asks_first_and_keeps_its_warnings_visible(
    home: Path, clock: FakeClock
) -> None:
    with Journal.open(home, PASSPHRASE, clock=clock) as journal:
        real = journal.new_case(actor=TEACHER, place="操场", student_name="李虚构同学")
        journal.append(real, k.DANGER_DECLARED, {"what": ["means"]}, TEACHER)
    clock.now = T0 + timedelta(minutes=40)  # level I for 40 minutes with no custody
    app = drill_app(home, clock, "diary-note")
    async with app.run_test(size=(120, 34)) as pilot:
        await unlock(pilot, app)
        await wait_for(pilot, lambda: bool(app.screen.query("MenuPanel")))
        question = str(app.screen.query_one("#dialog-title").render())
        assert real in question and "继续运行" in question
        await pilot.press("1")
        await wait_for(pilot, lambda: bool(app.screen.query("FormPanel")))
        await submit_form(pilot, {})
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.drill is not None and app.screen.case_id == app.drill.case_id
        shown = banner(app)
        assert f"真实案件 {real} 仍在进行" in shown and "⚠" in shown
        assert app.journal is not None
        assert not any(e.drill for e in app.journal.events(real))


async def test_declining_the_confirmation_starts_nothing(home: Path, clock: FakeClock) -> None:
    with Journal.open(home, PASSPHRASE, clock=clock) as journal:
        journal.new_case(actor=TEACHER, place="操场")
    app = drill_app(home, clock, "rooftop")
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, app)
        await wait_for(pilot, lambda: bool(app.screen.query("MenuPanel")))
        await pilot.press("2")
        await pilot.pause()
        assert app.journal is not None
        assert not any(c.drill for c in app.journal.cases())


async def test_the_real_board_never_lists_a_drill_and_the_drills_screen_does(
    home: Path, clock: FakeClock
) -> None:
    from oncall.tui.app import make_app as plain_app

    app = drill_app(home, clock, "rooftop")
    async with app.run_test(size=(100, 30)) as pilot:
        drill_case = await start(pilot, app, {})
    with Journal.open(home, PASSPHRASE, clock=clock) as journal:
        real = journal.new_case(actor=TEACHER, place="操场")
    app = plain_app(home=home, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, app)
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CaseScreen")
        assert app.screen.case_id == real  # a drill never reopens in place of a real case
        assert app.drill is None
        await pilot.press("escape")
        await pilot.pause()
        from textual.widgets import DataTable

        board = app.screen.query_one("#board-table", DataTable)
        keys = [row.value for row in board.rows]
        assert keys == [real]
        assert "1" in str(app.screen.query_one("#board-drills").render())
        await pilot.press("s")
        await pilot.pause()
        cases = app.screen.query_one("#drill-cases", DataTable)
        assert [row.value for row in cases.rows] == [drill_case]


async def test_english_drill_mode(home: Path, clock: FakeClock) -> None:
    app = drill_app(home, clock, "rooftop", lang="en")
    async with app.run_test(size=(120, 30)) as pilot:
        case_id = await start(pilot, app, {})
        await at(pilot, app, clock, 2)
        assert "DRILL · A student at the edge of the roof · T+2:00" in banner(app)
        assert "Many students gather below" in banner(app)
        assert fired(app, case_id) == [("crowd", 2)]


_ = type_text


async def test_a_scenario_starts_from_the_board_and_its_history_shows(
    home: Path, clock: FakeClock
) -> None:
    from oncall.tui.app import make_app as plain_app

    app = plain_app(home=home, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(110, 34)) as pilot:
        await unlock(pilot, app)
        await pilot.press("s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "DrillsScreen")
        await pilot.press("enter")  # the first scenario: diary-note
        await wait_for(pilot, lambda: bool(app.screen.query("FormPanel")))
        await submit_form(pilot, {})
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.drill is not None and app.drill.scenario.id == "diary-note"
        assert app.theme == "oncall-drill" and banner(app).startswith("演练 · ")
        await at(pilot, app, clock, 3)
        await pilot.press("escape")  # leaving the drill case leaves drill mode
        await wait_for(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        assert app.drill is None and app.theme != "oncall-drill"
        assert not app.screen.query("#drill-banner")
        await pilot.press("s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "DrillsScreen")
        await pilot.press("h")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "DrillReportScreen")
        assert "日记里的轻生内容" in str(app.screen.query_one("#drill-report-body").render())
        text = str(app.screen.query_one("#drill-report-body").render())
        assert "历次演练" in text and "进行中" in text  # the run left unfinished


async def test_rehearse_walks_the_playbook_without_a_store(tmp_path: Path) -> None:
    from oncall.locations import default_playbook_path
    from oncall.playbook import load_playbook
    from oncall.tui.rehearse import RehearseApp

    playbook = load_playbook(default_playbook_path())
    app = RehearseApp(playbook, "en")
    async with app.run_test(size=(100, 30)) as pilot:
        first = str(app.query_one("#rehearse-body").render())
        assert first.startswith(playbook.steps()[0].title.en)
        await pilot.press("down", "down")
        assert str(app.query_one("#rehearse-body").render()).startswith(
            playbook.steps()[2].title.en
        )
        await pilot.press("n")
        second_phase = playbook.phases[1]
        assert str(app.query_one("#rehearse-body").render()).startswith(
            second_phase.steps[0].title.en
        )
        assert "[" in str(app.query_one("#rehearse-title").render())
    assert list(tmp_path.iterdir()) == []


def shown(app: OncallApp) -> str:
    """What the screen shows, as the user sees it (the exported screenshot)."""
    return app.export_screenshot()


async def test_declining_a_drill_leaves_board_theme_and_case_exactly_as_before(
    home: Path, clock: FakeClock
) -> None:
    from textual.widgets import DataTable

    from oncall.tui.app import make_app as plain_app

    with Journal.open(home, PASSPHRASE, clock=clock) as journal:
        real = journal.new_case(actor=TEACHER, place="操场", student_name="李虚构同学")
        journal.append(real, k.DANGER_DECLARED, {"what": ["means"]}, TEACHER)
    app = plain_app(home=home, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        await pilot.pause()
        case_before, theme_before = shown(app), app.theme
        await pilot.press("escape")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        await pilot.pause()
        board_before = shown(app)
        # the offer: a scenario picked on the drills screen, over an open real case
        await pilot.press("s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "DrillsScreen")
        table = app.screen.query_one("#drill-scenarios", DataTable)
        rooftop = [row.value for row in table.rows].index("rooftop")
        table.move_cursor(row=rooftop)
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.screen.query("MenuPanel")))
        assert app.theme == "oncall-drill"  # the offer is made in drill colours
        await pilot.press("2")  # 不开始
        await wait_for(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        await pilot.pause()
        assert app.drill is None and app.theme == theme_before
        assert shown(app) == board_before
        board = app.screen.query_one("#board-table", DataTable)
        assert [row.value for row in board.rows] == [real]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        await pilot.pause()
        assert shown(app) == case_before
        assert not app.screen.query("#drill-banner")
        assert app.journal is not None
        assert not any(c.drill for c in app.journal.cases())


async def test_a_key_and_a_palette_command_leave_drill_mode(home: Path, clock: FakeClock) -> None:
    app = drill_app(home, clock, "rooftop", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        case_id = await start(pilot, app, {})
        await at(pilot, app, clock, 2)
        await pilot.press("L")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        assert app.drill is None and app.theme != "oncall-drill"
        assert not app.screen.query("#drill-banner")
        title = str(app.screen.query_one("#board-title").render())
        assert "Drill" not in title
        # the run stays in the journal, unfinished: `oncall drill rooftop` resumes it
        assert app.journal is not None
        assert [c.closed_at for c in app.journal.cases() if c.id == case_id] == [None]
    app = drill_app(home, clock, "rooftop", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.drill is not None and app.drill.case_id == case_id  # resumed
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Leave drill")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "BoardScreen")
        assert app.drill is None and app.theme != "oncall-drill"


async def test_the_run_clock_stops_when_the_drill_case_closes(
    home: Path, clock: FakeClock
) -> None:
    app = drill_app(home, clock, "rooftop", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, app, {})
        await at(pilot, app, clock, 3)
        assert app.drill is not None
        session(app).close("end")
        stopped = app.drill.lines()[0]
        assert stopped.endswith("T+3:00")
        clock.now += timedelta(minutes=5)
        assert app.drill.lines()[0] == stopped


async def test_every_waiting_inject_stays_in_the_banner_and_a_late_answer_is_scored_late(
    home: Path, clock: FakeClock
) -> None:
    from oncall.drill import run_report

    app = drill_app(home, clock, "rooftop", lang="en")
    async with app.run_test(size=(120, 34)) as pilot:
        case_id = await start(pilot, app, {})
        assert app.drill is not None
        scenario = app.drill.scenario
        await at(pilot, app, clock, 1)
        medical_called(session(app), "120")
        await at(pilot, app, clock, 6)
        session(app).contact_attempt(
            target="赵虚构", phone="000-0000-0201", outcome="switched_off"
        )
        await at(pilot, app, clock, 6)
        state = app.drill.state()
        assert state is not None
        waiting = [r.id for r in app.drill.results(state) if r.status == "pending"]
        assert len(waiting) >= 2, waiting
        for inject_id in waiting:  # each one waiting is listed, not only the latest
            assert scenario.inject(inject_id).text.en in banner(app)
        assert "father" in banner(app) and "父亲" not in banner(app)
        # long after every window: R still records, and the answer is scored late
        await at(pilot, app, clock, 60)
        await pilot.press("R")
        await wait_for(pilot, lambda: bool(app.screen.query("FormPanel")))
        await submit_form(pilot, {"text": "late but done"})
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.journal is not None
        report = run_report(app.journal, case_id, scenario, app.playbook, clock.now)
        assert "late" in {r.status for r in report.injects}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rehearse_reads_conditions_as_sentences(lang: str) -> None:
    from oncall.locations import default_playbook_path
    from oncall.playbook import load_playbook
    from oncall.tui.rehearse import walk_text

    text = walk_text(load_playbook(default_playbook_path()), lang)  # type: ignore[arg-type]
    when = [line for line in text.splitlines() if line.startswith(("适用条件", "Applies when"))]
    assert when
    for line in when:  # no code: no calls, no operators, no step ids
        for code in ("answer(", "checked(", "count(", "done(", "happened(", "==", " in [", "risk."):
            assert code not in line, line
    if lang == "en":
        assert 'Applies when: the risk level is "Level I: high risk"' in when
        assert not any(ch >= "\u4e00" and ch <= "\u9fff" for line in when for ch in line)
    else:
        assert "适用条件：学生年龄小于8岁" in when


def test_every_event_kind_has_words() -> None:
    from oncall.case.kinds import ALL_KINDS
    from oncall.vocabulary.kind_words import KIND_WORDS

    assert set(KIND_WORDS) == set(ALL_KINDS)


async def test_an_unfinished_run_resumes_in_drill_mode_and_catch_up_invites_only_what_is_open(
    home: Path, clock: FakeClock
) -> None:
    app = drill_app(home, clock, "rooftop", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        case_id = await start(pilot, app, {})
        await at(pilot, app, clock, 1)
        await pilot.press("L")
        await wait_for(pilot, lambda: app.drill is None)
        clock.now = T0 + timedelta(minutes=10)  # crowd came due at 2; its 5 minutes are over
        await pilot.press("s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "DrillsScreen")
        await pilot.press("tab", "enter")  # the run, in the drill cases table
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.drill is not None and app.drill.case_id == case_id
        assert app.theme == "oncall-drill"
        app.drill_tick()
        await pilot.pause()
        crowd = [n.message for n in app._notifications if "Many students gather" in n.message]
        assert crowd and "counted as missed" in crowd[-1] and "press R" not in crowd[-1]
        assert "▶ R T+2:00" not in banner(app)  # shown as arrived, not as waiting
        assert "· T+2:00 Many students gather" in banner(app)


async def test_r_then_tab_and_a_burst_of_text_all_go_into_the_response(
    home: Path, clock: FakeClock
) -> None:
    """A drill tester typed `R`, Tab and at once the response: `R` waited behind the case
    keys, so `u` of the text opened the undo form and the rest went there. Every key
    lands in the response form; nothing of the screen behind opens."""
    from textual import events
    from textual.widgets import Input

    app = drill_app(home, clock, "rooftop")
    async with app.run_test(size=(80, 24)) as pilot:
        case_id = await start(pilot, app, {})
        await at(pilot, app, clock, 3)  # the first inject that asks for a response
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        text = "quick, plu m cs 先疏散楼下"
        for key, char in [("R", "R"), ("tab", None)] + [
            ("space" if c == " " else c, c) for c in text
        ]:  # as a terminal delivers them: no wait between keys
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert len(screen.panels) == 1
        assert screen.panels[0].query_one("#f-text", Input).value == text
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.panels)
        assert app.journal is not None
        answers = [e for e in app.journal.events(case_id) if e.kind == k.DRILL_RESPONSE]
        assert [a.data["text"] for a in answers] == [text]


async def test_r_with_nothing_to_answer_says_so_and_what_was_typed_runs_no_key(
    home: Path, clock: FakeClock
) -> None:
    """`R` before any inject asks for a response, and the response typed at once: the
    panel says nothing is waiting, and the letters (s, p, m, u… are case keys) open
    nothing and record nothing. Esc goes back to the case."""
    from textual import events

    from oncall.tui.dialogs import TextPanel

    app = drill_app(home, clock, "rooftop")
    async with app.run_test(size=(80, 24)) as pilot:
        case_id = await start(pilot, app, {})
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert app.journal is not None
        before = len(app.journal.events(case_id))
        for key, char in [("R", "R")] + [("space" if c == " " else c, c) for c in "sup mc 1"]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert [type(p) for p in screen.panels] == [TextPanel]
        shown = str(screen.panels[0].query_one("#dialog-intro").render())
        assert "没有等待应对的情景" in shown
        assert len(app.journal.events(case_id)) == before  # nothing recorded
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.panels)
        assert app.screen is screen and len(app.journal.events(case_id)) == before
