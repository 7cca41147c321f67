"""A tiny Textual app standing in for an `oncall` seat behind textual-serve: it shows a
line, and echoes the keys it receives, so a test can see both directions work."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.events import Key
from textual.widgets import Static

READY = "Seat ready 席位就绪"


class SeatApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.typed = ""

    def compose(self) -> ComposeResult:
        yield Static(READY, id="ready")
        yield Static("typed: ", id="typed")

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isprintable():
            self.typed += event.character
            self.query_one("#typed", Static).update(f"typed: {self.typed}")


if __name__ == "__main__":
    if len(sys.argv) > 1:  # where to write this process's id, for a test to watch it
        Path(sys.argv[1]).write_text(str(os.getpid()))
    SeatApp().run()
