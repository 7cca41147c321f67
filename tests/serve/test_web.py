"""Browser seats over real HTTP on 127.0.0.1 (an ephemeral port): the pairing gate in
front of every textual-serve route, the one-time codes, the cookie, TLS, and a real seat
process driven through the websocket."""

from __future__ import annotations

import asyncio
import json
import shlex
import ssl
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import aiohttp
import pytest
from yarl import URL

from oncall.journal import OncallError
from oncall.serve import web
from oncall.serve.web import (
    COOKIE,
    WRONG_TRIES,
    Pairing,
    WebOptions,
    check_web_options,
    start_web,
)

from .certs import self_signed

SEAT_APP = Path(__file__).with_name("seat_app.py")
SEAT_COMMAND = shlex.join([sys.executable, str(SEAT_APP)])


@dataclass
class Served:
    url: str
    pairing: Pairing
    announced: list[str] = field(default_factory=list)
    ssl: ssl.SSLContext | bool = True

    def session(self) -> aiohttp.ClientSession:
        # unsafe: keep cookies set by an IP address (127.0.0.1), as a browser does
        return aiohttp.ClientSession(
            self.url,
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            connector=aiohttp.TCPConnector(ssl=self.ssl),
        )


async def serve(
    tmp_path: Path, *, lang: str = "en", tls: bool = False, seat_command: str = SEAT_COMMAND
) -> tuple[Served, aiohttp.web.AppRunner]:
    announced: list[str] = []
    pairing = Pairing(announced.append, pause_after_wrong=0.0)
    cert = key = None
    client_ssl: ssl.SSLContext | bool = True
    if tls:
        cert, key = self_signed(tmp_path)
        client_ssl = ssl.create_default_context(cafile=str(cert))
    runner = await start_web(
        WebOptions("127.0.0.1", 0, cert, key),
        seat_command=seat_command,
        pairing=pairing,
        lang=lang,
    )
    port = runner.addresses[0][1]
    scheme = "https" if tls else "http"
    return Served(f"{scheme}://127.0.0.1:{port}", pairing, announced, client_ssl), runner


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    served, runner = await serve(tmp_path)
    yield served
    await runner.cleanup()


async def pair(session: aiohttp.ClientSession, code: str) -> aiohttp.ClientResponse:
    async with session.post("/pair", data={"code": code}, allow_redirects=False) as response:
        await response.read()
        return response


def set_cookie(response: aiohttp.ClientResponse) -> SimpleCookie:
    cookie: SimpleCookie = SimpleCookie()
    cookie.load(response.headers["Set-Cookie"])
    return cookie


async def test_every_route_sends_an_unpaired_browser_to_the_pairing_page(served: Served) -> None:
    async with served.session() as session:
        for path in ("/", "/?fontsize=20", "/static/js/textual.js", "/static/", "/download/x"):
            async with session.get(path, allow_redirects=False) as response:
                assert response.status == 303, path
                assert response.headers["Location"] == "/pair"
        async with session.post("/", allow_redirects=False) as response:
            assert response.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect("/ws")
        assert refused.value.status == 403
        async with session.get("/") as response:  # a browser follows the redirect
            page = await response.text()
        assert "Pairing code" in page
        assert 'name="code"' in page
        assert response.headers["Cache-Control"] == "no-store"


async def test_the_pairing_page_speaks_the_seat_language(tmp_path: Path) -> None:
    served, runner = await serve(tmp_path, lang="zh")
    try:
        async with served.session() as session, session.get("/pair") as response:
            page = await response.text()
        assert '<html lang="zh-CN">' in page
        assert "配对码" in page
        assert "Pairing code" not in page
    finally:
        await runner.cleanup()


async def test_a_wrong_code_is_refused_with_the_page_again(served: Served) -> None:
    right = served.pairing.code.replace(" ", "")
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    async with served.session() as session:
        async with session.post("/pair", data={"code": wrong}, allow_redirects=False) as answer:
            page = await answer.text()
        assert answer.status == 403
        assert "Set-Cookie" not in answer.headers
        assert "Wrong code" in page
        async with session.post("/pair", data={"code": "12ab"}, allow_redirects=False) as answer:
            assert answer.status == 400
            assert "6 digits" in await answer.text()
        async with session.get("/", allow_redirects=False) as response:
            assert response.status == 303
    assert served.pairing.code.replace(" ", "") == right  # one wrong try keeps the code


async def test_a_right_code_pairs_once_and_a_fresh_code_is_announced(served: Served) -> None:
    code = served.pairing.code
    assert served.announced == [code]
    async with served.session() as first:
        answer = await pair(first, code)
        assert answer.status == 303
        assert answer.headers["Location"] == "/"
        cookie = set_cookie(answer)[COOKIE]
        assert len(cookie.value) >= 32
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Strict"
        assert not cookie["secure"]  # plain http on localhost: a Secure cookie would not come back
        assert cookie["path"] == "/"
        async with first.get("/", allow_redirects=False) as response:
            page = await response.text()
        assert response.status == 200
        assert f'data-session-websocket-url="ws://127.0.0.1:{response.url.port}/ws"' in page
        assert "googleapis" not in page  # nothing fetched from the Internet
        assert response.headers["X-Frame-Options"] == "DENY"
        async with first.get("/static/js/textual.js") as response:
            assert response.status == 200
        async with first.get("/pair", allow_redirects=False) as response:
            assert response.status == 303  # already paired
    assert len(served.announced) == 2
    assert served.announced[-1] == served.pairing.code != code
    async with served.session() as second:
        answer = await pair(second, code)
        assert answer.status == 403
        async with second.get("/", allow_redirects=False) as response:
            assert response.status == 303


async def test_a_made_up_cookie_is_not_a_pairing(served: Served) -> None:
    async with served.session() as session:
        session.cookie_jar.update_cookies({COOKIE: "made-up"}, response_url=URL(served.url))
        async with session.get("/", allow_redirects=False) as response:
            assert response.status == 303


async def test_wrong_tries_in_a_row_replace_the_code(served: Served) -> None:
    code = served.pairing.code.replace(" ", "")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    async with served.session() as session:
        for _ in range(WRONG_TRIES):
            assert (await pair(session, wrong)).status == 403
        assert len(served.announced) == 2
        assert (await pair(session, code)).status == 403  # the old code is gone
        assert (await pair(session, served.announced[-1])).status == 303


async def test_wrong_codes_are_answered_one_at_a_time_after_a_pause(tmp_path: Path) -> None:
    served, runner = await serve(tmp_path)
    served.pairing.pause_after_wrong = 0.2
    wrong = f"{(int(served.pairing.code.replace(' ', '')) + 1) % 1_000_000:06d}"
    try:
        async with served.session() as session:
            loop = asyncio.get_running_loop()
            began = loop.time()
            answers = await asyncio.gather(*(pair(session, wrong) for _ in range(3)))
            took = loop.time() - began
        assert [answer.status for answer in answers] == [403, 403, 403]
        assert took >= 3 * 0.2  # not in parallel: guessing cannot be sped up
    finally:
        await runner.cleanup()


async def test_a_paired_browser_drives_a_real_seat_through_the_websocket(served: Served) -> None:
    async with served.session() as session:
        await pair(session, served.pairing.code)
        async with session.ws_connect("/ws?width=60&height=10") as seat:
            seen = await screen_until(seat, "Seat ready")
            assert "席位就绪" in seen
            await seat.send_str(json.dumps(["stdin", "abc"]))
            await screen_until(seat, "typed: abc")


async def test_another_site_cannot_drive_a_seat(served: Served) -> None:
    async with served.session() as session:
        await pair(session, served.pairing.code)
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect("/ws", origin="http://evil.example")
        assert refused.value.status == 403


async def test_a_loopback_server_answers_to_loopback_names_only(served: Served) -> None:
    async with served.session() as session:
        async with session.get(
            "/pair", headers={"Host": "rebound.example"}, allow_redirects=False
        ) as response:
            assert response.status == 421
        async with session.get(
            "/pair", headers={"Host": "localhost"}, allow_redirects=False
        ) as response:
            assert response.status == 200


async def screen_until(seat: aiohttp.ClientWebSocketResponse, text: str) -> str:
    """What the seat drew, read from the websocket until `text` shows (10 s at most)."""
    seen = ""
    async with asyncio.timeout(10):
        while text not in seen:
            message = await seat.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data.decode("utf-8", "replace")
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"the seat closed before showing {text!r}: {seen!r}")
    return seen


async def test_tls_serves_https_and_the_cookie_is_secure(tmp_path: Path) -> None:
    served, runner = await serve(tmp_path, tls=True)
    try:
        assert served.url.startswith("https://")
        async with served.session() as session:
            async with session.get("/pair") as response:
                assert response.status == 200
            answer = await pair(session, served.pairing.code)
            assert answer.status == 303
            assert set_cookie(answer)[COOKIE]["secure"] is True
            async with session.get("/", allow_redirects=False) as response:
                page = await response.text()
            assert response.status == 200
            assert f'data-session-websocket-url="wss://127.0.0.1:{response.url.port}/ws"' in page
    finally:
        await runner.cleanup()


def test_pairing_codes_are_six_digits_read_in_two_groups() -> None:
    announced: list[str] = []
    pairing = Pairing(announced.append)
    assert announced == [pairing.code]
    first, second = pairing.code.split(" ")
    assert len(first) == len(second) == 3
    assert (first + second).isdigit()


def test_a_code_typed_with_dashes_or_full_width_digits_counts() -> None:
    pairing = Pairing(lambda code: None)
    digits = pairing.code.replace(" ", "")
    full_width = "".join(chr(ord(d) - ord("0") + ord("０")) for d in digits)
    assert pairing.redeem(f"{full_width[:3]}－{full_width[3:]}")
    assert pairing.redeem(f" {pairing.code.replace(' ', '-')} ")
    assert pairing.redeem(pairing.code.replace(" ", ""))


def test_what_is_not_six_digits_is_no_try() -> None:
    pairing = Pairing(lambda code: None)
    code = pairing.code
    for _ in range(WRONG_TRIES * 2):
        assert not pairing.redeem("12345")
        assert not pairing.redeem("abcdef")
    assert pairing.code == code


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.1.1"])
def test_loopback_without_tls_is_accepted(host: str) -> None:
    check_web_options(WebOptions(host, 8080))


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "oncall.school.example"])
def test_off_localhost_without_tls_is_refused(host: str) -> None:
    with pytest.raises(OncallError) as refused:
        check_web_options(WebOptions(host, 8443))
    assert "TLS" in refused.value.message
    assert refused.value.zh is not None and "--cert" in refused.value.zh


def test_off_localhost_with_a_good_pair_is_accepted(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    check_web_options(WebOptions("0.0.0.0", 8443, cert, key))


def test_half_a_pair_is_refused(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    for options in (WebOptions("0.0.0.0", 8443, cert=cert), WebOptions("127.0.0.1", 1, key=key)):
        with pytest.raises(OncallError, match="go together"):
            check_web_options(options)


def test_a_bad_certificate_is_refused(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    _, other_key = self_signed(tmp_path, name="other")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    for bad, match in (
        (WebOptions("0.0.0.0", 8443, cert, other_key), "not a certificate and its private key"),
        (WebOptions("0.0.0.0", 8443, garbage, key), "not a certificate and its private key"),
        (WebOptions("0.0.0.0", 8443, cert, tmp_path / "missing.key"), "cannot read the key"),
    ):
        with pytest.raises(OncallError, match=match) as refused:
            check_web_options(bad)
        assert refused.value.zh


def test_an_expired_certificate_is_refused(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path, days=-1)
    with pytest.raises(OncallError, match="expired"):
        check_web_options(WebOptions("0.0.0.0", 8443, cert, key))


def test_a_key_with_a_password_is_refused_without_a_prompt(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path, password=b"secret")
    with pytest.raises(OncallError, match="protected by a password"):
        check_web_options(WebOptions("0.0.0.0", 8443, cert, key))


@pytest.mark.parametrize("port", [-1, 65536])
def test_a_port_out_of_range_is_refused(port: int) -> None:
    with pytest.raises(OncallError, match="not a port number"):
        check_web_options(WebOptions("127.0.0.1", port))


async def test_a_port_in_use_is_a_message(served: Served) -> None:
    port = int(served.url.rsplit(":", 1)[1])
    with pytest.raises(OncallError, match="cannot listen"):
        await start_web(
            WebOptions("127.0.0.1", port),
            seat_command=SEAT_COMMAND,
            pairing=Pairing(lambda code: None),
            lang="en",
        )


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


async def seat_process(
    session: aiohttp.ClientSession, pid_file: Path
) -> tuple[aiohttp.ClientWebSocketResponse, int]:
    seat = await session.ws_connect("/ws")
    await screen_until(seat, "Seat ready")
    pid = int(pid_file.read_text())
    assert running(pid)
    return seat, pid


async def written(path: Path) -> str:
    """What a seat process wrote to `path` (5 s at most)."""
    for _ in range(100):
        if path.exists() and (text := path.read_text()):
            return text
        await asyncio.sleep(0.05)
    raise AssertionError(f"the seat never wrote {path.name}")


async def gone(pid: int) -> bool:
    for _ in range(100):
        if not running(pid):
            return True
        await asyncio.sleep(0.05)
    return False


async def test_closing_the_browser_ends_its_seat(tmp_path: Path) -> None:
    pid_file = tmp_path / "seat.pid"
    served, runner = await serve(tmp_path, seat_command=f"{SEAT_COMMAND} {pid_file}")
    try:
        async with served.session() as session:
            await pair(session, served.pairing.code)
            seat, pid = await seat_process(session, pid_file)
            await seat.close()
            assert await gone(pid)
    finally:
        await runner.cleanup()


async def test_stopping_the_server_ends_every_seat(tmp_path: Path) -> None:
    pid_file = tmp_path / "seat.pid"
    served, runner = await serve(tmp_path, seat_command=f"{SEAT_COMMAND} {pid_file}")
    async with served.session() as session:
        await pair(session, served.pairing.code)
        seat, pid = await seat_process(session, pid_file)
        reading = asyncio.create_task(seat.receive())  # a browser answers the close
        await runner.cleanup()
        assert (await reading).type == aiohttp.WSMsgType.CLOSE
        assert await gone(pid)


def stuck_seat(out: Path, what: str) -> str:
    """A seat command that writes the Python expression `what` to `out`, then neither
    draws nor quits."""
    code = f"import os, sys, time; open(sys.argv[1], 'w').write(str({what})); time.sleep(60)"
    return shlex.join([sys.executable, "-c", code, str(out)])


async def test_a_seat_that_does_not_quit_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "QUIT_GRACE", 0.3)
    pid_file = tmp_path / "stuck.pid"
    served, runner = await serve(tmp_path, seat_command=stuck_seat(pid_file, "os.getpid()"))
    try:
        async with served.session() as session:
            await pair(session, served.pairing.code)
            async with session.ws_connect("/ws"):
                pid = int(await written(pid_file))
                assert running(pid)
            assert await gone(pid)
    finally:
        await runner.cleanup()


async def test_a_seat_that_cannot_start_closes_the_browser_page(tmp_path: Path) -> None:
    served, runner = await serve(tmp_path, seat_command=shlex.join(["false"]))
    try:
        async with served.session() as session:
            await pair(session, served.pairing.code)
            async with session.ws_connect("/ws") as seat, asyncio.timeout(10):
                assert (await seat.receive()).type == aiohttp.WSMsgType.CLOSE
    finally:
        await runner.cleanup()


async def test_a_browser_seat_never_inherits_the_servers_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONCALL_PASSPHRASE", "what the server was given")
    monkeypatch.setattr(web, "QUIT_GRACE", 0.3)
    seen_file = tmp_path / "seen"
    looks = stuck_seat(seen_file, "os.environ.get('ONCALL_PASSPHRASE', '(none)')")
    served, runner = await serve(tmp_path, seat_command=looks)
    try:
        async with served.session() as session:
            await pair(session, served.pairing.code)
            async with session.ws_connect("/ws"):
                assert await written(seen_file) == "(none)"
    finally:
        await runner.cleanup()
