"""What the server and its seats agree on: where the socket is, how a seat proves it
unlocked the store, and when a record would repeat what another seat just did.

The wire is plain HTTP and a WebSocket (aiohttp), JSON bodies, over a Unix socket that
only the store's owner can open (0600 in a 0700 folder). No passphrase or key crosses
it: a seat answers a one-time challenge with `Keyring.seat_proof`, which only a holder
of the store's key can make."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from oncall.journal.event import Event
from oncall.vocabulary import kinds

SOCKET_NAME = "oncall.sock"
SOCKET_MAX = 100
"""A Unix socket's path must fit in 108 bytes (less on some systems)."""
TOKEN_HEADER = "Authorization"
CHALLENGE_BYTES = 32

FREE_KINDS = frozenset({kinds.NOTE, kinds.ACTOR_CHANGED})
"""Kinds two people may well record at once without one repeating the other."""


def socket_path(home: Path) -> Path:
    return Path(home) / SOCKET_NAME


def new_challenge() -> str:
    return secrets.token_hex(CHALLENGE_BYTES)


def join_payload(challenge: str, operator: str, drill: bool) -> bytes:
    """What a seat's proof covers: the server's one-time challenge and what the seat
    asks to be (so a proof cannot be replayed for another name or mode)."""
    return json.dumps(["seat", challenge, operator, drill], ensure_ascii=False).encode()


def server_payload(nonce: str) -> bytes:
    """What the server's proof covers: the seat's own nonce (a seat knows it reached
    the store's real server, not something else listening on the path)."""
    return json.dumps(["server", nonce]).encode()


def bearer(token: str) -> str:
    return f"Bearer {token}"


def same_step(kind: str, data: dict[str, Any], unseen: Iterable[Event]) -> Event | None:
    """The event a seat had not seen when it recorded `kind` that this record would
    repeat: the same step (a step's record) or the same kind of entry, recorded in the
    meantime. The actor is not compared: a seat's own records are marked seen as it
    makes them (`SeatJournal.mark_seen`), so what it has not seen was recorded at
    another seat. None when it repeats nothing. Notes and changes of who is at the
    keyboard never repeat one another."""
    if kind in FREE_KINDS:
        return None
    step = data.get("step")
    for event in unseen:
        if event.kind == kind and event.data.get("step") == step:
            return event
    return None
