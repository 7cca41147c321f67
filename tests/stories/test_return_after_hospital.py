"""Story: return to school after hospital, with caring contacts. A boy is found on the
stairwell window ledge at lunchtime: immediate danger, 120, the psychiatric hospital
admits him; custody ends with the handover there. Three weeks later he is discharged:
▶ has kept the return procedure waiting (the case is not archived), the checklist is
complete, his return is recorded, the counselor writes a new safety plan with him, the
class teacher a watch plan, and the caring contacts come to ▶ on day 1 and day 3. By ▶
alone, days moved by the fake clock, under a key budget."""

from __future__ import annotations

from pathlib import Path

from tui.conftest import FakeClock, build, unlock

from .walker import NOTHING_DUE, Walker, follow

BUDGET = 125
DAY = 24 * 60


async def test_return_to_school_after_hospital(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        await w.keys("exclamation_mark")
        await follow(w, "medical.route", {
            "danger.check": ("2", "space"),  # a means at hand: the height
            "danger.call120": ("space", "ctrl+s"),
            "first.report_leader": ("space", "王虚构校长", "ctrl+s"),
            "first.counselor": ("space", "张虚构老师", "ctrl+s"),
            "first.class_teacher": ("space", "赵虚构老师", "ctrl+s"),
            "first.facts": ("space", "孙虚构同学", "tab", "初二(5)班", "tab", "14", "tab",
                            "楼梯间窗台", "tab", "坐在窗台外侧", "ctrl+s"),
            "custody.start": ("space", "医务室", "tab", "王虚构老师,张虚构老师", "ctrl+s"),
            "custody.security": ("space", "孙虚构保安", "ctrl+s"),
            "contact.guardians": ("space", "孙虚构妈妈", "tab", "母亲", "tab", "13900000003",
                                  "ctrl+s"),
            "contact.call_urgent": ("space", "1", "ctrl+s"),
            "contact.decision": ("space", "1", "ctrl+s"),
        })
        await follow(w, "custody.end", {
            "medical.route": ("1",),  # the ambulance called on the danger path
            "medical.arrived": ("space", "市虚构精神卫生中心", "ctrl+s"),
            "medical.handover": ("space", "刘虚构医生", "ctrl+s"),
        })
        await w.do("custody.end", "space", "ctrl+s")  # to the hospital staff
        walked = await follow(w, "followup.return", {
            "risk.level": ("space", "tab", "tab", "王虚构老师,张虚构老师", "ctrl+s"),
            "report.written": ("space", "ctrl+s"),
            "followup.others": ("space", "周虚构同学", "tab", "1", "tab", "心理老师单独谈话",
                                "tab", "1", "ctrl+s"),
            "medical.referral": ("space", "市虚构精神卫生中心", "tab", "窗台外侧，有自杀危险",
                                 "tab", "住院治疗", "tab", "yes", "tab", "张虚构老师",
                                 "ctrl+s"),
        })
        assert "followup.archive" not in walked
        # three weeks on, discharged: ▶ is still the return procedure
        w.minutes(21 * DAY)
        w.at("followup.return")
        await w.keys(*"123456", "space")  # every paper in hand
        await w.do("followup.returned", "space")
        day1 = w.screen.state.timer("followup-day1")
        assert day1 is not None and day1.running  # the caring contacts start
        await follow(w, NOTHING_DUE, {
            "followup.return_plan": ("space", "整夜睡不着、不想见人", "tab", "听音乐、跑步",
                                     "tab", "篮球场、图书馆", "tab", "妈妈 13900000003", "tab",
                                     "张老师 12356", "tab", "药由妈妈保管", "tab", "张虚构老师",
                                     "ctrl+s"),
            "followup.watch": ("space", "情绪、出勤、饮食睡眠", "tab", "每天课间聊两句", "tab",
                               "张虚构老师 12356", "tab", "赵虚构老师", "ctrl+s"),
        })
        w.minutes(DAY)  # the next day: the day-1 contact is due (▶ said nothing was due before)
        await w.do("followup.contact_day1", "space")
        w.minutes(2 * DAY)  # day 3
        await w.do("followup.contact_day3", "space")
        state = w.screen.state
        assert state.steps["followup.contact_day1"].status == "done"
        assert state.steps["followup.contact_day3"].status == "done"
        assert state.current_step != "followup.archive"  # week 1 to month 3 still to come
        print(f"key presses: {w.presses}, values typed: {w.typed}")
        assert w.presses + w.typed <= BUDGET
