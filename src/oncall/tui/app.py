"""The Textual app. `make_app` is the one factory: the CLI and the tests both use it."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from oncall.journal.errors import OncallError
from oncall.journal.event import utc_now
from oncall.tui.i18n import STRINGS, Lang, t
from oncall.tui.textual_private import (
    QuietCrashApp,
    add_bindings,
    bindings_of,
    remove_bindings,
    rewrite_bindings,
)

if TYPE_CHECKING:
    from oncall.journal import Journal
    from oncall.playbook.model import Playbook
    from oncall.tui.drilling import DrillMode
    from oncall.tui.seating import Seating

PlaybookLoader = Callable[[], "tuple[Playbook, Any]"]
"""Loads the playbook and the school directory (or None)."""


def localize_bindings(node: DOMNode, lang: Lang) -> None:
    """Bindings name an i18n key as their description; show it in the UI language.
    (Textual reads descriptions from the node's bindings map, so we rewrite that map.)"""
    rewrite_bindings(
        node,
        lambda b: replace(b, description=t(b.description, lang)) if b.description in STRINGS else b,
    )


class OncallApp(QuietCrashApp[None]):
    CSS_PATH = "oncall.tcss"
    TITLE = "oncall"
    BINDINGS = [
        Binding("ctrl+q", "quit", "key.quit", id="app.quit", priority=True),
        Binding("question_mark", "help", "key.help", id="app.help"),
        # Textual's own palette key, declared here so its footer label is ours to word
        Binding(
            "ctrl+p", "command_palette", "key.palette", id="app.palette", show=False, priority=True
        ),
    ]
    DRILL_BINDINGS = [
        Binding(
            "R", "drill_respond", "key.respond", id="app.drill_respond", show=False, priority=True
        ),
        Binding(
            "G",
            "drill_report",
            "key.drill_report",
            id="app.drill_report",
            show=False,
            priority=True,
        ),
        Binding(
            "L", "leave_drill", "key.leave_drill", id="app.leave_drill", show=False, priority=True
        ),
    ]
    """Keys that exist only in drill mode (added by `_drill_look`). Priority, as the case
    keys: `R` opens its form when it arrives, so the keys typed after it go into that form
    (a key that waits for the screen behind lets the next ones pass it: `u` opened the
    undo form). While a panel or a text field has the keys they rest (`check_action`)."""

    def __init__(
        self,
        *,
        home: Path,
        playbook: Playbook | None = None,
        load_playbook: PlaybookLoader | None = None,
        lang: Lang = "zh",
        read_only: bool = False,
        seat: bool = False,
        passphrase: str | None = None,
        directory: Any = None,
        clock: Callable[[], datetime] = utc_now,
        create_options: dict[str, Any] | None = None,
        drill_scenario: Path | None = None,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.school_keymap = dict(keymap or {})
        """The school's keys, by binding id (oncall.toml): applied once mounted."""
        self.home = home
        if playbook is None and load_playbook is None:
            raise ValueError("a playbook or a way to load one is needed")
        self._playbook = playbook
        self._directory = directory
        self._load_playbook = load_playbook
        self._loading = threading.Lock()
        self.startup_error: Exception | None = None
        """What ended the app before it could be used (a broken playbook): `oncall`
        prints it and exits with its code once the app has closed."""
        self.lang: Lang = lang
        self.read_only = read_only
        self.seat = seat
        """A seat of `oncall serve`: the store is read here, written by the server."""
        self.seating: Seating | None = None
        """A seat's feed from the server and who else is on the store."""
        self.given_passphrase = passphrase
        self.clock = clock
        self.create_options = create_options or {}
        self.journal: Journal | None = None
        self.actor = ""
        self.title = t("app.title", lang)
        localize_bindings(self, lang)
        self.drill: DrillMode | None = None
        """Drill mode (`oncall drill SCENARIO`, or a scenario started from the board)."""
        if drill_scenario is not None:
            from oncall.tui.drilling import load_mode

            self.drill = load_mode(self, drill_scenario)
        self._drill_timer: Any = None
        self._theme_before = ""

    # --- the playbook, loaded once the first screen is drawn ------------------------------------
    @property
    def playbook(self) -> Playbook:
        if self._playbook is None:
            self.load_playbook()
        assert self._playbook is not None
        return self._playbook

    @property
    def directory(self) -> Any:
        """The school directory, or None when there is none."""
        if self._playbook is None:
            self.load_playbook()
        return self._directory

    def load_playbook(self) -> None:
        """Load the playbook and the directory, once, from any thread (the warm-up worker
        and the unlock worker may both ask). Raises OncallError when it has problems."""
        with self._loading:
            if self._playbook is None:
                assert self._load_playbook is not None
                self._playbook, self._directory = self._load_playbook()

    # --- start ---------------------------------------------------------------------------------
    def on_mount(self) -> None:
        from oncall.journal.probe import store_exists
        from oncall.tui.screens.unlock import UnlockScreen

        if self.school_keymap:
            self.set_keymap(self.school_keymap)
        if self.drill is not None:
            self._drill_look()
        self.push_screen(UnlockScreen(create=not store_exists(self.home)))

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def warm_up(self) -> None:
        """After the first frame (the unlock screen calls this once it is drawn): load the
        playbook and the journal while the user types, so neither delays that frame."""
        try:
            self.load_playbook()
        except Exception as exc:  # `oncall` reports it as it did before the screen opened
            self.call_from_thread(self._startup_failed, exc)
            return
        import oncall.journal.journal  # noqa: F401  (the unlock opens the store with it)

    def _startup_failed(self, error: Exception) -> None:
        self.startup_error = error
        self.exit(return_code=error.exit_code if isinstance(error, OncallError) else 1)

    # --- drill mode -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._drill_actions:
            from oncall.tui.dialogs import panel_has_keys

            return not panel_has_keys(self)
        return True

    _drill_actions = frozenset(b.action for b in DRILL_BINDINGS)

    def _drill_look(self) -> None:
        """Another colour theme and a tick that delivers injects on time."""
        from oncall.tui.widgets.drill_theme import DRILL_THEME

        add_bindings(
            self,
            (replace(b, description=t(b.description, self.lang)) for b in self.DRILL_BINDINGS),
        )
        self.register_theme(DRILL_THEME)
        if self.theme != DRILL_THEME.name:
            self._theme_before = self.theme
        self.theme = DRILL_THEME.name
        self.add_class("-drill")
        self._drill_timer = self.set_interval(1, self.drill_tick)

    def enter_drill(self, scenario_path: Path) -> None:
        """Switch to drill mode for a scenario picked on the board, and start a run."""
        from oncall.tui.drilling import load_mode

        if self.drill is not None:
            self.leave_drill()
        self.drill = load_mode(self, scenario_path)
        self._drill_look()
        self.drill.confirm_then_start()

    def leave_drill(self, *, close_screen: bool = True) -> None:
        """Back to the normal board and theme at once: the drill case's screen closes
        (its run stays in the journal; `oncall drill` resumes it), the banner, the drill
        keys and the tick go. Declining, closing or leaving a drill all end here."""
        from oncall.tui.screens.case import CaseScreen
        from oncall.tui.widgets.drill_banner import DrillBanner

        mode, self.drill = self.drill, None
        if mode is None:
            return
        if self._drill_timer is not None:
            self._drill_timer.stop()
            self._drill_timer = None
        remove_bindings(self, self.DRILL_BINDINGS)
        self.theme = self._theme_before or "textual-dark"
        self.remove_class("-drill")
        while (
            close_screen
            and len(self.screen_stack) > 1
            and any(
                isinstance(s, CaseScreen) and s.case_id == mode.case_id for s in self.screen_stack
            )
        ):
            self.pop_screen()
        for screen in self.screen_stack:
            for banner in screen.query(DrillBanner):
                banner.remove()

    def drill_case_closed(self, case_id: str) -> None:
        """A case screen went away: if it was the drill's, drill mode ends with it."""
        if self.drill is not None and self.drill.case_id == case_id:
            self.leave_drill(close_screen=False)

    def action_leave_drill(self) -> None:
        if self.drill is None:
            self.notify(t("drill.not_in_drill", self.lang), markup=False)
            return
        self.leave_drill()

    def drill_tick(self) -> None:
        if self.drill is not None:
            self.drill.tick()

    def refresh_drill_banner(self) -> None:
        from oncall.tui.widgets.drill_banner import DrillBanner

        for banner in self.screen.query(DrillBanner):
            banner.refresh_lines()

    def open_real_cases(self) -> list[str]:
        """The ids of the open real (not drill) cases."""
        if self.journal is None:
            return []
        return [c.id for c in self.journal.cases() if not c.drill and not c.closed_at]

    def action_drill_respond(self) -> None:
        if self.drill is None:
            self.notify(t("drill.not_in_drill", self.lang), markup=False)
            return
        self.drill.ask_response()

    def action_drill_report(self) -> None:
        if self.drill is None:
            self.notify(t("drill.not_in_drill", self.lang), markup=False)
            return
        self.drill.show_report()

    def unlocked(self, journal: Journal, actor: str) -> None:
        """Called by the unlock screen once the key derivation is done."""
        from oncall.tui.screens.board import BoardScreen
        from oncall.tui.screens.unlock import RecoveryKeyScreen

        self.journal = journal
        self._follow_server(journal)
        self.switch_screen(BoardScreen())
        if journal.recovery_key:
            self.actor = actor
            journal.remember_operator(actor)
            # then on as after any unlock: `oncall drill X` on a new store starts its run
            self.push_screen(RecoveryKeyScreen(journal.recovery_key), lambda _: self._reopen())
            return
        if actor:
            self.actor = actor
            journal.remember_operator(actor)
            self._reopen()
            return
        last = journal.last_operator()
        if last:  # the operator of this store's last session; `w` changes it
            self.actor = last
            self.notify(t("unlock.operator", self.lang).format(name=last), markup=False)
            self._reopen()
            return
        self.call_later(self._ask_operator)

    def _follow_server(self, journal: Journal) -> None:
        """A seat hears from the server what the others record, for as long as it runs."""
        from oncall.serve.seat import SeatJournal
        from oncall.tui.seating import Seating

        if isinstance(journal, SeatJournal):
            from oncall.describe import Describer

            words = Describer(self.playbook, "zh"), Describer(self.playbook, "en")
            journal.describe = lambda event: (words[0](event), words[1](event))
            self.seating = Seating(self, journal)
            self.run_worker(self.seating.follow(), group="seat", exit_on_error=False)

    def seat_note(self, case_id: str | None) -> str:
        """What the status bar says of the other seats (nothing when not a seat)."""
        return self.seating.note(case_id) if self.seating is not None else ""

    def seat_alerts(self) -> list[str]:
        """A seat that lost its server says so first on the warnings line."""
        return self.seating.alerts() if self.seating is not None else []

    def _ask_operator(self) -> None:
        """Nobody named yet (a store written before names were kept): ask once."""
        from oncall.tui.dialogs import FormPanel, present
        from oncall.tui.entries.form import control
        from oncall.vocabulary.entries import ACTOR_NAME

        def named(values: dict[str, Any]) -> None:
            self.actor = values["name"].strip()
            assert self.journal is not None
            self.journal.remember_operator(self.actor)

        form = FormPanel(
            t("unlock.name", self.lang),
            [control(ACTOR_NAME, self.lang)],
            self.lang,
            self.clock(),
            on_submit=named,
        )
        present(self, form, lambda values: self._reopen() if values else self._ask_operator())

    def _reopen(self) -> None:
        if self.drill is not None:
            self.drill.begin()
            return
        last = self.last_active_case()
        if last is not None:
            self.open_case(last)

    def last_active_case(self) -> str | None:
        """Reopening returns to the case worked on last (the newest open real case; a
        drill left open never takes its place)."""
        assert self.journal is not None
        open_cases = [c for c in self.journal.cases() if not c.closed_at and not c.drill]
        return open_cases[-1].id if open_cases else None

    def open_case(self, case_id: str, *, danger: bool = False) -> None:
        from oncall.tui.screens.case import CaseScreen

        if self.drill is not None and case_id != self.drill.case_id:
            self.leave_drill()  # a real case (or another run) is never shown as this drill
        if self.drill is None:
            self._resume_run(case_id)
        self.push_screen(CaseScreen(case_id, danger=danger))

    def _resume_run(self, case_id: str) -> None:
        """An unfinished drill run opened from the drills screen: drill mode for it."""
        from oncall.drill import find_scenario, scenario_of
        from oncall.tui.drilling import load_mode

        assert self.journal is not None
        info = next((c for c in self.journal.cases() if c.id == case_id), None)
        scenario_id = scenario_of(info) if info is not None and not info.closed_at else None
        if scenario_id is None:
            return
        try:
            scenario, playbook = find_scenario(scenario_id)
        except OncallError:
            return  # its scenario file is gone or broken: the case opens as it is
        if playbook.content_hash != self.playbook.content_hash:
            return
        self.drill = load_mode(self, Path(scenario.source))
        self.drill.case_id = case_id
        self._drill_look()

    def on_unmount(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    # --- a crash: nothing lost, nothing leaked ---
    def crash_text(self, error: Exception) -> str:
        """Say only what failed and where in the code; everything recorded before the
        error is already on disk."""
        return crash_message(error, self.lang)

    # --- everywhere ----------------------------------------------------------------------------
    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the UI language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                CommandPalette(placeholder=t("palette.search", self.lang), id="--command-palette")
            )

    def action_help(self) -> None:
        from oncall.tui.dialogs import PanelScreen, present
        from oncall.tui.screens.help import HelpPanel

        screen = self.screen
        if isinstance(screen, PanelScreen) or screen.query(HelpPanel):
            return  # help is open already, or a form is in front
        present(self, HelpPanel(screen, self.lang))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key of the current screen is also a command in the palette (Ctrl+P)."""
        seen: set[str] = set()
        for _, binding in bindings_of(screen):
            if binding.action in seen or not binding.description or binding.key == "escape":
                continue
            seen.add(binding.action)
            action = binding.action

            def run(action: str = action) -> None:
                self.call_later(screen.run_action, action)

            yield SystemCommand(binding.description, f"{binding.key}", run)
        if self.drill is not None:
            for binding in self.DRILL_BINDINGS:
                yield SystemCommand(
                    t(binding.description, self.lang),
                    binding.key,
                    lambda action=binding.action: self.call_later(self.run_action, action),
                )
        yield SystemCommand(t("key.help", self.lang), "?", self.action_help)
        yield SystemCommand(t("key.quit", self.lang), "ctrl+q", self.action_quit)


def crash_message(error: BaseException, lang: Lang) -> str:
    """The error's type and the innermost oncall frame: no message, no values."""
    frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
    ours = [f for f in frames if "oncall" in Path(f.filename).parts]
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    kind = type(error).__name__
    if lang == "zh":
        return (
            f"oncall 出现内部错误（{kind}，位置 {where}）。出错前记录的每一条都已加密保存；"
            "重新打开 oncall 即可继续。为保护学生隐私，这里不显示详细信息。"
        )
    return (
        f"oncall hit an internal error ({kind} at {where}). Everything recorded before it "
        "is safe in the encrypted journal; open oncall again to continue. No details are "
        "shown here, to protect student privacy."
    )


def make_app(
    *,
    home: Path,
    lang: Lang = "zh",
    read_only: bool = False,
    seat: bool = False,
    passphrase: str | None = None,
    playbook_path: Path | None = None,
    directory_path: Path | None = None,
    clock: Callable[[], datetime] = utc_now,
    create_options: dict[str, Any] | None = None,
    drill_scenario: Path | None = None,
    keymap: dict[str, str] | None = None,
) -> OncallApp:
    """Build the app on a store and a playbook (the default ones unless told). The playbook
    is loaded once the first screen is drawn (`OncallApp.warm_up`), or when first used."""

    def load() -> tuple[Playbook, Any]:
        from oncall import locations
        from oncall.playbook import PlaybookError, load_directory, load_playbook

        try:
            playbook = load_playbook(playbook_path or locations.default_playbook_path())
            directory_file = directory_path or locations.default_directory_path()
            directory = (
                load_directory(directory_file, playbook) if directory_file.is_file() else None
            )
        except PlaybookError as exc:
            raise OncallError(
                f"the playbook has problems:\n{exc}", zh=f"预案有问题：\n{exc}"
            ) from exc
        return playbook, directory

    return OncallApp(
        home=home,
        load_playbook=load,
        lang=lang,
        read_only=read_only,
        seat=seat,
        passphrase=passphrase,
        clock=clock,
        create_options=create_options,
        drill_scenario=drill_scenario,
        keymap=keymap,
    )
