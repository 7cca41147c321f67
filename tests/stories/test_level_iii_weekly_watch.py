"""Story: a level III weekly watch over two weeks. Monday afternoon the class teacher
sees a girl whose mood has changed and who cries in class; the counselor is in the
building and comes. The ASQ waits for her, is negative, and her brief assessment finds
low risk: a safety plan, home with the family; level III. The class teacher sets up the
monitoring group, tells the mother the same day, and the case waits. Two days on, ▶ is
the means-safety call; six days on (the day before it is due) the weekly report comes
back to ▶, and again the week after: a report recorded does not stay done while the
watch goes on. By ▶ alone, the days moved by the fake clock, under a key budget."""

from __future__ import annotations

from pathlib import Path

from tui.conftest import FakeClock, build, unlock

from .walker import NOTHING_DUE, Walker, follow

BUDGET = 125
DAY = 24 * 60


async def test_level_iii_watch_reports_every_week(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        await w.open_case("初一(2)班教室", "最近情绪低落，上课哭", "陈虚构", "初一(2)班", "13")
        walked = await follow(w, NOTHING_DUE, {
            "first.report_leader": ("space", "王虚构校长", "ctrl+s"),
            "first.counselor": ("space", "张虚构老师", "ctrl+s"),
            "first.class_teacher": ("space", "赵虚构老师", "ctrl+s"),
            "risk.warning": ("3", "space"),  # a sudden change of mood
            "risk.dimensions": ("1", "space"),  # emotion
            "risk.asq.q1": ("2",),
            "risk.asq.q2": ("2",),
            "risk.asq.q3": ("2",),
            "risk.asq.q4": ("2",),
            "risk.bssa.frequency": ("1",),
            "risk.bssa.plan": ("1",),
            "risk.bssa.behaviour": ("1",),
            "risk.safety_assessment": ("3",),  # low risk: a plan, home with the family
            "plan.safety": ("space", "一个人发呆", "tab", "画画", "tab", "操场", "tab",
                            "妈妈 13900000001", "tab", "张老师 12356", "tab", "美工刀交给妈妈",
                            "tab", "画画", "tab", "张虚构老师", "ctrl+s"),
            "plan.means": ("space", "陈虚构妈妈", "tab", "窗户有限位器", "tab", "家里没有处方药",
                           "tab", "美工刀收起来", "tab", "无", "tab", "11-25 18:00", "tab",
                           "张虚构老师", "ctrl+s"),
            "risk.level": ("space", "tab", "tab", "张虚构老师,赵虚构老师", "ctrl+s"),
            "monitor.group": ("space", "赵虚构老师", "tab", "刘虚构同学", "tab", "黄虚构同学",
                              "ctrl+s"),
            "contact.guardians": ("space", "陈虚构妈妈", "tab", "母亲", "tab", "13900000001",
                                  "ctrl+s"),
            "contact.inform_week": ("space", "1", "ctrl+s"),  # the mother, reached today
            "contact.decision": ("space", "1", "ctrl+s"),  # she comes to a meeting
            "medical.route": ("5",),  # counselling at school
            "followup.others": ("s", "没有其他学生目睹或受影响", "ctrl+s"),
        })
        assert "risk.assessor" in walked  # the ASQ waited for the counselor
        state = w.screen.state
        assert state.level == "III"
        assert "report.weekly" not in walked  # the first report is a week away
        weekly = state.timer_with("weekly_report")
        assert weekly is not None and weekly.running and not weekly.overdue
        # the day's work is done: ▶ says nothing is due now and names the next item
        assert w.screen.state.current_step is None
        # two days on, the means-safety call is due
        w.minutes(2 * DAY + 5 * 60)
        await w.do("plan.means_checkin", "space")
        # six days in: the weekly report is ▶ (the day before it is due)
        w.minutes(4 * DAY)
        await w.do("report.weekly", "space", values=("情绪平稳，按时上学，监护小组无异常",))
        assert w.screen.state.current_step != "report.weekly"
        first = w.screen.state.timer_with("weekly_report")
        assert first is not None and first.due_at is not None
        # a week later it comes back, not left done
        w.minutes(3 * DAY)
        assert w.screen.state.current_step != "report.weekly"  # not due yet
        w.minutes(3 * DAY + 60)
        await w.do("report.weekly", "space", values=("第二周：与同学关系好转，睡眠改善",))
        reports = [e for e in app.journal.events(w.screen.case_id) if e.kind == "report.weekly"]
        assert len(reports) == 2
        assert w.screen.state.current_step != "report.weekly"
        again = w.screen.state.timer_with("weekly_report")
        assert again is not None and again.due_at is not None and again.due_at > first.due_at
        assert not again.overdue
        print(f"key presses: {w.presses}, values typed: {w.typed}")
        assert w.presses + w.typed <= BUDGET
