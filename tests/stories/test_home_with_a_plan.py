"""Story: a positive screen going home with a plan. Break time, a student tells the
class teacher she wished she were dead; the on-duty teacher opens the case with `n`,
asks the ASQ (a non-acute positive), records who stays with her, the counselor's brief
assessment finds thoughts now and then with a method thought of and a low-risk outcome:
the safety plan is written, but the level stays II (the floor) with the reason naming
the answers; she leaves only with her mother through a recorded handover, and the
caring contacts start. By ▶ alone, under a key budget."""

from __future__ import annotations

from pathlib import Path

from tui.conftest import FakeClock, build, unlock

from .walker import Walker, follow

BUDGET = 120


async def test_a_positive_screen_goes_home_only_with_a_guardian(
    home: Path, clock: FakeClock
) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        await w.open_case("初二(3)班教室", "说希望自己死了", "林虚构", "初二(3)班", "14")
        walked = await follow(w, "risk.stay", {
            "first.report_leader": ("space", "王虚构校长", "ctrl+s"),
            "first.counselor": ("space", "张虚构老师", "ctrl+s"),
            "first.class_teacher": ("space", "赵虚构老师", "ctrl+s"),
            "risk.asq.q1": ("1",),
            "risk.asq.q2": ("2",),
            "risk.asq.q3": ("2",),
            "risk.asq.q4": ("2",),
            "risk.asq.q5": ("2",),
        })
        assert "risk.asq.nonacute" in walked
        await w.keys("space")
        await w.type("心理辅导室")
        await w.keys("tab")
        await w.type("张虚构老师")
        await w.keys("ctrl+s")
        assert w.screen.state.custody.custodians == ("张虚构老师",)
        await follow(w, "plan.safety", {
            "risk.bssa.frequency": ("2",),  # now and then
            "risk.bssa.plan": ("2",),  # a method thought of
            "risk.bssa.behaviour": ("1",),
            "risk.safety_assessment": ("3",),  # low risk: a plan, home with the family
        })
        print(f"at the plan: {w.presses} keys, {w.typed} values")
        state = w.screen.state
        assert state.suggestion.level == "II"
        assert "bssa-floor" in state.suggestion.rule_ids
        plan = ("一个人待着不想说话", "听音乐", "去篮球场", "妈妈 13900000001", "张老师 12356",
                "药交给妈妈保管", "我的猫", "张虚构老师")
        means = ("周虚构", "窗户装限位器", "药锁进柜子", "美工刀收起来", "跳绳放到父母房间",
                 "11-25 18:00", "张虚构老师")  # the check-in call, agreed with her
        walked = await follow(w, "custody.end", {
            "plan.safety": ("space", *_tabbed(plan), "ctrl+s"),
            "plan.means": ("space", *_tabbed(means), "ctrl+s"),
            "risk.level": ("space", "tab", "tab", "张虚构老师,赵虚构老师,王虚构老师", "ctrl+s"),
            "contact.guardians": ("space", "周虚构", "tab", "母亲", "tab", "13900000001",
                                  "ctrl+s"),
            "contact.call_school": ("space", "1", "ctrl+s"),
            "contact.decision": ("space", "1", "ctrl+s"),  # she is coming
            "medical.route": ("4",),  # outpatient
            "medical.referral": ("space", *_tabbed(("市虚构心理门诊", "有自杀念头，想过方法",
                                                    "门诊评估", "yes", "张虚构老师")), "ctrl+s"),
        })
        assert w.screen.state.level == "II"
        checkin = w.screen.state.timer("means-checkin")  # due at the agreed call
        assert checkin is not None and checkin.due_at is not None
        assert checkin.due_at.astimezone().strftime("%m-%d %H:%M") == "11-25 18:00"
        assert "followup.archive" not in walked
        w.at("custody.end")  # she leaves only with her mother, handed over in person
        await w.keys("space", "ctrl+s")
        state = w.screen.state
        assert state.custody.ended is not None and state.custody.ended.to == "guardian"
        assert state.steps["followup.home"].status == "done"
        day1 = state.timer("followup-day1")
        assert day1 is not None and day1.running  # the caring contacts start
        print(f"key presses: {w.presses}, values typed: {w.typed}")
        assert w.presses + w.typed <= BUDGET


def _tabbed(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for number, value in enumerate(values):
        if number:
            out.append("tab")
        out.append(value)
    return out
