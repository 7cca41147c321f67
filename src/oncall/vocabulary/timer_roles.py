"""The roles a playbook's timer can hold (`role = "check_in"`): what the code reads a
clock for. A playbook declares which timer has which role; the code names a role only
through these constants, never a timer's id. A playbook without one simply has no such
clock (the checker says so)."""

from __future__ import annotations

from typing import Final

from oncall.vocabulary.text import Text

CUSTODY_CLOCK: Final = "custody_clock"
CHECK_IN: Final = "check_in"
ESCALATION: Final = "escalation"
REPORT_DEADLINE: Final = "report_deadline"
PHONE_REPORT: Final = "phone_report"
INFORM_GUARDIAN: Final = "inform_guardian"
WEEKLY_REPORT: Final = "weekly_report"
FOLLOWUP: Final = "followup"
OTHER: Final = "other"

TIMER_ROLES: Final[dict[str, Text]] = {
    CUSTODY_CLOCK: Text("24 小时监护时钟（唯一）", "the 24-hour custody clock (one)"),
    CHECK_IN: Text("监护查看间隔（唯一）", "the custody check-in interval (one)"),
    ESCALATION: Text("家长联系升级（唯一）", "guardian contact escalation (one)"),
    REPORT_DEADLINE: Text("书面报告期限（唯一）", "the written report deadline (one)"),
    PHONE_REPORT: Text("电话报告期限", "the phone report deadline"),
    INFORM_GUARDIAN: Text("告知家长期限", "the deadline to inform the guardian"),
    WEEKLY_REPORT: Text("每周报告", "the weekly report"),
    FOLLOWUP: Text("随访", "a follow-up contact"),
    OTHER: Text("其他", "other"),
}
"""Timer roles in words (the checker's messages)."""

SINGLE_ROLES: Final[tuple[str, ...]] = (CUSTODY_CLOCK, CHECK_IN, ESCALATION, REPORT_DEADLINE)
"""Roles one timer only may hold."""
