"""A seat: the store read from its files, as any watcher reads it, and every record
made through the server (`oncall serve`), which alone writes.

`SeatJournal` is a `Journal` to the rest of the app: the case screen, the board and
`CaseSession` use it as they use the writer's. It unlocks the store with the
passphrase typed at the seat (held nowhere but the key it unlocks, in memory, as in
any `oncall`) and proves that to the server over a one-time challenge: the passphrase
never leaves the seat. `follow` is its live feed: the server says what was recorded,
the seat reads it from the file and redraws."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import secrets
import socket
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from oncall.journal import CaseInfo, Journal, OncallError, WriteRefused
from oncall.journal.event import Event, utc_now
from oncall.serve import protocol
from oncall.session import SessionError

CALL_TIMEOUT = 15.0
"""Seconds a seat waits for the server to answer one call."""
PING_TIMEOUT = 1.0


class ServerGone(SessionError):
    """The server did not answer: nothing was recorded by this call."""

    def __init__(self) -> None:
        super().__init__(
            "not recorded: the server (oncall serve) is not answering. This seat "
            "reconnects by itself when it is back; then record it again.",
            "没有记录：服务（oncall serve）没有应答。它恢复后本席位会自动重连，届时请再记一次。",
        )


class SeatRefused(OncallError):
    """The server did not accept this seat (the proof of the passphrase, or a server
    that could not prove it holds the store)."""

    exit_code = 3


class _UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path: Path, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = str(path)

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def _call(
    path: Path,
    route: str,
    body: dict[str, Any] | None = None,
    *,
    token: str = "",
    timeout: float = CALL_TIMEOUT,
) -> tuple[int, dict[str, Any]]:
    """One request over the socket: the status and the JSON answer. A server that is
    not there (no socket, refused, cut off mid-answer) raises `ServerGone`."""
    connection = _UnixHTTP(path, timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers[protocol.TOKEN_HEADER] = protocol.bearer(token)
    try:
        payload = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        connection.request("GET" if body is None else "POST", route, payload, headers)
        response = connection.getresponse()
        raw = response.read()
    except (OSError, http.client.HTTPException):
        raise ServerGone() from None
    finally:
        connection.close()
    try:
        answer = json.loads(raw) if raw else {}
    except ValueError:
        answer = {}
    return response.status, answer if isinstance(answer, dict) else {}


def serving(home: Path) -> bool:
    """Whether an `oncall serve` answers on this store's socket."""
    path = protocol.socket_path(home)
    if not path.exists():
        return False
    try:
        status, answer = _call(path, "/ping", timeout=PING_TIMEOUT)
    except ServerGone:
        return False
    return status == 200 and answer.get("oncall") == "serve"


class SeatJournal(Journal):
    """The store as a seat has it: read from the files, written through the server."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.socket = protocol.socket_path(self.home)
        self.operator = ""
        self.drill = False
        self.token = ""
        self._seen: dict[str, int] = {}
        self._mine: dict[str, int] = {}
        """Each case's latest event recorded from this seat."""
        self.describe: Callable[[Event], tuple[str, str]] | None = None
        """An event in words (zh, en), when the app has a playbook to word it with: a
        refused repeat then says what the other seat recorded."""

    @classmethod
    def attach(
        cls,
        home: Path,
        passphrase: str,
        *,
        operator: str,
        drill: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> SeatJournal:
        """Unlock the store here and join its server as `operator` (a wrong passphrase
        fails here, before the server is asked anything)."""
        journal = cls.open(home, passphrase, read_only=True, clock=clock or utc_now)
        assert isinstance(journal, SeatJournal)
        try:
            journal.join(operator, drill)
        except BaseException:
            journal.close()
            raise
        return journal

    def join(self, operator: str, drill: bool) -> None:
        """Prove to the server that this seat unlocked the store, and have it prove the
        same back; a fresh token each time (after the server came back, too)."""
        status, answer = _call(self.socket, "/hello", {})
        challenge = str(answer.get("challenge", ""))
        nonce = secrets.token_hex(protocol.CHALLENGE_BYTES)
        proof = self.keyring.seat_proof(protocol.join_payload(challenge, operator, drill))
        status, answer = _call(
            self.socket,
            "/join",
            {
                "challenge": challenge,
                "operator": operator,
                "drill": drill,
                "nonce": nonce,
                "proof": proof,
            },
        )
        if status != 200:
            raise SeatRefused(
                "the server refused this seat: the passphrase does not open this store",
                zh="服务拒绝了本席位：口令打不开这个记录库",
            )
        expected = self.keyring.seat_proof(protocol.server_payload(nonce))
        if answer.get("proof") != expected:
            raise SeatRefused(
                "what answers on the store's socket could not prove it holds this store; "
                "nothing was sent to it",
                zh="记录库套接字上的服务无法证明它持有这个记录库；没有向它发送任何内容",
            )
        self.token = str(answer["token"])
        self.operator = operator
        self.drill = drill

    def rejoin(self) -> None:
        self.join(self.operator, self.drill)

    def _ask(self, route: str, body: dict[str, Any], *, rejoin: bool = True) -> dict[str, Any]:
        """A call that records: a server that has forgotten this seat (it was
        restarted) is joined again once, then asked again."""
        status, answer = _call(self.socket, route, body, token=self.token)
        if status == 401 and rejoin:
            self.rejoin()
            status, answer = _call(self.socket, route, body, token=self.token)
        if status == 409:
            repeated = Event.from_document(answer["repeats"])
            self._seen[repeated.case] = repeated.seq  # the refusal has shown it
            raise _repeats(repeated, self.describe)
        if status != 200:
            raise SessionError(
                str(answer.get("en") or f"the server refused ({status})"),
                str(answer.get("zh") or ""),
            )
        return answer

    # --- the store as this seat may see it: real cases, or drills ---------------------------
    def cases(self) -> list[CaseInfo]:
        """A real seat never lists a drill case, nor a drill seat a real one."""
        return [info for info in super().cases() if info.drill == self.drill]

    def events(self, case_id: str) -> list[Event]:
        if self.is_drill(case_id) != self.drill:
            raise OncallError(f"no case {case_id!r} in this store", zh=f"库里没有案件 {case_id!r}")
        return super().events(case_id)

    # --- the store, written through the server ------------------------------------------
    def mark_seen(self, case_id: str, count: int | None = None) -> None:
        """The screen now shows the case's first `count` events (all it has read): what
        a record made from it is judged against (`protocol.same_step`)."""
        self._seen[case_id] = self.event_count(case_id) if count is None else count

    def append(
        self,
        case_id: str,
        kind: str,
        data: dict[str, Any] | None,
        actor: str,
        at: datetime | None = None,
    ) -> Event:
        seen = self._seen.get(case_id)
        if seen is None:
            seen = self.event_count(case_id)
        body = {
            "case": case_id,
            "kind": kind,
            "data": dict(data or {}),
            "actor": actor,
            "at": at.isoformat() if at is not None else None,
            "seen": seen,
        }
        try:
            event = Event.from_document(self._ask("/append", body)["event"])
        except ServerGone:
            landed = self._landed(case_id, seen, body)
            if landed is None:
                raise
            event = landed
        self.events(case_id)  # read it (and whatever came before it) from the file
        self._seen[case_id] = event.seq
        self._mine[case_id] = event.seq
        return event

    def _landed(self, case_id: str, seen: int, body: dict[str, Any]) -> Event | None:
        """This record, if it is in the file although the server never answered: it was
        killed between making it durable and saying so. Then it is recorded, and saying
        "not recorded" would have it recorded twice."""
        data = json.loads(json.dumps(body["data"], ensure_ascii=False))
        for event in self.events_after(case_id, seen):
            if (event.kind, event.actor, event.data) == (body["kind"], body["actor"], data):
                return event
        return None

    def recorded_here(self, case_id: str, seq: object) -> bool:
        """Whether the case's event `seq` was recorded from this seat (the server's word
        of it needs no redraw: the seat drew it when it was answered)."""
        return self._mine.get(case_id) == seq

    def new_case(
        self,
        *,
        actor: str,
        drill: bool = False,
        playbook: Any = None,
        at: datetime | None = None,
        **facts: Any,
    ) -> str:
        if drill != self.drill:
            raise WriteRefused(*_other_mode(self.drill))
        reference = None
        if playbook is not None:
            reference = {
                "id": playbook.id,
                "version": playbook.version,
                "hash": playbook.content_hash,
            }
        answer = self._ask(
            "/new_case",
            {
                "actor": actor,
                "playbook": reference,
                "at": at.isoformat() if at is not None else None,
                "facts": facts,
            },
        )
        return str(answer["case"])

    def remember_operator(self, name: str) -> None:
        with contextlib.suppress(SessionError):
            self._ask("/operator", {"name": name})
        if name.strip():
            self.operator = name.strip()

    def viewing(self, case_id: str | None) -> None:
        """Tell the other seats which case is on this one's screen (a seat the server
        has let go, leaving, is not joined again for it)."""
        with contextlib.suppress(SessionError):
            self._ask("/viewing", {"case": case_id}, rejoin=False)

    def _check_writable(self) -> None:
        raise WriteRefused(
            "a seat records cases only; do this where `oncall serve` runs, after stopping it",
            zh="席位只能记录案件；这项操作请在运行 `oncall serve` 的地方、停止服务后进行",
        )


def _other_mode(drill: bool) -> tuple[str, str]:
    """Why a seat does not open a case of the other kind (real or drill)."""
    if drill:
        return (
            "this is a drill seat: real cases are recorded at a seat started with `oncall`",
            "这是演练席位：真实案件请在用 `oncall` 接入的席位上记录",
        )
    return (
        "this seat works real cases: a drill runs at a seat of its own "
        "(`oncall drill SCENARIO` on this store)",
        "本席位处理真实案件：演练请另开演练席位（在本记录库上运行 `oncall drill 场景`）",
    )


def _repeats(
    done: Event, describe: Callable[[Event], tuple[str, str]] | None = None
) -> SessionError:
    """The refusal of a record another seat has just made, saying what it was."""
    when = done.at_time.astimezone().strftime("%H:%M")
    zh, en = describe(done) if describe is not None else ("这一项", "this")
    return SessionError(
        f"{done.actor} already recorded {en} at {when} (your screen had not shown it "
        "yet): nothing was recorded twice. If yours is a different one, record it again.",
        f"{done.actor} 已在 {when} 记录了「{zh}」（你的屏幕当时还没显示）：没有重复记录。"
        "如果你的是另一件，请再记一次。",
    )


Message = dict[str, Any]


async def follow(
    journal: SeatJournal,
    on_message: Callable[[Message], None],
    on_link: Callable[[bool], None],
    *,
    retry: float = 0.5,
) -> None:
    """The seat's live feed, for as long as the seat runs: each message from the server
    to `on_message`; `on_link(False)` when the server is gone and `on_link(True)` when
    this seat is back with it (joined again: a restarted server knows no one)."""
    import aiohttp

    linked = True
    while True:
        try:
            connector = aiohttp.UnixConnector(path=str(journal.socket))
            async with (
                aiohttp.ClientSession(connector=connector) as session,
                session.ws_connect(
                    "http://localhost/follow",
                    headers={protocol.TOKEN_HEADER: protocol.bearer(journal.token)},
                    heartbeat=5.0,
                ) as feed,
            ):
                if not linked:
                    linked = True
                    on_link(True)
                async for message in feed:
                    if message.type == aiohttp.WSMsgType.TEXT:
                        with contextlib.suppress(ValueError):
                            on_message(json.loads(message.data))
                    elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                        break
        except (aiohttp.ClientError, OSError):
            pass
        if linked:
            linked = False
            on_link(False)
        await asyncio.sleep(retry)
        with contextlib.suppress(ServerGone, SeatRefused):
            await asyncio.to_thread(journal.rejoin)
