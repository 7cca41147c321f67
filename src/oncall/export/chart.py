"""The timeline chart: when each key interval ended, against its target time.

Time runs left to right from the discovery on a logarithmic scale (minutes + 1), so
the first minutes and a 24-hour deadline both stay readable. Each row is a bar from
the interval's start to its end (or to now, dashed, while open), a mark at the target,
and for custody the gaps in it. `text_chart` draws it in characters for Markdown,
`svg_chart` as inline SVG for HTML; DOCX draws it as a shaded table (`to_docx`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Final

from oncall.export.intervals import Interval
from oncall.export.words import Words

TICKS: Final = (0, 1, 5, 15, 30, 60, 120, 360, 720, 1440, 2880, 10080, 20160, 43200)
COLOURS: Final = {
    "met": "#2e7d32",
    "missed": "#c62828",
    "done": "#1565c0",
    "pending": "#ef8f00",
    "na": "#9e9e9e",
}


@dataclass(frozen=True, slots=True)
class ChartRow:
    label: str
    start: float | None
    """Minutes after the discovery (None: never started)."""
    end: float | None
    open: bool
    """Not ended: the bar runs to now, dashed."""
    due: float | None
    status: str
    result: str
    """The row's outcome in words ("16 分钟 / 目标 45 分钟 · 达标")."""
    gaps: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Chart:
    rows: tuple[ChartRow, ...]
    span: float
    """The right edge, in minutes."""
    ticks: tuple[tuple[float, str], ...]
    legend: str

    def x(self, minutes: float) -> float:
        """Position in [0, 1] on the log scale."""
        return min(1.0, max(0.0, math.log1p(max(0.0, minutes)) / math.log1p(self.span)))


def tick_label(minutes: int, words: Words) -> str:
    if minutes < 60:
        return words.t(f"{minutes}分", f"{minutes}m")
    if minutes < 1440:
        return words.t(f"{minutes // 60}时", f"{minutes // 60}h")
    if minutes % 10080 == 0:
        return words.t(f"{minutes // 10080}周", f"{minutes // 10080}w")
    return words.t(f"{minutes // 1440}天", f"{minutes // 1440}d")


def build_chart(
    intervals: Sequence[Interval],
    opened: datetime,
    clock: datetime,
    words: Words,
    results: Sequence[str],
) -> Chart:
    def offset(moment: datetime | None) -> float | None:
        return None if moment is None else (moment - opened).total_seconds() / 60

    rows: list[ChartRow] = []
    right = 10.0
    now = offset(clock) or 0.0
    for interval, result in zip(intervals, results, strict=True):
        start, end, due = offset(interval.start), offset(interval.end), offset(interval.due)
        is_open = start is not None and end is None and interval.status != "na"
        gaps = tuple(
            (
                (gap.start - opened).total_seconds() / 60,
                ((gap.end or clock) - opened).total_seconds() / 60,
            )
            for gap in interval.gaps
        )
        for value in (start, end, due, now if is_open else None):
            if value is not None:
                right = max(right, value)
        rows.append(
            ChartRow(
                words.text(interval.name),
                start,
                end if not is_open else now,
                is_open,
                due,
                interval.status,
                result,
                gaps,
            )
        )
    span = next((t for t in TICKS if t >= right), right)
    ticks = tuple((float(t), tick_label(t, words)) for t in TICKS if t <= span)
    legend = words.t(
        "横轴：发现后经过的时间（对数刻度）。| 目标时间；= 实际用时；! 监护空档；> 尚未完成。",
        "Across: time since the discovery (log scale). | target; = actual; ! custody gap; "
        "> not yet done.",
    )
    return Chart(tuple(rows), float(span), ticks, legend)


def text_chart(chart: Chart, width: int = 40) -> str:
    """The chart in characters (monospace): the bars first, then the labels, so
    double-width Chinese labels do not break the alignment."""

    def col(minutes: float) -> int:
        return min(width - 1, round(chart.x(minutes) * (width - 1)))

    axis = [" "] * (width + 8)
    for minutes, label in chart.ticks:
        at = col(minutes) + 1  # the bars start after "["
        if all(ch == " " for ch in axis[max(0, at - 1) : at + len(label) + 1]):
            axis[at : at + len(label)] = list(label)
    lines = ["".join(axis).rstrip()]
    for row in chart.rows:
        cells = [" "] * width
        if row.start is not None and row.end is not None:
            for i in range(col(row.start), col(row.end) + 1):
                cells[i] = "="
            if row.open:
                cells[col(row.end)] = ">"
        for gap_start, gap_end in row.gaps:
            for i in range(col(gap_start), col(gap_end) + 1):
                cells[i] = "!"
        if row.due is not None:
            cells[col(row.due)] = "|"
        lines.append(f"[{''.join(cells)}] {row.label}: {row.result}")
    return "\n".join(lines)


def svg_chart(chart: Chart) -> str:
    """The chart as inline SVG (no fonts or scripts fetched)."""
    label_w, bar_w, row_h, top = 250, 400, 26, 24
    width = label_w + bar_w + 20
    height = top + row_h * len(chart.rows) + 10

    def px(minutes: float) -> float:
        return round(label_w + chart.x(minutes) * bar_w, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img">',
    ]
    for minutes, label in chart.ticks:
        x = px(minutes)
        parts.append(
            f'<line x1="{x}" y1="{top - 4}" x2="{x}" y2="{height - 6}" '
            'stroke="#ddd" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x}" y="{top - 8}" font-size="10" text-anchor="middle" '
            f'fill="#555">{escape(label)}</text>'
        )
    for index, row in enumerate(chart.rows):
        y = top + index * row_h
        colour = COLOURS.get(row.status, "#555")
        parts.append(
            f'<text x="0" y="{y + 16}" font-size="11" fill="#222">{escape(row.label)}</text>'
        )
        if row.start is not None and row.end is not None:
            x0, x1 = px(row.start), px(row.end)
            dash = ' stroke-dasharray="4 3" fill-opacity="0.35"' if row.open else ""
            parts.append(
                f'<rect x="{x0}" y="{y + 6}" width="{max(2.0, round(x1 - x0, 1))}" '
                f'height="12" fill="{colour}" stroke="{colour}"{dash}/>'
            )
        for gap_start, gap_end in row.gaps:
            g0, g1 = px(gap_start), px(gap_end)
            parts.append(
                f'<rect x="{g0}" y="{y + 3}" width="{max(3.0, round(g1 - g0, 1))}" '
                'height="18" fill="#c62828"/>'
            )
        if row.due is not None:
            xd = px(row.due)
            parts.append(
                f'<line x1="{xd}" y1="{y + 2}" x2="{xd}" y2="{y + 22}" '
                'stroke="#111" stroke-width="2"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
