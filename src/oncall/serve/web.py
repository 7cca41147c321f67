"""Browser seats: textual-serve runs one seat (`oncall --home <store>`) per browser
connection, behind a one-time pairing code.

`oncall serve --web` calls `check_web_options` before it unlocks anything, makes a
`Pairing` that prints each new code on its console, and `start_web` on its own running
loop (an aiohttp `AppRunner`, so the Unix-socket app and this one share the loop).

The rules: off localhost only with TLS (the school's certificate and key); no route of
textual-serve (the page, the websocket that drives the seat, its static files, its
downloads) answers a browser that has not paired; a pairing code works once.

textual-serve's own names used here that it does not document (check them when it is
upgraded; every one is exercised by tests/serve/test_web.py): `Server._make_app`,
`Server._process_messages`, `AppService._build_environment`, `AppService._process`."""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import secrets
import ssl
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import hdrs, web
from cryptography import x509
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int
from yarl import URL

from oncall.journal import OncallError
from oncall.process import PASSPHRASE_ENV

COOKIE = "oncall_seat"
"""The cookie a paired browser carries: a random token the server remembers."""

PAIR_PATH = "/pair"
CODE_DIGITS = 6
WRONG_TRIES = 5
"""Wrong codes in a row after which the code is replaced (and the new one announced)."""

QUIT_GRACE = 5.0
"""Seconds a seat process has to quit when its browser leaves, before it is killed."""

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
LOOPBACK_NAMES = frozenset({"localhost", "localhost."})

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "oncall 浏览器席位：配对",
        "explain": "这个浏览器还没有配对。请向守着 oncall 服务器的同事要配对码"
        "（显示在服务器的屏幕上），输入后按“配对”。每个配对码只能用一次。",
        "label": "配对码（6 位数字）",
        "submit": "配对",
        "wrong": "配对码不对。请核对服务器屏幕上现在显示的配对码（连续输错几次后会换新码）。",
        "malformed": "配对码是 6 位数字，例如 123 456。",
        "connecting": "正在连接…",
        "start": "开始",
        "ended": "这个席位已结束。",
        "restart": "重新打开",
    },
    "en": {
        "title": "oncall browser seat: pairing",
        "explain": "This browser is not paired yet. Ask the colleague at the oncall server "
        "for the pairing code (it is shown on the server's screen), type it and press Pair. "
        "Each code works once.",
        "label": "Pairing code (6 digits)",
        "submit": "Pair",
        "wrong": "Wrong code. Check the code the server shows now "
        "(after several wrong tries in a row it shows a new one).",
        "malformed": "The pairing code is 6 digits, e.g. 123 456.",
        "connecting": "Connecting…",
        "start": "Start",
        "ended": "This seat has ended.",
        "restart": "Open again",
    },
}


@dataclass(frozen=True)
class WebOptions:
    """Where browser seats are served: `--web [HOST:]PORT`, `--cert`, `--key`."""

    host: str
    port: int
    cert: Path | None = None
    key: Path | None = None


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_web_options(options: WebOptions) -> None:
    """Refuse, with a message in both languages, what would serve seats unsafely or not
    at all: off localhost without TLS, half a certificate pair, files that cannot be read
    or do not make a pair, an expired certificate, a port out of range."""
    if not 0 <= options.port <= 65535:
        raise OncallError(
            f"--web: port {options.port} is not a port number (1-65535)",
            zh=f"--web：{options.port} 不是端口号（1-65535）",
        )
    if (options.cert is None) != (options.key is None):
        raise OncallError(
            "--cert and --key go together: give the certificate and its private key",
            zh="--cert 和 --key 要一起给：证书和它的私钥",
        )
    if options.cert is None and not is_loopback(options.host):
        raise OncallError(
            f"--web {options.host}: browser seats off this machine need TLS, so that the "
            "passphrase and the case never cross the network in clear; give the school's "
            "certificate and key with --cert FILE --key FILE, or serve on 127.0.0.1 only",
            zh=f"--web {options.host}：让其他电脑上的浏览器接入必须用 TLS 加密，"
            "口令和案件才不会明文经过网络；请用 --cert 文件 --key 文件 给出学校的证书和私钥，"
            "或者只在本机（127.0.0.1）提供",
        )
    tls_context(options)


def tls_context(options: WebOptions) -> ssl.SSLContext | None:
    """The server's TLS context from the certificate and key, or None without them."""
    if options.cert is None or options.key is None:
        return None
    for what, zh_what, path in (
        ("certificate", "证书", options.cert),
        ("key", "私钥", options.key),
    ):
        try:
            path.read_bytes()
        except OSError as error:
            raise OncallError(
                f"cannot read the {what} {path}: {error.strerror or error}",
                zh=f"无法读取{zh_what} {path}：{error.strerror or error}",
            ) from None
    asked_password = False

    def no_password() -> bytes:
        nonlocal asked_password
        asked_password = True  # never let OpenSSL prompt on the server's console
        return b""

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(options.cert, options.key, password=no_password)
    except (ssl.SSLError, ValueError) as error:
        if asked_password:
            raise OncallError(
                f"the key {options.key} is protected by a password; give the key without "
                "one (and keep the file readable by this user only)",
                zh=f"私钥 {options.key} 有密码保护；请给出不带密码的私钥（文件只让本用户可读）",
            ) from None
        raise OncallError(
            f"{options.cert} and {options.key} are not a certificate and its private key "
            f"in PEM ({error})",
            zh=f"{options.cert} 和 {options.key} 不是一对 PEM 格式的证书和私钥（{error}）",
        ) from None
    expires = x509.load_pem_x509_certificate(options.cert.read_bytes()).not_valid_after_utc
    if expires < datetime.now(UTC):
        raise OncallError(
            f"the certificate {options.cert} expired on {expires:%Y-%m-%d}; "
            "browsers will refuse it",
            zh=f"证书 {options.cert} 已于 {expires:%Y-%m-%d} 过期，浏览器会拒绝它",
        )
    return context


class Pairing:
    """One-time pairing codes for new browser seats.

    `announce(code)` is called with each new code, the first one included (the server
    prints it on its console). A code works once; after it is redeemed a fresh one is
    made and announced. `WRONG_TRIES` wrong codes in a row make a fresh code too; the
    web gate also answers wrong codes one at a time, each after `pause_after_wrong`
    seconds, so guessing is slow however many connections try."""

    def __init__(
        self,
        announce: Callable[[str], None],
        *,
        pause_after_wrong: float = 1.0,
    ) -> None:
        self._announce = announce
        self.pause_after_wrong = pause_after_wrong
        self._digits = ""
        self._wrong = 0
        self._renew()

    def _renew(self) -> None:
        self._digits = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        self._wrong = 0
        self._announce(self.code)

    @property
    def code(self) -> str:
        """The code to read aloud and type, in two groups of three: "482 091"."""
        return f"{self._digits[:3]} {self._digits[3:]}"

    def redeem(self, typed: str) -> bool:
        """Whether `typed` is the current code; a right one is used up (a fresh code is
        made). Spaces, dashes and full-width digits from an input method are fine;
        anything that is not six digits is no try at all."""
        digits = typed_digits(typed)
        if len(digits) != CODE_DIGITS:
            return False
        if hmac.compare_digest(digits, self._digits):
            self._renew()
            return True
        self._wrong += 1
        if self._wrong >= WRONG_TRIES:
            self._renew()
        return False


def typed_digits(typed: str) -> str:
    """The ASCII digits of what was typed ("４８２-０９１" → "482091"), or "" when it has
    anything but digits, spaces and dashes."""
    text = unicodedata.normalize("NFKC", typed)
    kept = "".join(ch for ch in text if ch not in " -\t")
    return kept if kept.isascii() and kept.isdigit() else ""


class SeatProcess(AppService):
    """textual-serve's app process, which says when it is over, and is waited for when it
    stops: told to quit, then killed after `QUIT_GRACE` seconds if it has not, so no seat
    outlives its browser."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.over = asyncio.Event()
        """Set when the seat is over: it ended (quit, crashed, never started), or the
        server is stopping."""

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        """The server's environment for the seat, less the passphrase: a browser seat
        unlocks with what its own user types, never with what the server was given."""
        environment = super()._build_environment(width=width, height=height)
        environment.pop(PASSPHRASE_ENV, None)
        return environment

    async def run(self) -> None:
        try:
            await super().run()
        except asyncio.CancelledError:
            # textual-serve cancels its stderr reader, then awaits it: when the seat ended
            # before that reader ever ran, its CancelledError comes out here. Only a
            # cancel of this task itself goes on.
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise
        finally:
            self.over.set()

    async def stop(self) -> None:
        process = self._process  # textual-serve keeps it private; read only
        quitting = asyncio.create_task(super().stop())  # asks the seat to quit
        if process is not None:
            try:
                await asyncio.wait_for(asyncio.shield(process.wait()), QUIT_GRACE)
            except TimeoutError:
                process.kill()
                await process.wait()
        await quitting


class SeatServer(Server):
    """textual-serve's server with the seat's words, no Internet font, URLs taken from
    the request (the name the browser used, http or https) and no banner on the
    server's console."""

    def __init__(self, seat_command: str, lang: str) -> None:
        # exec: the seat is the shell's process itself, so killing it kills the seat
        super().__init__(f"exec {seat_command}", title="oncall", templates_path=TEMPLATES)
        self.lang = lang
        self._seats: set[SeatProcess] = set()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser seat: textual-serve's handler, with a seat process that is sure to
        end (`SeatProcess`), remembered so stopping the server ends it, and the websocket
        closed here only, never while another task reads it."""
        browser = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await browser.prepare(request)

        async def seat_quit() -> None:  # the seat said it exits
            seat.over.set()

        seat = SeatProcess(
            self.command,
            write_bytes=browser.send_bytes,
            write_str=browser.send_str,
            close=seat_quit,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self._seats.add(seat)
        try:
            await seat.start(width, height)
            # until the browser leaves or the seat ends; then the page is told (it says
            # the seat has ended and offers to open it again)
            keys = asyncio.create_task(self._process_messages(browser, seat))
            over = asyncio.create_task(seat.over.wait())
            try:
                await asyncio.wait((keys, over), return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in (keys, over):
                    task.cancel()
                for outcome in await asyncio.gather(keys, over, return_exceptions=True):
                    if isinstance(outcome, Exception):
                        log.error("browser seat failed", exc_info=outcome)
        except Exception:
            log.exception("browser seat failed")
        finally:
            self._seats.discard(seat)
            try:
                await seat.stop()
            finally:
                await browser.close()
        return browser

    async def on_shutdown(self, app: web.Application) -> None:
        """End every seat now (each seat process is told to quit, each browser's page that
        its seat has ended), rather than after the runner's shutdown timeout."""
        for seat in self._seats:
            seat.over.set()

    async def on_startup(self, app: web.Application) -> None:
        """Say nothing: the server's console is `oncall serve`'s."""

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        origin = request.url.origin()
        websocket = origin.with_scheme("wss" if request.secure else "ws")
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": str(websocket.with_path("/ws")),
            "config": {"static": {"url": str(origin.with_path("/static/"))}},
            "application": {"name": self.title},
            "html_lang": html_lang(self.lang),
            "words": WORDS[self.lang],
        }


def html_lang(lang: str) -> str:
    return "zh-CN" if lang == "zh" else "en"


class PairingGate:
    """The pairing page and the check every other route passes through."""

    def __init__(self, pairing: Pairing, *, lang: str, tls: bool, loopback: bool) -> None:
        self.pairing = pairing
        self.lang = lang
        self.tls = tls
        self.loopback = loopback
        self.tokens: set[str] = set()
        self._one_at_a_time = asyncio.Lock()

    def paired(self, request: web.Request) -> bool:
        token = request.cookies.get(COOKIE, "")
        return any(hmac.compare_digest(token, known) for known in self.tokens)

    @web.middleware
    async def middleware(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        if self.loopback and not is_loopback(request.url.host or ""):
            # a page elsewhere whose name was made to point here (DNS rebinding)
            raise web.HTTPMisdirectedRequest(text="this server answers to localhost only\n")
        if request.path == PAIR_PATH:
            response = await handler(request)
        elif not self.paired(request):
            upgrade = request.headers.get(hdrs.UPGRADE, "").lower() == "websocket"
            if request.method in ("GET", "HEAD") and not upgrade:
                raise web.HTTPSeeOther(PAIR_PATH)
            raise web.HTTPForbidden(text="not paired\n")
        elif not self.same_origin(request):
            raise web.HTTPForbidden(text="another site's page may not drive a seat\n")
        else:
            response = await handler(request)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @staticmethod
    def same_origin(request: web.Request) -> bool:
        origin = request.headers.get(hdrs.ORIGIN)
        if origin is None:
            return True  # not sent by a browser for a same-origin GET of a page
        try:
            return bool(URL(origin).origin() == request.url.origin())
        except ValueError:
            return False

    async def show(self, request: web.Request) -> web.StreamResponse:
        if self.paired(request):
            raise web.HTTPSeeOther("/")
        return self._render(request)

    def _render(self, request: web.Request, problem: str = "", status: int = 200) -> web.Response:
        response = aiohttp_jinja2.render_template(
            "pair.html",
            request,
            {
                "html_lang": html_lang(self.lang),
                "words": WORDS[self.lang],
                "problem": WORDS[self.lang][problem] if problem else "",
            },
            status=status,
        )
        response.headers[hdrs.CACHE_CONTROL] = "no-store"
        return response

    async def redeem(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        typed = form.get("code")
        typed = typed if isinstance(typed, str) else ""
        if len(typed_digits(typed)) != CODE_DIGITS:
            return self._render(request, "malformed", status=400)
        async with self._one_at_a_time:
            if not self.pairing.redeem(typed):
                await asyncio.sleep(self.pairing.pause_after_wrong)
                return self._render(request, "wrong", status=403)
        token = secrets.token_urlsafe(32)
        self.tokens.add(token)
        paired = web.HTTPSeeOther("/")
        paired.set_cookie(
            COOKIE, token, path="/", httponly=True, samesite="Strict", secure=self.tls
        )
        raise paired


async def start_web(
    options: WebOptions, *, seat_command: str, pairing: Pairing, lang: str
) -> web.AppRunner:
    """Serve browser seats on `options.host:options.port` (TLS with cert and key) on the
    running loop, behind the pairing gate; each browser connection runs `seat_command`
    (a shell command line: quote it, e.g. `shlex.join`) as a textual-serve app. Returns
    the started runner; the caller cleans it up."""
    check_web_options(options)
    context = tls_context(options)
    lang = lang if lang in WORDS else "zh"
    server = SeatServer(seat_command, lang)
    gate = PairingGate(
        pairing, lang=lang, tls=context is not None, loopback=is_loopback(options.host)
    )
    app = await server._make_app()
    app.middlewares.append(gate.middleware)
    app.router.add_get(PAIR_PATH, gate.show)
    app.router.add_post(PAIR_PATH, gate.redeem)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=5)
    await runner.setup()
    try:
        site = web.TCPSite(runner, options.host, options.port, ssl_context=context)
        await site.start()
    except OSError as error:
        await runner.cleanup()
        raise OncallError(
            f"--web {options.host}:{options.port}: cannot listen there ({error.strerror})",
            zh=f"--web {options.host}:{options.port}：无法在此监听（{error.strerror}）",
        ) from None
    return runner
