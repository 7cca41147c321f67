"""Story: the parents cannot be reached for an hour. A level I case at night (a student
found with a cord); the mother's phone is off, the father
does not answer, again and again. ▶ keeps the call in front, and once the 15-minute
escalation is overdue it says to go down the list; the father answers after an hour.
By ▶ alone (digits, Space, typed values, Ctrl+S), under a key budget."""

from __future__ import annotations

from pathlib import Path

from tui.conftest import FakeClock, build, unlock

from .walker import Walker, follow

BUDGET = 100


async def test_parents_unreachable_for_an_hour(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        await w.keys("exclamation_mark")
        walked = await follow(w, "contact.call_urgent", {
            "danger.check": ("2", "space"),
            "first.report_leader": ("space", "王虚构校长", "ctrl+s"),
            "first.counselor": ("space", "张虚构老师", "ctrl+s"),
            "first.class_teacher": ("space", "赵虚构老师", "ctrl+s"),
            "first.facts": ("space", "李虚构同学", "tab", "初二(3)班", "tab", "14", "tab",
                            "宿舍", "tab", "手里拿着绳子", "ctrl+s"),
            "custody.start": ("space", "宿舍值班室", "tab", "王虚构老师,张虚构老师", "ctrl+s"),
            "custody.security": ("space", "孙虚构保安", "ctrl+s"),
            "contact.guardians": ("space", "周虚构", "tab", "母亲", "tab", "139-0000-0001",
                                  "tab", "李虚构", "tab", "父亲", "tab", "139-0000-0002",
                                  "ctrl+s"),
        })
        assert "contact.escalate" not in walked  # nothing to go down yet
        # 22:00 on: every 10 minutes both phones, nobody answers; the custodians' check-in
        # (every 15 minutes) comes before the calls whenever it is due
        checked: list[bool] = []
        for _ in range(2):
            w.at("contact.call_urgent")
            await w.keys("space", "3", "ctrl+s")  # the mother: switched off
            w.at("contact.call_urgent")
            await w.keys("space", "2", "ctrl+s")  # the father: no answer
            w.minutes(10)
            checked.append(await w.check_in_if_asked())  # ▶: the check-in, when due
        # 20 minutes, nobody reached: the escalation is overdue and ▶ says to go down
        # the list (the leader, the emergency contact; the leader decides on 110)
        escalation = w.screen.state.timer_with("escalation")
        assert escalation is not None and escalation.overdue
        await w.do("contact.escalate", "space")
        assert not w.screen.state.timer_with("escalation").overdue
        for _ in range(4):  # ▶ goes back to the call: keep trying
            w.at("contact.call_urgent")
            await w.keys("space", "3", "ctrl+s")
            w.at("contact.call_urgent")
            await w.keys("space", "2", "ctrl+s")
            w.minutes(10)
            checked.append(await w.check_in_if_asked())
        # an hour on: the mother's phone still off; the father (offered next) answers
        w.at("contact.call_urgent")
        await w.keys("space", "3", "ctrl+s")
        w.at("contact.call_urgent")
        await w.keys("space", "1", "ctrl+s")
        attempts = [e.data for e in app.journal.events(w.screen.case_id)
                    if e.kind == "contact.attempt"]
        # the form offered the mother and the father in turn, round the list
        assert [a["target"] for a in attempts] == ["周虚构", "李虚构"] * 7
        assert checked == [False, True, False, True, False, True]
        contacts = w.screen.state.contacts
        assert contacts.reached_who == "李虚构"
        assert w.screen.state.current_step == "contact.decision"
        assert w.screen.shown_step == "contact.decision"
        print(f"key presses: {w.presses}, values typed: {w.typed}")
        assert w.presses + w.typed <= BUDGET
