"""Story: admission refused by the family. A girl wrote in her essay how she would kill
herself; the ASQ is a non-acute positive, and the counselor's brief assessment finds a
plan with access to the means: imminent risk, level I, a psychiatric hospital at once.
The father, reached by phone, refuses admission and will take her home (Mental Health
Law arts. 30-31: admission for self-harm needs the guardian's consent). ▶ follows the
refusal: the signed refusal first, then the refusal step, an outpatient referral, the
safety plan and means safety with the father, and she leaves only through a recorded
safety handover to him, the caring contacts started. By ▶ alone, under a key budget."""

from __future__ import annotations

from pathlib import Path

from tui.conftest import FakeClock, build, unlock

from .walker import Walker, follow

BUDGET = 130


async def test_the_family_refuses_admission(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        await w.open_case("初三(1)班教室", "在作文里写了自杀的方法", "郑虚构", "初三(1)班", "15")
        await follow(w, "contact.decision", {
            "first.report_leader": ("space", "王虚构校长", "ctrl+s"),
            "first.counselor": ("space", "张虚构老师", "ctrl+s"),
            "first.class_teacher": ("space", "赵虚构老师", "ctrl+s"),
            "risk.warning": ("1", "space"),  # talked of suicide, with a method
            "risk.asq.q1": ("1",),
            "risk.asq.q2": ("2",),
            "risk.asq.q3": ("1",),
            "risk.asq.q4": ("2",),
            "risk.asq.q5": ("2",),
            "risk.stay": ("space", "心理辅导室", "tab", "张虚构老师", "ctrl+s"),
            "risk.bssa.frequency": ("3",),  # every day
            "risk.bssa.plan": ("4",),  # a plan, and the means at hand
            "risk.bssa.behaviour": ("1",),
            "risk.safety_assessment": ("1",),  # imminent: emergency evaluation now
            "risk.level": ("space", "tab", "tab", "张虚构老师,赵虚构老师", "ctrl+s"),
            "custody.security": ("space", "孙虚构保安", "ctrl+s"),
            "contact.guardians": ("space", "郑虚构爸爸", "tab", "父亲", "tab", "13900000002",
                                  "ctrl+s"),
            "contact.call_urgent": ("space", "1", "ctrl+s"),
        })
        assert w.screen.state.level == "I"
        # on the phone: no hospital, he takes her home himself
        await w.do("contact.decision", "space", "5", "tab", "tab", "tab",
                   values=("不同意住院，要带回家自己看护",))
        assert w.screen.state.steps["contact.refused"].status == "done"
        w.at("contact.documents")  # ▶: the signed refusal, at once
        await w.keys("3", "space")
        walked = await follow(w, "custody.end", {
            "medical.route": ("4",),  # outpatient, as the family accepts
            "medical.referral": ("space", "市虚构心理门诊", "tab", "有自杀计划并能拿到手段",
                                 "tab", "尽快门诊评估", "tab", "no", "tab", "张虚构老师",
                                 "ctrl+s"),
            "plan.safety": ("space", "一个人发呆", "tab", "打球", "tab", "操场", "tab",
                            "爸爸 13900000002", "tab", "张老师 12356", "tab", "刀具交给爸爸",
                            "tab", "打球", "tab", "张虚构老师", "ctrl+s"),
            "plan.means": ("space", "郑虚构爸爸", "tab", "窗户装限位器", "tab", "药锁起来",
                           "tab", "刀收起来", "tab", "绳子收起来", "tab", "", "tab",
                           "张虚构老师", "ctrl+s"),
        })
        assert "medical.refused" in walked
        assert "medical.call120" not in walked and "medical.handover" not in walked
        await w.do("custody.end", "space", "ctrl+s")  # to the father, in person
        state = w.screen.state
        assert state.custody.ended is not None and state.custody.ended.to == "guardian"
        assert state.custody.ended.received_by == "郑虚构爸爸"
        day1 = state.timer("followup-day1")
        assert day1 is not None and day1.running  # the caring contacts start
        decision = [e.data for e in app.journal.events(w.screen.case_id)
                    if e.kind == "family.decision"]
        assert decision[-1]["decision"] == "refuse_treatment"
        print(f"key presses: {w.presses}, values typed: {w.typed}")
        assert w.presses + w.typed <= BUDGET
