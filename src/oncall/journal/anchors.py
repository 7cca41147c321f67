"""Anchors: each case's head (event count and head hash) kept outside its file.

`heads.db` is an `EncryptedStorage` file beside the index. Every append records the
case's new head there, fsync'd, after the event itself is durable, so an anchor never
runs ahead of its case: a case file shorter than its anchor lost acknowledged events,
which no crash can do. It also holds a torn-tail repair while it is under way, so a
kill between cutting the tail and recording `journal.repaired` is finished at the
next open. The file keeps zeros past its last record (`slack`), so an anchor
overwrites blocks the file already has and is made durable with `fdatasync`, which
then has no change of size to commit. The file only grows; a writable open compacts
it when it holds far more records than cases (a snapshot written beside it, then
renamed over it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from oncall.journal.crypto import Keyring
from oncall.journal.errors import StoreDamaged
from oncall.journal.integrity import Anchor
from oncall.journal.rekey import write_snapshot
from oncall.journal.storage import EncryptedStorage, _fsync_dir

HEADS_NAME = "heads.db"
HEADS_TABLE = "heads"
REPAIRS_TABLE = "repairs"
COMPACT_SLACK = 512
"""Records beyond one per case (and repair) that a writable open tolerates."""
ZERO_SLACK = 256 * 1024
"""Zeros kept past the last anchor, so most anchors need only an fdatasync."""


class Anchors:
    def __init__(
        self, path: Path, keyring: Keyring, *, read_only: bool, create: bool = False
    ) -> None:
        self.path = path
        self.keyring = keyring
        self.read_only = read_only
        self.storage = EncryptedStorage(
            path, keyring=keyring, create=create, read_only=read_only, slack=ZERO_SLACK
        )
        if self.storage.damage is not None and not read_only:
            self.storage.close()
            raise StoreDamaged(
                f"{path.name} (the case anchors) is damaged at record "
                f"{self.storage.damage.record} ({self.storage.damage.reason}). "
                "Run `oncall repair-index`: it rebuilds the index and the anchors from the "
                "case files and keeps the damaged files beside them.",
                zh=f"{path.name}（案卷锚点）在第 {self.storage.damage.record} 条记录处损坏。"
                "请运行 `oncall repair-index`：它根据案卷文件重建索引和锚点，并把损坏的文件"
                "保留在旁边。",
            )

    @property
    def damage(self) -> str | None:
        damage = self.storage.damage
        return None if damage is None else f"record {damage.record}: {damage.reason}"

    def all(self) -> dict[str, Anchor]:
        return {
            case: Anchor(int(doc["n"]), str(doc["h"]))
            for case, doc in self.storage.documents(HEADS_TABLE).items()
        }

    def get(self, case_id: str) -> Anchor | None:
        doc = self.storage.documents(HEADS_TABLE).get(case_id)
        return None if doc is None else Anchor(int(doc["n"]), str(doc["h"]))

    def set(self, case_id: str, events: int, head: str) -> None:
        self.storage.append_documents(HEADS_TABLE, {case_id: {"n": events, "h": head}})

    def set_many(self, heads: dict[str, Anchor]) -> None:
        if heads:
            self.storage.append_documents(
                HEADS_TABLE, {c: {"n": a.events, "h": a.head} for c, a in heads.items()}
            )

    def pending_repair(self, case_id: str) -> dict[str, Any] | None:
        doc = self.storage.documents(REPAIRS_TABLE).get(case_id)
        return None if doc is None or doc.get("done") else dict(doc)

    def record_repair(self, case_id: str, repair: dict[str, Any]) -> None:
        self.storage.append_documents(REPAIRS_TABLE, {case_id: repair})

    def clear_repair(self, case_id: str) -> None:
        self.storage.append_documents(REPAIRS_TABLE, {case_id: {"done": True}})

    def compact_if_large(self) -> None:
        heads = self.storage.documents(HEADS_TABLE)
        repairs = {
            case: doc
            for case, doc in self.storage.documents(REPAIRS_TABLE).items()
            if not doc.get("done")
        }
        if self.storage.records <= len(heads) + len(repairs) + COMPACT_SLACK:
            return
        temp = self.path.with_name(f".{self.path.name}.compact")
        write_snapshot(temp, self.keyring, {HEADS_TABLE: heads, REPAIRS_TABLE: repairs})
        self.storage.close()
        os.replace(temp, self.path)
        _fsync_dir(self.path.parent)
        self.storage = EncryptedStorage(
            self.path, keyring=self.keyring, create=False, slack=ZERO_SLACK
        )

    def close(self) -> None:
        self.storage.close()
