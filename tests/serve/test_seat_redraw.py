"""A seat's own record is drawn once: the server's word of it (which comes back to the
seat that made it) does not redraw the case again; another seat's record still does."""

from __future__ import annotations

from textual.message import Message

from oncall.serve.seat import SeatJournal
from oncall.session import CaseSession
from oncall.tui.messages import CaseChanged
from oncall.tui.screens.case import CaseScreen

from .conftest import PASSPHRASE, TEACHERS, Server
from .test_seat_app import PLAYBOOK, joined, seat_app, until


async def test_a_seats_own_record_is_not_redrawn_again_when_the_server_tells_it(
    server: Server,
) -> None:
    other = SeatJournal.attach(server.home, PASSPHRASE, operator=TEACHERS[1])
    opened = CaseSession.open_new(other, PLAYBOOK, TEACHERS[1], student_name="陈同学（虚构）")
    told: list[str] = []

    def hook(message: Message) -> None:
        if isinstance(message, CaseChanged):
            told.append(message.case_id)

    app = seat_app(server.home)
    try:
        async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
            await joined(pilot, app, TEACHERS[0])
            assert isinstance(app.screen, CaseScreen)
            journal = app.journal
            assert journal is not None
            count = len(journal.events(opened.case_id))
            told.clear()
            await pilot.press("semicolon", *"陪同中", "ctrl+s")  # this seat's own note
            await until(pilot, lambda: len(journal.events(opened.case_id)) == count + 1)
            other.append(opened.case_id, "note", {"text": "已联系家长"}, TEACHERS[1])
            # The feed is in the server's order: once the other's note is drawn, the word
            # of this seat's own note has come (and asked for no redraw).
            await until(pilot, lambda: "已联系家长" in str(app.screen.state.events[-1].data))  # type: ignore[attr-defined]
            assert told == [opened.case_id]  # the other's note alone
    finally:
        other.close()
