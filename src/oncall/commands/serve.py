"""`oncall serve`: unlock the store once and be its only writer, for several seats
(terminal seats on this machine; browser seats with `--web`)."""

from __future__ import annotations

import asyncio
import shlex
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from oncall.commands.common import EXIT_USAGE, Settings, get_passphrase, handle_errors, lang, say
from oncall.commands.common import settings as settings_of
from oncall.journal import Journal, OncallError
from oncall.journal.probe import probe_store

if TYPE_CHECKING:
    from aiohttp.web import AppRunner

    from oncall.serve.server import StoreServer
    from oncall.serve.web import WebOptions

DEFAULT_WEB_HOST = "127.0.0.1"


class BadWebAddress(OncallError):
    exit_code = EXIT_USAGE


@click.command()
@click.option(
    "--web",
    "web_address",
    metavar="[HOST:]PORT",
    help="也为浏览器席位提供服务（默认只在本机 127.0.0.1）/ "
    "Also serve browser seats there (127.0.0.1 unless a HOST is given).",
)
@click.option(
    "--cert",
    type=click.Path(path_type=Path, dir_okay=False),
    help="学校的 TLS 证书（PEM），离开本机必须 / The school's TLS certificate (PEM); "
    "required off localhost.",
)
@click.option(
    "--key",
    type=click.Path(path_type=Path, dir_okay=False),
    help="证书的私钥（PEM，无口令）/ The certificate's private key (PEM, no password).",
)
@click.pass_context
@handle_errors
def serve(ctx: click.Context, web_address: str | None, cert: Path | None, key: Path | None) -> None:
    """让多位老师同时处理一个案件：本进程独自写入，其他 `oncall` 作为席位接入 /
    Let several staff work one case at once: this process alone writes the store, and
    every `oncall` started on it attaches as a seat."""
    from oncall.serve.server import StoreServer

    conf = settings_of(ctx)
    web = None
    if web_address is not None:  # refused before anything is unlocked
        from oncall.serve.web import check_web_options

        web = _web_options(web_address, cert, key)
        check_web_options(web)
    elif cert is not None or key is not None:
        raise BadWebAddress(
            "--cert and --key are for browser seats: give --web [HOST:]PORT too",
            zh="--cert 和 --key 用于浏览器席位：请同时给出 --web [主机:]端口",
        )
    show = probe_store(conf.home)  # no store, or another writer: say so before asking
    if show is not None:
        say(show.text("zh"), show.text("en"))
    journal = Journal.open(conf.home, get_passphrase(conf))
    server = StoreServer(journal, announce=_announce)
    try:
        asyncio.run(_serve(server, conf, web))
    finally:
        journal.close()
    say("服务已停止；记录库已关闭", "stopped; the store is closed")


def _web_options(address: str, cert: Path | None, key: Path | None) -> WebOptions:
    """`--web 8443`, `--web 0.0.0.0:8443`, `--web [::1]:8443`."""
    from oncall.serve.web import WebOptions

    host, _, port = address.rpartition(":")
    host = host.strip("[]") or DEFAULT_WEB_HOST
    if not port.isdigit():
        raise BadWebAddress(
            f"--web {address}: give [HOST:]PORT, e.g. 8443 or 0.0.0.0:8443",
            zh=f"--web {address}：请写成 [主机:]端口，例如 8443 或 0.0.0.0:8443",
        )
    return WebOptions(host, int(port), cert, key)


def _announce(zh: str, en: str) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    say(f"{stamp}  {zh}", f"{stamp}  {en}")


def _seat_command(conf: Settings) -> str:
    """What textual-serve runs for each browser: this oncall on this store, which
    joins the server as a seat and asks for its own name and passphrase."""
    command = [sys.executable, "-c", "from oncall.cli import main; main()"]
    command += ["--home", str(conf.home), "--lang", lang()]
    if conf.playbook is not None:
        command += ["--playbook", str(conf.playbook)]
    return shlex.join(command)


async def _serve(server: StoreServer, conf: Settings, web: WebOptions | None) -> None:
    from oncall.serve import protocol

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await server.start()
    home = server.journal.home
    say(
        f"正在为 {home} 服务（套接字 {protocol.socket_path(home)}）。\n"
        f"其他老师在本机运行 `oncall --home {home}` 即作为席位接入；按 Ctrl+C 停止。",
        f"serving {home} (socket {protocol.socket_path(home)}).\n"
        f"Others join as seats with `oncall --home {home}` on this machine; Ctrl+C stops.",
    )
    browsers = None
    try:
        if web is not None:
            browsers = await _serve_browsers(web, conf)
        await stop.wait()
    finally:
        if browsers is not None:
            await browsers.cleanup()
        await server.stop()


async def _serve_browsers(web: WebOptions, conf: Settings) -> AppRunner:
    """textual-serve behind a pairing code: the address first, then each code as it
    is made (a code is used once; the next one is shown when it has been)."""
    from oncall.serve.web import Pairing, start_web

    listening = False
    first: list[str] = []

    def announce(code: str) -> None:
        if not listening:
            first.append(code)
            return
        _announce(f"浏览器席位的配对码：{code}", f"pairing code for a browser seat: {code}")

    pairing = Pairing(announce)
    runner = await start_web(web, seat_command=_seat_command(conf), pairing=pairing, lang=lang())
    scheme = "https" if web.cert is not None else "http"
    host = f"[{web.host}]" if ":" in web.host else web.host
    say(
        f"浏览器席位：{scheme}://{host}:{web.port}/ （每个浏览器第一次要输入配对码）",
        f"browser seats: {scheme}://{host}:{web.port}/ (each browser types a pairing code once)",
    )
    listening = True
    announce(pairing.code)
    return runner
