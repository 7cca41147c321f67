"""The drill report as a document (the export's block model, so md, html and docx say
the same), and as JSON. A drill report names no student: the cast is invented, and
only staff who played appear."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from oncall.drill.chart import interval_chart
from oncall.drill.scenario import Scenario
from oncall.drill.score import DrillReport, InjectResult, RunSummary
from oncall.export.blocks import Document, Heading, Para, Table
from oncall.export.words import STATUS
from oncall.playbook.model import Lang, Text

INJECT_STATUS: Final[dict[str, Text]] = {
    "handled": Text("按时处理", "handled"),
    "late": Text("处理迟了", "handled late"),
    "missed": Text("未处理", "missed"),
    "pending": Text("等待处理", "pending"),
    "not_reached": Text("未触发", "not reached"),
    "info": Text("仅通知", "notice only"),
}
MAX_RUN_COLUMNS: Final = 8


def _t(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def minutes(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def when(moment: datetime | None) -> str:
    return "—" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def t_plus(start: datetime, moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return f"T+{(moment - start).total_seconds() / 60:.1f}"


def verdict_words(status: str | None, lang: Lang) -> str:
    if status is None:
        return _t(lang, "无目标，不评", "no target, not judged")
    return STATUS.get(status, Text(status, status)).get(lang)


def answer_words(result: InjectResult, lang: Lang) -> str:
    """What answered an inject: the typed words, or the event that did, in words."""
    return result.answered_by.get(lang) or result.response


def history_rows(runs: Sequence[RunSummary], lang: Lang) -> tuple[tuple[str, ...], ...]:
    """One row per run: number, date, who was at the keyboard, intervals met / missed,
    injects handled / late / missed."""
    rows = []
    for number, run in enumerate(runs, start=1):
        rows.append(
            (
                str(number),
                when(run.started_at),
                run.at_keyboard or "—",
                f"{run.met} / {run.missed}",
                f"{run.injects.get('handled', 0)} / {run.injects.get('late', 0)} / "
                f"{run.injects.get('missed', 0)}",
                _t(lang, "已结束", "ended") if run.closed else _t(lang, "进行中", "open"),
            )
        )
    return tuple(rows)


def history_columns(lang: Lang) -> tuple[str, ...]:
    return (
        "#",
        _t(lang, "开始", "Started"),
        _t(lang, "值班教师（操作）", "At the keyboard"),
        _t(lang, "达标 / 未达标", "Met / missed"),
        _t(lang, "情景：按时 / 迟 / 未处理", "Injects: handled / late / missed"),
        _t(lang, "状态", "State"),
    )


def build_report_document(
    scenario: Scenario,
    runs: Sequence[RunSummary],
    report: DrillReport | None,
    lang: Lang,
    roles: Mapping[str, Text] | None = None,
) -> Document:
    """`roles`: role id -> title (the playbook's), to name who played whom."""
    title = _t(lang, "【演练】演练报告：", "[DRILL] Drill report: ") + scenario.title.get(lang)
    doc = Document(
        title=title,
        marking=_t(lang, "演练 · 内部资料 · 非真实案件", "DRILL · internal · not a real case"),
        lang=lang,
    )
    doc.add(Para(doc.marking, "alert"), Heading(title, 1))
    doc.add(
        Para(
            _t(lang, "场景", "Scenario")
            + f": {scenario.id} v{scenario.version} · "
            + _t(lang, f"共 {len(runs)} 次演练", f"{len(runs)} run{'s' if len(runs) != 1 else ''}")
        )
    )
    doc.add(Heading(_t(lang, "历次演练", "Runs")))
    if runs:
        doc.add(Table(history_columns(lang), history_rows(runs, lang), (1, 4, 4, 3, 4, 2)))
        shown = list(runs)[-MAX_RUN_COLUMNS:]
        names: dict[str, Text] = {}
        for run in shown:
            for interval_id, name in run.names.items():
                names.setdefault(interval_id, name)
        first = len(runs) - len(shown) + 1
        doc.add(Heading(_t(lang, "关键时间（分钟）", "Key intervals (minutes)"), 3))
        doc.add(
            Table(
                (_t(lang, "时间段", "Interval"), *(f"#{first + i}" for i in range(len(shown)))),
                tuple(
                    (name.get(lang), *(minutes(run.minutes.get(iid)) for run in shown))
                    for iid, name in names.items()
                ),
            )
        )
        chart = interval_chart(runs, lang)
        if chart:
            doc.add(Para(chart, "pre"))
    else:
        doc.add(
            Para(_t(lang, "还没有演练过这个场景。", "This scenario has not been run yet."), "muted")
        )
    if report is not None:
        _run_detail(doc, report, runs, lang, roles or {})
    return doc


def _run_detail(
    doc: Document,
    report: DrillReport,
    runs: Sequence[RunSummary],
    lang: Lang,
    roles: Mapping[str, Text],
) -> None:
    run = report.run
    start = run.started_at
    number = next((i for i, r in enumerate(runs, start=1) if r.case_id == run.case_id), None)
    label = f"#{number}" if number else run.case_id
    doc.add(Heading(_t(lang, f"本次演练 {label}", f"Run {label}")))
    players = (
        "; ".join(
            f"{roles[role].get(lang) if role in roles else role}{_t(lang, '：', ': ')}{name}"
            for role, name in run.players.items()
        )
        or "—"
    )
    doc.add(
        Para(
            _t(lang, "案件", "Case")
            + f" {run.case_id} · {when(start)} · "
            + _t(lang, "操作：", "at the keyboard: ")
            + (run.at_keyboard or "—")
        ),
        Para(_t(lang, "角色：", "Roles: ") + players),
    )
    previous = report.previous[-1] if report.previous else None
    doc.add(Heading(_t(lang, "关键时间段", "Key intervals"), 3))
    doc.add(
        Table(
            (
                _t(lang, "时间段", "Interval"),
                _t(lang, "用时（分）", "Minutes"),
                _t(lang, "目标（分）", "Target"),
                _t(lang, "结果", "Result"),
                _t(lang, "上次", "Last run"),
                _t(lang, "以往最好", "Best before"),
            ),
            tuple(
                (
                    interval.name.get(lang),
                    minutes(run.minutes.get(interval.id)),
                    str(interval.target_minutes) if interval.target_minutes is not None else "—",
                    verdict_words(report.verdict(interval.id), lang),
                    minutes(previous.minutes.get(interval.id)) if previous else "—",
                    minutes(report.best_before(interval.id)),
                )
                for interval in report.intervals
            ),
            (5, 2, 2, 2, 2, 2),
        )
    )
    doc.add(Heading(_t(lang, "情景（注入）", "Injects"), 3))
    doc.add(
        Table(
            (
                _t(lang, "情景", "Inject"),
                _t(lang, "出现", "Arrived"),
                _t(lang, "应对", "Response"),
                _t(lang, "时限（分）", "Within"),
                _t(lang, "结果", "Result"),
            ),
            tuple(
                (
                    result.text.get(lang),
                    t_plus(start, result.fired_at),
                    (t_plus(start, result.response_at) + f" {answer_words(result, lang)}").strip()
                    if result.response_at
                    else "—",
                    minutes((result.due_at - result.fired_at).total_seconds() / 60)
                    if result.due_at and result.fired_at
                    else "—",
                    INJECT_STATUS[result.status].get(lang),
                )
                for result in report.injects
            ),
            (6, 2, 4, 2, 2),
        )
    )
    doc.add(Heading(_t(lang, "跳过的步骤", "Steps skipped"), 3))
    if report.skipped:
        doc.add(
            Table(
                (_t(lang, "步骤", "Step"), _t(lang, "理由", "Reason"), _t(lang, "时间", "When")),
                tuple((s.title.get(lang), s.reason, t_plus(start, s.at)) for s in report.skipped),
            )
        )
    else:
        doc.add(Para(_t(lang, "没有。", "None."), "muted"))
    doc.add(Heading(_t(lang, "监护空档", "Custody gaps"), 3))
    if report.gaps:
        doc.add(
            Table(
                (
                    _t(lang, "开始", "From"),
                    _t(lang, "结束", "To"),
                    _t(lang, "离开的人", "Who left"),
                ),
                tuple((t_plus(start, g.start), t_plus(start, g.end), g.left) for g in report.gaps),
            )
        )
    else:
        doc.add(Para(_t(lang, "没有。", "None."), "muted"))
    doc.add(Heading(_t(lang, "最慢的一步", "Slowest step"), 3))
    slow = report.slowest
    doc.add(
        Para(
            _t(lang, "没有完成的步骤。", "No step was done.")
            if slow is None
            else _t(
                lang,
                f"{slow.title.zh.rstrip('。！!')}：距上一步 {slow.minutes:.1f} 分钟"
                f"（{t_plus(start, slow.at)}）",
                f"{slow.title.en.rstrip('.!')}: {slow.minutes:.1f} min after the step before "
                f"({t_plus(start, slow.at)})",
            )
        )
    )


def report_json(
    scenario: Scenario, runs: Sequence[RunSummary], report: DrillReport | None
) -> bytes:
    """The complete machine-readable report: the scenario, every run, and one run's detail."""

    def iso(moment: datetime | None) -> str | None:
        return None if moment is None else moment.isoformat()

    def run_json(run: RunSummary) -> dict[str, Any]:
        return {
            "case": run.case_id,
            "started_at": iso(run.started_at),
            "closed": run.closed,
            "at_keyboard": run.at_keyboard,
            "players": dict(run.players),
            "minutes": dict(run.minutes),
            "statuses": dict(run.statuses),
            "injects": dict(run.injects),
        }

    body: dict[str, Any] = {
        "format": {"name": "oncall-drill-report", "version": 1},
        "drill": True,
        "scenario": {
            "id": scenario.id,
            "version": scenario.version,
            "hash": scenario.content_hash,
            "title": {"zh": scenario.title.zh, "en": scenario.title.en},
        },
        "runs": [run_json(run) for run in runs],
        "report": None,
    }
    if report is not None:
        body["report"] = {
            "run": run_json(report.run),
            "intervals": [
                {
                    "id": i.id,
                    "name": {"zh": i.name.zh, "en": i.name.en},
                    "start": iso(i.start),
                    "end": iso(i.end),
                    "minutes": i.minutes,
                    "target_minutes": i.target_minutes,
                    "status": i.status,
                    "verdict": report.verdict(i.id),
                    "value": report.run.minutes.get(i.id),
                    "better": report.run.better.get(i.id),
                }
                for i in report.intervals
            ],
            "injects": [
                {
                    "id": r.id,
                    "status": r.status,
                    "fired_at": iso(r.fired_at),
                    "due_at": iso(r.due_at),
                    "response_at": iso(r.response_at),
                    "response": r.response,
                }
                for r in report.injects
            ],
            "skipped": [
                {"step": s.step, "reason": s.reason, "at": iso(s.at)} for s in report.skipped
            ],
            "gaps": [
                {"start": iso(g.start), "end": iso(g.end), "left": g.left} for g in report.gaps
            ],
            "slowest": None
            if report.slowest is None
            else {
                "step": report.slowest.step,
                "minutes": report.slowest.minutes,
                "at": iso(report.slowest.at),
            },
            "previous": [p.case_id for p in report.previous],
        }
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
