"""A seat of `oncall serve` in the app: the live feed from the server, who else is on
the store, and the link's state, shown on the screens that read them.

The feed only says that something was recorded; the screen reads it from the file
(`SeatJournal.events`) and redraws as it does after its own entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from oncall.tui.i18n import t
from oncall.tui.messages import CaseChanged, SeatsChanged

if TYPE_CHECKING:
    from oncall.serve.seat import Message, SeatJournal
    from oncall.tui.app import OncallApp


@dataclass
class Seating:
    """What the app knows of the other seats, kept up by the server's feed."""

    app: OncallApp
    journal: SeatJournal
    others: list[dict[str, Any]] = field(default_factory=list)
    """The other seats on the store: their names and the case each has open."""
    linked: bool = True

    async def follow(self) -> None:
        from oncall.serve.seat import follow

        await follow(self.journal, self.heard, self.link_changed)

    def heard(self, message: Message) -> None:
        if message.get("type") == "event":
            case_id = str(message.get("case", ""))
            if self.journal.recorded_here(case_id, message.get("seq")):
                return  # this seat's own record: drawn when the server answered
            self.app.screen.post_message(CaseChanged(case_id))
        elif message.get("type") == "seats":
            seats = message.get("seats") or []
            self.others = [seat for seat in seats if isinstance(seat, dict) and not seat.get("you")]
            self.app.screen.post_message(SeatsChanged())

    def link_changed(self, up: bool) -> None:
        self.linked = up
        lang = self.app.lang
        if up:
            self.app.notify(t("seat.back", lang), markup=False)
            self._clear_refusals()
            self.tell_viewing()
            for screen in self.app.screen_stack:  # what came while away
                case_id = getattr(screen, "case_id", None)
                if case_id is not None:
                    screen.post_message(CaseChanged(case_id))
        else:
            self.others = []
            self.app.notify(t("seat.lost", lang), severity="error", timeout=10, markup=False)
        self.app.screen.post_message(SeatsChanged())

    def _clear_refusals(self) -> None:
        """An open form's "not recorded: the server is not answering" is stale once the
        server is back (what was typed stays: submitting it again records it)."""
        from oncall.tui.dialogs import FormPanel

        for form in self.app.screen.query(FormPanel):
            form.clear_errors()

    def tell_viewing(self) -> None:
        """Tell the others which case this seat has open (none: the board)."""
        case_id = getattr(self.app.screen, "case_id", None)
        self.journal.viewing(case_id if isinstance(case_id, str) else None)

    def alerts(self) -> list[str]:
        """For the warnings line: the server lost (nothing can be recorded meanwhile)."""
        return [] if self.linked else [t("seat.gone", self.app.lang)]

    def note(self, case_id: str | None) -> str:
        """For the status bar: who else has this case open (on the board: who else is
        on the store)."""
        lang = self.app.lang
        names = [
            str(seat.get("name", ""))
            for seat in self.others
            if case_id is None or seat.get("case") == case_id
        ]
        names = list(dict.fromkeys(name for name in names if name))
        if not names:
            return ""
        key = "seat.on_store" if case_id is None else "seat.on_case"
        return t(key, lang).format(names="、".join(names) if lang == "zh" else ", ".join(names))
