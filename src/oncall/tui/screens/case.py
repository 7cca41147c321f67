"""The case screen: status bar, warnings and the next action always on top; the phase
list on the left; the selected step (the current one unless you move) in the middle.

Keys turn into `CaseSession` calls (one journal event each); after each, the state is
brought up to date from the journal (only the new events are folded in: `CaseReplayer`)
and the screen redrawn from it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Footer

from oncall.case.incremental import CaseReplayer
from oncall.journal import OncallError
from oncall.session import CaseSession
from oncall.tui import entries, view
from oncall.tui.base import OncallScreen, Plain
from oncall.tui.dialogs import Field, FormPanel, Panel, hold_for, present
from oncall.tui.i18n import t
from oncall.tui.messages import CaseChanged, OptionToggled, SeatsChanged
from oncall.tui.widgets.footer import KeysFooter


class CaseScreen(OncallScreen):
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's `Screen.focused` repaints the whole screen on every focus change; each
    form moves the focus in and out, and the focused field restyles itself anyway.
    Without it a submit draws the screen once, not twice (see `textual_private`)."""

    # Priority: a key that opens an entry acts when it arrives, before the keys typed
    # after it are handed on, so those go into the entry it opens (see `hold_for`).
    # While a panel is open `check_action` rests them and the key goes to the panel.
    BINDINGS = [
        Binding("exclamation_mark", "danger", "key.danger", id="case.danger", priority=True),
        Binding("space", "primary", "key.done", id="case.done", priority=True),
        Binding("enter", "primary", "key.done", id="case.enter", show=False, priority=True),
        Binding("s", "skip", "key.skip", id="case.skip", priority=True),
        Binding("semicolon", "note", "key.note", id="case.note", show=False, priority=True),
        Binding("l", "level", "key.level", id="case.level", priority=True),
        Binding("f", "facts", "key.facts", id="case.facts", show=False, priority=True),
        Binding("c", "custody", "key.custody", id="case.custody", priority=True),
        Binding("p", "contact", "key.contact", id="case.contact", priority=True),
        Binding("m", "medical", "key.medical", id="case.medical", priority=True),
        Binding("u", "undo", "key.undo", id="case.undo", show=False, priority=True),
        Binding("e", "earlier", "key.earlier", id="case.earlier", show=False, priority=True),
        Binding("r", "report", "key.report", id="case.report", show=False, priority=True),
        Binding("y", "copy", "key.copy", id="case.copy", show=False, priority=True),
        Binding("t", "timeline", "key.timeline", id="case.timeline", show=False, priority=True),
        Binding("d", "export", "key.export", id="case.export", show=False, priority=True),
        Binding("i", "intervals", "key.intervals", id="case.intervals", show=False, priority=True),
        Binding("w", "actor", "key.actor", id="case.actor", show=False, priority=True),
        Binding("x", "close_case", "key.close", id="case.close", show=False, priority=True),
        Binding("g", "go_to_phase", "key.go_to", id="case.go_to", show=False, priority=True),
        Binding(
            "down,j", "move(1)", "key.next_step", id="case.next_step", show=False, priority=True
        ),
        Binding(
            "up,k", "move(-1)", "key.prev_step", id="case.prev_step", show=False, priority=True
        ),
        Binding("escape", "back", "key.back", id="case.back", show=False),
        Binding("pagedown", "page(1)", "key.page_down", id="case.page_down", show=False),
        Binding("pageup", "page(-1)", "key.page_up", id="case.page_up", show=False),
        *[
            Binding(str(n), f"option({n})", show=False, id=f"case.option{n}", priority=True)
            for n in range(1, 10)
        ],
        Binding("0", "option(10)", show=False, id="case.option10", priority=True),
    ]

    def __init__(self, case_id: str, *, danger: bool = False) -> None:
        super().__init__(id=f"case-{case_id}")
        self.case_id = case_id
        self.start_in_danger = danger
        self.selected: str | None = None
        """The step shown in the middle; None follows the current step."""
        self.ticked: set[str] = set()
        self.state: Any = None
        self.session: CaseSession | None = None
        self.replayer: CaseReplayer | None = None
        self._seen_warnings: set[str] | None = None
        self._next_redraw = datetime.min.replace(tzinfo=UTC)
        self.shown_step: str | None = None
        """The step shown in the middle (what a digit, Space or `e` acts on)."""
        self.shown_hint = ""
        """The shown step's own hint (the keys that act on it), before "more below"."""
        self._shown_detail: str | None = None
        self.open_on: str | None = None
        """The field the next form opens on (the time, for an entry opened with `e`)."""
        self.panels: list[Panel] = []
        """Open panels (a form, a menu, the timeline…), newest last; the newest shows
        below the status lines in place of the phase list and the step."""

    # --- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Plain("", id="case-header")
        yield Plain("", id="status-bar")
        yield Plain("", id="warnings")
        yield Plain("", id="next-action")
        with Horizontal(id="case-body"):
            yield Plain("", id="phase-list")
            # the keys that act on the shown step stay in sight under it: a long script
            # scrolls above them, never pushes them off the screen
            with Vertical(id="step-pane"):
                with VerticalScroll(id="step-view", can_focus=False):
                    yield Plain("", id="step-title")
                    yield Plain("", id="step-meta")
                    yield Plain("", id="step-guidance")
                    yield Plain("", id="step-options")
                yield Plain("", id="step-hint")
        yield KeysFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        from oncall.tui.app import localize_bindings

        localize_bindings(self, self.oc.lang)
        self.refresh_bindings()
        journal = self.oc.journal
        assert journal is not None
        self.session = CaseSession(journal, self.case_id, self.oc.playbook, self.oc.actor)
        self.redraw()
        if self.oc.seating is not None:
            self.oc.seating.journal.viewing(self.case_id)
        self.set_interval(1, self.tick)
        # The case's events live as long as the screen: keep them out of the cyclic
        # garbage collector's scans, which otherwise add tens of ms to a key press.
        gc.collect()
        gc.freeze()
        if self.start_in_danger:
            self.action_danger()

    def on_unmount(self) -> None:
        gc.unfreeze()
        if self.oc.seating is not None:
            self.oc.seating.journal.viewing(None)
        self.oc.drill_case_closed(self.case_id)

    def on_screen_resume(self) -> None:
        self.redraw()

    def on_resize(self) -> None:
        if self.state is not None:
            self.paint()  # the status bar fits its width

    # --- state → screen ------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.oc.clock()

    def redraw(self) -> None:
        journal = self.oc.journal
        assert journal is not None
        if self.replayer is None or self.replayer.playbook is not self.oc.playbook:
            self.replayer = CaseReplayer(self.oc.playbook)
        events = journal.events(self.case_id)
        self.state = self.replayer.sync(events, self.now())
        journal.mark_seen(self.case_id, len(events))  # what is recorded from here is judged by
        self._next_redraw = view.next_change(self.state, self.now())
        self.paint()

    def paint(self) -> None:
        """The screen from the replayed state (no replay: moving between steps)."""
        journal = self.oc.journal
        assert journal is not None
        shown = view.case_view(
            self.state,
            self.oc.playbook,
            self.oc.lang,
            self.now(),
            journal.case_problem(self.case_id),
            viewed=self.selected,
            width=self.size.width or None,
            keys=self.warning_keys(),
            seats=self.oc.seat_note(self.case_id),
            alerts=self.oc.seat_alerts(),
        )
        header = self.query_one("#case-header", Plain)
        header.show(shown.header)
        header.set_class(shown.drill, "drill")
        self.query_one("#status-bar", Plain).show(shown.status)
        warnings = self.query_one("#warnings", Plain)
        warnings.show("\n".join(shown.warnings))
        warnings.display = bool(shown.warnings)
        self.query_one("#next-action", Plain).show(shown.next_action)
        self.query_one("#phase-list", Plain).show(phase_text(shown))
        looking = self.selected in shown.step_ids  # moved to a step with j/k
        step_id = self.selected if looking else shown.current_step
        if not looking and self.state.urgent_entry and not self.state.closed:
            self.show_entry(self.state.urgent_entry)
        else:
            self.show_step(step_id)
        self._alert(shown.warning_codes, shown.warnings)

    def warning_keys(self) -> dict[str, str]:
        """The key of each binding a warning can name, as the school's keymap has it."""
        keymap = self.oc.school_keymap
        found: dict[str, str] = {}
        for binding in self.BINDINGS:
            if (
                isinstance(binding, Binding)
                and binding.id is not None
                and binding.id in view.WARNING_KEYS.values()
            ):
                key = keymap.get(binding.id, binding.key).split(",")[0].strip()
                found[binding.id] = key
        return found

    def show_entry(self, kind: str) -> None:
        """▶ is an entry, not a step (the overdue check-in): Space opens it."""
        self.show_detail(view.entry_detail(self.state, kind, self.oc.lang))
        self.shown_step = None

    def show_detail(self, detail: view.StepDetail) -> None:
        self.query_one("#step-title", Plain).show(detail.title)
        self.query_one("#step-meta", Plain).show(detail.meta)
        self.query_one("#step-guidance", Plain).show("\n".join(detail.guidance))
        self.query_one("#step-options", Plain).show("\n".join(detail.options))
        hint = self.query_one("#step-hint", Plain)
        hint.show(detail.hint)
        hint.display = bool(detail.hint)
        self.shown_hint = detail.hint
        if detail.title != self._shown_detail:  # another step: shown from its top
            self._shown_detail = detail.title
            self.query_one("#step-view", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self.show_more_below)

    def show_more_below(self) -> None:
        """A step longer than its pane (options under a long guidance at 80×24) says so
        in its hint, with the key that shows the rest: no choice is ever made blind."""
        step_view = self.query_one("#step-view", VerticalScroll)
        more = step_view.max_scroll_y > 0 and step_view.scroll_y < step_view.max_scroll_y
        hint = self.query_one("#step-hint", Plain)
        text = self.shown_hint
        if more:
            text = t("case.more_below", self.oc.lang) + ("\n" + text if text else "")
        hint.show(text)
        hint.display = bool(text)

    def action_page(self, direction: int) -> None:
        """PgDn / PgUp: the rest of a step too long for its pane."""
        step_view = self.query_one("#step-view", VerticalScroll)
        if direction > 0:
            step_view.scroll_page_down(animate=False)
        else:
            step_view.scroll_page_up(animate=False)
        self.call_after_refresh(self.show_more_below)

    def show_step(self, step_id: str | None) -> None:
        detail = view.step_detail(
            self.state,
            self.oc.playbook,
            step_id,
            self.oc.lang,
            self.ticked,
            view.wording_values(self.state, self.oc, include_name=True),
            example_directory=self.oc.directory is not None and self.oc.directory.placeholder,
        )
        self.shown_step = step_id
        self.show_detail(detail)

    def on_option_toggled(self, message: OptionToggled) -> None:
        self.ticked ^= {message.option}
        self.show_step(message.step_id)

    def on_case_changed(self, message: CaseChanged) -> None:
        if message.case_id == self.case_id:
            self.redraw()

    def on_seats_changed(self, _message: SeatsChanged) -> None:
        if self.state is not None:
            self.paint()

    def _alert(self, codes: set[str], lines: list[str]) -> None:
        """A warning that appears while the screen is open: toast and bell, once. It stays
        on the warnings line until the state no longer has it."""
        if self._seen_warnings is not None:
            new = codes - self._seen_warnings
            if new:
                self.app.bell()
                self.notify(
                    "\n".join(lines),
                    title=t("timer.due", self.oc.lang),
                    severity="error",
                    timeout=8,
                    markup=False,
                )
        self._seen_warnings = set(codes)

    def tick(self) -> None:
        """Every second: redraw when something can have changed (a due time passed, or
        a few seconds for the clocks), not on every tick."""
        if self.now() >= self._next_redraw:
            self.redraw()

    # --- recording ------------------------------------------------------------------------------
    def record(self, do: Callable[[], object]) -> bool:
        """Run one session call (which appends the event durably), then redraw."""
        if self.oc.read_only:
            self.notify(t("case.read_only", self.oc.lang), severity="warning", markup=False)
            return False
        try:
            do()
        except OncallError as exc:
            text_of = getattr(exc, "text", None)
            message = text_of(self.oc.lang) if callable(text_of) else exc.message
            self.notify(message, severity="error", markup=False)
            return False
        self.recorded()
        return True

    def recorded(self) -> None:
        """The view follows the walk: to the ▶ step, or, when the step just recorded was
        one looked at off the ▶ line, to the next step of its series (the next ASQ
        question, then the screen's result)."""
        looked_at = self.shown_step if self.selected is not None else None
        self.ticked = set()
        self.selected = None
        self.redraw()
        if looked_at is not None:
            follow = view.next_in_series(self.state, looked_at)
            if follow is not None and follow != self.state.current_step:
                self.selected = follow
                self.redraw()

    def ask(
        self,
        title: str,
        fields: list[Field],
        then: Callable[[dict[str, Any]], object],
        intro: str = "",
    ) -> None:
        """Open a form whose submit records `then(values)`; a refusal keeps it open."""
        if self.oc.read_only:
            self.notify(t("case.read_only", self.oc.lang), severity="warning", markup=False)
            return

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.recorded()

        focus, self.open_on = self.open_on, None
        present(
            self.app,
            FormPanel(
                title,
                fields,
                self.oc.lang,
                self.now(),
                intro,
                on_submit=then,
                focus=focus,
                earliest=self.state.opened_at if self.state is not None else None,
            ),
            closed,
        )

    # --- panels: forms and lists inside the screen, under the status lines ----------------------
    def show_panel(self, panel: Panel, then: Any = None) -> None:
        def finish(result: Any) -> None:
            self._close_panel(panel)
            if then is not None:
                then(result)
            if panel.spill and self.panels:  # typed behind the menu's digit: the form's
                for event in panel.spill:
                    self.panels[-1].take_key(event)

        panel.finish = finish
        for older in self.panels:
            older.display = False
        self.panels.append(panel)
        self.query_one("#case-body").display = False
        self.mount(panel, before=self.query_one(Footer))
        self.refresh_bindings()

    def _close_panel(self, panel: Panel) -> None:
        if panel in self.panels:
            self.panels.remove(panel)
        if self.focused is not None and panel in self.focused.ancestors_with_self:
            # now, not when it is gone: the keys typed after the one that closed it (a
            # menu's digit, then the form's first word) come to this screen, which hands
            # them to the panel opened next (`hold_for`), never to a widget on its way out
            self.set_focus(None)
        # Hidden now, removed once the screen is drawn: the form's widgets are torn down
        # after the case screen is back in sight, not before.
        panel.closed = True
        panel.display = False
        self.call_after_refresh(self._discard, panel)
        if self.panels:
            self.panels[-1].display = True
            self.panels[-1].refocus()
        else:
            self.query_one("#case-body").display = True
            self.set_focus(None)
        # laid out in the next frame, not one after it: the frame that hides the form
        # shows the case behind it
        self.refresh(repaint=False, layout=True)
        self.refresh_bindings()

    def _discard(self, panel: Panel) -> None:
        panel.remove()  # not awaited: nothing waits for it

    def on_key(self, event: events.Key) -> None:
        hold_for(self.panels[-1] if self.panels else None, self, event)

    def on_paste(self, event: events.Paste) -> None:
        hold_for(self.panels[-1] if self.panels else None, self, event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a panel is open, the case keys rest (a digit or a letter typed into a
        choice must not start another entry); Esc closes the panel."""
        return not (self.panels and action != "back")

    # --- keys -------------------------------------------------------------------------------------
    def action_primary(self) -> None:
        if self.shown_step is None and self.state is not None and self.state.urgent_entry:
            entries.record_kind(self, self.state.urgent_entry)  # the overdue check-in
            return
        entries.primary(self, self.shown_step)

    def action_option(self, number: int) -> None:
        entries.option(self, self.shown_step, number)

    def action_earlier(self) -> None:
        entries.earlier(self, self.shown_step)

    def action_skip(self) -> None:
        entries.skip(self, self.shown_step)

    def action_note(self) -> None:
        entries.note(self)

    def action_danger(self) -> None:
        entries.danger(self)

    def action_facts(self) -> None:
        entries.facts(self)

    def action_level(self) -> None:
        entries.level(self)

    def action_custody(self) -> None:
        entries.custody(self)

    def action_contact(self) -> None:
        entries.contact(self)

    def action_medical(self) -> None:
        entries.medical(self)

    def action_report(self) -> None:
        entries.report(self)

    def action_copy(self) -> None:
        entries.copy(self)

    def action_undo(self) -> None:
        entries.undo(self)

    def action_actor(self) -> None:
        entries.change_actor(self)

    def action_close_case(self) -> None:
        entries.close_case(self)

    def action_export(self) -> None:
        from oncall.tui.exporting import start_export

        start_export(self.oc, self.case_id)

    def action_intervals(self) -> None:
        from oncall.tui.exporting import show_intervals

        self.redraw()  # the state as of now, folded incrementally: no second replay
        show_intervals(self.oc, self.case_id, self.state)

    def action_timeline(self) -> None:
        from oncall.tui.screens.timeline import TimelinePanel

        present(self.app, TimelinePanel(self.case_id))

    def action_go_to_phase(self) -> None:
        """Straight to a phase's first step still to do (at a seat: to one's own part),
        rather than step by step with ↓."""
        from oncall.tui.dialogs import MenuPanel

        def picked(phase_id: str | None) -> None:
            step_id = view.phase_start(self.state, phase_id) if phase_id else None
            if step_id is not None:
                self.selected = step_id
                self.ticked = set()
                self.paint()

        choices = view.phase_choices(self.state, self.oc.lang)
        present(self.app, MenuPanel(t("case.go_to_title", self.oc.lang), choices), picked)

    def action_move(self, delta: int) -> None:
        ids = view.visible_steps(self.state, self.oc.playbook)
        if not ids:
            return
        current = self.shown_step if self.shown_step in ids else ids[0]
        index = max(0, min(len(ids) - 1, ids.index(current) + delta))
        self.selected = ids[index]
        self.ticked = set()
        self.paint()

    def action_back(self) -> None:
        """Esc: close the open panel; else back to the ▶ step; from there, the board."""
        if self.panels:
            self.panels[-1].finish(None)
            return
        if self.selected is not None and self.selected != self.state.current_step:
            self.selected = None
            self.ticked = set()
            self.redraw()
            return
        self.dismiss(None)


def phase_text(shown: view.CaseView) -> Text:
    """The phase list; the line of the step looked at is shown in reverse (and marked
    › for terminals without colour)."""
    text = Text()
    for n, line in enumerate(shown.phase_lines):
        if n:
            text.append("\n")
        text.append(line, style="reverse" if n == shown.viewed_line else "")
    return text
