"""The drill report as people read it: late and missed injects in words, intervals
judged only against a target, "best before" the way each interval improves, and a
trend that charts every interval."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from oncall.case import kinds as k
from oncall.drill import history, run_report
from oncall.drill.chart import interval_chart
from oncall.drill.document import build_report_document
from oncall.drill.score import RunSummary
from oncall.export.to_md import render_md
from oncall.journal import Journal
from support.clocks import T0, FakeClock

from .test_score import TEACHER, Run


def markdown(run: Run, lang: str) -> str:
    runs = history(run.journal, run.scenario, run.playbook, run.clock.now)
    report = run_report(run.journal, run.case, run.scenario, run.playbook, run.clock.now)
    doc = build_report_document(run.scenario, runs, report, lang)  # type: ignore[arg-type]
    return render_md(doc).decode("utf-8")


def rooftop_answered_late_and_never(run: Run) -> None:
    """crowd (T+2, 5 minutes) answered at T+9: late; ambulance-late (T+6) never: missed;
    father-off (T+6) answered by the next call at T+7: handled."""
    run.add(1, k.MEDICAL_CALLED, {"number": "120", "by": TEACHER})
    run.add(
        6,
        k.CONTACT_ATTEMPT,
        {"target": "赵虚构", "phone": "000-0000-0201", "outcome": "switched_off"},
    )
    run.add(
        7, k.CONTACT_ATTEMPT, {"target": "孙虚构", "phone": "000-0000-0202", "outcome": "reached"}
    )
    run.add(9, k.DRILL_RESPONSE, {"inject": "crowd", "text": "请保安疏散"})
    run.add(15, k.MEDICAL_HANDOVER, {"hospital": "虚构医院", "staff": "虚构医生"})
    run.add(20, k.CASE_CLOSED, {"reason": "演练结束"})
    run.clock.now = run.at(21)


def test_one_inject_answered_late_and_one_never_read_late_and_missed(
    journal: Journal, clock: FakeClock
) -> None:
    run = Run(journal, clock, "rooftop")
    rooftop_answered_late_and_never(run)
    report = run_report(journal, run.case, run.scenario, run.playbook, clock.now)
    statuses = {r.id: r.status for r in report.injects}
    assert statuses["crowd"] == "late"
    assert statuses["ambulance-late"] == "missed"
    assert statuses["father-off"] == "handled"
    english = markdown(run, "en")
    assert "| Many students gather below" in english
    crowd = next(line for line in english.splitlines() if "Many students gather" in line)
    assert crowd.rstrip().endswith("| handled late |")
    ambulance = next(line for line in english.splitlines() if "stuck in traffic" in line)
    assert ambulance.rstrip().endswith("| missed |")
    # the event that answered shows in words, not as its kind
    father = next(line for line in english.splitlines() if "switched off" in line)
    assert "contact.attempt" not in english and "孙虚构" in father
    chinese = markdown(run, "zh")
    assert "处理迟了" in chinese and "未处理" in chinese


def test_an_interval_without_a_target_gets_no_verdict_and_is_not_counted(
    journal: Journal, clock: FakeClock
) -> None:
    run = Run(journal, clock, "rooftop")
    rooftop_answered_late_and_never(run)
    report = run_report(journal, run.case, run.scenario, run.playbook, clock.now)
    handover = report.interval("hospital_handover")
    assert handover.minutes == 15 and handover.target_minutes is None
    assert report.verdict("hospital_handover") is None  # measured, but nothing to meet
    assert "hospital_handover" not in report.run.statuses
    assert report.verdict("call_120") == "met"  # 1 minute against its 60
    assert report.run.met == sum(1 for s in report.run.statuses.values() if s == "met")
    text = markdown(run, "en").splitlines()
    line = [ln for ln in text if "Discovery → hospital handover |" in ln][-1]  # the run's table
    assert "no target" in line and "| met |" not in line


def summary(case: str, minutes: float, coverage: float) -> RunSummary:
    return RunSummary(
        case_id=case,
        started_at=T0,
        closed=True,
        players={},
        at_keyboard="",
        minutes={"leader": minutes, "custody": coverage},
        statuses={},
        injects={},
        better={"leader": "lower", "custody": "higher"},
    )


def test_best_before_follows_the_direction_each_interval_declares(
    journal: Journal, clock: FakeClock
) -> None:
    run = Run(journal, clock, "rooftop")
    rooftop_answered_late_and_never(run)
    report = run_report(journal, run.case, run.scenario, run.playbook, clock.now)
    assert report.run.better["custody"] == "higher"  # coverage: more time held is better
    assert report.run.better["leader"] == "lower"
    earlier = replace(
        report, previous=(summary("a", 9.0, 30.0), summary("b", 4.0, 55.0), summary("c", 6, 40))
    )
    assert earlier.best_before("leader") == 4.0
    assert earlier.best_before("custody") == 55.0


def test_the_chart_of_a_scenario_with_ten_intervals_shows_all_ten(
    journal: Journal, clock: FakeClock
) -> None:
    run = Run(journal, clock, "rooftop")
    specs = run.playbook.intervals
    assert len(specs) == 10
    runs = [
        RunSummary(
            case_id=f"run{n}",
            # two runs on one day, half an hour apart, are two points
            started_at=T0 + timedelta(minutes=30 * n),
            closed=True,
            players={},
            at_keyboard="",
            minutes={spec.id: float(3 + index + n) for index, spec in enumerate(specs)},
            statuses={},
            injects={},
            names={spec.id: spec.name for spec in specs},
            better={spec.id: spec.better for spec in specs},
        )
        for n in range(3)
    ]
    chart = interval_chart(runs, "en")
    for spec in specs:  # the last ones (the 120 call, the hospital, the report) too
        assert spec.name.en in chart, spec.id
    assert chart.count("#1") >= 10 and chart.count("#3") >= 10
    assert "#1 " in chart.splitlines()[-1] and "#2 " in chart.splitlines()[-1]
    key = chart.splitlines()[-1]
    assert key.count(T0.astimezone().strftime("%m-%d")) == 3  # one day, three points
