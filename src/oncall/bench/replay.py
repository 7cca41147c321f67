"""`oncall bench replay`: how long replaying a 5,000-event case takes (target <= 50 ms).

Builds, in memory, the events of a long level I case against the default playbook:
the first hour (danger check, reports, risk check with an acute ASQ, level, custody,
guardians, 120, hospital), then weeks of ward custody with a check-in every 15
minutes, shift changes every 8 hours, notes, some late entries and some undos. Then
times `replay` over several runs and prints p50/p99/max against the target.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import click

from oncall.case import kinds as k
from oncall.case import replay
from oncall.journal.event import Event, format_time
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook

TARGET_MS: Final = 50.0
EVENTS: Final = 5_000
RUNS: Final = 50
T0: Final = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
TEACHER: Final = "王老师（虚构）"
STAFF: Final = ("陈老师（虚构）", "孙老师（虚构）", "赵老师（虚构）", "钱老师（虚构）")


class _Builder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(
        self,
        minutes: float,
        kind: str,
        data: dict[str, Any],
        *,
        late_by: float = 0,
        actor: str = TEACHER,
    ) -> Event:
        seq = len(self.events) + 1
        at = T0 + timedelta(minutes=minutes)
        event = Event(
            id=f"bench{seq:05d}",
            case="20261123-1400-bench",
            seq=seq,
            at=format_time(at),
            tz="+08:00",
            recorded_at=format_time(at + timedelta(minutes=late_by)),
            actor=actor,
            kind=kind,
            data=data,
        )
        self.events.append(event)
        return event


def _answers(
    playbook: Playbook, *, start: float, end: float
) -> list[tuple[float, str, dict[str, Any]]]:
    """Every step the teacher answers or ticks, in playbook order, answered with its
    first option (a check: its first item), spread between `start` and `end` minutes:
    whatever the playbook, the bench replays a case that touches each of its steps."""
    steps = [step for step in playbook.steps() if step.records is None]
    gap = (end - start) / max(1, len(steps))
    found: list[tuple[float, str, dict[str, Any]]] = []
    for index, step in enumerate(steps):
        at = start + index * gap
        if step.kind == "check":
            found.append((at, k.STEP_ANSWERED, {"step": step.id, "value": [step.options[0].id]}))
        elif step.kind in ("question", "choice"):
            found.append((at, k.STEP_ANSWERED, {"step": step.id, "value": step.options[0].id}))
        elif step.kind == "form":
            value = {field.id: "基准（虚构）" for field in step.fields if field.required}
            found.append((at, k.STEP_ANSWERED, {"step": step.id, "value": value}))
        else:
            found.append((at, k.STEP_DONE, {"step": step.id}))
    return found


def build_case(playbook: Playbook, count: int = EVENTS) -> list[Event]:
    """A realistic level I case of `count` events (invented people), in journal order."""
    b = _Builder()
    b.add(
        0,
        k.CASE_OPENED,
        {
            "facts": {
                "student_name": "基准学生（虚构）",
                "student_class": "初二（3）班",
                "student_age": 14,
                "place": "教学楼三楼",
                "reporter": TEACHER,
            },
            "playbook": {
                "id": playbook.id,
                "version": playbook.version,
                "hash": playbook.content_hash,
            },
        },
    )
    roles = [role.id for role in playbook.roles]
    opening: list[tuple[float, str, dict[str, Any]]] = [
        (4, k.REPORT_PHONE, {"to": "刘校长（虚构）"}),
        # two people told, in the playbook's second and third roles
        (5, k.NOTIFIED, {"role": roles[2], "person": "心理老师（虚构）", "how": "phone"}),
        (6, k.NOTIFIED, {"role": roles[1], "person": "周老师（虚构）", "how": "phone"}),
        *_answers(playbook, start=8, end=15),
        (
            16,
            k.LEVEL_CONFIRMED,
            {
                "level": "I",
                "suggested": "I",
                "drivers": ["asq-acute", "asq-positive"],
                "override": False,
                "reason": "",
                "assessors": list(STAFF[:3]),
            },
        ),
        (
            18,
            k.CUSTODY_STARTED,
            {
                "place": "心理辅导室",
                "custodians": [STAFF[0], "保安甲（虚构）"],
                "observation": "arm",
                "check_minutes": 15,
            },
        ),
        (
            20,
            k.GUARDIAN_ADDED,
            {"name": "王芳（虚构）", "relation": "母亲", "phone": "13800000001", "priority": 1},
        ),
        (
            20,
            k.GUARDIAN_ADDED,
            {"name": "李强（虚构）", "relation": "父亲", "phone": "13800000002", "priority": 2},
        ),
        (
            21,
            k.CONTACT_ATTEMPT,
            {
                "by": "周老师（虚构）",
                "target": "王芳（虚构）",
                "phone": "13800000001",
                "outcome": "no_answer",
            },
        ),
        (
            38,
            k.CONTACT_ATTEMPT,
            {
                "by": "周老师（虚构）",
                "target": "李强（虚构）",
                "phone": "13800000002",
                "outcome": "reached",
            },
        ),
        (39, k.FAMILY_DECISION, {"decision": "attorney", "by": "李强（虚构）"}),
        (55, k.MEDICAL_ACCOMPANY, {"staff": [STAFF[1]], "attorney": True}),
        (80, k.MEDICAL_ARRIVED, {"hospital": "市精神卫生中心（虚构）"}),
        (
            90,
            k.MEDICAL_HANDOVER,
            {"hospital": "市精神卫生中心（虚构）", "staff": "周医生（虚构）", "ward_custody": True},
        ),
        (600, k.REPORT_WRITTEN, {"to": "刘校长（虚构）"}),
    ]
    for minutes, kind, data in opening:
        b.add(minutes, kind, data)
    minute = 90.0
    shift = 0
    n = 0
    while len(b.events) < count:
        minute += 15
        n += 1
        who = STAFF[shift % len(STAFF)]
        b.add(minute, k.CUSTODY_CHECKIN, {"by": who, "state": "病房内，情绪平稳"}, actor=who)
        if n % 32 == 0 and len(b.events) < count:  # shift change every 8 hours
            shift += 1
            b.add(
                minute + 1,
                k.CUSTODY_HANDOVER,
                {
                    "from": [who],
                    "to": [STAFF[shift % len(STAFF)]],
                    "place": "病房",
                    "ipass": {
                        "severity": "I",
                        "summary": "病房监护，平稳",
                        "actions": [{"what": "记录查看", "owner": STAFF[shift % 4]}],
                        "watch": "夜间睡眠",
                        "readback": True,
                    },
                },
                actor=who,
            )
        if n % 5 == 0 and len(b.events) < count:  # a note, every 13th typed afterwards
            late = 40.0 if n % 13 == 0 else 0.0
            note = b.add(
                minute + 2,
                k.NOTE,
                {"text": f"第{n}次记录：学生在病房休息，按时服药。"},
                late_by=late,
                actor=who,
            )
            if n % 50 == 0 and len(b.events) < count:  # an undo now and then
                b.add(
                    minute + 3,
                    k.CORRECTION,
                    {"corrects": note.id, "reason": "记错了", "replacement": None},
                    actor=who,
                )
    return b.events[:count]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_bench(playbook: Playbook, events: int = EVENTS, runs: int = RUNS) -> dict[str, Any]:
    case = build_case(playbook, events)
    now = max(event.at_time for event in case) + timedelta(minutes=5)
    start = time.perf_counter()
    state = replay(playbook, case, now)
    first_ms = (time.perf_counter() - start) * 1e3
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        replay(playbook, case, now)
        seconds.append(time.perf_counter() - start)
    ms = [s * 1e3 for s in seconds]
    p99 = percentile(ms, 0.99)
    return {
        "events": len(case),
        "effective_events": len(state.events),
        "runs": runs,
        "first_run_ms": round(first_ms, 3),
        "p50_ms": round(percentile(ms, 0.5), 3),
        "p99_ms": round(p99, 3),
        "max_ms": round(max(ms), 3),
        "target": f"<= {TARGET_MS:g} ms",
        "target_met": p99 <= TARGET_MS,
        "level": state.level,
        "warnings": list(state.warning_codes),
    }


def render(results: dict[str, Any]) -> str:
    verdict = "met" if results["target_met"] else "MISSED"
    return "\n".join(
        [
            f"replay of a {results['events']:,}-event case (default playbook), "
            f"{results['runs']} runs:",
            f"  p50 {results['p50_ms']:.3f} ms  p99 {results['p99_ms']:.3f} ms  "
            f"max {results['max_ms']:.3f} ms  (first run, compiling conditions: "
            f"{results['first_run_ms']:.3f} ms)",
            f"target: p99 {results['target']}: {verdict}",
        ]
    )


@click.command(name="replay")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--runs",
    type=click.IntRange(min=1),
    default=RUNS,
    show_default=True,
    help="How many timed replays.",
)
@click.option(
    "--events",
    type=click.IntRange(min=100),
    default=EVENTS,
    show_default=True,
    help="Events in the case.",
)
@click.option(
    "--playbook",
    "playbook_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Playbook to replay against (default: the default playbook).",
)
def replay_bench(as_json: bool, runs: int, events: int, playbook_path: Path | None) -> None:
    """Time replaying a 5,000-event case (target: <= 50 ms)."""
    playbook = load_playbook(playbook_path or default_playbook_path())
    results = run_bench(playbook, events, runs)
    click.echo(json.dumps(results, indent=2, ensure_ascii=False) if as_json else render(results))
