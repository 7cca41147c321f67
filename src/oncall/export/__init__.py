"""Post-incident debrief exports, the paper forms, and the one-file-per-case archive.
No UI imports: the CLI (`oncall export`, `archive`, `import`, `verify FILE`) and the
TUI use the same functions.

The API for a screen (e.g. the case screen's intervals panel and export action)::

    from oncall.export import case_record, intervals, render, write_export

    # key intervals, pure, cheap enough to recompute on every refresh
    rows = intervals(playbook, journal.events(case_id), now)
    for row in rows:          # Interval: id, name (Text zh/en), start, end, due,
        ...                   # target_minutes, minutes, status, note, gaps, handovers

    # an export: read the case on the journal's own thread (TinyDB is not
    # thread-safe), then render anywhere, e.g. in a `@work(thread=True)` worker
    record = case_record(journal, case_id)
    data = render("html", record, playbook, now=now, lang="zh", redact=False,
                  progress=lambda fraction: ...)        # 0.0 … 1.0
    write_export(path, data)  # mode 0600, straight to the final path

- `intervals(playbook, events, now) -> list[Interval]` and
  `intervals_of(state, playbook)` (from a `CaseState` already replayed). Status is
  "met" / "missed" / "done" (no target) / "pending" / "na" (`oncall.export.intervals`
  explains each).
  Custody coverage (`id == "custody"`) carries `gaps`, `handovers` and
  `covered_minutes`. `interval_summary(interval, lang, now)` gives the one-line result
  the export prints ("16 分钟 / 目标 45 分钟：达标").
- `case_record(journal, case_id) -> CaseRecord` (events in journal order and the
  `Integrity` of their hash chain, with `final_hash`); `record_from_events(...)`
  for events at hand. Unknown case: `OncallError`.
- `render(fmt, record, playbook, *, now, lang="zh", redact=False, redact_also=(),
  school="", progress=None) -> bytes` for `fmt` in `FORMATS` ("md", "html", "json",
  "docx"); pure, nothing written. `redact=True` gives stable pseudonyms for every person
  and place the case names, identifying numbers and the extra terms `redact_also`
  (`oncall.export.redact`).
- `redaction_preview(record, playbook, lang=..., redact_also=...)`: what a redacted
  export replaces, by category (`Replacement`s), and whether the case knows the
  student's name — for the screen only, never for a log.
- `write_export(path, data)`: writes 0600, fsync'd, no temporary copy; failures raise
  `ExportWriteFailed` (exit code 6) or `DiskFull`.
- `render_to(out, fmt, record, ...)`: `render` written to a binary file as it is made,
  so a long case's export is never held whole; `with export_file(path) as out:` opens
  the export's own file as `write_export` does (0600, fsync'd, no temporary copy) and
  removes it if anything fails before the block ends. `case_record` streams an intact
  case the journal has not opened (`Journal.read_case`).
- `suggested_name(case_id, fmt, redact=...)` for a default file name.
- `warning_history(state, playbook)`: when each warning was raised and cleared.
- Archives: `oncall.export.archive` (`write_archive`, `write_bundle`, `open_file`,
  `check`, `playbook_from_text`).

Exports are the only place where a case's details reach the disk in clear: only
write what a person asked for, and say so (the CLI warns on stderr).
"""

from oncall.export.document import interval_summary
from oncall.export.history import WarningSpan, warning_history
from oncall.export.intervals import STATUSES, Interval, Status, intervals, intervals_of
from oncall.export.record import CaseRecord, Integrity, case_record, record_from_events
from oncall.export.redact import Preview, Replacement, redaction_preview
from oncall.export.render import (
    FORMATS,
    ExportWriteFailed,
    Format,
    Progress,
    export_file,
    render,
    render_to,
    suggested_name,
    write_export,
)

__all__ = [
    "FORMATS",
    "STATUSES",
    "CaseRecord",
    "ExportWriteFailed",
    "Format",
    "Integrity",
    "Interval",
    "Preview",
    "Progress",
    "Replacement",
    "Status",
    "WarningSpan",
    "case_record",
    "export_file",
    "interval_summary",
    "intervals",
    "intervals_of",
    "record_from_events",
    "redaction_preview",
    "render",
    "render_to",
    "suggested_name",
    "warning_history",
    "write_export",
]
