"""One scripted run of "diary-note", scored against values worked out by hand from the
default playbook's targets and the scenario's injects."""

from __future__ import annotations

from datetime import timedelta

from oncall.case import kinds as k
from oncall.case import replay
from oncall.drill import history, record_due, run_report, start_run
from oncall.journal import Journal
from support.clocks import T0, FakeClock

from .conftest import scenario

TEACHER = "王老师（虚构）"


class Run:
    """A drill run written event by event; `tick` is what the app does every second."""

    def __init__(self, journal: Journal, clock: FakeClock, name: str = "diary-note") -> None:
        self.journal, self.clock = journal, clock
        self.scenario, self.playbook = scenario(name)
        clock.now = T0
        self.case = start_run(
            journal,
            self.scenario,
            self.playbook,
            actor=TEACHER,
            players={"class_teacher": "周老师（扮演）", "leader": "刘校长（扮演）"},
        )

    def at(self, minutes: float):
        return T0 + timedelta(minutes=minutes)

    def tick(self, minutes: float) -> list[str]:
        self.clock.now = max(self.clock.now, self.at(minutes))
        due, _ = record_due(self.journal, self.case, self.scenario, self.playbook, self.at(minutes))
        return [d.inject.id for d in due]

    def add(self, minutes: float, kind: str, data: dict) -> None:  # type: ignore[type-arg]
        self.tick(minutes)
        self.journal.append(self.case, kind, data, TEACHER, at=self.at(minutes))


def scripted(run: Run) -> None:
    run.add(1, k.STEP_ANSWERED, {"step": "danger.check", "value": []})
    run.add(2, k.STEP_DONE, {"step": "first.stay"})
    assert run.tick(3) == ["diary-date"]
    run.add(4, k.REPORT_PHONE, {"to": "刘校长（虚构）"})
    run.add(5, k.NOTIFIED, {"role": "counselor", "person": "吴老师", "how": "phone"})
    run.add(6, k.NOTIFIED, {"role": "class_teacher", "person": "周老师", "how": "phone"})
    assert run.tick(8) == ["toilet-alone"]
    run.add(11, k.DRILL_RESPONSE, {"inject": "toilet-alone", "text": "请女老师陪同"})
    run.add(12, k.STEP_ANSWERED, {"step": "risk.warning", "value": ["talk_method"]})
    assert run.tick(20) == ["class-chat"]
    for minute, question in ((21, "q1"), (22, "q2"), (22.5, "q3"), (23, "q4")):
        run.add(minute, k.STEP_ANSWERED, {"step": f"risk.asq.{question}", "value": "yes"})
    run.add(24, k.STEP_ANSWERED, {"step": "risk.asq.q5", "value": "no"})
    assert run.tick(25) == ["tell-mum"]  # one minute after q5
    run.add(26, k.STEP_SKIPPED, {"step": "risk.dimensions", "reason": "已由心理老师评估"})
    run.add(27, k.DRILL_RESPONSE, {"inject": "tell-mum", "text": "为了安全要告诉家长"})
    run.add(
        30,
        k.LEVEL_CONFIRMED,
        {
            "level": "II",
            "suggested": "II",
            "drivers": [],
            "override": False,
            "reason": "",
            "assessors": [],
        },
    )
    run.add(
        31,
        k.GUARDIAN_ADDED,
        {"name": "陈虚构", "relation": "母亲", "phone": "000-0000-0101", "priority": 1},
    )
    run.add(
        33,
        k.CONTACT_ATTEMPT,
        {"by": TEACHER, "target": "陈虚构", "phone": "000-0000-0101", "outcome": "no_answer"},
    )
    assert run.tick(33) == ["mother-no-answer"]
    run.add(
        35,
        k.CUSTODY_STARTED,
        {
            "place": "心理辅导室",
            "custodians": ["吴老师"],
            "observation": "sight",
            "check_minutes": 15,
        },
    )
    run.add(
        40,
        k.CONTACT_ATTEMPT,
        {"by": TEACHER, "target": "林虚构", "phone": "000-0000-0102", "outcome": "reached"},
    )
    run.add(50, k.CASE_CLOSED, {"reason": "演练结束"})


def test_a_scripted_run_scores_as_worked_out_by_hand(journal: Journal, clock: FakeClock) -> None:
    run = Run(journal, clock)
    scripted(run)
    report = run_report(journal, run.case, run.scenario, run.playbook, run.at(60))

    # Intervals (targets from the default playbook, minutes from the opening at T+0):
    # leader: phone report at 4, first.report_leader target 10 -> met in 4.
    assert (report.interval("leader").minutes, report.interval("leader").status) == (4, "met")
    # level: confirmed at 30, risk.level target 45 -> met in 30.
    assert (report.interval("level").minutes, report.interval("level").status) == (30, "met")
    # custody: started at 35, custody.start target 30 -> missed.
    custody = report.interval("custody_start")
    assert (custody.minutes, custody.status) == (35, "missed")
    # guardian: first call at 33, reached at 40; level II's call step target 60 -> met.
    assert report.interval("guardian_call").minutes == 33
    assert (
        report.interval("guardian_reached").minutes,
        report.interval("guardian_reached").status,
    ) == (40, "met")
    # Injects: diary-date is a notice; toilet-alone at 8, answered at 11 > 8+2 -> late;
    # tell-mum at 25, answered at 27 <= 25+5 -> handled; class-chat at 20, never
    # answered, drill ended -> missed; mother-no-answer at 33, next call at 40 > 33+5
    # -> late.
    statuses = {r.id: r.status for r in report.injects}
    assert statuses == {
        "diary-date": "info",
        "toilet-alone": "late",
        "tell-mum": "handled",
        "mother-no-answer": "late",
        "class-chat": "missed",
    }
    assert report.inject("toilet-alone").minutes == 3
    assert report.inject("mother-no-answer").response == k.CONTACT_ATTEMPT
    # Skipped: risk.dimensions with its reason. No custody gap.
    assert [(s.step, s.reason) for s in report.skipped] == [("risk.dimensions", "已由心理老师评估")]
    assert report.gaps == ()
    # Slowest: the done steps in time order are danger.check 1, first.stay 2,
    # first.report_leader 4, first.counselor 5, first.class_teacher 6, risk.warning 12,
    # asq q1 21 ... -> the longest wait is risk.warning -> q1: 9 minutes.
    assert report.slowest is not None
    assert (report.slowest.step, report.slowest.minutes) == ("risk.asq.q1", 9)
    assert report.run.players == {"class_teacher": "周老师（扮演）", "leader": "刘校长（扮演）"}
    assert report.previous == ()


def test_every_event_of_a_run_is_flagged_drill_and_the_run_is_recorded(
    journal: Journal, clock: FakeClock
) -> None:
    run = Run(journal, clock)
    scripted(run)
    events = journal.events(run.case)
    assert all(e.drill for e in events)
    started = events[1]
    assert started.kind == k.DRILL_STARTED
    assert started.data["scenario"] == "diary-note"
    assert started.data["hash"] == run.scenario.content_hash
    assert journal.cases()[0].facts["scenario"] == "diary-note"
    fired = [(e.data["inject"], e.at_time) for e in events if e.kind == k.DRILL_INJECT]
    assert fired == [
        ("diary-date", run.at(3)),
        ("toilet-alone", run.at(8)),
        ("class-chat", run.at(20)),
        ("tell-mum", run.at(25)),
        ("mother-no-answer", run.at(33)),
    ]


def test_injects_fire_once_and_never_after_the_drill_ends(
    journal: Journal, clock: FakeClock
) -> None:
    run = Run(journal, clock)
    assert run.tick(2) == []
    assert run.tick(100) == ["diary-date", "toilet-alone", "class-chat"]
    assert run.tick(200) == []
    journal.append(run.case, k.CASE_CLOSED, {"reason": "end"}, TEACHER)
    state = replay(run.playbook, journal.events(run.case), run.at(300))
    assert state.closed


def test_the_second_run_compares_with_the_first(journal: Journal, clock: FakeClock) -> None:
    first = Run(journal, clock)
    scripted(first)
    clock.now = T0 + timedelta(days=7)
    second_case = start_run(journal, first.scenario, first.playbook, actor="另一位老师", players={})
    clock.now += timedelta(minutes=2)
    journal.append(second_case, k.REPORT_PHONE, {"to": "刘校长"}, "另一位老师")
    clock.now += timedelta(minutes=1)
    runs = history(journal, first.scenario, first.playbook, clock.now)
    assert [r.case_id for r in runs] == [first.case, second_case]
    assert runs[1].minutes["leader"] == 2
    report = run_report(journal, second_case, first.scenario, first.playbook, clock.now)
    assert [p.case_id for p in report.previous] == [first.case]
    assert report.previous[0].minutes["leader"] == 4
