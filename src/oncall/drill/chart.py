"""Terminal charts of a scenario's key intervals over its runs, drawn by plotext.

One small chart per interval (minutes it took, run by run, or for custody coverage the
minutes held), every interval any run measured, in the playbook's order: the last one
is as visible as the first. Runs sit at their run number, in the order they started;
the line under the charts gives each number's date and time, so two runs on one day
are two points. Plain characters (no colours), the same in the terminal, the TUI and
a Markdown export."""

from __future__ import annotations

from collections.abc import Sequence

from oncall.drill.score import RunSummary
from oncall.playbook.model import Lang, Text

MAX_TICKS = 12
"""More runs than this: every other (third, …) run number is labelled."""


def _t(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def charted(runs: Sequence[RunSummary]) -> dict[str, Text]:
    """Interval id -> name, for every interval some run measured, in the order measured."""
    names: dict[str, Text] = {}
    for run in runs:
        for interval_id, name in run.names.items():
            if run.minutes.get(interval_id) is not None:
                names.setdefault(interval_id, name)
    return names


def run_key(runs: Sequence[RunSummary]) -> str:
    """ "#1 12-01 09:00 · #2 12-01 09:30 …": which run each number is."""
    return " · ".join(
        f"#{number} {run.started_at.astimezone().strftime('%m-%d %H:%M')}"
        for number, run in enumerate(runs, start=1)
    )


def one_chart(
    runs: Sequence[RunSummary], interval_id: str, title: str, *, width: int, height: int
) -> str:
    import plotext  # type: ignore[import-untyped]

    points = [
        (number, round(minutes, 1))
        for number, run in enumerate(runs, start=1)
        if (minutes := run.minutes.get(interval_id)) is not None
    ]
    figure = plotext.figure
    figure.clear()
    figure.theme("colorless")
    xs, ys = [x for x, _ in points], [y for _, y in points]
    figure.draw(figure.signal(xs, ys, marker="·").lines())
    figure.draw(figure.signal(xs, ys, marker="●"))
    step = max(1, -(-len(runs) // MAX_TICKS))
    numbers = list(range(1, len(runs) + 1, step))
    figure.ruler("x").ticks(numbers, [f"#{n}" for n in numbers])
    figure.ruler("x").lim(0.5, len(runs) + 0.5)
    figure.title(title)
    figure.legend(active=False)
    figure.plot_size(width, height)
    text = plotext.uncolorize(str(figure.build()))
    figure.clear()
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def interval_chart(
    runs: Sequence[RunSummary],
    lang: Lang,
    *,
    width: int = 72,
    height: int = 9,
    only: Sequence[str] = (),
) -> str:
    """Every measured interval's chart (or those in `only`), then the run key; "" when
    no interval was measured in any run."""
    names = charted(runs)
    ids = [i for i in names if not only or i in only]
    if not ids:
        return ""
    parts = []
    for interval_id in ids:
        better = next((r.better.get(interval_id) for r in runs if interval_id in r.better), "lower")
        how = (
            _t(lang, "分钟，越多越好", "minutes, more is better")
            if better == "higher"
            else _t(lang, "分钟，越少越好", "minutes, fewer is better")
        )
        title = names[interval_id].get(lang) + _t(lang, f"（{how}）", f" ({how})")
        parts.append(one_chart(runs, interval_id, title, width=width, height=height))
    parts.append(_t(lang, "演练：", "Runs: ") + run_key(runs))
    return "\n\n".join(parts)
