"""Unlock (or create) the store. The key derivation runs in a thread worker, so the
screen stays responsive; on a new store the recovery key is shown exactly once.

This is the first screen drawn: it imports nothing of the store (cryptography, TinyDB)
nor the playbook. Once it is on screen the app loads those in a worker (`warm_up`)
while the user types; the unlock worker waits for them if they are not done."""

from __future__ import annotations

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, Input, Label

from oncall.journal.errors import OncallError, WrongPassphrase
from oncall.journal.passphrase import passphrase_problem
from oncall.tui.base import OncallScreen, Plain
from oncall.tui.i18n import t


class UnlockScreen(OncallScreen):
    """Who is at the keyboard, and the passphrase."""

    # Priority: Tab and Enter move to the next field when they arrive, before the keys
    # typed after them are handed on (typed fast at launch, "wang<Tab>pass" put the
    # passphrase into the name: the field behind had the keys already).
    BINDINGS = [
        Binding("ctrl+q", "app.quit", "Quit", id="unlock.quit"),
        Binding("tab", "app.focus_next", show=False, priority=True, id="unlock.next"),
        Binding(
            "shift+tab", "app.focus_previous", show=False, priority=True, id="unlock.previous"
        ),
        # typed before the terminal was in raw mode, Enter arrives as a newline (ctrl+j)
        Binding("enter,ctrl+j", "enter", show=False, priority=True, id="unlock.enter"),
    ]

    def __init__(self, *, create: bool) -> None:
        super().__init__(id="unlock")
        self.create = create
        self.labels: dict[str, str] = {}
        """Each field's label (i18n key), by the field's id."""

    def compose(self) -> ComposeResult:
        lang = self.oc.lang
        title = t("unlock.create_title" if self.create else "unlock.title", lang)
        with Center(), Vertical(id="unlock-box"):
            yield Plain(t("app.title", lang), id="unlock-app")
            yield Plain(title, id="unlock-title")
            if self.create:
                yield Plain(t("unlock.create_intro", lang), id="unlock-intro")
            if self.oc.read_only:
                yield Plain(t("unlock.read_only", lang), id="unlock-ro")
            if self.oc.seat:
                yield Plain(t("unlock.seat", lang), id="unlock-seat")
            named = self.create or self.oc.seat  # a seat is known to the others by name
            yield self._label("actor", "unlock.name" if named else "unlock.name_optional")
            yield Input(id="actor", compact=True)
            if self.oc.given_passphrase is None:
                yield self._label("passphrase", "unlock.passphrase")
                yield Input(password=True, id="passphrase", compact=True)
                if self.create:
                    yield self._label("passphrase2", "unlock.passphrase_again")
                    yield Input(password=True, id="passphrase2", compact=True)
            yield Plain(t("unlock.keys", lang), id="unlock-keys")
            yield Plain("", id="unlock-status")
        yield Footer()

    def _label(self, field: str, key: str) -> Label:
        self.labels[field] = key
        return Label(f"  {t(key, self.oc.lang)}", id=f"label-{field}")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The field being typed into is marked in text (▶ before its label), not by a
        colour alone: a terminal without colours shows it too."""
        for field, key in self.labels.items():
            mark = "▶ " if event.widget.id == field else "  "
            self.query_one(f"#label-{field}", Label).update(f"{mark}{t(key, self.oc.lang)}")

    def on_mount(self) -> None:
        self.query_one("#actor", Input).focus()
        self.call_after_refresh(self.set_timer, 0.1, self.oc.warm_up)  # once drawn

    def _status(self, message: str) -> None:
        self.query_one("#unlock-status", Plain).update(message)

    def action_enter(self) -> None:
        """Enter in a field: on to the next at once (what is typed next goes there), or,
        from the last, unlock once that field has taken the keys typed before Enter."""
        field = self.focused
        if not isinstance(field, Input) or field.disabled:
            return
        if field is not list(self.query(Input))[-1]:
            self.focus_next()  # a name left empty is asked for when the last is entered
            return
        field.call_later(self.submitted, field)  # after the keys already queued for it

    def submitted(self, field: Input) -> None:
        lang = self.oc.lang
        actor = self.query_one("#actor", Input).value.strip()
        if not actor and (self.create or self.oc.seat):
            self._status(t("unlock.need_name", lang))
            self.query_one("#actor", Input).focus()
            return
        inputs = list(self.query(Input))
        if field is not inputs[-1]:
            self.focus_next()
            return
        passphrase = self.oc.given_passphrase
        if passphrase is None:
            passphrase = self.query_one("#passphrase", Input).value
            if not passphrase:
                self._status(t("unlock.need_passphrase", lang))
                self.query_one("#passphrase", Input).focus()
                return
            if self.create and passphrase != self.query_one("#passphrase2", Input).value:
                self._status(t("unlock.mismatch", lang))
                self.query_one("#passphrase2", Input).value = ""
                self.query_one("#passphrase2", Input).focus()
                return
            weak = (
                passphrase_problem(passphrase, self._school_words(actor)) if self.create else None
            )
            if weak is not None:  # say what would be accepted before the slow step
                self._status(weak.text(lang))
                for field in self.query(Input).exclude("#actor"):
                    field.value = ""
                self.query_one("#passphrase", Input).focus()
                return
        self._status(t("unlock.creating" if self.create else "unlock.working", lang))
        for widget in self.query(Input):
            widget.disabled = True
        self.unlock(actor, passphrase)

    def _school_words(self, actor: str) -> tuple[str, ...]:
        """What a guesser tries first: the school's name and people (directory), the
        store folder's name and the person typing."""
        words = [self.oc.home.name, actor]
        try:
            directory = self.oc.directory
        except OncallError:
            directory = None
        if directory is not None:
            words += [directory.school, *(person.name for person in directory.people)]
        return tuple(word for word in words if word)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def unlock(self, actor: str, passphrase: str) -> None:
        app = self.oc
        try:
            app.load_playbook()  # the board needs it; usually the warm-up has loaded it
            from oncall.journal import Journal

            if self.create:
                journal = Journal.create(
                    app.home, passphrase, clock=app.clock, **app.create_options
                )
            elif app.seat:
                from oncall.serve.seat import SeatJournal

                journal = SeatJournal.attach(
                    app.home,
                    passphrase,
                    operator=actor,
                    drill=app.drill is not None,
                    clock=app.clock,
                )
            else:
                journal = Journal.open(
                    app.home, passphrase, read_only=app.read_only, clock=app.clock
                )
        except WrongPassphrase:
            app.call_from_thread(self._failed, t("err.wrong_passphrase", app.lang))
            return
        except OncallError as exc:
            app.call_from_thread(self._failed, exc.text(app.lang))
            return
        app.call_from_thread(app.unlocked, journal, actor)

    def _failed(self, message: str) -> None:
        self._status(message)
        for widget in self.query(Input):
            widget.disabled = False
        if self.oc.given_passphrase is None:
            field = self.query_one("#passphrase", Input)
            field.value = ""
            field.focus()


class RecoveryKeyScreen(OncallScreen):
    """Shown once after creating a store; the user confirms they wrote the key down."""

    def __init__(self, recovery_key: str) -> None:
        super().__init__(id="recovery")
        self.recovery_key = recovery_key

    def compose(self) -> ComposeResult:
        lang = self.oc.lang
        with Center(), Vertical(id="unlock-box"):
            yield Plain(t("recovery.title", lang), id="unlock-title")
            yield Plain(t("recovery.body", lang), id="unlock-intro")
            yield Plain(self.recovery_key, id="recovery-key")
            yield Label(t("recovery.confirm", lang))
            yield Input(id="recovery-confirm", compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        lang = self.oc.lang
        if event.value.strip().lower() in {t("recovery.word", lang), "done", "已记下"}:
            self.dismiss(None)
        else:
            event.input.value = ""
