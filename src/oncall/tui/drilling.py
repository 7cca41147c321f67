"""Drill mode in the app: starting a run of a scenario, injects arriving on time as
notices, typed responses, the banner every screen shows, and the report at the end.

The domain work (`oncall.drill`) decides what is due and what a run scored; this module
only asks people, records through it, and shows what it says."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oncall.case import CaseState, replay
from oncall.case import kinds as k
from oncall.drill import Scenario, load_scenario, next_reply, record_due, respond, runs_of
from oncall.drill.schedule import started_at
from oncall.drill.score import judge_injects
from oncall.journal import OncallError
from oncall.tui.dialogs import Field, FormPanel, MenuPanel, present
from oncall.tui.i18n import t
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
            if values is not None:
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
                text += "\n" + t("drill.respond_within", lang).format(
                    minutes=respond_in.within_minutes
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
            screen = self.app.screen
            if hasattr(screen, "redraw") and getattr(screen, "case_id", None) == self.case_id:
                screen.redraw()
        if state.closed and self.case_id not in self.reported:
            self.reported.add(self.case_id)
            self.show_report(self.case_id)

    def waiting(self, state: CaseState) -> list[str]:
        """Injects fired that still wait for a response, oldest first."""
        return [r.id for r in judge_injects(self.scenario, state) if r.status == "pending"]

    def ask_response(self) -> None:
        lang = self.app.lang
        state = self.state()
        if state is None:
            self.app.notify(t("drill.not_in_drill", lang), markup=False)
            return
        waiting = self.waiting(state)
        if not waiting:
            self.app.notify(t("drill.nothing_to_answer", lang), markup=False)
            return
        choices = tuple(
            (inject_id, self.scenario.inject(inject_id).text.get(lang)[:60])
            for inject_id in waiting
        )
        fields = [
            Field(
                "inject",
                t("drill.respond_which", lang),
                kind="choice",
                choices=choices,
                value=waiting[-1],
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
        now = self.app.clock()
        head += f" · {clock_text(started_at(state), now)}"
        out = [head]
        arrived = [e for e in state.events if e.kind == k.DRILL_INJECT]
        waiting = set(self.waiting(state))
        for event in arrived[-1:]:
            inject_id = str(event.data.get("inject", ""))
            text = dict(event.data.get("text", {})).get(lang, inject_id)
            mark = "▶ R" if inject_id in waiting else "·"
            out.append(f"{mark} {clock_text(started_at(state), event.at_time)} {text}")
        calls = []
        for guardian in self.scenario.guardians:
            number, outcome = next_reply(self.scenario, state, guardian.id)
            calls.append(
                t("drill.next_call", lang).format(
                    who=f"{guardian.relation} {guardian.name}",
                    phone=guardian.phone,
                    n=number,
                    outcome=word(outcome, lang),
                )
            )
        if calls:
            colon = "：" if lang == "zh" else ": "
            out.append(t("drill.calls", lang) + colon + " · ".join(calls))
        return out + self.real_case_lines()

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
