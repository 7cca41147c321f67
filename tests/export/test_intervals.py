"""Key intervals and the warning history, on the scenario cases and on small logs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from oncall.case import kinds as k
from oncall.case import replay
from oncall.export import Interval, interval_summary, intervals, warning_history
from oncall.journal import Journal
from oncall.playbook import Phase, Playbook, Step, Text

from .conftest import T0, Scene
from .scenarios import CHEN, DAY, GUARD, SUN, ZHAO, gap_and_overdue, level_i, level_ii, level_iii


def by_id(rows: list[Interval]) -> dict[str, Interval]:
    return {row.id: row for row in rows}


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_every_interval_comes_in_the_documented_order(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene = new_scene()
    now = level_i(scene)
    rows = intervals(playbook, journal.events(scene.case), now)
    assert [row.id for row in rows] == [spec.id for spec in playbook.intervals]
    assert rows == intervals(playbook, journal.events(scene.case), now)  # pure


def test_level_i_from_discovery_to_the_hospital(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene = new_scene()
    now = level_i(scene)
    rows = by_id(intervals(playbook, journal.events(scene.case), now))
    assert (rows["level"].minutes, rows["level"].target_minutes, rows["level"].status) == (
        16, 45, "met")
    assert (rows["leader"].minutes, rows["leader"].status) == (4, "met")
    assert (rows["guardian_call"].minutes, rows["guardian_call"].status) == (21, "met")
    reached = rows["guardian_reached"]
    assert (reached.minutes, reached.target_minutes, reached.status) == (38, 30, "missed")
    assert reached.step == "contact.call_urgent"
    assert (rows["custody_start"].minutes, rows["custody_start"].status) == (18, "met")
    custody = rows["custody"]
    assert (custody.start, custody.end, custody.status) == (at(18), at(90), "met")
    assert custody.gaps == () and custody.covered_minutes == 72
    assert [(h.giver, h.receiver) for h in custody.handovers] == [((CHEN,), (SUN,)),
                                                                 ((GUARD,), (ZHAO,))]
    handover = rows["safety_handover"]
    assert (handover.minutes, handover.target_minutes, handover.status) == (72, 1440, "met")
    assert (rows["call_120"].minutes, rows["call_120"].target_minutes) == (42, 60)
    assert rows["call_120"].step == "medical.call120" and rows["call_120"].status == "met"
    # no target for the hospital handover: neither met nor missed, just how long it took
    hospital = rows["hospital_handover"]
    assert (hospital.minutes, hospital.target_minutes, hospital.status) == (90, None, "done")
    assert interval_summary(hospital, "en", at(2000)) == "1 h 30 min"
    report = rows["report_written"]
    assert (report.start, report.end, report.target_minutes) == (at(16), at(1200), 1440)
    assert report.due == at(16 + 1440) and report.status == "met"


def test_level_iii_has_no_custody_and_a_week_to_inform_the_guardian(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene = new_scene()
    now = level_iii(scene)
    rows = by_id(intervals(playbook, journal.events(scene.case), now))
    for name in ("custody_start", "custody", "safety_handover", "call_120",
                 "hospital_handover"):
        assert rows[name].status == "na", name
    reached = rows["guardian_reached"]
    assert reached.step == "contact.inform_week"
    assert (reached.start, reached.target_minutes, reached.status) == (at(25), 10080, "met")
    # counted from the level decision (the week's start), and named so: not "Discovery →"
    assert reached.name.en == "Risk level decided → guardian reached"
    assert rows["guardian_call"].name.zh == "确定风险级别 → 第一次联系家长"
    assert rows["leader"].name.en == "Discovery → leader notified"  # its own start


def test_a_gap_an_overdue_report_and_a_late_120_call_are_missed(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene = new_scene(drill=True)
    now = gap_and_overdue(scene)
    rows = by_id(intervals(playbook, journal.events(scene.case), now))
    custody = rows["custody"]
    assert custody.status == "missed" and custody.end is None
    assert [(g.start, g.end) for g in custody.gaps] == [(at(200), at(230))]
    assert custody.covered_minutes == DAY + 10 - 12 - 30
    call = rows["call_120"]
    assert (call.step, call.minutes, call.target_minutes, call.status) == (
        "danger.call120", 9, 3, "missed")
    report = rows["report_written"]
    assert report.end is None and report.status == "missed"
    assert rows["safety_handover"].status == "pending"


def test_open_case_before_its_targets_is_pending_and_skips_are_not_applicable(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene = new_scene()
    scene.answer(1, "danger.check", [])
    scene.skip(3, "first.report_leader", "领导就在现场")
    rows = by_id(intervals(playbook, journal.events(scene.case), at(5)))
    assert rows["level"].status == "pending"
    assert rows["leader"].status == "na" and rows["leader"].note == "领导就在现场"
    assert rows["guardian_call"].status == "na"  # no level yet: no call step applies
    later = by_id(intervals(playbook, journal.events(scene.case), at(50)))
    assert later["level"].status == "missed" and later["level"].elapsed(at(50)) == 50


def test_a_playbook_declaring_no_intervals_gives_none(
    new_scene: Callable[..., Scene], journal: Journal
) -> None:
    only = Step(id="only.step", kind="action", title=Text("做", "Do"))
    mini = Playbook(id="bare", version="1", title=Text("最小", "Bare"), roles=(),
                    phases=(Phase(id="only", title=Text("唯一", "Only"), steps=(only,)),))
    scene = new_scene()
    level_ii(scene)
    assert intervals(mini, journal.events(scene.case), at(400)) == []


def test_warning_history_says_when_each_warning_was_raised_and_cleared(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene = new_scene(drill=True)
    now = gap_and_overdue(scene)
    state = replay(playbook, journal.events(scene.case), now)
    spans = [(s.code, s.raised, s.cleared) for s in warning_history(state, playbook)]
    assert spans == [
        ("custody_gap", at(200), at(230)),
        ("checkin_overdue", at(245), None),
        ("report_overdue", at(8 + DAY), None),
    ]
    assert set(state.warning_codes) >= {"checkin_overdue", "report_overdue"}


def test_warnings_of_a_closed_case_are_cleared_by_the_closing(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene = new_scene()
    scene.add(2, k.DANGER_DECLARED, {"what": ["means"]})
    scene.add(30, k.CASE_CLOSED, {"reason": "误报"})
    state = replay(playbook, journal.events(scene.case), at(DAY * 3))
    spans = warning_history(state, playbook)
    assert [(s.code, s.raised, s.cleared, s.by_close) for s in spans] == [
        ("level1_without_custody", at(7), at(30), True),
        ("timer_overdue:report-phone", at(10), at(30), True),
    ]


def test_interval_summary_is_the_line_the_export_prints(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene = new_scene()
    now = level_i(scene)
    rows = by_id(intervals(playbook, journal.events(scene.case), now))
    assert interval_summary(rows["level"], "zh", now) == "16 分钟 / 目标 45 分钟：达标"
    assert interval_summary(rows["guardian_reached"], "en", now) == (
        "38 min / target 30 min: missed")
    assert interval_summary(rows["custody"], "zh", now) == "共 1 小时 12 分，空档 0 次：达标"


def test_the_key_intervals_panel_of_a_level_iii_case(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    """`i` on a level III case: the guardian rows say what they count from, a row that
    does not apply says n/a without minutes counted to now, and a row with no target
    gives its duration without a verdict."""
    from types import SimpleNamespace

    from oncall.tui.exporting import interval_lines

    scene = new_scene()
    now = level_iii(scene)
    app = SimpleNamespace(lang="en", playbook=playbook, journal=journal, clock=lambda: now)
    lines = interval_lines(app, scene.case)  # type: ignore[arg-type]
    guardian = next(line for line in lines if "guardian reached" in line)
    assert guardian.startswith("✓ Risk level decided → guardian reached: 14:25 → ")
    assert not any(line.split(":")[0].endswith("Discovery → guardian reached") for line in lines)
    call = next(line for line in lines if "120 called" in line)
    assert call == "- Discovery → 120 called  [n/a]"
    assert not any("n/a" in line and "min" in line for line in lines)
