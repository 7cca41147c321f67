"""Drill mode in the app: starting a run of a scenario, injects arriving on time as
notices, typed responses, the banner every screen shows, and the report at the end.

The domain work (`oncall.drill`) decides what is due and what a run scored; this module
only asks people, records through it, and shows what it says."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oncall.case import CaseState, replay
from oncall.drill import Scenario, load_scenario, next_reply, record_due, respond, runs_of
from oncall.drill.schedule import started_at
from oncall.drill.score import InjectResult, judge_injects
from oncall.journal import OncallError
from oncall.tui.dialogs import Field, FormPanel, MenuPanel, TextPanel, present
from oncall.tui.i18n import t
from oncall.tui.messages import CaseChanged
from oncall.vocabulary.words import word

if TYPE_CHECKING:
    from oncall.tui.app import OncallApp

WARN = "⚠"


def clock_text(start: datetime, now: datetime) -> str:
    seconds = max(0, int((now - start).total_seconds()))
    return f"T+{seconds // 60}:{seconds % 60:02d}"


@dataclass
class DrillMode:
    """The app runs drills of this scenario (`oncall drill SCENARIO`, or picked from the
    board). `case_id` is the run under way."""

    app: OncallApp
    scenario: Scenario
    path: Path
    case_id: str | None = None
    reported: set[str] = field(default_factory=set)

    # --- starting a run ----------------------------------------------------------------
    def begin(self) -> None:
        """After unlocking: resume this scenario's unfinished run, else start one (asking
        first when a real case is open)."""
        journal = self.app.journal
        assert journal is not None
        unfinished = [c for c in runs_of(journal, self.scenario.id) if not c.closed_at]
        if unfinished:
            self.case_id = unfinished[-1].id
            self.app.open_case(self.case_id)
            return
        self.confirm_then_start()

    def confirm_then_start(self) -> None:
        lang = self.app.lang
        real = self.app.open_real_cases()
        if not real:
            self.ask_players()
            return

        def answered(choice: str | None) -> None:
            if choice == "start":
                self.ask_players()
            else:  # declined: back to the board and case exactly as they were
                self.app.leave_drill()

        present(
            self.app,
            MenuPanel(
                t("drill.confirm_title", lang).format(cases=", ".join(real)),
                [
                    ("start", t("drill.confirm_start", lang)),
                    ("cancel", t("drill.confirm_cancel", lang)),
                ],
            ),
            answered,
        )

    def ask_players(self) -> None:
        lang = self.app.lang
        roles = {r.id: r.title.get(lang) for r in self.app.playbook.roles}
        fields = [
            Field(
                staff.role,
                t("drill.plays", lang).format(
                    role=roles.get(staff.role, staff.role), name=staff.name
                ),
            )
            for staff in self.scenario.staff
        ]

        def chosen(values: dict[str, Any] | None) -> None:
            if values is None:
                self.app.leave_drill()
            else:
                self.start({role: str(name or "") for role, name in values.items()})

        present(
            self.app,
            FormPanel(
                t("drill.players_title", lang).format(title=self.scenario.title.get(lang)),
                fields,
                lang,
                self.app.clock(),
                intro=t("drill.players_intro", lang),
            ),
            chosen,
        )

    def start(self, players: dict[str, str]) -> str | None:
        from oncall.drill import start_run

        journal = self.app.journal
        assert journal is not None
        try:
            self.case_id = start_run(
                journal,
                self.scenario,
                self.app.playbook,
                actor=self.app.actor,
                players=players,
                lang=self.app.lang,
            )
        except OncallError as exc:
            self.app.notify(exc.message, severity="error", markup=False)
            return None
        self.app.open_case(self.case_id)
        brief = self.scenario.situation.brief.get(self.app.lang)
        if brief:
            self.app.notify(
                "\n".join(brief),
                title=t("drill.brief_title", self.app.lang),
                timeout=30,
                markup=False,
            )
        return self.case_id

    # --- while it runs ------------------------------------------------------------------
    def state(self) -> CaseState | None:
        journal = self.app.journal
        if journal is None or self.case_id is None:
            return None
        return replay(self.app.playbook, journal.events(self.case_id), self.app.clock())

    def tick(self) -> None:
        """Record the injects that are due and show each as a notice; once the run is
        closed, show its report (once)."""
        journal = self.app.journal
        if journal is None or self.case_id is None or self.app.read_only:
            self.app.refresh_drill_banner()
            return
        now = self.app.clock()
        due, state = record_due(journal, self.case_id, self.scenario, self.app.playbook, now)
        lang = self.app.lang
        start = started_at(state)
        for item in due:
            text = item.inject.text.get(lang)
            respond_in = item.inject.respond
            if respond_in is not None:
                ends = item.at + timedelta(minutes=respond_in.within_minutes)
                if ends > now:
                    text += "\n" + t("drill.respond_within", lang).format(
                        minutes=respond_in.within_minutes
                    )
                else:  # caught up after a restart: its window has closed
                    text += "\n" + t("drill.window_closed", lang).format(
                        when=clock_text(start, ends)
                    )
            self.app.bell()
            self.app.notify(
                text,
                title=t("drill.inject_title", lang).format(when=clock_text(start, item.at)),
                severity="warning",
                timeout=20,
                markup=False,
            )
        self.app.refresh_drill_banner()
        if due:
            self.app.screen.post_message(CaseChanged(self.case_id))
        if state.closed and self.case_id not in self.reported:
            self.reported.add(self.case_id)
            case_id = self.case_id
            self.app.leave_drill()  # closing a drill returns to the normal board at once
            self.show_report(case_id)

    def results(self, state: CaseState) -> list[InjectResult]:
        return judge_injects(self.scenario, state, self.app.playbook)

    def answerable(self, state: CaseState) -> list[InjectResult]:
        """Injects a response can still be recorded for: waiting ones, and (while the run
        is open) missed ones, whose answer is then scored late."""
        if state.closed:
            return []
        return [r for r in self.results(state) if r.status in ("pending", "missed")]

    def ask_response(self) -> None:
        lang = self.app.lang
        state = self.state()
        if state is None:
            self.app.notify(t("drill.not_in_drill", lang), markup=False)
            return
        open_ones = self.answerable(state)
        if not open_ones:
            # A panel, not a toast: what was typed after `R` (the response, typed at
            # once) lands in it and is dropped, instead of running the case's keys.
            present(
                self.app,
                TextPanel(
                    t("drill.respond_title", lang),
                    t("drill.nothing_to_answer", lang),
                    t("drill.nothing_to_answer_typed", lang),
                ),
            )
            return
        late = t("drill.late_mark", lang)
        choices = tuple(
            (
                result.id,
                (late if result.status == "missed" else "")
                + self.scenario.inject(result.id).text.get(lang)[:60],
            )
            for result in open_ones
        )
        waiting = [r.id for r in open_ones if r.status == "pending"]
        fields = [
            Field(
                "inject",
                t("drill.respond_which", lang),
                kind="choice",
                choices=choices,
                value=(waiting or [open_ones[-1].id])[-1],
            ),
            Field("text", t("drill.respond_text", lang), required=True),
        ]
        journal = self.app.journal
        assert journal is not None and self.case_id is not None
        case_id = self.case_id

        def record(values: dict[str, Any]) -> None:
            respond(
                journal, case_id, str(values["inject"]), str(values["text"]), self.app.actor, None
            )

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.app.refresh_drill_banner()

        present(
            self.app,
            FormPanel(
                t("drill.respond_title", lang), fields, lang, self.app.clock(), on_submit=record
            ),
            closed,
        )

    def show_report(self, case_id: str | None = None) -> None:
        from oncall.tui.screens.drill_report import DrillReportScreen

        self.app.push_screen(DrillReportScreen(self.scenario, case_id or self.case_id))

    # --- what the banner says ------------------------------------------------------------
    def lines(self) -> list[str]:
        lang = self.app.lang
        head = f"{t('drill.banner', lang)} · {self.scenario.title.get(lang)}"
        state = self.state()
        if state is None:
            return [head, *self.real_case_lines()]
        start = started_at(state)
        head += f" · {clock_text(start, state.closed_at or self.app.clock())}"
        out = [head, *self.real_case_lines()]  # first: the banner's height is limited
        arrived = sorted(
            (r for r in self.results(state) if r.fired_at is not None),
            key=lambda r: r.fired_at or start,
        )
        for result in arrived:
            pending = result.status == "pending"
            if pending or result is arrived[-1]:  # every one waiting, and the latest
                mark = "▶ R" if pending else "·"
                text = self.scenario.inject(result.id).text.get(lang)
                out.append(f"{mark} {clock_text(start, result.fired_at or start)} {text}")
        calls = []
        for guardian in self.scenario.guardians:
            number, outcome = next_reply(self.scenario, state, guardian.id)
            calls.append(
                t("drill.next_call", lang).format(
                    who=f"{guardian.relation.get(lang)} {guardian.name}",
                    phone=guardian.phone,
                    n=number,
                    outcome=word(outcome, lang),
                )
            )
        if calls:
            colon = "：" if lang == "zh" else ": "
            out.append(t("drill.calls", lang) + colon + " · ".join(calls))
        return out

    def real_case_lines(self) -> list[str]:
        """Every open real case, with its most urgent warning: a drill never hides them."""
        journal = self.app.journal
        if journal is None:
            return []
        lang = self.app.lang
        now = self.app.clock()
        out = []
        for case_id in self.app.open_real_cases():
            line = t("drill.real_open", lang).format(case=case_id)
            real = replay(self.app.playbook, journal.events(case_id), now)
            if real.warnings:
                colon = "：" if lang == "zh" else ": "
                line = f"{WARN} {line}{colon}{real.warnings[0].message.get(lang)}"
            out.append(line)
        return out


def load_mode(app: OncallApp, path: Path) -> DrillMode:
    scenario, _playbook = load_scenario(path)
    return DrillMode(app, scenario, path)
