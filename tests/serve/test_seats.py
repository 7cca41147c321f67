"""Several seats on one store through `oncall serve`: what each records reaches the one
file in one order, a step two seats do at once is recorded once, and a seat that
cannot prove the passphrase is refused without learning anything."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from oncall.describe import Describer
from oncall.journal import Journal
from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook
from oncall.serve import protocol
from oncall.serve.seat import SeatJournal, SeatRefused, ServerGone
from oncall.session import CaseSession, SessionError

from .conftest import PASSPHRASE, TEACHERS, TEST_KDF_N, Server

PLAYBOOK = load_playbook(default_playbook_path())


def test_what_one_seat_records_the_others_read(seats: list[SeatJournal], home: Path) -> None:
    first, second, _ = seats
    opened = CaseSession.open_new(first, PLAYBOOK, TEACHERS[0], student="陈同学（虚构）")
    opened.note("陪同在心理辅导室")
    other = CaseSession(second, opened.case_id, PLAYBOOK, TEACHERS[1])
    other.note("已联系家长")
    kinds = [(e.actor, e.kind) for e in first.events(opened.case_id)]
    assert kinds == [
        (TEACHERS[0], "case.opened"),
        (TEACHERS[0], "note"),
        (TEACHERS[1], "note"),
    ]
    assert [e.id for e in second.events(opened.case_id)] == [
        e.id for e in first.events(opened.case_id)
    ]


def test_a_step_two_seats_do_at_once_is_recorded_once(seats: list[SeatJournal]) -> None:
    first, second, _ = seats
    words = Describer(PLAYBOOK, "zh"), Describer(PLAYBOOK, "en")
    second.describe = lambda event: (words[0](event), words[1](event))
    opened = CaseSession.open_new(first, PLAYBOOK, TEACHERS[0])
    other = CaseSession(second, opened.case_id, PLAYBOOK, TEACHERS[1])
    step = PLAYBOOK.steps()[1].id
    first.mark_seen(opened.case_id)
    second.mark_seen(opened.case_id)  # both screens show the step not done
    opened.done(step)
    with pytest.raises(SessionError) as refused:
        other.done(step)
    assert TEACHERS[0] in refused.value.text("en")
    assert "already recorded" in refused.value.text("en")
    assert f"「完成：{PLAYBOOK.step(step).title.get('zh')}」" in refused.value.text("zh")
    done = [e for e in first.events(opened.case_id) if e.data.get("step") == step]
    assert [e.actor for e in done] == [TEACHERS[0]]
    other.done(step)  # told, and asked again on purpose: a second one is recorded
    done = [e for e in second.events(opened.case_id) if e.data.get("step") == step]
    assert [e.actor for e in done] == [TEACHERS[0], TEACHERS[1]]


def test_a_seat_without_the_key_is_refused_and_learns_nothing(
    server: Server, tmp_path: Path
) -> None:
    other_home = tmp_path / "another-store"
    Journal.create(other_home, "quiet harbour under violet rain", kdf_n=TEST_KDF_N).close()
    stranger = SeatJournal.open(other_home, "quiet harbour under violet rain", read_only=True)
    assert isinstance(stranger, SeatJournal)
    stranger.socket = protocol.socket_path(server.home)  # knocks on the served store
    with pytest.raises(SeatRefused):
        stranger.join("冒充者", False)
    stranger.close()
    # What the server answered: a refusal, nothing of the store.
    answer = _raw(server.home, "/hello", {})
    challenge = answer["challenge"]
    refused = _raw(
        server.home,
        "/join",
        {"challenge": challenge, "operator": "x", "drill": False, "proof": "0" * 64},
    )
    assert refused == {"refused": True}
    unknown = _raw(server.home, "/append", {"case": "x", "kind": "note", "data": {}})
    assert unknown == {"unknown": True}


def test_the_wrong_passphrase_fails_at_the_seat(server: Server) -> None:
    with pytest.raises(Exception, match="wrong passphrase"):
        SeatJournal.attach(server.home, "not the passphrase at all", operator=TEACHERS[0])


def test_a_seat_whose_server_is_gone_records_nothing_and_says_so(
    seats: list[SeatJournal], server: Server
) -> None:
    first = seats[0]
    opened = CaseSession.open_new(first, PLAYBOOK, TEACHERS[0])
    server.kill()
    with pytest.raises(ServerGone) as gone:
        opened.note("这条没有记上")
    assert "not recorded" in gone.value.text("en")
    server.start()
    opened.note("服务恢复后记上")  # the restarted server knows no one: joined again
    texts = [e.data.get("text") for e in first.events(opened.case_id)]
    assert texts == [None, "服务恢复后记上"]


def test_serve_says_where_and_stops_cleanly(server: Server, home: Path) -> None:
    path = protocol.socket_path(home)
    assert path.stat().st_mode & 0o777 == 0o600
    out = server.stop()
    assert "serving" in out and "stopped" in out
    assert not path.exists()
    with Journal.open(home, PASSPHRASE) as journal:
        assert journal.verify().ok


def _raw(home: Path, route: str, body: dict[str, object]) -> dict[str, object]:
    """One request as any process of this user could send it."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(str(protocol.socket_path(home)))
        payload = json.dumps(body).encode()
        sock.sendall(
            f"POST {route} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
            + payload
        )
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    return json.loads(raw.split(b"\r\n\r\n", 1)[1])
