"""Story: a night transfer with the counselor arriving late. 22:30 in a boarding school,
a roommate finds a girl's farewell letter; she says she does not want to live. The
on-duty teacher opens the case with `n`, tells the leader, calls the counselor (forty
minutes away) and the class teacher, and ticks what was seen. ▶ then waits for the
counselor to ask the ASQ, says so, and offers to record her arrival; the teacher stays
with the student meanwhile. The counselor arrives at 23:15: the ASQ is acute positive,
level I; custody, the mother called, a psychiatric hospital at once, the handover there
ends custody. By ▶ alone, under a key budget."""

from __future__ import annotations

from pathlib import Path

from tui.conftest import FakeClock, build, unlock

from .walker import Walker, follow

BUDGET = 80


async def test_the_asq_waits_for_the_counselor(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        w.minutes(8 * 60 + 30)  # 22:30
        await w.open_case("女生宿舍305", "室友发现告别信，说不想活了", "吴虚构", "高一(4)班", "15")
        walked = await follow(w, "risk.assessor", {
            "first.report_leader": ("space", "王虚构校长", "ctrl+s"),
            "first.counselor": ("space", "张虚构老师", "ctrl+s"),
            "first.class_teacher": ("space", "赵虚构老师", "ctrl+s"),
            "risk.warning": ("2", "space"),  # farewell gestures
        })
        assert "risk.asq.q1" not in walked
        # ▶ waits for the counselor, says so, and nothing of the ASQ comes before her
        line = str(w.screen.query_one("#next-action").render())
        assert "等心理老师到场" in line
        w.minutes(20)
        w.at("risk.assessor")  # still waiting: the ASQ is not ▶ without her
        w.minutes(25)  # 23:15, she is here: the arrival, her name prefilled
        await w.do("risk.assessor", "space", "ctrl+s")
        arrived = [e.data for e in app.journal.events(w.screen.case_id)
                   if e.kind == "staff.arrived"]
        assert arrived == [{"role": "counselor", "who": "张虚构老师"}]
        walked = await follow(w, "medical.route", {
            "risk.asq.q1": ("1",),
            "risk.asq.q2": ("1",),
            "risk.asq.q3": ("1",),
            "risk.asq.q4": ("2",),
            "risk.asq.q5": ("1",),  # thoughts of suicide right now: acute
            "risk.stay": ("space", "宿舍值班室", "tab", "李虚构老师,张虚构老师", "ctrl+s"),
            "risk.level": ("space", "tab", "tab", "张虚构老师,李虚构老师", "ctrl+s"),
            "custody.security": ("space", "孙虚构保安", "ctrl+s"),
            "contact.guardians": ("space", "吴虚构妈妈", "tab", "母亲", "tab", "13900000001",
                                  "ctrl+s"),
            "contact.call_urgent": ("space", "1", "ctrl+s"),
            "contact.decision": ("space", "1", "ctrl+s"),
        })
        assert not any(step.startswith("risk.bssa") for step in walked)  # acute: no BSSA
        assert w.screen.state.level == "I"
        assert w.screen.state.custody.custodians == ("李虚构老师", "张虚构老师")
        await w.do("medical.route", "2")  # a psychiatric hospital at once
        w.minutes(10)
        await w.do("medical.accompany", "space", "ctrl+s")  # prefilled
        w.minutes(40)
        await w.check_in_if_asked()  # custody goes on in the ambulance
        await w.do("medical.arrived", "space", values=("市虚构精神卫生中心",))
        w.minutes(15)
        await w.check_in_if_asked()
        await w.do("medical.handover", "space", values=("刘虚构医生",))
        await w.do("custody.end", "space", "ctrl+s")  # to the hospital staff, prefilled
        state = w.screen.state
        assert state.custody.ended is not None and state.custody.ended.to == "hospital"
        assert state.steps["risk.assessor"].status == "done"
        print(f"key presses: {w.presses}, values typed: {w.typed}")
        assert w.presses + w.typed <= BUDGET
