"""Is there a store, and is it free? Answered before a passphrase is asked for or the
app's first screen is drawn, without loading the encryption (only the lock, to test it).

A folder holding case files is a store, whether or not its index is there: a lost
`index.db` is rebuilt from the case files (`oncall repair-index`), never replaced by
a new, empty store under another key."""

from __future__ import annotations

from pathlib import Path

from oncall.journal.errors import (
    OncallError,
    StoreDamaged,
    StoreExists,
    StoreLocked,
    StoreNotFound,
)

INDEX_NAME = "index.db"
CASES_DIR = "cases"
ROTATE_DIR = ".rotate"


def case_files(home: Path) -> list[Path]:
    folder = Path(home) / CASES_DIR
    return sorted(folder.glob("*.db")) if folder.is_dir() else []


def has_index(home: Path) -> bool:
    return (Path(home) / INDEX_NAME).is_file()


def store_exists(home: Path) -> bool:
    """An index, or case files without one (a store whose index was lost)."""
    return has_index(home) or bool(case_files(home))


def store_exists_error(home: Path) -> OncallError:
    """`init` (or creating a store) where one is: refused, nothing changed."""
    if has_index(home):
        return StoreExists(
            f"a store already exists at {home}; nothing was changed",
            zh=f"{home} 已经有一个记录库；什么也没有改动",
        )
    missing = index_missing(home)
    return StoreExists(
        f"{missing.message} Nothing was changed.", zh=f"{missing.zh}什么也没有改动。"
    )


def index_missing(home: Path) -> StoreDamaged:
    count = len(case_files(home))
    return StoreDamaged(
        f"{home} holds {count} case file{'' if count == 1 else 's'} but its index "
        "(index.db) is missing. Run "
        "`oncall repair-index`: it rebuilds the index and the anchors from the case files "
        "with your passphrase (or --recovery). Do not run `oncall init` here.",
        zh=f"{home} 有 {count} 个案卷文件，但索引（index.db）不见了。请运行 "
        "`oncall repair-index`：它用你的口令（或 --recovery 恢复密钥）根据案卷文件重建索引"
        "和锚点。不要在这里运行 `oncall init`。",
    )


def probe_store(
    home: Path, *, read_only: bool = False, index_optional: bool = False
) -> OncallError | None:
    """Fail early (before asking for a passphrase) if the store is missing or in use.
    `index_optional`: the caller rebuilds a lost index (`repair-index`). Returns a
    notice to show (not a failure) when it finished a key change a kill interrupted."""
    home = Path(home)
    notice = finish_interrupted_rotation(home) if (home / ROTATE_DIR).exists() else None
    if not has_index(home):
        if not case_files(home):
            raise StoreNotFound(
                f"no store at {home}. Create one with `oncall init` (or choose another "
                "with --home).",
                zh=f"{home} 没有记录库。请用 `oncall init` 创建（或用 --home 选择另一个）。",
            )
        if not index_optional:
            raise index_missing(home)
    if not read_only:
        from oncall.journal.lock import StoreLock

        lock = StoreLock(home)
        lock.acquire()
        lock.release()
    return notice


def finish_interrupted_rotation(home: Path) -> OncallError | None:
    """A key change (`oncall passwd --rotate-key`) killed midway leaves `.rotate/`:
    finish it (or throw away what was not committed) now, naming it, rather than let
    the mix of old and new keys look like damage. Needs no key, only the store's lock;
    while another process holds the lock its own rotation is still running."""
    from oncall.journal import maintenance
    from oncall.journal.lock import StoreLock

    lock = StoreLock(home)
    try:
        lock.acquire()
    except StoreLocked as exc:
        raise StoreLocked(
            f"a key change of {home} is under way (oncall passwd --rotate-key); try again "
            f"when it has finished. ({exc.message})",
            zh=f"{home} 正在更换密钥（oncall passwd --rotate-key）；请等它完成后再试。"
            f"（{exc.text('zh')}）",
        ) from exc
    try:
        committed = maintenance.rotation_committed(home)
        if not maintenance.finish_rotation(home):
            return None
    finally:
        lock.release()
    if committed:
        return OncallError(
            "an interrupted key change (oncall passwd --rotate-key) was finished now: the "
            "new passphrase and the new recovery key open the store",
            zh="上次被中断的密钥更换（oncall passwd --rotate-key）现已完成：请用新口令和新恢复密钥"
            "打开记录库",
        )
    return OncallError(
        "an interrupted key change (oncall passwd --rotate-key) had not been committed and "
        "was undone: the old passphrase still opens the store; run it again to change the key",
        zh="上次被中断的密钥更换（oncall passwd --rotate-key）尚未生效，已撤销：旧口令仍能打开"
        "记录库；如需更换请重新运行",
    )
