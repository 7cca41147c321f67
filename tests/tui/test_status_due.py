"""The status bar after a shift handover: the check-in counts from the handover (the new
custodians' first look), its ⚠ shows once that is overdue, and "nearest due" is the
real nearest, counting the check-in and saying how many more fall due with it."""

from __future__ import annotations

from rich.cells import cell_len

from case.helpers import Log, minutes
from oncall.case import kinds as k
from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook
from oncall.tui.view import WARN, next_deadline, status_line

CHEN, LI = "陈老师（虚构）", "李老师（虚构）"


def _case() -> Log:
    log = Log(load_playbook(default_playbook_path()), student_age=14)
    log.answer("danger.check", [], 1)
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 2)
    log.confirm("II", 2, suggested="II")
    log.custody([CHEN], 3, check_minutes=15)
    log.add(k.CUSTODY_CHECKIN, {"by": CHEN, "state": "平稳"}, 5)
    log.handover([CHEN], [LI], 20)
    return log


def test_after_a_handover_the_check_in_follows_the_new_custodian() -> None:
    log = _case()
    playbook = log.playbook
    state = log.state(26)
    bar = status_line(state, playbook, "zh", minutes(26), width=80)
    custody_part = bar.splitlines()[1].split("│")[0]
    assert LI in custody_part and "6" in custody_part and WARN not in custody_part
    # the check-in due at 35 is nearer than the written report due in a day
    assert "监护查看" in next_deadline(state, "zh", minutes(26))
    late = log.state(36)
    custody_late = status_line(late, playbook, "zh", minutes(36), width=80).splitlines()[1]
    assert WARN in custody_late.split("│")[0]
    assert late.warning("checkin_overdue") is not None


def test_items_due_in_the_same_minute_are_all_named() -> None:
    log = _case()
    log.add(k.CUSTODY_CHECKIN, {"by": LI, "state": "平稳"}, 25)
    state = log.state(26)
    line = next_deadline(state, "zh", minutes(26))
    assert "+" not in line
    # the escalation deadline (15 min from the first guardian call) due with the check-in
    log.add(k.CONTACT_ATTEMPT, {"target": "王芳（虚构）", "phone": "13800000001",
                                "outcome": "no_answer"}, 25)
    state = log.state(26)
    together = next_deadline(state, "zh", minutes(26))
    assert "监护查看" in together and "联系家长" in together  # both named, one was hidden
    # in the status bar's room at 80 columns too, shortened, the time kept whole
    bar = status_line(state, log.playbook, "zh", minutes(26), width=80).splitlines()[1]
    assert "监护" in bar.split("│")[-1] and "联系" in bar.split("│")[-1]
    assert "剩余 14分" in bar  # a duration, never read as a clock (it read "0:14")
    assert cell_len(bar) <= 78


def test_the_weekly_report_is_named_a_day_before_it_is_due() -> None:
    """Level III: the weekly report (7 days) is not the nearest while a nearer item
    runs; from a day before it is due the status names it anyway (it was first seen
    overdue)."""
    log = Log(load_playbook(default_playbook_path()), student_age=14)
    log.answer("danger.check", [], 1)
    log.confirm("III", 2, suggested="III")
    log.add(k.REPORT_PHONE, {"to": "刘校长（虚构）"}, 3)
    log.add(k.REPORT_WRITTEN, {"to": "刘校长（虚构）"}, 4)
    week = 7 * 24 * 60
    log.custody([CHEN], week - 120, check_minutes=15)  # a nearer item: the check-in
    early = next_deadline(log.state(week - 1441), "zh", minutes(week - 1441))
    assert "每周报告" not in early or early.startswith("期限 每周报告")
    state = log.state(week - 100)
    line = next_deadline(state, "zh", minutes(week - 100))
    assert line.startswith("期限 监护查看")
    assert "每周报告监护情况 剩余 1小时42分" in line  # a duration, never read as a clock
    bar = status_line(state, log.playbook, "zh", minutes(week - 100), width=80).splitlines()[1]
    assert "每周" in bar and "1时42分" in bar and cell_len(bar) <= 78  # short where tight


def test_the_overdue_check_in_warning_names_its_key_in_both_languages() -> None:
    """A stranger's walk saw "check on the student now" and had to guess which key
    records it: the warning line names the key (as the school's keymap has it)."""
    from oncall.tui.view import case_view

    late = _case().state(36)
    playbook = _case().playbook
    zh = case_view(late, playbook, "zh", minutes(36), None, keys={"case.custody": "c"})
    line = next(w for w in zh.warnings if "查看学生" in w)
    assert line.endswith("按 c（监护）")
    en = case_view(late, playbook, "en", minutes(36), None, keys={"case.custody": "g"})
    line = next(w for w in en.warnings if "Check on the student" in w)
    assert line.endswith("press g (Custody)")
    bare = case_view(late, playbook, "zh", minutes(36), None)
    assert not any("按 " in w for w in bare.warnings)  # no key known: no hint
