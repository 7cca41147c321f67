"""The debrief as a document in one language: header, key intervals, chart, timeline,
decisions and deviations, then the forms (`oncall.export.forms`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime

from oncall.describe import Describer
from oncall.export.blocks import ChartBlock, Document, Fields, Heading, Para, RowStyle, Table
from oncall.export.chart import build_chart
from oncall.export.debrief import Debrief
from oncall.export.forms import forms
from oncall.export.intervals import Interval
from oncall.export.words import SOURCE, Words
from oncall.journal.event import Event
from oncall.playbook.model import Lang

Progress = Callable[[float], None]


def marking(debrief: Debrief, words: Words) -> str:
    if debrief.redacted:
        text = words.t(
            "内部资料｜已匿名处理｜请勿外传", "INTERNAL | pseudonymised | do not forward"
        )
    else:
        text = words.t(
            "机密｜仅限需要知情的人员｜含学生个人信息",
            "CONFIDENTIAL | need-to-know only | contains student details",
        )
    if debrief.drill:
        text = words.t("【演练】", "DRILL | ") + text
    return text


def title(debrief: Debrief, words: Words) -> str:
    base = words.t(f"危机事件复盘报告：{debrief.case_id}", f"Crisis debrief: {debrief.case_id}")
    return words.t("【演练】", "[DRILL] ") + base if debrief.drill else base


def result_text(interval: Interval, words: Words, elapsed: float | None) -> str:
    """One interval's outcome in words: how long (or how long so far), the target, the
    verdict."""
    if interval.covered_minutes is not None:  # a coverage measure
        took = words.t(
            f"共 {words.minutes(elapsed)}，空档 {len(interval.gaps)} 次",
            f"{words.minutes(elapsed)}, {len(interval.gaps)} gaps",
        )
    elif interval.minutes is not None:
        took = words.minutes(interval.minutes)
    elif elapsed is not None and interval.status in ("pending", "missed"):
        took = words.t(f"已过 {words.minutes(elapsed)}", f"{words.minutes(elapsed)} so far")
    else:
        took = "—"
    parts = [took]
    if interval.target_minutes is not None:
        parts.append(
            words.t(
                f"目标 {words.minutes(interval.target_minutes)}",
                f"target {words.minutes(interval.target_minutes)}",
            )
        )
    if interval.status == "done":  # no target: just how long it took
        return took
    colon = "：" if words.lang == "zh" else ": "
    return " / ".join(parts) + colon + words.status(interval.status)


def interval_summary(interval: Interval, lang: Lang, now: datetime) -> str:
    """One interval in a line, as the export prints it ("16 分钟 / 目标 45 分钟：达标"),
    for a panel on screen."""
    return result_text(interval, Words(lang, UTC), interval.elapsed(now))


def build_document(debrief: Debrief, progress: Progress | None = None) -> Document:
    words = Words(debrief.lang, debrief.tz)
    doc = Document(title(debrief, words), marking(debrief, words), debrief.lang)
    _header(doc, debrief, words)
    _intervals(doc, debrief, words)
    if progress:
        progress(0.3)
    _timeline(doc, debrief, words, progress)
    _decisions(doc, debrief, words)
    doc.add(*forms(debrief, words))
    return doc


def _header(doc: Document, d: Debrief, w: Words) -> None:
    facts = d.facts
    state = d.state
    student = " ".join(str(facts.get(key) or "") for key in ("student_name", "student_class"))
    if facts.get("student_age") not in (None, ""):
        student += w.t(f"，{facts['student_age']} 岁", f", age {facts['student_age']}")
    closed = (
        f"{w.when(state.closed_at)}（{state.close_reason}）"
        if state.closed_at and w.lang == "zh"
        else f"{w.when(state.closed_at)} ({state.close_reason})"
        if state.closed_at
        else w.t(f"未结案（统计截至 {w.when(d.now)}）", f"open (as of {w.when(d.now)})")
    )
    level = d.playbook.level_titles.get(state.level or "")
    pb = d.playbook
    integrity = d.integrity
    checked = (
        w.t(
            f"完好：{integrity.events} 条事件，哈希链完整",
            f"intact: {integrity.events} events, hash chain holds",
        )
        if integrity.ok
        else w.t(
            f"有损坏：{integrity.position}：{integrity.problem}（其前 {integrity.events} 条完好）",
            f"DAMAGED at {integrity.position}: {integrity.problem} "
            f"({integrity.events} events before it hold)",
        )
    )
    rows = [
        (w.t("案件 ID", "Case id"), d.case_id),
        (w.t("学校案件编号", "School case number"), d.number or "—"),
        (w.t("演练", "Drill"), w.yes_no(d.drill)),
        (w.t("学生", "Student"), student.strip() or "—"),
        (w.t("地点", "Place"), str(facts.get("place") or "—")),
        (w.t("发现的情况", "What was seen"), str(facts.get("seen") or "—")),
        (w.t("报告人", "Reported by"), str(facts.get("reporter") or "—")),
        (w.t("值班教师", "On duty"), d.on_duty or "—"),
        (w.t("参与记录的人", "Recorded by"), w.join(d.actors) or "—"),
        (w.t("开案时间", "Opened"), w.when(state.opened_at)),
        (w.t("结案", "Closed"), closed),
        (w.t("当前级别", "Level"), w.text(level) if level else w.t("未定", "not set")),
        (
            w.t("预案", "Playbook"),
            f"{w.text(pb.title)}（{pb.id} {pb.version}）"
            if w.lang == "zh"
            else f"{w.text(pb.title)} ({pb.id} {pb.version})",
        ),
        (w.t("预案哈希", "Playbook hash"), pb.content_hash or "—"),
        (w.t("完整性校验", "Integrity"), checked),
        (w.t("最终哈希", "Final hash"), integrity.final_hash),
        (
            w.t("指纹（核对用）", "Fingerprint (to check)"),
            w.t(
                f"{integrity.fingerprint}（oncall verify --case {d.case_id} --fingerprint …）",
                f"{integrity.fingerprint} (oncall verify --case {d.case_id} --fingerprint …)",
            ),
        ),
        (w.t("导出时间", "Exported"), w.when(d.now)),
    ]
    if d.imported:
        rows.append(
            (
                w.t("来源", "Source"),
                w.t("从归档导入（只读）", "imported from an archive (read-only)"),
            )
        )
    doc.add(
        Para(doc.marking, "alert"),
        Heading(doc.title, 1),
        Heading(w.t("概要", "Summary")),
        Fields(tuple(rows)),
    )
    if not d.playbook_matches and state.playbook is not None:
        doc.add(
            Para(
                w.t(
                    f"注意：本案开案时使用的预案哈希为 {state.playbook.hash}"
                    f"（版本 {state.playbook.version}），"
                    "与本次导出所用的预案不同；关键时间的目标以本次导出所用预案为准。",
                    f"Note: the case was opened under playbook hash {state.playbook.hash} (version "
                    f"{state.playbook.version}), not the one this export used; targets are this "
                    "export's playbook's.",
                ),
                "alert",
            )
        )
    if d.redacted:
        doc.add(
            Para(
                w.t(
                    "本导出已匿名：学生、家长和其他相关人的姓名、班级、地点，以及电话、"
                    "证件号、邮箱均以代称替换；教职工姓名保留。",
                    "This export is pseudonymised: the names of the student, the family "
                    "and other people named, the class, the places, and phone, ID and "
                    "e-mail numbers are replaced; staff names stay.",
                ),
                "muted",
            )
        )
    doc.add(Heading(w.t("级别及其变化", "Level and how it changed"), 3))
    level_rows = []
    for change in state.levels:
        level_rows.append(
            (
                w.clock(change.at, state.opened_at),
                w.text(d.playbook.level_titles[change.level])
                if change.level in d.playbook.level_titles
                else change.level,
                w.text(SOURCE[change.source]),
                change.suggested or "—",
                (w.t("改定：", "override: ") + (change.reason or "—")) if change.override else "—",
                w.join(change.assessors) or "—",
                change.actor,
            )
        )
    doc.add(
        Table(
            (
                w.t("时间", "Time"),
                w.t("级别", "Level"),
                w.t("方式", "How"),
                w.t("建议", "Suggested"),
                w.t("改定理由", "Override"),
                w.t("评估人", "Assessors"),
                w.t("记录人", "By"),
            ),
            tuple(level_rows),
            (10, 16, 10, 8, 22, 20, 14),
        )
        if level_rows
        else Para(w.t("尚未确定级别。", "No level decided."), "muted")
    )


def _intervals(doc: Document, d: Debrief, w: Words) -> None:
    opened = d.state.opened_at
    clock = d.state.closed_at or d.now
    results = []
    rows = []
    for interval in d.intervals:
        elapsed = interval.elapsed(clock)
        result = result_text(interval, w, elapsed)
        results.append(result)
        if interval.covered_minutes is not None:  # a coverage measure
            took = w.t(
                f"共 {w.minutes(interval.elapsed(clock))}，"
                f"有人 {w.minutes(interval.covered_minutes)}"
                f"，空档 {len(interval.gaps)} 次，交接 {len(interval.handovers)} 次",
                f"{w.minutes(interval.elapsed(clock))} in all, "
                f"{w.minutes(interval.covered_minutes)} covered, {len(interval.gaps)} gaps, "
                f"{len(interval.handovers)} handovers",
            )
        else:
            took = w.minutes(interval.minutes) if interval.minutes is not None else "—"
        rows.append(
            (
                w.text(interval.name),
                w.clock(interval.start, opened),
                w.clock(interval.end, opened),
                took,
                w.minutes(interval.target_minutes) if interval.target_minutes is not None else "—",
                w.status(interval.status) + (f"（{interval.note}）" if interval.note else ""),
            )
        )
    styles: tuple[RowStyle, ...] = tuple(
        "alert" if i.status == "missed" else ("muted" if i.status == "na" else "")
        for i in d.intervals
    )
    doc.add(
        Heading(w.t("关键时间", "Key intervals")),
        Table(
            (
                w.t("项目", "Interval"),
                w.t("开始", "Start"),
                w.t("结束", "End"),
                w.t("用时", "Took"),
                w.t("目标", "Target"),
                w.t("结果", "Result"),
            ),
            tuple(rows),
            (30, 12, 12, 22, 10, 14),
            styles,
        ),
    )
    custody = next((i for i in d.intervals if i.covered_minutes is not None), None)
    if custody is not None and (custody.gaps or custody.handovers):
        doc.add(Heading(w.t("监护交接与空档", "Custody handovers and gaps"), 3))
        timed = [
            (
                h.at,
                w.t("交接", "handover"),
                f"{w.join(h.giver) or '—'} → {w.join(h.receiver) or '—'}"
                + (
                    f"（{h.place}）"
                    if h.place and w.lang == "zh"
                    else f" ({h.place})"
                    if h.place
                    else ""
                )
                + ("" if h.readback else w.t("，未复述确认", ", not read back")),
            )
            for h in custody.handovers
        ] + [
            (
                g.start,
                w.t("空档", "GAP"),
                w.t(f"持续 {w.span(g.length(clock))}", f"lasted {w.span(g.length(clock))}")
                + ("" if g.end else w.t("，仍未补上", ", still open"))
                + (w.t(f"；{g.left} 离开后", f"; after {g.left} left") if g.left else ""),
            )
            for g in custody.gaps
        ]
        timed.sort(key=lambda row: row[0])
        detail = [(w.clock(at, opened), what, text) for at, what, text in timed]
        doc.add(
            Table(
                (w.t("时间", "Time"), w.t("类型", "What"), w.t("说明", "Detail")),
                tuple(detail),
                (14, 12, 74),
                tuple("alert" if row[1] in ("空档", "GAP") else "" for row in detail),
            )
        )
    doc.add(
        Heading(w.t("时间图", "Timeline chart"), 3),
        ChartBlock(build_chart(d.intervals, opened, clock, w, results)),
    )


def with_details(describe: Describer, event: Event, by_id: Mapping[str, Event], w: Words) -> str:
    """An event's line and, under it, every field it recorded with its label (those
    the line already reads as "label: value" are not repeated)."""
    text = describe(event, by_id)
    colon, sep = ("：", "；") if w.lang == "zh" else (": ", "; ")
    details = [f"{label}{colon}{value}" for label, value in describe.details(event)]
    details = [pair for pair in details if pair not in text]
    return text + "\n" + sep.join(details) if details else text


def _timeline(doc: Document, d: Debrief, w: Words, progress: Progress | None) -> None:
    doc.add(
        Heading(w.t("时间线", "Timeline")),
        Para(
            w.t(
                "按发生时间排列；“补记于”是事后补录的时间。更正紧随其所更正的记录。",
                "In the order things happened; “recorded” is when an entry was typed afterwards. "
                "Corrections follow what they correct.",
            ),
            "muted",
        ),
        Table(
            (
                w.t("时间", "Time"),
                w.t("补记于", "Recorded"),
                w.t("记录人", "By"),
                w.t("内容", "What happened"),
            ),
            (),
            (12, 12, 16, 60),
            lines=lambda: _timeline_rows(d, w, progress),
        ),
    )


def _timeline_rows(
    d: Debrief, w: Words, progress: Progress | None
) -> Iterator[tuple[tuple[str, ...], RowStyle]]:
    """The timeline's rows, made one at a time as the renderer writes them."""
    describe = Describer(d.playbook, d.lang)
    by_id = d.by_id
    opened = d.state.opened_at
    timeline = d.timeline()
    step = max(1, len(timeline) // 10)
    superseded = d.superseded
    for index, row in enumerate(timeline):
        event = row.event
        text = with_details(describe, event, by_id, w)
        if row.effect == "withdrawn":
            text += w.t("（已撤销）", " (withdrawn)")
        elif row.effect == "corrected":
            text += w.t("（已更正，见下行）", " (corrected, see below)")
        elif event.id in superseded:
            text += w.t("（已被之后的回答取代）", " (superseded by a later answer)")
        if row.role == "correction":
            target = by_id.get(str(event.data.get("corrects")))
            replacement = event.data.get("replacement")
            if target is not None and isinstance(replacement, dict):
                now_reads = with_details(describe, replace(target, data=replacement), by_id, w)
                text += w.t(f" → 改为：{now_reads}", f" → now reads: {now_reads}")
            text = "↳ " + text
        style: RowStyle = (
            "indent"
            if row.role == "correction"
            else "muted"
            if row.effect == "withdrawn" or event.id in superseded
            else ""
        )
        yield (
            (
                w.clock(event.at_time, opened),
                w.clock(event.recorded_time, opened) if row.late else "",
                event.actor,
                text,
            ),
            style,
        )
        if progress and index % step == 0:
            progress(0.3 + 0.65 * index / max(1, len(timeline)))


def _decisions(doc: Document, d: Debrief, w: Words) -> None:
    state = d.state
    opened = state.opened_at
    doc.add(Heading(w.t("决定与偏离", "Decisions and deviations")))
    overrides = [c for c in state.levels if c.override]
    doc.add(Heading(w.t("改定建议级别", "Level overrides"), 3))
    doc.add(
        Table(
            (
                w.t("时间", "Time"),
                w.t("建议", "Suggested"),
                w.t("确定", "Decided"),
                w.t("理由", "Reason"),
                w.t("记录人", "By"),
            ),
            tuple(
                (w.clock(c.at, opened), c.suggested or "—", c.level, c.reason or "—", c.actor)
                for c in overrides
            ),
            (14, 12, 12, 46, 16),
        )
        if overrides
        else Para(w.t("没有改定建议级别。", "No override of the suggested level."), "muted")
    )
    skipped = [s for s in state.steps.values() if s.status == "skipped"]
    doc.add(Heading(w.t("跳过的步骤", "Skipped steps"), 3))
    doc.add(
        Table(
            (w.t("时间", "Time"), w.t("步骤", "Step"), w.t("理由", "Reason"), w.t("记录人", "By")),
            tuple(
                (
                    w.clock(s.at, opened),
                    w.text(d.playbook.step(s.id).title),
                    s.reason or "—",
                    s.actor,
                )
                for s in skipped
            ),
            (14, 40, 30, 16),
        )
        if skipped
        else Para(w.t("没有跳过的步骤。", "No step was skipped."), "muted")
    )
    doc.add(Heading(w.t("提醒及解除", "Warnings raised and cleared"), 3))
    clock = state.closed_at or d.now
    rows = []
    for span in d.warnings:
        if span.cleared is None:
            cleared = w.t("仍未解除", "still open")
        elif span.by_close:
            cleared = w.t(
                f"{w.clock(span.cleared, opened)}（结案）",
                f"{w.clock(span.cleared, opened)} (case closed)",
            )
        else:
            cleared = w.clock(span.cleared, opened)
        rows.append(
            (w.text(span.title), w.clock(span.raised, opened), cleared, w.span(span.length(clock)))
        )
    doc.add(
        Table(
            (
                w.t("提醒", "Warning"),
                w.t("出现", "Raised"),
                w.t("解除", "Cleared"),
                w.t("持续", "Lasted"),
            ),
            tuple(rows),
            (44, 18, 20, 18),
            tuple("alert" if span.cleared is None else "" for span in d.warnings),
        )
        if rows
        else Para(w.t("全程没有出现提醒。", "No warning was raised."), "muted")
    )
    withdrawn, corrected = len(state.withdrawn), len(state.corrected) - len(state.withdrawn)
    superseded = len(d.superseded)
    parts = []
    if withdrawn:
        parts.append(w.t(f"撤销 {withdrawn} 条记录", f"{withdrawn} entries withdrawn"))
    if corrected:
        parts.append(w.t(f"更正 {corrected} 条", f"{corrected} corrected"))
    if superseded:
        parts.append(
            w.t(
                f"{superseded} 个回答被之后的回答取代",
                f"{superseded} answers superseded by a later answer",
            )
        )
    doc.add(
        Heading(w.t("更正", "Corrections"), 3),
        Para(
            (w.t("，", ", ").join(parts) + w.t("（见时间线）。", " (see the timeline)."))
            if parts
            else w.t("没有更正。", "No corrections."),
            "" if parts else "muted",
        ),
    )
