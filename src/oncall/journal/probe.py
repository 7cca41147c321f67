"""Is there a store, and is it free? Answered before a passphrase is asked for or the
app's first screen is drawn, without loading the encryption (only the lock, to test it)."""

from __future__ import annotations

from pathlib import Path

from oncall.journal.errors import StoreNotFound

INDEX_NAME = "index.db"
"""The file whose presence makes a folder a store."""


def store_exists(home: Path) -> bool:
    return (Path(home) / INDEX_NAME).is_file()


def probe_store(home: Path, *, read_only: bool = False) -> None:
    """Fail early (before asking for a passphrase) if the store is missing or in use."""
    home = Path(home)
    if not store_exists(home):
        raise StoreNotFound(
            f"no store at {home}. Create one with `oncall init` (or choose another "
            "with --home).",
            zh=f"{home} 没有记录库。请用 `oncall init` 创建（或用 --home 选择另一个）。",
        )
    if not read_only:
        from oncall.journal.lock import StoreLock

        lock = StoreLock(home)
        lock.acquire()
        lock.release()
