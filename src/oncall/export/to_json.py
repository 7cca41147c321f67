"""JSON: the complete machine-readable record of a case (format in README.md,
"Exports and archives"). Language-neutral: ids, kinds, UTC times and the data as
recorded; `text` fields add the words in the export's language, and names of things
(intervals, levels, warnings) carry both languages."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from oncall.describe import Describer
from oncall.export.debrief import Debrief
from oncall.export.sink import TextSink
from oncall.journal.event import format_time
from oncall.playbook.model import Text

FORMAT = {"name": "oncall-export", "version": 1}


def _t(moment: datetime | None) -> str | None:
    return format_time(moment) if moment is not None else None


def _text(value: Text) -> dict[str, str]:
    return {"zh": value.zh, "en": value.en}


def event_documents(d: Debrief) -> Iterator[dict[str, Any]]:
    """Each event as the export records it, made one at a time."""
    describe = Describer(d.playbook, d.lang)
    by_id = d.by_id
    rows = {row.event.id: row for row in d.timeline()}
    superseded = d.superseded
    for event in d.events:
        document = event.to_document()
        if d.redacted:  # a hash over the original names would let them be confirmed
            document.pop("prev")
            document.pop("hash")
        row = rows[event.id]
        document["text"] = describe(event, by_id)
        document["effect"] = row.effect or ("superseded" if event.id in superseded else "")
        document["late"] = row.late
        yield document


def _head(d: Debrief) -> dict[str, Any]:
    """Everything but the events, in the order the file gives it, with the place of the
    events kept (`"events": None`)."""
    state = d.state
    levels = d.playbook.level_titles
    custody = state.custody
    ref = state.playbook
    return {
        "format": FORMAT,
        "exported_at": _t(d.now),
        "lang": d.lang,
        "redacted": d.redacted,
        "case": {
            "id": d.case_id,
            "number": d.number or None,
            "drill": d.drill,
            "imported": d.imported,
            "opened_at": _t(state.opened_at),
            "closed_at": _t(state.closed_at),
            "close_reason": state.close_reason or None,
            "on_duty": d.on_duty,
            "actors": d.actors,
            "facts": d.facts,
            "level": state.level,
            "level_title": _text(levels[state.level]) if state.level in levels else None,
            "levels": [
                {
                    "level": c.level,
                    "at": _t(c.at),
                    "actor": c.actor,
                    "source": c.source,
                    "suggested": c.suggested,
                    "drivers": list(c.drivers),
                    "override": c.override,
                    "reason": c.reason,
                    "assessors": list(c.assessors),
                }
                for c in state.levels
            ],
            "custody": {
                "active": custody.active,
                "started_at": _t(custody.started_at),
                "ended": None
                if custody.ended is None
                else {
                    "at": _t(custody.ended.at),
                    "to": custody.ended.to,
                    "received_by": custody.ended.received_by,
                    "place": custody.ended.place,
                },
            },
            "skipped_steps": [
                {
                    "step": s.id,
                    "title": _text(d.playbook.step(s.id).title),
                    "at": _t(s.at),
                    "actor": s.actor,
                    "reason": s.reason,
                }
                for s in state.steps.values()
                if s.status == "skipped"
            ],
            "warnings": [
                {
                    "code": w.code,
                    "title": _text(w.title),
                    "raised": _t(w.raised),
                    "cleared": _t(w.cleared),
                    "by_close": w.by_close,
                }
                for w in d.warnings
            ],
        },
        "playbook": {
            "id": d.playbook.id,
            "version": d.playbook.version,
            "hash": d.playbook.content_hash,
            "title": _text(d.playbook.title),
            "case_playbook": None
            if ref is None
            else {
                "id": ref.id,
                "version": ref.version,
                "hash": ref.hash,
            },
            "matches": d.playbook_matches,
        },
        "events": None,
        "intervals": [
            {
                "id": i.id,
                "name": _text(i.name),
                "step": i.step or None,
                "start": _t(i.start),
                "end": _t(i.end),
                "due": _t(i.due),
                "target_minutes": i.target_minutes,
                "minutes": None if i.minutes is None else round(i.minutes, 3),
                "status": i.status,
                "note": i.note or None,
                **(
                    {
                        "covered_minutes": round(i.covered_minutes, 3),
                        "gaps": [
                            {"start": _t(g.start), "end": _t(g.end), "left": g.left or None}
                            for g in i.gaps
                        ],
                        "handovers": [
                            {
                                "at": _t(h.at),
                                "from": list(h.giver),
                                "to": list(h.receiver),
                                "place": h.place or None,
                                "readback": h.readback,
                            }
                            for h in i.handovers
                        ],
                    }
                    if i.covered_minutes is not None
                    else {}
                ),
            }
            for i in d.intervals
        ],
        "integrity": d.integrity.to_json(),
    }


def write_json(d: Debrief, out: BinaryIO) -> None:
    """The record to `out` byte for byte as `json.dumps(record, ensure_ascii=False,
    indent=2)` writes it whole, with each event written as it is made."""
    head = _head(d)
    keys = list(head)
    at = keys.index("events")
    before = _dump({key: head[key] for key in keys[:at]})
    after = _dump({key: head[key] for key in keys[at + 1 :]})
    sink = TextSink(out)
    sink.write(before[: -len("\n}")] + ',\n  "events": ')
    first = True
    for document in event_documents(d):
        text = _dump(document)
        # two levels in (the record, its list of events): each line indented by four
        sink.write(("[\n    " if first else ",\n    ") + text.replace("\n", "\n    "))
        first = False
    sink.write("[]" if first else "\n  ]")
    sink.write(",\n" + after[len("{\n") :] + "\n")
    sink.close()


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def render_json(d: Debrief) -> bytes:
    out = io.BytesIO()
    write_json(d, out)
    return out.getvalue()
