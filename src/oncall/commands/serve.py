"""`oncall serve`: unlock the store once and be its only writer, for several seats."""

from __future__ import annotations

import asyncio
import signal
from datetime import datetime
from typing import TYPE_CHECKING

import click

from oncall.commands.common import get_passphrase, handle_errors, say, settings
from oncall.journal import Journal
from oncall.journal.probe import probe_store

if TYPE_CHECKING:
    from oncall.serve.server import StoreServer


@click.command()
@click.pass_context
@handle_errors
def serve(ctx: click.Context) -> None:
    """让多位老师同时处理一个案件：本进程独自写入，其他 `oncall` 作为席位接入 /
    Let several staff work one case at once: this process alone writes the store, and
    every `oncall` started on it attaches as a seat."""
    from oncall.serve.server import StoreServer

    conf = settings(ctx)
    show = probe_store(conf.home)  # no store, or another writer: say so before asking
    if show is not None:
        say(show.text("zh"), show.text("en"))
    journal = Journal.open(conf.home, get_passphrase(conf))
    server = StoreServer(journal, announce=_announce)
    try:
        asyncio.run(_serve(server))
    finally:
        journal.close()
    say("服务已停止；记录库已关闭", "stopped; the store is closed")


def _announce(zh: str, en: str) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    say(f"{stamp}  {zh}", f"{stamp}  {en}")


async def _serve(server: StoreServer) -> None:
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
    try:
        await stop.wait()
    finally:
        await server.stop()
