"""The drill banner: "演练" (English: "DRILL") on top of every screen in drill mode, with the run's
clock, the latest injects, the scripted reply of each guardian's next call, and every
open real case (with its most urgent warning), which keeps running meanwhile."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from oncall.tui.base import Plain

if TYPE_CHECKING:
    from oncall.tui.app import OncallApp


class DrillBanner(Plain):
    DEFAULT_CSS = """
    DrillBanner {
        dock: top;
        height: auto;
        max-height: 6;
        padding: 0 1;
        background: $warning;
        color: $background;
        text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="drill-banner")

    def on_mount(self) -> None:
        self.refresh_lines()  # then the app's one-second drill tick keeps it current

    def refresh_lines(self) -> None:
        app = cast("OncallApp", self.app)
        if app.drill is not None:
            self.show("\n".join(app.drill.lines()))
