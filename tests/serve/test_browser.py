"""A browser seat in a real browser: Chromium, driven by Playwright, pairs with the code
and works a seat (a tiny Textual app) drawn by textual-serve's xterm.js.

Skipped unless Playwright is installed and a Chromium can be launched: Debian's
(`apt-get install chromium`, found on PATH) or Playwright's own; one named in
$ONCALL_CHROMIUM must launch (the test fails, not skips, when it does not).
With $ONCALL_BROWSER_SHOTS set to a folder, the screenshots are kept there."""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from oncall.journal import Journal
from oncall.serve.web import COOKIE, Pairing, WebOptions, start_web

from .conftest import PASSPHRASE, Server, oncall_command

playwright = pytest.importorskip("playwright.async_api")
if TYPE_CHECKING:
    from playwright.async_api import Browser, Page, WebSocket

SEAT_COMMAND = shlex.join([sys.executable, str(Path(__file__).with_name("seat_app.py"))])


def chromium_path() -> str | None:
    """Debian's Chromium (Playwright's own download is not needed), else None."""
    named = os.environ.get("ONCALL_CHROMIUM")
    if named:
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with playwright.async_playwright() as driver:
        try:
            launched = await driver.chromium.launch(
                executable_path=chromium_path(), args=["--no-sandbox"]
            )
        except playwright.Error as error:
            if os.environ.get("ONCALL_CHROMIUM"):
                raise  # the one named must work
            pytest.skip(f"no Chromium to drive: {error.message.splitlines()[0]}")
        yield launched
        await launched.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = os.environ.get("ONCALL_BROWSER_SHOTS")
    path = Path(folder) if folder else tmp_path / "shots"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Frames:
    """What the seat sent the page over its websocket, as text."""

    def __init__(self) -> None:
        self.text = ""

    def watch(self, websocket: WebSocket) -> None:
        websocket.on("framereceived", self.received)

    def received(self, payload: str | bytes) -> None:
        self.text += payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload


async def test_a_browser_pairs_and_works_a_seat(
    browser: Browser, shots: Path, tmp_path: Path
) -> None:
    announced: list[str] = []
    pairing = Pairing(announced.append, pause_after_wrong=0.0)
    runner = await start_web(
        WebOptions("127.0.0.1", 0), seat_command=SEAT_COMMAND, pairing=pairing, lang="zh"
    )
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/"
    try:
        page = await browser.new_page(viewport={"width": 900, "height": 420})
        frames = Frames()
        page.on("websocket", frames.watch)

        await page.goto(url)
        assert page.url.endswith("/pair")
        await playwright.expect(page.locator("h1")).to_contain_text("配对")
        await page.screenshot(path=shots / "1-pairing.png")

        right = pairing.code
        wrong = f"{(int(right.replace(' ', '')) + 1) % 1_000_000:06d}"
        await page.fill("#code", wrong)
        await page.press("#code", "Enter")
        await playwright.expect(page.locator("#problem")).to_contain_text("配对码不对")
        await page.screenshot(path=shots / "2-wrong-code.png")

        await page.fill("#code", right)
        await page.press("#code", "Enter")
        await page.wait_for_url(url)
        # textual.js marks the body when the seat's first bytes arrive
        await playwright.expect(page.locator("body")).to_contain_class(
            "-first-byte", timeout=15_000
        )
        await wait_for_text(page, frames, "Seat ready")
        ready = await page.screenshot(path=shots / "3-seat.png")

        await page.click("#terminal")  # as a person would, to give the terminal the keys
        await page.keyboard.type("abc")
        await wait_for_text(page, frames, "typed: abc")
        await page.wait_for_timeout(300)  # the frame is drawn on the next animation frame
        typed = await page.screenshot(path=shots / "4-seat-typed.png")
        assert typed != ready  # the keys changed what the page shows

        (cookie,) = [c for c in await page.context.cookies() if c["name"] == COOKIE]
        assert cookie["httpOnly"] is True
        assert cookie["sameSite"] == "Strict"
        assert announced[-1] == pairing.code != right

        other = await browser.new_page()
        await other.goto(url)
        assert other.url.endswith("/pair")  # a new browser needs a code of its own
        await other.fill("#code", right)
        await other.press("#code", "Enter")
        await playwright.expect(other.locator("#problem")).to_contain_text("配对码不对")
    finally:
        await runner.cleanup()


async def test_a_browser_seat_records_through_oncall_serve(
    browser: Browser, shots: Path, server: Server
) -> None:
    """The real thing: a real `oncall serve` holds the store; the browser's seat is a
    real `oncall`, which unlocks with what is typed in the page, joins as a seat, and
    records through the server under the name typed there."""
    pairing = Pairing(lambda code: None, pause_after_wrong=0.0)
    runner = await start_web(
        WebOptions("127.0.0.1", 0),
        seat_command=shlex.join(oncall_command(server.home, "--lang", "en")),
        pairing=pairing,
        lang="en",
    )
    name = "Zhao (fictional)"
    try:
        page = await browser.new_page(viewport={"width": 1000, "height": 560})
        frames = Frames()
        page.on("websocket", frames.watch)
        await page.goto(f"http://127.0.0.1:{runner.addresses[0][1]}/")
        await page.fill("#code", pairing.code)
        await page.press("#code", "Enter")
        await wait_for_text(page, frames, "Passphrase")
        await page.screenshot(path=shots / "5-oncall-seat-unlock.png")
        await page.click("#terminal")
        await page.keyboard.type(name)
        await page.keyboard.press("Enter")
        await page.keyboard.type(PASSPHRASE)
        await page.keyboard.press("Enter")
        await wait_for_text(page, frames, "No cases yet")  # unlocked and joined: the board
        await page.screenshot(path=shots / "6-oncall-seat-board.png")
        await page.keyboard.press("!")  # a new case, straight into immediate danger
        opened = await recorded_by(server.home, name)
        assert opened[:2] == ["case.opened", "danger.declared"]
        await page.wait_for_timeout(500)
        await page.screenshot(path=shots / "7-oncall-seat-case.png")
    finally:
        await runner.cleanup()


async def recorded_by(home: Path, actor: str) -> list[str]:
    """The kinds of the events `actor` recorded, read back from the encrypted files once
    there are any (15 s at most)."""
    for _ in range(150):
        journal = Journal.open(home, PASSPHRASE, read_only=True)
        try:
            kinds = [
                event.kind
                for case in journal.cases()
                for event in journal.events(case.id)
                if event.actor == actor
            ]
        finally:
            journal.close()
        if len(kinds) >= 2:
            return kinds
        await asyncio.sleep(0.1)
    raise AssertionError(f"nothing recorded by {actor}")


async def wait_for_text(page: Page, frames: Frames, text: str) -> None:
    for _ in range(150):
        if text in frames.text:
            return
        await page.wait_for_timeout(100)
    raise AssertionError(f"the seat never showed {text!r}; it sent {frames.text[-500:]!r}")
