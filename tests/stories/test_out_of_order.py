"""Story: entries made out of order from the menus. Lunchtime, a student climbs onto a
railing. The on-duty teacher is on the phone before she is at the keyboard: once she
opens the danger screen, she records from the menus what already happened, in the order
it comes to mind: the 120 call (`m`), the phone report to the leader (`r`), the mother's
number and the call that reached her (`p`), custody in the office (`c`). ▶ then asks
only what is still to do: none of those steps comes back, each done by its record the
same as from ▶. By ▶ and the menus (digits, Space, typed values, Ctrl+S: no key moves
between steps), under a key budget."""

from __future__ import annotations

from pathlib import Path

from tui.conftest import FakeClock, build, unlock

from .walker import Walker, follow

BUDGET = 70
RECORDED = (
    "danger.call120",
    "first.report_leader",
    "contact.guardians",
    "contact.call_urgent",
    "custody.start",
)


async def test_entries_from_the_menus_in_any_order(home: Path, clock: FakeClock) -> None:
    app = build(home, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, app)
        w = Walker(pilot, app, clock)
        await w.keys("exclamation_mark")
        w.at("danger.check")
        await w.keys("2", "space")  # a means at hand: the railing
        w.minutes(4)
        # the medical menu: 120 (the first number), called at 14:01, three minutes ago
        await w.keys("m", "1", "1", "tab")  # the digit moved on to who called: past it
        await w.type("14:01")
        await w.keys("ctrl+s")
        called = [e for e in app.journal.events(w.screen.case_id) if e.kind == "medical.called"]
        assert called[0].at_time.astimezone().strftime("%H:%M") == "14:01"
        # the report menu: the leader told by phone
        await w.keys("r", "1")
        await w.type("王虚构校长")
        await w.keys("ctrl+s")
        # the contact menu: the mother's number, then the call that reached her
        await w.keys("p", "2")
        for value in ("周虚构", "母亲", "13900000001"):
            await w.type(value)
            await w.keys("tab")
        await w.keys("ctrl+s")
        await w.keys("p", "1", "1", "ctrl+s")  # reached; the mother is prefilled
        # the custody menu: custody in the office, by two teachers
        await w.keys("c", "1")
        await w.type("医务室")
        await w.keys("tab")
        await w.type("王虚构老师,张虚构老师")
        await w.keys("ctrl+s")
        state = w.screen.state
        for step in RECORDED:
            assert state.steps[step].status == "done", step
        walked = await follow(w, "medical.route", {
            "first.counselor": ("space", "张虚构老师", "ctrl+s"),
            "first.class_teacher": ("space", "赵虚构老师", "ctrl+s"),
            "first.facts": ("space", "李虚构同学", "tab", "初二(3)班", "tab", "14", "tab",
                            "三楼走廊", "tab", "爬上栏杆", "ctrl+s"),
            "custody.security": ("space", "孙虚构保安", "ctrl+s"),
            "contact.decision": ("space", "1", "ctrl+s"),
        })
        for step in RECORDED:  # ▶ never asked again what a menu recorded
            assert step not in walked, step
        state = w.screen.state
        assert state.level == "I"
        assert state.contacts.reached_who == "周虚构"
        assert state.custody.custodians == ("王虚构老师", "张虚构老师")
        kinds = [e.kind for e in app.journal.events(w.screen.case_id)]
        assert kinds.count("medical.called") == 1 and kinds.count("custody.started") == 1
        print(f"key presses: {w.presses}, values typed: {w.typed}")
        assert w.presses + w.typed <= BUDGET
