"""Export a case and show its key intervals, from the case screen or the board.

The case is read on the app's thread (TinyDB has one owner); rendering and writing
run in a thread worker that reports progress, so keys never freeze on a long case.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.widgets import ProgressBar

from oncall.export import (
    FORMATS,
    Format,
    Preview,
    case_record,
    export_file,
    intervals,
    intervals_of,
    redaction_preview,
    render_to,
    suggested_name,
)
from oncall.journal import OncallError
from oncall.journal.folders import make_private_dir
from oncall.tui.base import Plain
from oncall.tui.dialogs import Field, FormPanel, LinesPanel, MenuPanel, Panel, present
from oncall.tui.i18n import t
from oncall.tui.redaction import RedactionPreview
from oncall.tui.view import clock

if TYPE_CHECKING:
    from oncall.case import CaseState
    from oncall.tui.app import OncallApp

MARK = {"met": "✓", "missed": "✗", "done": "·", "pending": "…", "na": "-"}


def interval_lines(app: OncallApp, case_id: str, state: CaseState | None = None) -> list[str]:
    """`state`: the case's state if already replayed (the case screen's), else replayed."""
    assert app.journal is not None
    lang = app.lang
    rows = (
        intervals_of(state, app.playbook)
        if state is not None and state.case == case_id
        else intervals(app.playbook, app.journal.events(case_id), app.clock())
    )
    lines = []
    for row in rows:
        status = t(f"iv.{row.status}", lang)
        if row.status == "na":  # does not apply: no times, no minutes counted to now
            lines.append(f"{MARK['na']} {row.name.get(lang)}  [{status}]")
        else:
            took = row.elapsed(app.clock())
            took_text = f"{took:.0f}" if took is not None else "-"
            target = f" / {row.target_minutes}" if row.target_minutes else ""
            verdict = "" if row.status == "done" else f"  [{status}]"  # no target: no verdict
            lines.append(
                f"{MARK.get(row.status, '?')} {row.name.get(lang)}: {clock(row.start)} → "
                f"{clock(row.end)}  {took_text}{target} {t('iv.minutes', lang)}{verdict}"
            )
        for gap in row.gaps:
            length = gap.length(app.clock()).total_seconds() / 60
            lines.append(
                f"    ⚠ {t('iv.gap', lang)} {clock(gap.start)} {length:.0f} {t('iv.minutes', lang)}"
            )
        for handover in row.handovers:
            lines.append(
                f"    ⇄ {clock(handover.at)} {'、'.join(handover.giver)} → "
                f"{'、'.join(handover.receiver)}"
            )
        if row.note:
            lines.append(f"    {row.note}")
    return lines


def show_intervals(app: OncallApp, case_id: str, state: CaseState | None = None) -> None:
    lang = app.lang
    lines = interval_lines(app, case_id, state)
    present(app, LinesPanel(f"{t('iv.title', lang)} · {case_id}", "", "\n".join(lines)))


class ExportProgress(Panel):
    """Shows progress while a worker renders and writes the export."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield Plain(self.title_text, id="dialog-title")
        yield ProgressBar(total=1.0, show_eta=False, id="export-progress")

    def advance(self, fraction: float) -> None:
        self.query_one(ProgressBar).update(progress=fraction)


def start_export(app: OncallApp, case_id: str) -> None:
    """Ask for a format, where to write, whether to redact and what else to replace; for
    a redacted export, show what will be replaced; then export."""
    lang = app.lang
    choices: list[tuple[str, str]] = [(fmt, fmt.upper()) for fmt in FORMATS]

    assert app.journal is not None
    drill = any(c.drill for c in app.journal.cases() if c.id == case_id)

    def chosen(fmt: str | None) -> None:
        if fmt is not None:  # a drill is pseudonymous unless unticked
            _ask(app, case_id, cast(Format, fmt), {"redact": True} if drill else {})

    present(app, MenuPanel(t("export.title", lang), choices), chosen)


def _ask(app: OncallApp, case_id: str, fmt: Format, before: dict[str, Any]) -> None:
    from oncall.locations import export_dir

    lang = app.lang
    default_path = export_dir() / suggested_name(case_id, fmt)  # not the checkout
    fields = [
        Field("redact", t("export.redact", lang), kind="bool", value=before.get("redact")),
        Field(
            "redact_also",
            t("export.redact_also", lang),
            kind="list",
            value="、".join(before.get("redact_also") or []),
        ),
        Field(
            "path",
            t("export.path", lang),
            required=True,
            value=before.get("path") or str(default_path),
        ),
    ]

    def confirmed(values: dict[str, Any] | None) -> None:
        if values is None:
            return
        also: list[str] = values["redact_also"]
        redact = bool(values["redact"]) or bool(also)
        path = Path(values["path"]).expanduser()
        if path.parent == default_path.parent:
            make_private_dir(path.parent)  # no Documents folder yet: the user's alone
        if redact:
            if path == default_path:  # the offered name says so; a typed one is kept
                path = path.with_name(suggested_name(case_id, fmt, redact=True))
            _preview(app, case_id, fmt, path, values)
        else:
            _export(app, case_id, fmt, path, False, ())

    present(
        app,
        FormPanel(
            t("export.title", lang), fields, lang, app.clock(), intro=t("export.warning", lang)
        ),
        confirmed,
    )


def _preview(app: OncallApp, case_id: str, fmt: Format, path: Path, values: dict[str, Any]) -> None:
    """Show what the redacted export replaces (on screen only); Ctrl+S writes it, Esc
    goes back to the form with what was typed."""
    assert app.journal is not None
    also = tuple(values["redact_also"])
    try:
        record = case_record(app.journal, case_id)  # on the journal's own thread
    except OncallError as exc:
        app.notify(exc.message, severity="error", markup=False)
        return
    lang = app.lang

    def decided(write: bool | None) -> None:
        if write:
            _export(app, case_id, fmt, path, True, also)
        else:
            _ask(app, case_id, fmt, values)

    def show(preview: Preview) -> None:
        present(app, RedactionPreview(t("redact.title", lang), preview, lang), decided)

    def work() -> None:  # a full pass over the case: ~50 ms for 5,000 events
        preview = redaction_preview(record, app.playbook, lang=lang, redact_also=also)
        app.call_from_thread(show, preview)

    app.run_worker(work, thread=True, exit_on_error=False, name="redaction-preview")


def _export(
    app: OncallApp, case_id: str, fmt: str, path: Path, redact: bool, also: tuple[str, ...]
) -> None:
    assert app.journal is not None
    try:
        record = case_record(app.journal, case_id)  # on the journal's own thread
    except OncallError as exc:
        app.notify(exc.message, severity="error", markup=False)
        return
    progress = ExportProgress(f"{t('export.title', app.lang)}: {path.name}")
    present(app, progress)
    school = app.directory.school if app.directory is not None else ""
    app.run_worker(
        partial(_render_and_write, app, progress, record, fmt, path, redact, also, school),
        thread=True,
        exit_on_error=False,
        name="export",
    )


def _render_and_write(
    app: OncallApp,
    progress: ExportProgress,
    record: Any,
    fmt: str,
    path: Path,
    redact: bool,
    also: tuple[str, ...],
    school: str,
) -> None:
    def report(fraction: float) -> None:
        app.call_from_thread(progress.advance, fraction)

    try:
        with export_file(path) as out:  # written as it is made, removed if it fails
            render_to(
                out,
                cast(Format, fmt),
                record,
                app.playbook,
                now=app.clock(),
                lang=app.lang,
                redact=redact,
                redact_also=also,
                school=school,
                progress=report,
            )
    except OncallError as exc:
        app.call_from_thread(_finished, app, progress, exc.message, True)
        return
    except OSError as exc:
        app.call_from_thread(_finished, app, progress, f"{path}: {exc.strerror}", True)
        return
    app.call_from_thread(
        _finished, app, progress, t("export.done", app.lang).format(path=path), False
    )


def _finished(app: OncallApp, progress: ExportProgress, message: str, failed: bool) -> None:
    progress.finish(None)
    app.notify(message, severity="error" if failed else "information", markup=False, timeout=10)
