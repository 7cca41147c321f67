"""Time to a drawn frame, for oncall and for a bare Textual app measured the same way in
the same run (the peer every `oncall bench tui` figure is printed beside).

- Launch: a new Python process, from just before it is started to the first frame drawn
  after its first screen has focus (oncall: `oncall --home HOME` to the unlock screen,
  through the command line like a user's launch).
- Opening a form: from a key event's own timestamp to the frame drawn once the modal
  screen it opens is current (oncall: `;`, the note form; the bare app: a modal with a
  label, an input and a button).

Both run headless (Textual's test driver, 80x24): no terminal's drawing time is counted
for either.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from oncall.bench.processes import installed_env

LAUNCH_PROBE = """
import sys, time
started = float(sys.argv[1])
import asyncio

async def first_frame(app, ready):
    async with app.run_test(size=(80, 24)) as pilot:
        while not ready(app):
            await pilot.pause(0.002)
        drawn = asyncio.get_running_loop().create_future()
        app.screen.call_after_refresh(lambda: drawn.set_result(time.time()))
        print(await drawn - started, flush=True)

if sys.argv[2] == "bare":
    from oncall.bench.frames import BareApp
    asyncio.run(first_frame(BareApp(), lambda app: app.screen.focused is not None))
else:
    # The whole `oncall --home HOME` path (options, the store check, the playbook),
    # with the app run headless instead of in the terminal.
    from textual.app import App
    def run_headless(app, *args, **kwargs):
        from oncall.tui.screens.unlock import UnlockScreen
        ready = lambda app: isinstance(app.screen, UnlockScreen) and app.screen.focused
        asyncio.run(first_frame(app, ready))
    App.run = run_headless
    from oncall.cli import main
    sys.argv = ["oncall", "--home", sys.argv[2]]
    main()
"""


class BareForm(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "close")]

    def compose(self) -> ComposeResult:
        yield Label("A form")
        yield Input(placeholder="text")
        yield Button("OK")


class BareApp(App[None]):
    """The peer: a Textual app with one line of text and an input (focused at launch,
    as oncall's unlock screen has its first field), doing nothing else."""

    AUTO_FOCUS = None  # focus only as told: after a form closes, keys reach the bindings
    BINDINGS = [Binding("n", "form", "form")]

    def compose(self) -> ComposeResult:
        yield Static("bare")
        yield Input()

    def on_mount(self) -> None:
        self.query_one(Input).focus()  # as oncall's unlock screen focuses its first field

    def action_form(self) -> None:
        self.push_screen(BareForm())


def launch_seconds(target: str, pycache: str) -> float:
    """One launch: "bare", or the home folder of an oncall store; both with their
    modules compiled into `pycache`, as installed (`installed_env`)."""
    env = installed_env(pycache, drop=("ONCALL_PASSPHRASE", "ONCALL_HOME"))
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", LAUNCH_PROBE, repr(started), target],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return float(out.stdout.strip().splitlines()[-1])


class KeyToFrame:
    """A Pilot `message_hook` timing key press → the frame drawn once a modal screen
    is current, or a panel (a form inside the case screen) is mounted. `arm()` before
    pressing; `seconds` collects one figure per press."""

    def __init__(self, app: Callable[[], App[Any]], keys: tuple[str, ...]) -> None:
        self._app = app
        self._keys = keys
        self._pressed: float | None = None
        self.seconds: list[float] = []

    def arm(self) -> None:
        self._pressed = None

    def __call__(self, message: Message) -> None:
        if isinstance(message, events.Key) and message.key in self._keys:
            if self._pressed is None:  # forwarded app -> screen: the first is the press
                self._pressed = message.time
        elif isinstance(message, events.ScreenResume) and self._pressed is not None:
            screen = self._app().screen
            if isinstance(screen, ModalScreen):
                pressed = self._pressed
                self._pressed = None
                screen.call_after_refresh(lambda: self.seconds.append(time.monotonic() - pressed))
        elif isinstance(message, events.Mount) and self._pressed is not None:
            # oncall's forms open as panels inside the case screen, not as screens
            from oncall.tui.dialogs import Panel

            widget = getattr(message, "_sender", None)
            if isinstance(widget, Panel):
                pressed = self._pressed
                self._pressed = None
                widget.call_after_refresh(lambda: self.seconds.append(time.monotonic() - pressed))


async def bare_form_opens(count: int) -> list[float]:
    """Key → frame of a bare app's modal form, `count` times."""
    app = BareApp()
    timer = KeyToFrame(lambda: app, ("n",))
    async with app.run_test(size=(80, 24), message_hook=timer) as pilot:
        app.set_focus(None)  # keys go to the bindings, as on oncall's case screen
        await pilot.pause()
        for _ in range(count):
            timer.arm()
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
    return timer.seconds
