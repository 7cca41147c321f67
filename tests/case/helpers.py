"""Building cases for replay tests: a small playbook made from the model classes, and
an in-memory event log whose times are minutes after a fixed opening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from oncall.case import CaseState, replay
from oncall.case import kinds as k
from oncall.journal.event import Event, format_time
from oncall.playbook.model import (
    DoneBy,
    LevelRule,
    Lines,
    Option,
    Phase,
    Playbook,
    Role,
    Step,
    Text,
    Timer,
)

T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
STUDENT = "李小明（虚构）"
TEACHER = "王老师（虚构）"

YES_NO = (Option("yes", Text("是", "Yes")), Option("no", Text("否", "No")))
DANGER_PATH = 'happened("danger.declared") or count("danger.check") > 0'


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def step(
    step_id: str, kind: str = "action", *, when: str | None = None, required: bool = True,
    options: tuple[Option, ...] = (), timer: str | None = None, done_by: tuple[DoneBy, ...] = (),
) -> Step:
    return Step(
        id=step_id, kind=kind, title=Text(f"做 {step_id}", f"Do {step_id}"),  # type: ignore[arg-type]
        guidance=Lines((), ()), when=when, options=options, required=required, timer=timer,
        done_by=done_by,
    )


def mini_playbook(*, immediate_last: bool = False, timers: tuple[Timer, ...] | None = None
                  ) -> Playbook:
    """A playbook shaped like the default one, small enough to reason about in a test,
    with the default one's `done_by` on the steps it shares with it."""
    danger = Phase(
        id="danger", title=Text("即时危险", "Immediate danger"), immediate=True,
        steps=(
            step("danger.check", "check", options=(
                Option("means", Text("手段", "Means")), Option("others", Text("他人", "Others")),
            )),
            step("danger.call120", when=DANGER_PATH, done_by=(
                DoneBy(k.MEDICAL_CALLED, "number", "120", when=DANGER_PATH),
            )),
            step("danger.call110", when='checked("danger.check", "others")', done_by=(
                DoneBy(k.MEDICAL_CALLED, "number", "110", when=DANGER_PATH),
            )),
        ),
    )
    first = Phase(
        id="first", title=Text("先做", "First"),
        steps=(
            step("first.report_leader", "contact", done_by=(
                DoneBy(k.REPORT_PHONE), DoneBy(k.NOTIFIED, "role", "leader"),
            )),
            step("first.young", "note", when="age < 10"),
        ),
    )
    risk = Phase(
        id="risk", title=Text("评估", "Risk"),
        steps=(
            step("risk.factors", "check", options=(
                Option("past_attempt", Text("既往", "Past attempt")),
                Option("sleep", Text("睡眠", "Sleep")),
            )),
            step("risk.q5", "question", options=YES_NO),
            step("risk.level", done_by=(DoneBy(k.LEVEL_CONFIRMED),)),
        ),
    )
    custody = Phase(
        id="custody", title=Text("监护", "Custody"), when='level in ["I", "II"]',
        steps=(step("custody.start", done_by=(DoneBy(k.CUSTODY_STARTED),)),
               step("custody.end", done_by=(DoneBy(k.CUSTODY_ENDED),)),
               step("custody.clock", "timer", timer="custody-24h", required=False)),
    )
    report = Phase(
        id="report", title=Text("报告", "Report"),
        steps=(step("report.written", done_by=(DoneBy(k.REPORT_WRITTEN),)),
               step("report.optional", required=False)),
    )
    phases = (first, risk, custody, report, danger) if immediate_last else (
        danger, first, risk, custody, report)
    default_timers = (
        Timer("report-phone", Text("电话报告", "Phone report"), "deadline", 10,
              start=("case.opened",), stop=("event:report.phone",), role="phone_report"),
        Timer("custody-checkin", Text("监护查看", "Custody check-in"), "interval", 15,
              start=("event:custody.started",),
              reset=("event:custody.checkin", "event:custody.handover"),
              stop=("event:custody.ended",), role="check_in"),
        Timer("custody-24h", Text("24 小时监护", "24-hour custody"), "deadline", 1440,
              start=("event:custody.started",), stop=("event:custody.ended",),
              role="custody_clock"),
        Timer("contact-escalation", Text("联系家长", "Guardian ladder"), "deadline", 15,
              start=("event:contact.attempt",),
              stop=("event:family.decision", "event:family.arrived"),
              when='level in ["I", "II"]', role="escalation"),
        Timer("report-written", Text("书面报告", "Written report"), "deadline", 1440,
              start=("event:danger.declared", "event:level.confirmed"),
              stop=("event:report.written",), role="report_deadline"),
        Timer("weekly", Text("每周报告", "Weekly report"), "interval", 10080,
              start=("event:level.confirmed",), reset=("event:report.weekly",),
              stop=("event:case.closed",), when='level == "III"', role="weekly_report"),
    )
    return Playbook(
        id="mini", version="1", title=Text("小预案", "Mini playbook"),
        roles=(Role("duty_teacher", Text("值班教师", "On-duty teacher")),),
        phases=phases,
        rules=(
            LevelRule("acute", 'answer("risk.q5") == "yes"', "I",
                      Text("现在有自杀念头", "Thoughts of suicide right now")),
            LevelRule("past", 'checked("risk.factors", "past_attempt")', "II",
                      Text("既往自杀企图", "A past attempt")),
            LevelRule("any-factor", 'count("risk.factors") >= 1', "III",
                      Text("存在高危因素", "A risk factor")),
        ),
        timers=default_timers if timers is None else timers,
        content_hash="mini-hash",
    )


class Log:
    """An in-memory case log: `add` appends an event that happened `at` minutes after
    the opening (recorded then, unless `recorded` says later)."""

    def __init__(self, playbook: Playbook, *, drill: bool = False, **facts: Any) -> None:
        self.playbook = playbook
        self.drill = drill
        self.events: list[Event] = []
        facts.setdefault("student_name", STUDENT)
        self.add(k.CASE_OPENED, {
            "facts": facts,
            "playbook": {"id": playbook.id, "version": playbook.version,
                         "hash": playbook.content_hash},
        }, 0)

    def add(self, kind: str, data: dict[str, Any], at: float, *, recorded: float | None = None,
            actor: str = TEACHER) -> Event:
        seq = len(self.events) + 1
        event = Event(
            id=f"ev{seq}", case="20261123-1400-test", seq=seq, at=format_time(minutes(at)),
            tz="+08:00", recorded_at=format_time(minutes(at if recorded is None else recorded)),
            actor=actor, kind=kind, data=data, drill=self.drill,
        )
        self.events.append(event)
        return event

    def state(self, at: float) -> CaseState:
        return replay(self.playbook, self.events, minutes(at))

    # shorthands for the commonest events
    def answer(self, step_id: str, value: Any, at: float) -> Event:
        return self.add(k.STEP_ANSWERED, {"step": step_id, "value": value}, at)

    def done(self, step_id: str, at: float) -> Event:
        return self.add(k.STEP_DONE, {"step": step_id}, at)

    def confirm(self, level: str, at: float, *, suggested: str | None = None,
                reason: str = "") -> Event:
        return self.add(k.LEVEL_CONFIRMED, {
            "level": level, "suggested": suggested or level, "drivers": [],
            "override": bool(suggested and suggested != level), "reason": reason,
            "assessors": ["张老师（虚构）", "赵老师（虚构）", "钱老师（虚构）"],
        }, at)

    def custody(self, custodians: list[str], at: float, place: str = "心理辅导室",
                check_minutes: int = 15) -> Event:
        return self.add(k.CUSTODY_STARTED, {
            "place": place, "custodians": custodians, "observation": "sight",
            "check_minutes": check_minutes,
        }, at)

    def handover(self, giver: list[str], receiver: list[str], at: float) -> Event:
        return self.add(k.CUSTODY_HANDOVER, {
            "from": giver, "to": receiver,
            "ipass": {"severity": "I", "summary": "平稳", "actions": [], "watch": "",
                      "readback": True},
        }, at)

    def end_custody(self, to: str, received_by: str, at: float, place: str = "校门口") -> Event:
        return self.add(k.CUSTODY_ENDED, {"to": to, "received_by": received_by, "place": place},
                        at)
