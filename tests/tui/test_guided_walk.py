"""Issue 9: a new user finishes a level I case by following the ▶ line alone.

The case of the issue (a student on a 5th-floor balcony at night; custody; two
switched-off calls to the mother, the father reached; the counselor's ASQ; an I-PASS
handover; 120; the hospital handover; the written report next morning) is played with
Space, digits, typing into the focused field, Tab/Enter/Ctrl+S and `e` only: no key
moves between steps. Each step is the ▶ step when its key is pressed. Key presses are
counted (a typed value counts as typing, not as key presses).

The walk follows the playbook's order, so the counselor's ASQ and brief safety
assessment come after the hospital handover here, and the app offers the father after
one switched-off call to the mother. The I-PASS shift handover is not a step of the
▶ walk (it happens when someone is relieved): it takes `c` then 3, counted here."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from oncall.tui.app import OncallApp
from oncall.tui.screens.case import CaseScreen

from .conftest import FakeClock, build, unlock

NAVIGATION = {"up", "down", "j", "k", "escape", "pageup", "pagedown", "home", "end"}


class Walker:
    def __init__(self, pilot: Pilot[None], app: OncallApp, clock: FakeClock) -> None:
        self.pilot = pilot
        self.app = app
        self.clock = clock
        self.presses = 0

    @property
    def screen(self) -> CaseScreen:
        assert isinstance(self.app.screen, CaseScreen)
        return self.app.screen

    def at(self, step: str) -> None:
        """The step is the ▶ step, and the one shown."""
        state = self.screen.state
        assert state.current_step == step, (state.current_step, step)
        assert self.screen.shown_step == step

    async def keys(self, *keys: str) -> None:
        for key in keys:
            assert key not in NAVIGATION
            self.presses += 1
            await self.pilot.press(key)
            await self.pilot.pause()
            self.status_lines_visible()

    def status_lines_visible(self) -> None:
        """Under every form the status bar and the ▶ line are on screen."""
        if not isinstance(self.app.screen, CaseScreen):
            return
        for line in ("#status-bar", "#next-action"):
            region = self.screen.query_one(line).region
            assert region.height > 0 and region.y < 6, line

    async def type(self, text: str) -> None:
        """Typing into the focused field."""
        await self.pilot.press(*text)
        await self.pilot.pause()

    def minutes(self, n: float) -> None:
        self.clock.advance(n)


async def test_level_i_case_by_the_next_line_alone(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        # 21:50, a student on a 5th-floor balcony: immediate danger, from the board
        await w.keys("exclamation_mark")
        w.at("danger.stay")
        await w.keys("space")
        w.at("danger.call120")
        await w.keys("space", "ctrl+s")  # the 120 form: number 120, time blank = now
        w.at("danger.alert")
        await w.keys("space")
        w.minutes(3)
        w.at("first.report_leader")
        await w.keys("space")
        await w.type("王虚构校长")
        await w.keys("ctrl+s")
        w.at("first.counselor")
        await w.keys("space")  # the directory is samples: nobody prefilled, type the name
        await w.type("张虚构老师")
        await w.keys("ctrl+s")
        w.at("first.class_teacher")
        await w.keys("space")
        await w.type("赵虚构老师")
        await w.keys("ctrl+s")
        # the facts, once the first safety actions are done
        w.at("first.facts")
        await w.keys("space")
        for value in ("李虚构同学", "初二(3)班", "14", "5楼阳台"):
            await w.type(value)
            await w.keys("tab")
        await w.type("学生坐在阳台栏杆外")
        await w.keys("ctrl+s")
        assert w.screen.state.facts["student_name"] == "李虚构同学"
        w.minutes(5)
        w.at("custody.start")
        await w.keys("space")
        await w.type("心理辅导室")
        await w.keys("tab")
        await w.type("王虚构老师,张虚构老师")  # a field reached by Tab is selected: typing replaces
        await w.keys("ctrl+s")
        assert w.screen.state.custody.custodians == ("王虚构老师", "张虚构老师")
        w.at("custody.stimulus")
        await w.keys("space")
        w.at("custody.security")
        await w.keys("space")
        await w.type("孙虚构保安")
        await w.keys("ctrl+s")
        # the guardians: the mother, and the father as the next to call
        w.at("contact.guardians")
        await w.keys("space")
        for value in ("周虚构", "母亲", "139-0000-0001", "李虚构", "父亲"):
            await w.type(value)
            await w.keys("tab")
        await w.type("139-0000-0002")
        await w.keys("ctrl+s")
        w.at("contact.call_urgent")
        await w.keys("space", "3", "ctrl+s")  # the mother: switched off
        assert not w.screen.state.contacts.reached
        w.minutes(2)
        await w.keys("space", "1", "ctrl+s")  # the app offers the father next: reached
        assert w.screen.state.contacts.reached_who == "李虚构"
        # the counselor takes over custody from the on-duty teacher: an I-PASS handover.
        # It is no step of the ▶ walk (it happens when someone is relieved): `c`, then 3.
        await w.keys("c", "3")
        await w.type("张虚构老师")  # the first empty required field: who receives
        await w.keys("tab", "tab")  # past the severity, prefilled with the level
        await w.type("阳台栏杆外被劝回，情绪低落，一臂之内陪护")
        await w.keys("tab", "tab", "tab", "space", "ctrl+s")  # read back: ticked
        assert w.screen.state.custody.custodians == ("张虚构老师",)
        w.at("contact.decision")
        await w.keys("space", "1")  # coming; the digit moves on to the ETA
        await w.type("22:38")  # typed at 22:1x: today, not yesterday
        await w.keys("ctrl+s")
        decision = [e for e in app.journal.events(w.screen.case_id) if e.kind == "family.decision"]
        assert decision[-1].data["eta"] > decision[-1].at

        # the ambulance (called on the danger path) takes the student; a teacher goes too
        w.minutes(20)
        w.at("medical.route")
        await w.keys("1")  # emergency
        w.at("medical.accompany")
        await w.keys("space", "ctrl+s")  # the operator, prefilled
        w.minutes(25)
        w.at("medical.arrived")
        await w.keys("space")
        await w.type("市虚构精神卫生中心")
        await w.keys("ctrl+s")
        w.minutes(10)
        w.at("medical.handover")
        await w.keys("space")  # the hospital is prefilled from the arrival
        await w.type("刘虚构医生")
        await w.keys("ctrl+s")
        w.at("medical.ward_required")
        await w.keys("2")
        # the counselor's risk check: warning signals, factors, dimensions, then the ASQ
        w.at("risk.warning")
        await w.keys("1", "3", "space")
        w.at("risk.factors")
        await w.keys("2", "0", "space")  # a past attempt; the tenth item has a key too
        assert w.screen.state.steps["risk.factors"].value == ["past_attempt", "violence"]
        w.at("risk.dimensions")
        await w.keys("space")
        w.at("risk.asq.intro")
        await w.keys("space")
        for question, answer in zip(range(1, 6), "11121", strict=True):
            w.at(f"risk.asq.q{question}")
            await w.keys(answer)  # one key each: the next question follows
        w.at("risk.asq.acute")  # the result and its instructions: the ▶ step until read
        await w.keys("space")
        # the counselor's brief safety assessment: read, ask, one key per answer
        for step, key in (
            ("risk.bssa.praise", "space"),
            ("risk.bssa.frequency", "4"),  # thoughts of suicide right now
            ("risk.bssa.plan", "1"),
            ("risk.bssa.behaviour", "1"),
            ("risk.bssa.symptoms", "space"),
            ("risk.bssa.support", "space"),
            ("risk.bssa.guardian", "space"),
        ):
            w.at(step)
            await w.keys(key)
        w.at("risk.safety_assessment")
        await w.keys("1")  # imminent
        w.at("risk.level")
        await w.keys("space")
        intro = str(w.screen.panels[-1].query_one("#dialog-intro").render())
        assert "ASQ" in intro
        await w.keys("tab", "tab")  # to the assessors
        await w.type("王虚构老师,张虚构老师,赵虚构老师")
        await w.keys("ctrl+s")
        assert w.screen.state.level == "I"
        w.at("custody.end")
        await w.keys("space", "ctrl+s")  # to the hospital staff, prefilled
        assert not w.screen.state.custody.active
        for _ in range(10):  # confidentiality and the like: read and confirm
            if w.screen.state.current_step in (None, "report.written"):
                break
            await w.keys("space")
        # the written report, next morning
        w.minutes(9 * 60)
        w.at("report.written")
        await w.keys("space", "ctrl+s")  # to the leader named at the phone report
        for _ in range(10):  # the rest of the night's reporting
            current = w.screen.state.current_step
            if current is None or w.screen.state.steps[current].phase == "followup":
                break
            await w.keys("space")
        current = w.screen.state.current_step
        assert current is None or w.screen.state.steps[current].phase == "followup"

        events = app.journal.events(w.screen.case_id)
        kinds_seen = [e.kind for e in events]
        for kind in (
            "danger.declared",
            "medical.called",
            "report.phone",
            "case.fact",
            "custody.started",
            "custody.handover",
            "contact.guardian",
            "contact.attempt",
            "family.decision",
            "medical.accompany",
            "medical.arrived",
            "medical.handover",
            "level.confirmed",
            "custody.ended",
            "report.written",
        ):
            assert kind in kinds_seen, kind
        assert kinds_seen.count("contact.attempt") == 2
        assert kinds_seen.count("contact.guardian") == 2
        written = next(e for e in events if e.kind == "report.written")
        assert written.data["to"] == "王虚构校长"
        ended = next(e for e in events if e.kind == "custody.ended")
        assert ended.data["received_by"] == "刘虚构医生"

        from oncall.export.intervals import intervals_of

        status = {i.id: i.status for i in intervals_of(w.screen.state, app.playbook)}
        assert status == dict.fromkeys(
            (
                "level",
                "leader",
                "guardian_call",
                "guardian_reached",
                "custody_start",
                "custody",
                "safety_handover",
                "call_120",
                "hospital_handover",
                "report_written",
            ),
            "met",
        )
        print(f"key presses: {w.presses}")
        assert w.presses <= 120
