"""The journal: one encrypted TinyDB file per case (一档一卷) plus an encrypted index.

    home/
      index.db          the cases (id, opened, drill, facts), table "cases"
      heads.db          each case's anchor: its event count and head hash (anchors.py)
      board.sealed      the board's folded open cases, a copy only (sealed.py)
      cases/<id>.db     one case: its events as the documents of TinyDB's default table
      oncall.lock       held by the one writer; oncall.lock.json says who

Every file is an `EncryptedStorage` file under the same data key, so the key
derivation runs once per unlock however many cases there are, and any TinyDB program
can open one case file on its own with the passphrase. Events are appended, never
changed: each carries the hash of the one before it (a hash chain per case).
"""

from __future__ import annotations

import contextlib
import json
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from oncall.journal import anchoring, faults, maintenance
from oncall.journal import witness as witness_module
from oncall.journal.anchors import HEADS_NAME, Anchors
from oncall.journal.crypto import DEFAULT_SCRYPT_N, Keyring, new_recovery_key
from oncall.journal.errors import (
    OncallError,
    StoreDamaged,
    StoreExists,
    WriteRefused,
)
from oncall.journal.event import GENESIS, Event, format_time, local_offset, utc_now
from oncall.journal.folders import make_private_dir
from oncall.journal.hygiene import disable_core_dumps
from oncall.journal.integrity import (
    Anchor,
    FileCheck,
    VerifyReport,
    anchor_problem,
    check_chain,
)
from oncall.journal.lock import StoreLock
from oncall.journal.passphrase import require_strong
from oncall.journal.probe import probe_store, store_exists, store_exists_error
from oncall.journal.reading import CaseRead, read_intact
from oncall.journal.sealed import SIDE_SUFFIX, read_sealed, write_sealed
from oncall.journal.storage import EncryptedStorage, TornTail, rewrite_header
from oncall.journal.tables import AppendOnlyTable
from oncall.journal.unlock import unlock_store
from oncall.journal.verify import scan_case, verify_store
from oncall.vocabulary.kinds import (
    CASE_CLOSED,
    CASE_OPENED,
    JOURNAL_REANCHORED,
    JOURNAL_REPAIRED,
)

INDEX_NAME = "index.db"
OPERATORS_TABLE = "operators"
CASES_DIR = "cases"
EVENTS_TABLE = "_default"
CASES_TABLE = "cases"
SYSTEM_ACTOR = "oncall"
META_TABLE = "meta"
"""A case file's table of facts about the file itself; `{"imported": true}` marks a case
brought in from an archive (`Journal.import_case`), which is read-only."""
MAX_FUTURE = timedelta(minutes=1)
IMPORT_CHUNK = 1000
CASE_SLACK = 64 * 1024
"""Zeros an open case file keeps past its last record (given back at close): an event
then overwrites blocks the file has, made durable by `fdatasync` with no size change
to commit, which pays for the second durable write each append makes (its anchor)."""
"""Events per record when importing a case."""


@dataclass(frozen=True)
class CaseInfo:
    """A case as the index lists it. `facts` hold student details: show with care."""

    id: str
    opened_at: str
    drill: bool
    facts: dict[str, Any] = field(default_factory=dict)
    closed_at: str | None = None
    imported: bool = False
    """Brought in from an archive: read-only."""


@dataclass(frozen=True)
class Fingerprint:
    """What a printed report carries to be checked against the store later
    (`oncall verify --case ID --fingerprint TEXT`): the number of events it covers and
    the hash of the last one, which the hash chain ties to every event before it."""

    events: int
    head_hash: str

    @property
    def text(self) -> str:
        return f"{self.events}:{self.head_hash}"


class _CaseFile:
    """An open case file: its TinyDB, its append-only events table and chain head."""

    def __init__(
        self, case_id: str, storage_args: dict[str, Any], anchor: Anchor | None = None
    ) -> None:
        self.id = case_id
        # The journal cuts a torn tail itself, in steps that survive a kill.
        self.db = TinyDB(**storage_args, storage=EncryptedStorage, repair=False)
        storage = self.db.storage
        assert isinstance(storage, EncryptedStorage)
        self.storage = storage
        self.table = AppendOnlyTable(storage, EVENTS_TABLE)
        self.events, problem, position = check_chain(case_id, self.table.documents(), rehash=False)
        self.problem = None
        if storage.damage is not None:
            self.problem = (
                f"case {case_id} is damaged at record {storage.damage.record} "
                f"({storage.damage.reason})"
            )
        elif problem is not None:
            self.problem = f"case {case_id} is damaged at {position}: {problem}"
        else:
            n = anchor.events if anchor is not None else 0
            at_anchor = self.events[n - 1].hash if 0 < n <= len(self.events) else None
            found = anchor_problem(case_id, len(self.events), at_anchor, anchor)
            if found is not None:
                self.problem = f"case {case_id} is damaged at {found[1]}: {found[0]}"
        self.drill = bool(self.events and self.events[0].drill)
        self.imported = any(doc.get("imported") for doc in storage.documents(META_TABLE).values())

    def sync(self) -> None:
        """Pick up events another process appended since we read the file (a read-only
        watcher of a case someone else is working). Cheap when nothing changed."""
        documents = self.table.documents()  # re-reads only what the file gained
        known = len(self.events)
        if len(documents) == known or self.problem is not None:
            return
        gained = {
            key: documents[key]
            for key in map(str, range(known + 1, len(documents) + 1))
            if key in documents
        }
        if len(gained) == len(documents) - known:  # only the new ones are checked
            events, problem, _ = check_chain(self.id, gained, rehash=False, after=self.head)
            if problem is None:
                self.events.extend(events)
            return
        events, problem, _ = check_chain(self.id, documents, rehash=False)
        if problem is None:
            self.events = events

    @property
    def head(self) -> tuple[int, str]:
        if not self.events:
            return 0, GENESIS
        last = self.events[-1]
        return last.seq, last.hash

    def close(self) -> None:
        self.db.close()


class Journal:
    """The store. Open it with `Journal.open`, or make a new one with `Journal.create`."""

    def __init__(
        self,
        home: Path,
        keyring: Keyring,
        *,
        read_only: bool,
        lock: StoreLock | None,
        clock: Callable[[], datetime] = utc_now,
    ):
        self.home = home
        self.clock = clock
        """Where "now" comes from (tests and drills pass their own)."""
        self.keyring = keyring
        self.read_only = read_only
        self._lock = lock
        self._cases: dict[str, _CaseFile] = {}
        self.repairs: list[tuple[str, TornTail]] = []
        self.recovery_key: str | None = None
        """Set only by `create`: shown once, never stored in clear."""
        self._index_db = TinyDB(
            self.home / INDEX_NAME,
            storage=EncryptedStorage,
            keyring=keyring,
            create=False,
            read_only=read_only,
        )
        index_storage = self._index_db.storage
        assert isinstance(index_storage, EncryptedStorage)
        self._index = AppendOnlyTable(index_storage, CASES_TABLE)
        self._index_torn = read_only and index_storage.torn_bytes > 0
        """A watcher found the index cut mid-write (`cases()` completes it)."""
        self._anchors: Anchors | None = None
        self._fresh_anchors = False
        """heads.db was written at this open (a store from before anchors)."""
        self._recorded = anchoring.read_recorded(index_storage)
        try:
            if not read_only and index_storage.damage is not None:
                raise maintenance.index_damaged(index_storage.damage.record)
            self._open_anchors()
            if not read_only:
                maintenance.private_dirs(self.home)
                self._reconcile_index(closed_too=index_storage.repaired is not None)
                self._anchor_changed_cases()
                self._record_anchoring()
        except BaseException:
            self._index_db.close()
            if self._anchors is not None:
                self._anchors.close()
            raise
        disable_core_dumps()

    def _open_anchors(self) -> None:
        path = self.home / HEADS_NAME
        if not path.exists() and self._recorded.anchored and not self.read_only:
            raise maintenance.heads_missing(len(self._recorded.cases))
        if path.exists():
            self._anchors = Anchors(path, self.keyring, read_only=self.read_only)
            if not self.read_only:
                self._anchors.compact_if_large()
        elif not self.read_only:  # a store from before anchors: anchor every case now
            self._fresh_anchors = True
            self._anchors = Anchors(path, self.keyring, read_only=False, create=True)
            heads: dict[str, Anchor] = {}
            for case_path in sorted(self._cases_dir().glob("*.db")):
                scan = scan_case(case_path, self.keyring)
                if scan.events:
                    heads[case_path.stem] = Anchor(scan.events, scan.head)
            self._anchors.set_many(heads)

    # --- opening -----------------------------------------------------------------------------
    @staticmethod
    def exists(home: Path) -> bool:
        return store_exists(home)

    @classmethod
    def create(
        cls,
        home: Path,
        passphrase: str,
        *,
        kdf_n: int = DEFAULT_SCRYPT_N,
        clock: Callable[[], datetime] = utc_now,
    ) -> Journal:
        """A new, empty store. `j.recovery_key` holds the recovery key to show once."""
        home = Path(home)
        if cls.exists(home):
            raise store_exists_error(home)
        require_strong(passphrase)
        (home / HEADS_NAME).unlink(missing_ok=True)  # left by a create killed midway
        make_private_dir(home / CASES_DIR)  # and every folder above it that is new
        maintenance.private_dirs(home)
        lock = StoreLock(home)
        lock.acquire()
        try:
            recovery_key = new_recovery_key()
            keyring = Keyring.create(passphrase, kdf_n=kdf_n, recovery_key=recovery_key)
            Anchors(home / HEADS_NAME, keyring, read_only=False, create=True).close()
            EncryptedStorage(home / INDEX_NAME, keyring=keyring).close()
            journal = cls(home, keyring, read_only=False, lock=lock, clock=clock)
        except BaseException:
            lock.release()
            raise
        journal.recovery_key = recovery_key
        return journal

    @classmethod
    def open(
        cls,
        home: Path,
        passphrase: str | None = None,
        *,
        recovery_key: str | None = None,
        read_only: bool = False,
        clock: Callable[[], datetime] = utc_now,
    ) -> Journal:
        home = Path(home)
        cls.probe(home, read_only=read_only)
        lock = None if read_only else StoreLock(home)
        if lock is not None:
            lock.acquire()
        try:
            if lock is not None:
                maintenance.finish_rotation(home)
            keyring, index_damage = unlock_store(home, passphrase, recovery_key)
            if index_damage is not None:
                raise index_damage
            return cls(home, keyring, read_only=read_only, lock=lock, clock=clock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def unlock_for_check(
        cls, home: Path, passphrase: str | None = None, *, recovery_key: str | None = None
    ) -> tuple[Keyring, StoreDamaged | None]:
        """The store's key for a check that must go on when the index is damaged
        (`verify`, `repair-index`): the key, and the index header's damage if any."""
        home = Path(home)
        cls.probe(home, read_only=True, index_optional=True)
        keyring, damage = unlock_store(home, passphrase, recovery_key)
        disable_core_dumps()
        return keyring, damage

    @classmethod
    def rebuild_index(
        cls, home: Path, passphrase: str | None = None, *, recovery_key: str | None = None
    ) -> maintenance.Rebuilt:
        """Rebuild `index.db` (and damaged anchors) from the case files, keeping the
        damaged files beside them. Takes the store's lock like any writer."""
        home = Path(home)
        cls.probe(home, index_optional=True)
        lock = StoreLock(home)
        lock.acquire()
        try:
            maintenance.finish_rotation(home)
            keyring, _ = unlock_store(home, passphrase, recovery_key, prefer_cases=True)
            disable_core_dumps()
            return maintenance.rebuild_index(home, keyring)
        finally:
            lock.release()

    @classmethod
    def probe(
        cls, home: Path, *, read_only: bool = False, index_optional: bool = False
    ) -> OncallError | None:
        """Fail early (before asking for a passphrase) if the store is missing or in use;
        a notice to show when an interrupted key change was finished (`probe_store`)."""
        return probe_store(home, read_only=read_only, index_optional=index_optional)

    def close(self) -> None:
        for case in self._cases.values():
            case.close()
        self._cases.clear()
        if self._anchors is not None and not self.read_only:
            with contextlib.suppress(OncallError, OSError):  # else the next open does
                self._anchors.compact_if_large()
                self._record_anchoring()
        self._index_db.close()
        if self._anchors is not None:
            self._anchors.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- cases --------------------------------------------------------------------------------
    def cases(self) -> list[CaseInfo]:
        """Every case in the order opened, with when it was closed (if it was)."""
        opened: dict[str, CaseInfo] = {}
        closed: dict[str, str] = {}
        for _, doc in sorted(self._index.documents().items(), key=lambda item: int(item[0])):
            if "closed_at" in doc:
                closed[doc["case"]] = doc["closed_at"]
            else:
                opened[doc["case"]] = CaseInfo(
                    doc["case"],
                    doc["opened_at"],
                    bool(doc["drill"]),
                    dict(doc.get("facts", {})),
                    imported=bool(doc.get("imported")),
                )
        if self._index_torn:  # a watcher of a cut index: the case files say the rest
            self._from_case_files(opened, closed)
        return [replace(info, closed_at=closed.get(info.id)) for info in opened.values()]

    def _from_case_files(self, opened: dict[str, CaseInfo], closed: dict[str, str]) -> None:
        """Complete what a cut index lost (it is repaired at the next writable open):
        cases it no longer lists, and closings it no longer records."""
        for path in sorted(self._cases_dir().glob("*.db")):
            if path.stem in opened and path.stem in closed:
                continue
            case = self._case(path.stem)
            if not case.events or case.events[0].kind != CASE_OPENED:
                continue
            if path.stem not in opened:
                first = case.events[0]
                opened[path.stem] = CaseInfo(
                    path.stem,
                    first.at,
                    first.drill,
                    dict(first.data.get("facts", {})),
                    imported=case.imported,
                )
            last = next((e for e in reversed(case.events) if e.kind == CASE_CLOSED), None)
            if last is not None:
                closed[path.stem] = last.at

    def new_case(
        self,
        *,
        actor: str,
        drill: bool = False,
        playbook: Any = None,
        at: datetime | None = None,
        **facts: Any,
    ) -> str:
        """Open a case: its file, its `case.opened` event (seq 1), its index entry."""
        self._check_writable()
        opened = at or self.clock()
        case_id = f"{opened.astimezone():%Y%m%d-%H%M}-{secrets.token_hex(2)}"
        while (self._case_path(case_id)).exists():
            case_id = f"{opened.astimezone():%Y%m%d-%H%M}-{secrets.token_hex(2)}"
        playbook_ref = None
        if playbook is not None:
            playbook_ref = {
                "id": playbook.id,
                "version": playbook.version,
                "hash": playbook.content_hash,
            }
        case = _CaseFile(case_id, self._storage_args(case_id, create=True))
        case.drill = drill
        self._cases[case_id] = case
        event = self.append(
            case_id,
            CASE_OPENED,
            {"facts": facts, "playbook": playbook_ref},
            actor,
            at=opened,
        )
        self._index_entry(case_id, event.at, drill, facts)
        return case_id

    def append(
        self,
        case_id: str,
        kind: str,
        data: dict[str, Any] | None,
        actor: str,
        at: datetime | None = None,
    ) -> Event:
        """Record one event durably (fsync'd) and return it. `at` is when it happened,
        for an entry made afterwards; `recorded_at` is always now."""
        self._check_writable()
        case = self._case(case_id)
        if case.problem is not None:
            raise WriteRefused(
                f"{case.problem}; writing to it is refused. What it holds up to the damage "
                "can still be read and exported. Run `oncall verify` to see where, keep the "
                "store folder as it is (a backup may hold the rest), and tell the school "
                "leader; record what happens next in a new case.",
                zh=f"案件 {case_id} 已损坏，拒绝写入。损坏之前的记录仍可查看和导出。请运行 "
                "`oncall verify` 查看位置，保持记录库文件夹原样（备份里可能还有其余部分），"
                "并告知学校负责人；接下来的处置请在新案件中记录。",
            )
        if case.imported:
            raise WriteRefused(
                f"case {case_id} was imported from an archive and is read-only; record what "
                "happens next in a new case",
                zh=f"案件 {case_id} 是从归档导入的，只读；接下来的处置请在新案件中记录",
            )
        if not kind or not isinstance(kind, str):
            raise ValueError("an event needs a kind")
        now = self.clock()
        happened = at or now
        if happened.tzinfo is None:
            raise ValueError("`at` must be timezone-aware")
        if happened - now > MAX_FUTURE:
            raise ValueError("an event cannot happen in the future")
        seq, prev = case.head
        recorded = format_time(now)
        unsigned = Event(
            id=uuid.uuid4().hex,
            case=case_id,
            seq=seq + 1,
            at=recorded if at is None else format_time(happened),
            tz=local_offset(happened),
            recorded_at=recorded,
            actor=actor,
            kind=kind,
            data=dict(data or {}),
            drill=case.drill,
            prev=prev,
        )
        try:
            json.dumps(unsigned.data)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"event data must be JSON values: {exc}") from exc
        event = Event(**{**unsigned.body(), "hash": unsigned.compute_hash()})
        case.table.append(event.seq, event.to_document())
        try:
            self._anchor(case_id, event.seq, event.hash)
        except BaseException:  # not anchored, so not acknowledged: take it back
            case.storage.take_back_last()
            raise
        case.events.append(event)
        if kind == CASE_CLOSED:  # the index lists closed cases without opening them
            self._index.append(self._next_index_id(), {"case": case_id, "closed_at": event.at})
        return event

    def events(self, case_id: str) -> list[Event]:
        """The case's events in the order they were recorded (seq). Read-only, it also
        shows what the writer has appended since."""
        case = self._case(case_id)
        if self.read_only:
            case.sync()
        return list(case.events)

    def events_after(self, case_id: str, seq: int) -> list[Event]:
        """The case's events after the first `seq` (what a seat had not yet seen)."""
        case = self._case(case_id)
        if self.read_only:
            case.sync()
        return case.events[max(seq, 0) :]

    def mark_seen(self, case_id: str, count: int) -> None:
        """The screen now shows the case's first `count` events. Nothing to do for the
        store's one writer; a seat of `oncall serve` judges what it records against it
        (`oncall.serve.seat.SeatJournal`)."""

    def event_count(self, case_id: str) -> int:
        """How many events of the case this journal has read (no re-read)."""
        return len(self._case(case_id).events)

    def is_drill(self, case_id: str) -> bool:
        return self._case(case_id).drill

    def read_case(self, case_id: str, tables: tuple[str, ...] = ()) -> CaseRead:
        """The case's events once, for an export: an intact case this journal has not
        opened is streamed from its file, each event hashed as it is read, in a fraction
        of the memory of opening it (`oncall.journal.reading`); any other as `events`
        and `case_problem` read it. `tables`: other tables of the case file to keep."""
        case = self._cases.get(case_id)
        if case is None:
            path = self._case_path(case_id)
            if not path.is_file():
                raise OncallError(
                    f"no case {case_id!r} in this store", zh=f"库里没有案件 {case_id!r}"
                )
            anchor = self._anchors.get(case_id) if self._anchors is not None else None
            anchor = anchoring.stronger(anchor, self._recorded.cases.get(case_id))
            try:
                read = read_intact(path, self.keyring, anchor, tables)
            except OncallError:  # e.g. a damaged header: said as opening the case says it
                read = None
            if read is not None:
                return read
        events = self.events(case_id)
        kept = {name: self._case(case_id).storage.documents(name) for name in tables}
        return CaseRead(events, self.case_problem(case_id), False, kept)

    def case_version(self, case_id: str) -> str | None:
        """What a case's file holds, named without reading it: its event count and head
        hash (its anchor, or the open file's own) and its size (a file left longer by a
        kill, or written behind the anchors, differs). The same version, the same
        events. None read-only (a writer may be appending past the anchors read at
        open), for a damaged open case, or for a case with no anchor."""
        if self.read_only:
            return None
        case = self._cases.get(case_id)
        if case is not None:
            if case.problem is not None or not case.events:
                return None
            events, head = len(case.events), case.events[-1].hash
            size = case.storage.used_bytes  # its file, once closed (zeros kept past it cut)
        else:
            anchor = anchoring.stronger(
                self._anchors.get(case_id) if self._anchors is not None else None,
                self._recorded.cases.get(case_id),
            )
            if anchor is None:
                return None
            events, head = anchor.events, anchor.head
            try:
                size = self._case_path(case_id).stat().st_size
            except OSError:
                return None
        return f"{events}:{head}:{size}"

    def read_side(self, purpose: str) -> bytes | None:
        """A sealed side file (`oncall.journal.sealed`): what this store keeps only to be
        fast, or None when there is none usable."""
        return read_sealed(self.home / f"{purpose}{SIDE_SUFFIX}", self.keyring, purpose)

    def write_side(self, purpose: str, data: bytes) -> None:
        """Seal `data` as the side file for `purpose` (nothing when read-only)."""
        if not self.read_only:
            write_sealed(self.home / f"{purpose}{SIDE_SUFFIX}", self.keyring, purpose, data)

    def case_problem(self, case_id: str) -> str | None:
        """Why writing to this case is refused, or None."""
        return self._case(case_id).problem

    def case_table(self, case_id: str, table: str) -> dict[str, dict[str, Any]]:
        """The documents of another table of a case file (e.g. "playbook" of an imported
        case); empty when it has none. Do not modify them."""
        if table == EVENTS_TABLE:
            raise ValueError("read events with `events()`")
        return self._case(case_id).storage.documents(table)

    def import_case(
        self, documents: dict[str, dict[str, Any]], tables: dict[str, dict[str, Any]]
    ) -> str:
        """Bring in a case from an archive, read-only: its event documents exactly as
        they were (same hashes), re-encrypted under this store's key, with `tables`
        (e.g. the playbook it ran under) beside them. Returns the case id."""
        self._check_writable()
        if not documents:
            raise StoreDamaged("the archive holds no events")
        first = documents[min(documents, key=int)]
        case_id = str(first.get("case", ""))
        path = self._case_path(case_id)
        events, problem, position = check_chain(case_id, documents, rehash=True)
        if problem is not None or not events or events[0].kind != CASE_OPENED:
            why = problem or "it does not start with case.opened"
            raise StoreDamaged(
                f"case {case_id} in the archive is damaged at {position}: {why}; "
                "nothing was imported",
                zh=f"归档中的案件 {case_id} 在 {position} 处损坏：{why}；什么也没有导入",
            )
        if path.exists() or case_id in {c.id for c in self.cases()}:
            raise StoreExists(
                f"case {case_id} is already in this store; nothing was imported",
                zh=f"案件 {case_id} 已经在本库中；什么也没有导入",
            )
        storage = EncryptedStorage(path, keyring=self.keyring, create=True)
        try:
            with storage.deferred_sync():
                for start in range(0, len(events), IMPORT_CHUNK):
                    chunk = events[start : start + IMPORT_CHUNK]
                    storage.append_documents(
                        EVENTS_TABLE, {str(e.seq): e.to_document() for e in chunk}
                    )
                for name, docs in tables.items():
                    if name not in (EVENTS_TABLE, META_TABLE):
                        storage.append_documents(name, docs)
                storage.append_documents(META_TABLE, {"1": {"imported": True}})
        except BaseException:
            storage.close()
            path.unlink(missing_ok=True)
            raise
        storage.close()
        self._anchor(case_id, events[-1].seq, events[-1].hash)
        opened = events[0]
        self._index_entry(
            case_id, opened.at, opened.drill, opened.data.get("facts", {}), imported=True
        )
        closed = next((e for e in reversed(events) if e.kind == CASE_CLOSED), None)
        if closed is not None:
            self._index.append(self._next_index_id(), {"case": case_id, "closed_at": closed.at})
        return case_id

    # --- integrity ------------------------------------------------------------------------------
    def verify(self) -> VerifyReport:
        """Check every file from disk: the index, the anchors, every authentication tag
        and every link of every chain (streamed: memory does not grow with a case)."""
        return verify_store(self.home, self.keyring)

    def fingerprint(self, case_id: str) -> Fingerprint:
        """The case's fingerprint for a printed report: its event count and head hash
        (the debrief prints `Fingerprint.text`; `oncall verify --fingerprint` checks it)."""
        seq, head = self._case(case_id).head
        return Fingerprint(seq, head)

    def witness(self) -> tuple[str, int, int]:
        """A store fingerprint to keep off this machine (`witness.py`), recorded in the
        index with what it saw: (fingerprint, cases, events). Refused while a case is
        damaged: a witness attests a sound store."""
        self._check_writable()
        heads: dict[str, Anchor] = {}
        for path in sorted(self._cases_dir().glob("*.db")):
            case = self._case(path.stem)
            if case.problem is not None:
                raise StoreDamaged(
                    f"{case.problem}; no witness was taken. Run `oncall verify` first.",
                    zh=f"案件 {case.id} 已损坏；没有生成存储指纹。请先运行 `oncall verify`。",
                )
            heads[case.id] = Anchor(*case.head)
        fp = witness_module.fingerprint(heads)
        storage = self._index_db.storage
        assert isinstance(storage, EncryptedStorage)
        storage.append_documents(
            witness_module.WITNESS_TABLE,
            {
                fp: {
                    "at": format_time(self.clock()),
                    "cases": {c: [a.events, a.head] for c, a in heads.items()},
                }
            },
        )
        return fp, len(heads), sum(a.events for a in heads.values())

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-wrap the data key under a new passphrase in every file; no record is
        re-encrypted. Case files and anchors first, the index last: until the index
        changes, the old passphrase opens the store; the new one opens it too (its wrap
        is in the other files, see `unlock.py`), and running this again finishes."""
        self._check_writable()
        require_strong(new_passphrase)
        keyring = self.keyring.with_passphrase(new_passphrase)
        self._close_files()
        for path in sorted(self._cases_dir().glob("*.db")):
            rewrite_header(path, keyring)
        if (self.home / HEADS_NAME).exists():
            rewrite_header(self.home / HEADS_NAME, keyring)
        rewrite_header(self.home / INDEX_NAME, keyring)
        self._reopen(keyring)

    def rotate_key(self, new_passphrase: str) -> str:
        """Re-encrypt every file under a new data key, wrapped by `new_passphrase` and a
        new recovery key (returned, to show once). Crash-safe: see `maintenance.py`."""
        self._check_writable()
        require_strong(new_passphrase)
        self.open_cases(path.stem for path in sorted(self._cases_dir().glob("*.db")))
        damaged = [case.problem for case in self._cases.values() if case.problem]
        if damaged:
            raise StoreDamaged(
                f"{damaged[0]}; the key was not rotated (run `oncall verify`)",
                zh=f"{damaged[0]}；密钥没有更换（请运行 `oncall verify`）",
            )
        recovery_key = new_recovery_key()
        keyring = Keyring.create(
            new_passphrase, kdf_n=self.keyring.params.n, recovery_key=recovery_key
        )
        for side in self.home.glob(f"*{SIDE_SUFFIX}"):  # under the old key: rebuilt later
            side.unlink(missing_ok=True)
        self._close_files()
        maintenance.rotate(self.home, self.keyring, keyring)
        self._reopen(keyring)
        return recovery_key

    def _close_files(self) -> None:
        for case in self._cases.values():
            case.close()
        self._cases.clear()
        self._index_db.close()
        if self._anchors is not None:
            self._anchors.close()

    def _reopen(self, keyring: Keyring) -> None:
        self.keyring = keyring
        self._index_db = TinyDB(
            self.home / INDEX_NAME,
            storage=EncryptedStorage,
            keyring=keyring,
            create=False,
            read_only=self.read_only,
        )
        index_storage = self._index_db.storage
        assert isinstance(index_storage, EncryptedStorage)
        self._index = AppendOnlyTable(index_storage, CASES_TABLE)
        self._recorded = anchoring.read_recorded(index_storage)
        self._open_anchors()

    # --- who works the store ------------------------------------------------------------
    def _operators(self) -> AppendOnlyTable:
        storage = self._index_db.storage
        assert isinstance(storage, EncryptedStorage)
        return AppendOnlyTable(storage, OPERATORS_TABLE)

    def last_operator(self) -> str:
        """Who worked this store last (kept in the encrypted index): the app offers them
        after unlocking, so nobody types their name at every launch."""
        docs = self._operators().documents()
        if not docs:
            return ""
        return str(docs[max(docs, key=int)].get("name", ""))

    def operator_names(self) -> tuple[str, ...]:
        """Everyone who has worked this store (for the passphrase check: a guesser
        tries their names first)."""
        names = (str(doc.get("name", "")) for doc in self._operators().documents().values())
        return tuple(dict.fromkeys(name for name in names if name))

    def remember_operator(self, name: str) -> None:
        """Record who is at the keyboard now, if it changed (nothing in read-only)."""
        name = name.strip()
        if self.read_only or not name or name == self.last_operator():
            return
        table = self._operators()
        next_id = max((int(key) for key in table.documents()), default=0) + 1
        table.append(next_id, {"name": name, "at": self.clock().isoformat()})

    # --- internals ---------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise WriteRefused("the store is open read-only")

    def _cases_dir(self) -> Path:
        return self.home / CASES_DIR

    def _case_path(self, case_id: str) -> Path:
        if not case_id or any(ch in case_id for ch in "/\\.") or case_id.startswith("-"):
            raise OncallError(f"not a case id: {case_id!r}", zh=f"不是案件号：{case_id!r}")
        return self._cases_dir() / f"{case_id}.db"

    def _storage_args(self, case_id: str, *, create: bool = False) -> dict[str, Any]:
        return {
            "path": self._case_path(case_id),
            "keyring": self.keyring,
            "create": create,
            "read_only": self.read_only,
            "slack": CASE_SLACK,
        }

    def _case(self, case_id: str) -> _CaseFile:
        case = self._cases.get(case_id)
        if case is None:
            if not self._case_path(case_id).is_file():
                raise OncallError(
                    f"no case {case_id!r} in this store", zh=f"库里没有案件 {case_id!r}"
                )
            # The anchor first: a watcher then reads a case at least as long as it. The
            # index's record counts too: heads.db rolled back does not shorten a case.
            anchor = self._anchors.get(case_id) if self._anchors is not None else None
            anchor = anchoring.stronger(anchor, self._recorded.cases.get(case_id))
            case = _CaseFile(case_id, self._storage_args(case_id), anchor)
            self._cases[case_id] = case
            if not self.read_only:
                self._repair(case)
        return case

    def _anchor(self, case_id: str, events: int, head: str) -> None:
        if self._anchors is not None:
            self._anchors.set(case_id, events, head)

    def _repair(self, case: _CaseFile) -> None:
        """Cut a torn tail and record `journal.repaired`, in steps that a kill at any
        point leaves for the next open to finish: the pending repair is written to the
        anchors before the cut and cleared after the event is recorded. A tail is cut
        only when what remains still reaches the anchor (else the case is damaged)."""
        assert self._anchors is not None
        storage = case.storage
        pending = self._anchors.pending_repair(case.id)
        if case.problem is not None:
            return
        if storage.torn_bytes:
            if pending is None or pending.get("records_kept") != storage.records:
                kept_as = storage.keep_torn_tail()
                faults.checkpoint("repair.kept")
                pending = {
                    "bytes_cut": storage.torn_bytes,
                    "records_kept": storage.records,
                    "kept_as": kept_as,
                    "events": len(case.events),
                }
                self._anchors.record_repair(case.id, pending)
                faults.checkpoint("repair.pending")
            storage.cut_torn_tail(pending.get("kept_as"))
            faults.checkpoint("repair.cut")
        if pending is None:
            return
        details = {key: pending.get(key) for key in ("bytes_cut", "records_kept", "kept_as")}
        if len(case.events) == pending.get("events"):
            self.append(case.id, JOURNAL_REPAIRED, details, SYSTEM_ACTOR)
            faults.checkpoint("repair.recorded")
        self._anchors.clear_repair(case.id)
        self.repairs.append(
            (
                case.id,
                TornTail(
                    int(details["bytes_cut"] or 0),
                    int(details["records_kept"] or 0),
                    details["kept_as"],
                ),
            )
        )

    def _next_index_id(self) -> int:
        return max((int(key) for key in self._index.documents()), default=0) + 1

    def _index_entry(
        self,
        case_id: str,
        opened_at: str,
        drill: bool,
        facts: dict[str, Any],
        *,
        imported: bool = False,
    ) -> None:
        entry = {"case": case_id, "opened_at": opened_at, "drill": drill, "facts": facts}
        if imported:
            entry["imported"] = True
        self._index.append(self._next_index_id(), entry)

    def _reconcile_index(self, *, closed_too: bool = False) -> None:
        """A crash between creating a case file and indexing it leaves the file unlisted:
        list it again from its own `case.opened` event. `closed_too` (the index lost a
        torn tail): also list again each closed case the index no longer says is closed."""
        docs = self._index.documents().values()
        listed = {doc["case"] for doc in docs if "opened_at" in doc}
        closed = {doc["case"] for doc in docs if "closed_at" in doc}
        for path in sorted(self._cases_dir().glob("*.db")):
            if path.stem in listed:
                if closed_too and path.stem not in closed:
                    self._reconcile_closed(path.stem)
                continue
            case = self._case(path.stem)
            if case.events and case.events[0].kind == CASE_OPENED:
                first = case.events[0]
                self._index_entry(
                    case.id,
                    first.at,
                    first.drill,
                    first.data.get("facts", {}),
                    imported=case.imported,
                )

    def _reconcile_closed(self, case_id: str) -> None:
        case = self._case(case_id)
        last = next((e for e in reversed(case.events) if e.kind == CASE_CLOSED), None)
        if last is not None:
            self._index.append(self._next_index_id(), {"case": case_id, "closed_at": last.at})

    def _anchor_changed_cases(self) -> None:
        """Anchor what a case file holds beyond its anchor when the file changed since
        the index last saw it (an older version that keeps no anchors wrote to it, or a
        crash): more than the one unacknowledged event unanchored is recorded as
        `journal.reanchored`, so re-anchoring is never silent. A case shorter than its
        anchor is left damaged (`_CaseFile.problem`), never re-anchored."""
        assert self._anchors is not None
        for path in sorted(self._cases_dir().glob("*.db")):
            try:
                size = path.stat().st_size
            except OSError:
                continue
            heads = self._anchors.get(path.stem)
            recorded = self._recorded.cases.get(path.stem)
            if (
                self._recorded.sizes.get(path.stem) == size
                and anchoring.stronger(heads, recorded) == heads
            ):
                continue
            case = self._case(path.stem)
            if case.problem is not None or not case.events or case.imported:
                continue
            best = anchoring.stronger(heads, recorded)
            anchored = best.events if best is not None else 0
            seq, head = case.head
            if seq > anchored + 1 and not self._fresh_anchors:
                self.append(
                    case.id,
                    JOURNAL_REANCHORED,
                    {"anchored": anchored, "events": seq},
                    SYSTEM_ACTOR,
                )
            elif seq > (heads.events if heads is not None else 0):
                self._anchor(case.id, seq, head)

    def _record_anchoring(self) -> None:
        """Tell the index how far every case is anchored (see `anchoring.py`)."""
        if self.read_only or self._anchors is None:
            return
        sizes = {}
        for path in self._cases_dir().glob("*.db"):
            with contextlib.suppress(OSError):
                sizes[path.stem] = path.stat().st_size
        index_storage = self._index_db.storage
        assert isinstance(index_storage, EncryptedStorage)
        self._recorded = anchoring.record(
            index_storage, self._recorded, self._anchors.storage, self._anchors.all(), sizes
        )

    def open_cases(self, case_ids: Iterable[str]) -> None:
        """Open (and, if a crash left one torn, repair) these cases now."""
        for case_id in case_ids:
            self._case(case_id)


__all__ = [
    "AppendOnlyTable",
    "CaseInfo",
    "FileCheck",
    "Journal",
    "StoreDamaged",
    "VerifyReport",
]
