"""A terminal chart of a scenario's key intervals over its runs, drawn by plotext.

One line per interval (minutes it took, run by run), so a school sees its trend. Plain
characters (no colours), the same in the terminal, the TUI and a Markdown export."""

from __future__ import annotations

from collections.abc import Sequence

from oncall.drill.score import RunSummary
from oncall.playbook.model import Lang, Text

MAX_SERIES = 6
"""The first intervals (in the playbook's order) that any run measured are drawn."""
MARKERS = ("●", "x", "+", "o", "*", "#")


def interval_chart(
    runs: Sequence[RunSummary], lang: Lang, *, width: int = 72, height: int = 16
) -> str:
    """The chart as text; "" when no charted interval was measured in any run."""
    import plotext  # type: ignore[import-untyped]

    names: dict[str, Text] = {}
    for run in runs:
        for interval_id, name in run.names.items():
            names.setdefault(interval_id, name)
    series: list[tuple[str, list[tuple[int, float]]]] = []
    for interval_id in names:
        points = [
            (index + 1, minutes)
            for index, run in enumerate(runs)
            if (minutes := run.minutes.get(interval_id)) is not None
        ]
        if points and len(series) < MAX_SERIES:
            series.append((interval_id, points))
    if not series:
        return ""
    figure = plotext.figure
    figure.clear()
    figure.theme("colorless")
    for number, (_id, points) in enumerate(series):
        signal = figure.signal(
            [x for x, _ in points],
            [round(y, 1) for _, y in points],
            marker=MARKERS[number % len(MARKERS)],
        )
        figure.draw(signal.lines())
    labels = [run.started_at.astimezone().strftime("%m-%d") for run in runs]
    figure.ruler("x").ticks(list(range(1, len(runs) + 1)), labels)
    figure.title("分钟（每次演练）" if lang == "zh" else "Minutes per run")
    figure.legend(active=False)
    figure.plot_size(width, height)
    text = plotext.uncolorize(str(figure.build()))
    figure.clear()
    lines = [line.rstrip() for line in text.splitlines()]
    key = [
        f"  {MARKERS[number % len(MARKERS)]} " + names[interval_id].get(lang)
        for number, (interval_id, _) in enumerate(series)
    ]
    return "\n".join([*lines, *key]).strip("\n")
