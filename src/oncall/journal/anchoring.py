"""What the index remembers of the anchors, so that `heads.db` cannot vanish unseen.

`heads.db` guards each case's length; this guards `heads.db`. At every writable open
and close the journal records in the (encrypted, append-only) index how far each case
was anchored — its event count, head hash and file size — and which anchors file it
saw and how many records it held. Then:

- `heads.db` missing, while the index says the store was anchored: damage, not an
  old store to anchor afresh (`verify` fails; a writable open refuses);
- `heads.db` older than the index (fewer records, or a case anchored less far than
  the index saw): `verify` fails, naming the cases, and every case is checked against
  the longer of the two, so a case cut back to a rolled-back anchor is still caught;
- a case file whose size changed since the last close was written by something that
  keeps no anchors (an older version) or by a crash: the next writable open checks it
  and anchors what it finds, recording `journal.reanchored` when more than the one
  unacknowledged event was unanchored.

Only rolling back the whole folder, index included, defeats this; the witness
(`oncall witness`, kept off the machine) is what catches that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from oncall.journal.crypto import b64
from oncall.journal.integrity import Anchor
from oncall.journal.storage import EncryptedStorage

ANCHORED_TABLE = "anchored"
"""In index.db: case id -> {"n": events, "h": head hash, "size": file bytes}."""
ANCHORS_FILE_TABLE = "anchors_file"
"""In index.db: "1" -> {"file": heads.db's file id, "records": its record count}."""


@dataclass(frozen=True)
class Recorded:
    """The index's memory of the anchors."""

    cases: dict[str, Anchor]
    sizes: dict[str, int]
    heads_file: str | None
    heads_records: int

    @property
    def anchored(self) -> bool:
        """The store was anchored by a version that records it (this one)."""
        return self.heads_file is not None


def read_recorded(index: EncryptedStorage) -> Recorded:
    cases: dict[str, Anchor] = {}
    sizes: dict[str, int] = {}
    for case, doc in index.documents(ANCHORED_TABLE).items():
        cases[case] = Anchor(int(doc["n"]), str(doc["h"]))
        sizes[case] = int(doc.get("size", -1))
    info = index.documents(ANCHORS_FILE_TABLE).get("1") or {}
    file_id = info.get("file")
    return Recorded(cases, sizes, str(file_id) if file_id else None, int(info.get("records", 0)))


def stronger(first: Anchor | None, second: Anchor | None) -> Anchor | None:
    """The anchor that reaches further (a case must reach both)."""
    if first is None:
        return second
    if second is None or first.events >= second.events:
        return first
    return second


def heads_identity(heads: EncryptedStorage) -> tuple[str, int]:
    return b64(heads.header.file_id), heads.records


def record(
    index: EncryptedStorage,
    previous: Recorded,
    heads: EncryptedStorage,
    anchors: dict[str, Anchor],
    sizes: dict[str, int],
) -> Recorded:
    """Write to the index what changed since `previous`; never lowers an anchor."""
    changed: dict[str, Any] = {}
    cases = dict(previous.cases)
    new_sizes = dict(previous.sizes)
    for case, anchor in anchors.items():
        best = stronger(previous.cases.get(case), anchor)
        assert best is not None
        size = sizes.get(case, -1)
        if best != previous.cases.get(case) or size != previous.sizes.get(case):
            changed[case] = {"n": best.events, "h": best.head, "size": size}
            cases[case], new_sizes[case] = best, size
    file_id, records = heads_identity(heads)
    if changed:
        index.append_documents(ANCHORED_TABLE, changed)
    if (file_id, records) != (previous.heads_file, previous.heads_records):
        index.append_documents(ANCHORS_FILE_TABLE, {"1": {"file": file_id, "records": records}})
    return Recorded(cases, new_sizes, file_id, records)


def heads_behind(
    recorded: Recorded, heads: EncryptedStorage, anchors: dict[str, Anchor]
) -> str | None:
    """Why `heads.db` is older than the index, or None."""
    behind = [
        f"{case} ({anchors[case].events if case in anchors else 0} < {anchor.events})"
        for case, anchor in sorted(recorded.cases.items())
        if case not in anchors or anchors[case].events < anchor.events
    ]
    if behind:
        shown = ", ".join(behind[:5]) + (f" and {len(behind) - 5} more" if len(behind) > 5 else "")
        return f"older than the index: cases anchored less far than the index recorded: {shown}"
    file_id, records = heads_identity(heads)
    if file_id == recorded.heads_file and records < recorded.heads_records:
        return (
            f"older than the index: {records} records, the index saw {recorded.heads_records} "
            "(a copy from before)"
        )
    return None
