"""The journal's tables: they only grow."""

from __future__ import annotations

from typing import Any

from tinydb.table import Table

from oncall.journal.errors import WriteRefused
from oncall.journal.storage import EncryptedStorage


class AppendOnlyTable(Table):
    """A TinyDB table that only grows, one record per insert, without rebuilding itself
    (TinyDB's own `Table.insert` reads and rewrites the whole table on every call)."""

    def append(self, doc_id: int, document: dict[str, Any]) -> None:
        storage = self.storage
        if not isinstance(storage, EncryptedStorage):
            raise TypeError("AppendOnlyTable needs an EncryptedStorage")
        storage.append_documents(self.name, {str(doc_id): document})
        self.clear_cache()

    def documents(self) -> dict[str, dict[str, Any]]:
        storage = self.storage
        if not isinstance(storage, EncryptedStorage):
            raise TypeError("AppendOnlyTable needs an EncryptedStorage")
        return storage.documents(self.name)

    def _refuse(self, *_: Any, **__: Any) -> Any:
        raise WriteRefused(f"table {self.name!r} is append-only: record a correction instead")

    insert = insert_multiple = update = update_multiple = upsert = _refuse
    remove = truncate = _refuse
