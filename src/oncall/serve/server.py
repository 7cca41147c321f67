"""`oncall serve`: the store's one writer, and the seats it serves.

Every append goes through `Journal.append` on this process's event loop, one at a
time, fsync'd and anchored before the seat that asked is answered: the order is the
order of arrival, each event once, the chain as a single process writes it. After
each one every seat of the same kind (real or drill) is told, over its WebSocket, so
it reads the new event from the file and redraws."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import operator
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from aiohttp import WSMsgType, web

from oncall.journal import Journal, OncallError
from oncall.journal.event import Event
from oncall.serve import protocol

CHALLENGE_LIFE = 60.0
"""Seconds a challenge may be answered in; each is answered once."""
REFUSED_PAUSE = 0.5
"""A wrong proof is answered after this pause (guessing costs time)."""


@dataclass
class Seat:
    """A seat that proved the store's key: who is at it, real or drill, which case is
    on its screen, and its live feed (while connected)."""

    token: str
    operator: str
    drill: bool
    case: str | None = None
    feeds: list[web.WebSocketResponse] = field(default_factory=list)


Announce = Callable[[str, str], None]
"""How the server tells its own console what happens: (zh, en)."""


class StoreServer:
    def __init__(self, journal: Journal, *, announce: Announce | None = None) -> None:
        self.journal = journal
        self.announce: Announce = announce or (lambda zh, en: None)
        self.seats: dict[str, Seat] = {}
        self._challenges: dict[str, float] = {}
        self._runner: web.AppRunner | None = None

    # --- lifecycle ----------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.add_routes(
            [
                web.get("/ping", self.ping),
                web.post("/hello", self.hello),
                web.post("/join", self.join),
                web.post("/append", self.append),
                web.post("/new_case", self.new_case),
                web.post("/operator", self.operator_named),
                web.post("/viewing", self.viewing),
                web.get("/follow", self.follow),
            ]
        )
        app.on_shutdown.append(self._close_feeds)
        return app

    async def start(self) -> web.AppRunner:
        """Listen on the store's socket, open to this user alone. A socket left by a
        server that was killed is ours to remove: we hold the store's lock."""
        path = protocol.socket_path(self.journal.home)
        if len(str(path)) > protocol.SOCKET_MAX:
            raise OncallError(
                f"the store's folder path is too long for a socket ({path}); move the "
                "store to a shorter path",
                zh=f"记录库文件夹的路径太长，放不下套接字（{path}）；请把记录库移到较短的路径",
            )
        path.unlink(missing_ok=True)
        runner = web.AppRunner(self.app(), handle_signals=False, access_log=None)
        await runner.setup()
        old_mask = os.umask(0o177)
        try:
            await web.UnixSite(runner, str(path)).start()
        finally:
            os.umask(old_mask)
        os.chmod(path, 0o600)
        self._runner = runner
        return runner

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        protocol.socket_path(self.journal.home).unlink(missing_ok=True)

    async def _close_feeds(self, _app: web.Application) -> None:
        for seat in list(self.seats.values()):
            for feed in list(seat.feeds):
                with contextlib.suppress(Exception):
                    await feed.close()

    # --- joining ------------------------------------------------------------------------
    async def ping(self, _request: web.Request) -> web.Response:
        return web.json_response({"oncall": "serve"})

    async def hello(self, _request: web.Request) -> web.Response:
        now = time.monotonic()
        self._challenges = {c: t for c, t in self._challenges.items() if now - t < CHALLENGE_LIFE}
        challenge = protocol.new_challenge()
        self._challenges[challenge] = now
        return web.json_response({"challenge": challenge})

    async def join(self, request: web.Request) -> web.Response:
        body = await _body(request)
        challenge = str(body.get("challenge", ""))
        name = str(body.get("operator", "")).strip()
        drill = bool(body.get("drill", False))
        issued = self._challenges.pop(challenge, None)
        expected = self.journal.keyring.seat_proof(protocol.join_payload(challenge, name, drill))
        fresh = issued is not None and time.monotonic() - issued < CHALLENGE_LIFE
        if not (fresh and name and hmac.compare_digest(expected, str(body.get("proof")))):
            await asyncio.sleep(REFUSED_PAUSE)
            self.announce("一个席位被拒绝（口令证明不对）", "a seat was refused (wrong proof)")
            return web.json_response({"refused": True}, status=403)
        token = secrets.token_hex(32)
        self.seats[token] = Seat(token, name, drill)
        nonce = str(body.get("nonce", ""))
        proof = self.journal.keyring.seat_proof(protocol.server_payload(nonce))
        if drill:
            self.announce(f"{name} 接入（演练席位）", f"{name} joined (a drill seat)")
        else:
            self.announce(f"{name} 接入", f"{name} joined")
        return web.json_response({"token": token, "proof": proof})

    def _seat(self, request: web.Request) -> Seat:
        header = request.headers.get(protocol.TOKEN_HEADER, "")
        token = header.removeprefix("Bearer ").strip()
        seat = self.seats.get(token) if token else None
        if seat is None:
            raise web.HTTPUnauthorized(text='{"unknown": true}', content_type="application/json")
        return seat

    # --- recording ----------------------------------------------------------------------
    async def append(self, request: web.Request) -> web.Response:
        seat = self._seat(request)
        body = await _body(request)
        case_id = str(body.get("case", ""))
        kind = str(body.get("kind", ""))
        data = body.get("data") or {}
        if not isinstance(data, dict):
            return _refused("an event's data is an object", "记录的内容格式不对")
        try:
            refusal = self._other_mode(seat, case_id)
            if refusal is not None:
                return refusal
            seen = int(body.get("seen", 0))
            repeated = protocol.same_step(kind, data, self.journal.events_after(case_id, seen))
            if repeated is not None:
                return web.json_response({"repeats": repeated.to_document()}, status=409)
            at = body.get("at")
            event = self.journal.append(
                case_id,
                kind,
                data,
                str(body.get("actor") or seat.operator),
                at=datetime.fromisoformat(at) if at else None,
            )
        except OncallError as exc:
            return _refused(exc.message, exc.zh or "")
        except ValueError as exc:
            return _refused(str(exc), "")
        await self._push(event)
        return web.json_response({"event": event.to_document()})

    def _other_mode(self, seat: Seat, case_id: str) -> web.Response | None:
        """A drill seat never touches a real case, nor a real seat a drill's."""
        if self.journal.is_drill(case_id) == seat.drill:
            return None
        return _refused(
            f"no case {case_id!r} in this store", f"库里没有案件 {case_id!r}", status=404
        )

    async def new_case(self, request: web.Request) -> web.Response:
        seat = self._seat(request)
        body = await _body(request)
        facts = body.get("facts") or {}
        playbook = body.get("playbook")
        at = body.get("at")
        try:
            case_id = self.journal.new_case(
                actor=str(body.get("actor") or seat.operator),
                drill=seat.drill,
                playbook=_playbook_reference(playbook),
                at=datetime.fromisoformat(at) if at else None,
                **(facts if isinstance(facts, dict) else {}),
            )
        except OncallError as exc:
            return _refused(exc.message, exc.zh or "")
        except (ValueError, KeyError, TypeError) as exc:
            return _refused(str(exc), "")
        await self._push(self.journal.events_after(case_id, 0)[0])
        return web.json_response({"case": case_id})

    async def operator_named(self, request: web.Request) -> web.Response:
        seat = self._seat(request)
        name = str((await _body(request)).get("name", "")).strip()
        if name and name != seat.operator:
            self.announce(f"{seat.operator} 换成 {name}", f"{seat.operator} is now {name}")
            seat.operator = name
            await self._tell_seats()
        self.journal.remember_operator(name)
        return web.json_response({})

    async def viewing(self, request: web.Request) -> web.Response:
        seat = self._seat(request)
        case = (await _body(request)).get("case")
        seat.case = str(case) if case else None
        await self._tell_seats()
        return web.json_response({})

    # --- the live feed --------------------------------------------------------------------
    async def follow(self, request: web.Request) -> web.WebSocketResponse:
        seat = self._seat(request)
        feed = web.WebSocketResponse(heartbeat=5.0)
        await feed.prepare(request)
        seat.feeds.append(feed)
        await self._tell_seats()
        try:
            async for message in feed:
                if message.type in (WSMsgType.ERROR, WSMsgType.CLOSE):
                    break
        finally:
            seat.feeds.remove(feed)
            if not seat.feeds:
                self.seats.pop(seat.token, None)
                self.announce(f"{seat.operator} 离开", f"{seat.operator} left")
            await self._tell_seats()
        return feed

    async def _push(self, event: Event) -> None:
        note = {
            "type": "event",
            "case": event.case,
            "seq": event.seq,
            "kind": event.kind,
            "actor": event.actor,
        }
        await self._send(note, lambda seat: seat.drill == event.drill)

    async def _tell_seats(self) -> None:
        for seat in list(self.seats.values()):
            others = [
                {"name": other.operator, "case": other.case, "you": other is seat}
                for other in self.seats.values()
                if other.drill == seat.drill and other.feeds
            ]
            await self._send(
                {"type": "seats", "seats": others}, functools.partial(operator.is_, seat)
            )

    async def _send(self, message: dict[str, Any], to: Callable[[Seat], bool]) -> None:
        for seat in list(self.seats.values()):
            if not to(seat):
                continue
            for feed in list(seat.feeds):
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await feed.send_json(message)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="not JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="not an object")
    return body


def _playbook_reference(given: Any) -> Any:
    """The playbook a new case runs under, as `Journal.new_case` reads it."""
    if not isinstance(given, dict):
        return None
    return SimpleNamespace(id=given["id"], version=given["version"], content_hash=given["hash"])


def _refused(en: str, zh: str, *, status: int = 422) -> web.Response:
    return web.json_response({"en": en, "zh": zh}, status=status)
