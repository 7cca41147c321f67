"""Case state → what the screens show. The only TUI module that reads `CaseState`;
it computes nothing the replay does not already know, it only words and lays it out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from oncall.case import CaseState, TimerState, replay
from oncall.case.incremental import CaseReplayers
from oncall.case.timers import CHECK_IN, CUSTODY_CLOCK, short_title, upcoming
from oncall.case.warnings import (
    CHECKIN_OVERDUE,
    CUSTODY_GAP,
    GUARDIAN_UNREACHED,
    LEVEL1_WITHOUT_CUSTODY,
    REPORT_OVERDUE,
)
from oncall.describe import Describer
from oncall.journal import Event, Journal
from oncall.playbook import fill
from oncall.playbook.model import DoneBy, Lang, Playbook, Step
from oncall.tui.i18n import t
from oncall.vocabulary.kind_words import KIND_WORDS
from oncall.vocabulary.words import HOSPITALS
from oncall.wording import case_values, directory_blank_in

if TYPE_CHECKING:
    from oncall.tui.app import OncallApp

WARN = "⚠"
NEXT = "▶"
MARKS = {"done": "✓", "answered": "✓", "skipped": "⤼", "pending": "·", "not_applicable": " "}


def lead(mark: str, text: str, lang: Lang) -> str:
    """A symbol and a label before text. In Chinese no space follows: Textual wraps at
    spaces, and a long run of Chinese after one would leave the symbol alone on a line."""
    return f"{mark}{text}" if lang == "zh" else f"{mark} {text}"


def replay_case(journal: Journal, playbook: Playbook, case_id: str, now: datetime) -> CaseState:
    return replay(playbook, journal.events(case_id), now)


def hm(delta: timedelta | None) -> str:
    """A duration as H:MM (negative durations get a minus sign)."""
    if delta is None:
        return "-"
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}"


SPAN_UNITS: dict[tuple[Lang, bool], tuple[str, str, str, str]] = {
    ("zh", False): ("天", "小时", "分", "分钟"),
    ("en", False): (" d ", " h ", " min", " min"),
    ("zh", True): ("天", "时", "分", "分"),
    ("en", True): ("d", "h", "m", "m"),
}
"""(day, hour, minutes after hours, minutes alone) of a duration; the short set where
the status bar has no room."""


def span(delta: timedelta | None, lang: Lang, short: bool = False) -> str:
    """A duration that cannot be read as a clock time: "22小时50分" / "22 h 50 min",
    "9分钟" / "9 min", "6天3小时" / "6 d 3 h"; short: "22时50分" / "22h50m" (whole
    minutes, rounded down)."""
    if delta is None:
        return "-"
    day, hour, mins, alone = SPAN_UNITS[(lang, short)]
    minutes = max(0, int(delta.total_seconds()) // 60)
    if minutes >= 1440:
        return f"{minutes // 1440}{day}{minutes // 60 % 24}{hour}".rstrip()
    if minutes >= 60:
        rest = f"{minutes % 60}{mins}" if minutes % 60 else ""
        return f"{minutes // 60}{hour}{rest}".rstrip()
    return f"{minutes}{alone}".strip()


def clock(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%H:%M") if moment else "-"


def level_titles(playbook: Playbook, lang: Lang) -> dict[str, str]:
    return {level: text.get(lang) for level, text in playbook.level_titles.items()}


def level_title(state: CaseState, playbook: Playbook, lang: Lang) -> str:
    if state.level is None:
        return t("level.none", lang)
    return level_titles(playbook, lang).get(state.level, state.level)


# --- the case screen ------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseView:
    header: str
    drill: bool
    status: str
    warnings: list[str]
    warning_codes: set[str]
    next_action: str
    phase_lines: list[str]
    step_ids: list[str]
    current_step: str | None
    viewed_line: int | None = None
    """The phase list's line of the step looked at, when it is not the ▶ step."""


short = short_title
"""A title without its parenthetical, for the one-line status bar."""


def next_deadline(
    state: CaseState, lang: Lang, now: datetime, room: int | None = None, compact: bool = False
) -> str:
    """The nearest due item and its time left, with every other item due in the same
    minute named beside it; then any item whose timer gives notice (`notice_minutes`:
    the weekly report, a day ahead) once that notice has begun, so it is seen before it
    is due. Every running timer counts; the custody check-in counts from the custody
    record's own due time (after a handover, from the handover). With `room` (terminal
    cells), the titles are shortened, never the times."""
    running = upcoming(state.timers, state.custody.next_check_due)
    if not running:
        return ""
    due_at = running[0][0]
    together = [title for due, title, _n in running if due - due_at < timedelta(minutes=1)]
    ahead = [
        (due, title)
        for due, title, notice in running[len(together) :]
        if notice is not None and due - timedelta(minutes=notice) <= now
    ]
    remaining = due_at - now
    if remaining < timedelta(0):
        when = f"{WARN}{t('case.overdue', lang)} {span(-remaining, lang)}"
    elif compact:
        when = span(remaining, lang, short=True)
    elif remaining > timedelta(hours=12):
        when = f"{t('case.remaining', lang)} {span(remaining, lang)}"
    else:
        when = f"{clock(due_at)} ({t('case.remaining', lang)} {span(remaining, lang)})"
    later = [f"{t('case.remaining', lang)} {span(due - now, lang)}" for due, _title in ahead]
    titles = [short(title.get(lang)) for title in together]
    notices = [short(title.get(lang)) for _due, title in ahead]
    prefix = "" if compact else f"{t('case.deadline', lang)} "
    full = f"{prefix}{' · '.join(titles)} {when}" + "".join(
        f" · {title} {left}" for title, left in zip(notices, later, strict=True)
    )
    if room is None or cell_len(full) <= room:
        return full
    # the titles need the room: the times stay whole, the titles share what is left
    if remaining < timedelta(0):
        when = f"{WARN}{t('case.overdue', lang)} {span(-remaining, lang, short=True)}"
    elif cell_len(when) > 12:
        when = f"{t('case.remaining', lang)} {span(remaining, lang, short=True)}"
    if ahead:
        prefix = ""
        later = [span(due - now, lang, short=True) for due, _title in ahead]
    fixed = cell_len(prefix) + cell_len(when) + 1 + sum(cell_len(x) + 4 for x in later)
    count = len(titles) + len(notices)
    each = max(4, (room - fixed - 3 * (count - 1)) // count)
    titles = [fit(title, each) for title in titles]
    notices = [fit(title, each) for title in notices]
    text = f"{prefix}{' · '.join(titles)} {when}"
    for title, left in zip(notices, later, strict=True):
        text += f" · {title} {left}"
    return text


def fit(text: str, cells: int) -> str:
    """`text` cut to `cells` terminal cells (Chinese characters take two), with …"""
    if cell_len(text) <= cells:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > cells - 1:
            break
        out += char
    return out + "…"


def minutes_ago(moment: datetime | None, now: datetime, lang: Lang) -> str:
    if moment is None:
        return "-"
    minutes = max(0, int((now - moment).total_seconds() // 60))
    return t("case.minutes_ago", lang).format(n=minutes)


def names(people: tuple[str, ...] | list[str], lang: Lang, most: int = 2) -> str:
    shown = sep(lang).join(people[:most])
    if len(people) > most:
        shown += t("case.and_more", lang).format(n=len(people), more=len(people) - most)
    return shown


def custody_clock(state: CaseState) -> TimerState | None:
    """The custody clock: the timer the playbook declares with role "custody_clock"."""
    return state.timer_with(CUSTODY_CLOCK)


def status_line(
    state: CaseState,
    playbook: Playbook,
    lang: Lang,
    now: datetime,
    width: int | None = None,
    seats: str = "",
) -> str:
    """Two lines that never wrap: level, time open, the 24-hour clock, and (at a seat of
    `oncall serve`) who else has the case open; then custody (who, last and next check)
    and the next deadline."""
    custody = state.custody
    until = state.closed_at if state.closed and state.closed_at else now
    first = [
        level_title(state, playbook, lang),
        f"{t('case.opened_for', lang)} {span(until - state.opened_at, lang)}",
    ]
    clock24 = custody_clock(state)
    if custody.started_at is not None:
        left = clock24.remaining(now) if clock24 is not None else None
        elapsed = span(custody.elapsed(now), lang)
        first.append(
            f"{t('case.clock24', lang)} {t('case.elapsed', lang)} {elapsed}"
            + (f" {t('case.remaining', lang)} {span(left, lang)}" if left is not None else "")
        )
    second = []
    if custody.active and custody.custodians:
        since_check = custody.last_check or custody.last_checkin or custody.since
        checks = f"{t('case.checkin_ago', lang)} {minutes_ago(since_check, now, lang)}"
        if custody.next_check_due is not None and custody.next_check_due < now:
            checks += f" {WARN}"
        second.append(f"{t('case.custody', lang)} {names(custody.custodians, lang)} ({checks})")
    elif custody.active:
        second.append(f"{t('case.custody', lang)} {WARN}{t('case.no_custody', lang)}")
    elif custody.ended is not None:
        second.append(f"{t('case.custody', lang)} {t('case.handed_over', lang)}")
    if seats and (width is None or cell_len(" │ ".join([*first, seats])) <= width - 2):
        first.append(seats)  # where it fits whole; else the header says it (`case_view`)
    room = None
    if width is not None:
        used = cell_len(" │ ".join(second)) + (3 if second else 0)
        room = width - 2 - used  # the bar's padding
    deadline = "" if state.closed else next_deadline(state, lang, now, room)
    if deadline:
        second.append(deadline)
    return " │ ".join(first) + ("\n" + " │ ".join(second) if second else "")


REDRAW_EVERY = timedelta(seconds=5)


def next_change(state: CaseState, now: datetime) -> datetime:
    """When the screen must be redrawn even if nothing is recorded: the clocks every
    few seconds, and any due time that falls sooner."""
    soonest = now + REDRAW_EVERY
    for timer in state.timers:
        if timer.running and timer.due_at is not None and now < timer.due_at < soonest:
            soonest = timer.due_at
    due = state.custody.next_check_due
    if due is not None and now < due < soonest:
        soonest = due
    return soonest


def visible_steps(state: CaseState, playbook: Playbook) -> list[str]:
    """Steps that apply now, plus those already recorded, in playbook order."""
    return [
        step_id
        for step_id, s in state.steps.items()
        if s.applicable or s.status != "not_applicable"
    ]


def phase_choices(state: CaseState, lang: Lang) -> list[tuple[str, str]]:
    """The phases to go to (`g`): those that apply or were entered, each with how many
    of its steps are handled, as the phase list shows them."""
    choices = []
    for phase in state.phases:
        counted = [s for s in phase.steps if s in _counted(state)]
        if not counted:
            continue
        handled = sum(1 for s in counted if state.steps[s].status != "pending")
        choices.append((phase.id, f"{handled}/{len(counted)} {phase.title.get(lang)}"))
    return choices


def phase_start(state: CaseState, phase_id: str) -> str | None:
    """Where going to a phase lands: its first step still to do, else its first."""
    phase = next((p for p in state.phases if p.id == phase_id), None)
    if phase is None:
        return None
    counted = [s for s in phase.steps if s in _counted(state)]
    pending = [s for s in counted if state.steps[s].status == "pending"]
    return next(iter(pending or counted), None)


def _counted(state: CaseState) -> set[str]:
    return {
        step_id
        for step_id, s in state.steps.items()
        if s.applicable or s.status != "not_applicable"
    }


WARNING_KEYS: dict[str, str] = {
    CUSTODY_GAP: "case.custody",
    LEVEL1_WITHOUT_CUSTODY: "case.custody",
    CHECKIN_OVERDUE: "case.custody",
    GUARDIAN_UNREACHED: "case.contact",
    REPORT_OVERDUE: "case.report",
}
"""The binding (by id) that records what a warning asks for: its key is named on the
warning line, so nobody has to guess which menu holds the check-in."""


def case_view(
    state: CaseState,
    playbook: Playbook,
    lang: Lang,
    now: datetime,
    problem: str | None,
    viewed: str | None = None,
    width: int | None = None,
    keys: dict[str, str] | None = None,
    seats: str = "",
    alerts: Sequence[str] = (),
) -> CaseView:
    """`keys`: binding id → the key that runs it now (after a school's keymap). `seats`:
    who else has the case open, at a seat of `oncall serve` (`tui.seating`); `alerts`:
    what goes first on the warnings line (a seat that lost its server)."""
    facts = state.facts
    student = " ".join(str(facts.get(k, "")) for k in ("student_name", "student_class")).strip()
    header = f"{t('col.case', lang)} {state.case}" + (f" · {student}" if student else "")
    header += f" · {level_title(state, playbook, lang)}"
    status = status_line(state, playbook, lang, now, width, seats)
    if seats and seats not in status:  # no room beside the clocks: never at the deadline's
        header += f" · {seats}"
    if state.drill:
        header = f"[{t('drill', lang)}] " + header + f" [{t('drill', lang)}]"
    colon = "：" if lang == "zh" else ": "
    warnings = [
        lead(
            WARN,
            f"{t('case.warning', lang)}{colon}{w.message.get(lang)} ({clock(w.since)})"
            + _key_hint(w.code, keys or {}, lang),
            lang,
        )
        for w in state.warnings
    ]
    if problem:
        warnings.insert(0, lead(WARN, f"{t('err.damaged_case', lang)}{colon}{problem}", lang))
    warnings[:0] = [lead(WARN, alert, lang) for alert in alerts]
    if state.closed:
        next_line = lead(NEXT, t("case.closed", lang), lang)
    else:
        # The ▶ line is what Space does: the current step. A warning that asks for
        # something else is on the warnings line right above it.
        # An overdue check-in comes first (`urgent_entry`): ▶ says it and Space records it.
        doing = state.next_action.get(lang)
        gap = bool(state.warnings) and state.warnings[0].code == CUSTODY_GAP
        if state.current_step is not None and not gap and state.urgent_entry is None:
            doing = playbook.step(state.current_step).title.get(lang)
        next_line = lead(NEXT, f"{t('case.next', lang)}{colon}{doing}", lang)
    current = state.current_step
    pointed = None if state.urgent_entry is not None else current
    """The step marked ▶ in the list (none while ▶ is the check-in)."""
    current_phase = None
    if current is not None:
        current_phase = state.steps[current].phase
    viewed_phase = (
        state.steps[viewed].phase if viewed is not None and viewed in state.steps else None
    )
    lines: list[str] = []
    viewed_line = None
    for phase in state.phases:
        if not phase.applicable and not phase.entered:
            continue
        # the steps that count: those that apply, and those recorded before the phase
        # (or the step) was made moot — recorded work is never shown as "n/a"
        counted = [
            s
            for s in phase.steps
            if state.steps[s].applicable or state.steps[s].status != "not_applicable"
        ]
        handled = [s for s in counted if state.steps[s].status != "pending"]
        finished = len(handled) == len(counted)
        if not counted:  # entered, then made moot before anything was recorded
            lines.append(f"— {t('case.phase_moot', lang)} {phase.title.get(lang)}")
            continue
        mark = NEXT if phase.id == current_phase and pointed else ("✓" if finished else " ")
        lines.append(f"{mark} {len(handled)}/{len(counted)} {phase.title.get(lang)}")
        if phase.id in (current_phase, viewed_phase):
            for step_id in phase.steps:
                step_state = state.steps[step_id]
                if step_id not in counted and step_id != viewed:
                    continue
                step_mark = NEXT if step_id == pointed else MARKS[step_state.status]
                pointer = "  ›" if step_id == viewed and viewed != current else "   "
                if step_id == viewed and viewed != current:
                    viewed_line = len(lines)
                line = f"{pointer} {step_mark} {playbook.step(step_id).title.get(lang)}"
                lines.append(line)
    return CaseView(
        header=header,
        drill=state.drill,
        status=status,
        warnings=warnings,
        warning_codes=set(state.warning_codes) | ({"damaged"} if problem else set()),
        next_action=next_line,
        phase_lines=lines,
        step_ids=visible_steps(state, playbook),
        current_step=None if state.closed else current,
        viewed_line=viewed_line,
    )


@dataclass(frozen=True)
class StepDetail:
    title: str
    meta: str
    guidance: list[str]
    options: list[str]
    hint: str


KIND_HINT = {
    "question": "case.options_hint",
    "choice": "case.options_hint",
    "check": "case.check_hint",
    "form": "case.form_hint",
}


def sep(lang: Lang) -> str:
    return "、" if lang == "zh" else ", "


def step_detail(
    state: CaseState,
    playbook: Playbook,
    step_id: str | None,
    lang: Lang,
    ticked: set[str],
    values: dict[str, str] | None = None,
    example_directory: bool = False,
) -> StepDetail:
    """The shown step; its scripts filled with `values` (this machine's screen). With a
    directory of samples (`placeholder = true`) the scripts keep their blanks and say
    why in one line."""
    if step_id is None:
        if state.closed:
            text = t("case.closed", lang)
        elif upcoming(state.timers, state.custody.next_check_due):
            text = state.next_action.get(lang)  # nothing due now: the next item and when
        else:
            text = t("case.all_done", lang)
        return StepDetail(text, "", [], [], "")
    step = playbook.step(step_id)
    status = state.steps[step_id]
    roles = {r.id: r.title.get(lang) for r in playbook.roles}
    meta = [t(f"case.status.{status.status}", lang)]
    if step.roles:
        meta.append(sep(lang).join(roles.get(r, r) for r in step.roles))
    if status.status == "skipped":
        meta.append(
            f"{t('case.skipped_because', lang)}{'：' if lang == 'zh' else ': '}{status.reason}"
        )
    elif status.at is not None and status.status != "pending":
        meta.append(f"{clock(status.at)} {status.actor}")
    options: list[str] = []
    chosen = status.value
    for n, option in enumerate(step.options, start=1):
        label = option.label.get(lang)
        key = option_key(n)
        if step.kind == "check":
            on = option.id in ticked or (
                not ticked and isinstance(chosen, list) and option.id in chosen
            )
            options.append(f"  {key} {lead('[x]' if on else '[ ]', label, lang)}")
        else:
            options.append(f"  {key} {lead('(•)' if chosen == option.id else '( )', label, lang)}")
    if status.status == "answered" and step.kind == "form" and isinstance(chosen, dict):
        options.extend(f"  {k}: {v}" for k, v in chosen.items())
    directory_blanks = False
    for script in step.scripts:
        options.append("")
        options.append(f"「{script.title.get(lang)}」({t('key.copy', lang)}: y)")
        text = fill(script.text.get(lang), values or {})
        options.extend(f"  {line}" for line in text.splitlines())
        directory_blanks = directory_blanks or directory_blank_in(text, lang)
    hint = t(KIND_HINT.get(step.kind, "case.action_hint"), lang)
    if step.kind not in KIND_HINT and step.records is not None:
        hint = t("case.entry_hint", lang)
    if step_id != state.current_step:
        hint += "\n" + t("case.back_hint", lang)
    if directory_blanks and example_directory:  # only beside a blank it explains
        hint = t("case.example_directory", lang) + "\n" + hint
    mark = NEXT if step_id == state.current_step else "›"
    return StepDetail(
        title=lead(mark, step.title.get(lang), lang),
        meta=" · ".join(meta),
        guidance=[lead("•", line, lang) for line in step.guidance.get(lang)],
        options=options,
        hint=hint,
    )


def entry_detail(state: CaseState, kind: str, lang: Lang) -> StepDetail:
    """The middle of the screen while ▶ is an entry (the overdue check-in): what to do,
    since when it is due, and that Space opens it."""
    warning = state.warning(CHECKIN_OVERDUE)
    meta = f"{WARN}{t('case.overdue', lang)} · {clock(warning.since)}" if warning else ""
    guidance = [lead("•", warning.message.get(lang), lang)] if warning else []
    clock_of = state.timer_with(CHECK_IN)  # its title as the playbook declares it
    title = short(clock_of.title.get(lang)) if clock_of else KIND_WORDS[kind].get(lang)
    return StepDetail(
        title=lead(NEXT, title, lang),
        meta=meta,
        guidance=guidance,
        options=[],
        hint=t("case.entry_hint", lang),
    )


def option_key(n: int) -> str:
    """The key of the n-th option: 1–9, then 0 for the tenth (the longest list in the
    default playbook has ten)."""
    return str(n % 10)


def next_in_series(state: CaseState, step_id: str) -> str | None:
    """After recording `step_id`: the next step of its phase still to do (the next
    ASQ question, the screen's result), or None when the phase has none left."""
    if step_id not in state.steps or state.steps[step_id].status == "pending":
        return None
    phase = state.steps[step_id].phase
    after = False
    for other_id, other in state.steps.items():
        if other_id == step_id:
            after = True
            continue
        if after and other.phase == phase and other.applicable and other.status == "pending":
            return other_id
    return None


def special_entry(step: Step) -> DoneBy | None:
    """How this step is recorded when it writes its own event (custody, contacts,
    medical, reports): its `records`; Space (or `e`) opens that entry, not a tick."""
    return step.records


def suggestion(state: CaseState, lang: Lang) -> tuple[str | None, list[str], list[str]]:
    s = state.suggestion
    return s.level, list(s.rule_ids), [d.because.get(lang) for d in s.drivers]


def default_hospital(directory: Any, lang: Lang) -> str:
    """The directory's hospital; none from a directory of samples (placeholder = true)."""
    if directory is None or directory.placeholder:
        return ""
    for kind in HOSPITALS:
        found = directory.institutions_of(kind)
        if found:
            return str(found[0].name.get(lang))
    return ""


def person_for(directory: Any, role: str) -> str:
    """The directory's first person for a role; none from a directory of samples."""
    if directory is None or directory.placeholder:
        return ""
    people = directory.people_for(role)
    return str(people[0].name) if people else ""


def wording_values(state: CaseState, app: OncallApp, include_name: bool) -> dict[str, str]:
    directory = app.directory
    school = directory.school if directory is not None and not directory.placeholder else ""
    return case_values(
        state,
        app.playbook,
        school=school,
        actor=app.actor,
        now=app.clock(),
        lang=app.lang,
        include_name=include_name,
        hospital=default_hospital(app.directory, app.lang),
        # a directory of samples (placeholder = true) never fills a script: the blank shows
        school_address=app.directory.address if directory is not None and school else "",
    )


def describe_event(event: Event, playbook: Playbook, lang: Lang) -> str:
    return Describer(playbook, lang)(event)


def timeline_rows(state: CaseState, playbook: Playbook, lang: Lang) -> list[tuple[str, str, str]]:
    """Every event by when it happened (`CaseState.timeline`); a late entry shows when it
    was typed, a withdrawn one says so (nothing is hidden from the record)."""
    describe = Describer(playbook, lang)
    by_id = {e.id: e for e in state.recorded}
    rows = []
    for row in state.timeline():
        event = row.event
        when = event.at_time.astimezone().strftime("%m-%d %H:%M:%S")
        if row.late:
            when += f" ({t('col.recorded', lang)} {clock(event.recorded_time)})"
        what = describe(event, by_id)
        if row.effect == "withdrawn":
            what += f" {t('timeline.withdrawn', lang)}"
        if event.drill:
            what = f"[{t('drill', lang)}] {what}"
        rows.append((when, event.actor, what))
    return rows


# --- the board ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class BoardRow:
    case_id: str
    cells: tuple[str, ...]


BOARD_URGENT_CELLS = 24
"""The board's most-urgent column: at 80 columns every column and the case id fit."""


def board_level(state: CaseState, lang: Lang) -> str:
    """The level as short as it stays clear (I级 / I): the board is narrow."""
    if state.level is None:
        return "-"
    return f"{state.level}级" if lang == "zh" else state.level


def most_urgent(state: CaseState, lang: Lang, now: datetime) -> str:
    if state.warnings:
        return f"{WARN} {state.warnings[0].message.get(lang)}"
    return next_deadline(state, lang, now, room=BOARD_URGENT_CELLS, compact=True)


def board_rows(
    journal: Journal,
    playbook: Playbook,
    now: datetime,
    lang: Lang,
    replayers: CaseReplayers | None = None,
    *,
    drill: bool = False,
) -> list[BoardRow]:
    """Open cases first (newest first), then closed ones; only open ones are replayed,
    through `replayers` kept between calls (a case folds only the events it gained; one
    whose file has not changed since its pass was kept is not read at all).
    Real cases and drill cases never share a board: `drill` says which to list."""
    replayers = replayers if replayers is not None else CaseReplayers(playbook)
    open_rows: list[BoardRow] = []
    closed_rows: list[BoardRow] = []
    for info in journal.cases():
        if info.drill != drill:
            continue
        student = str(info.facts.get("student_name", ""))
        label = f"{info.id} {student}".strip()
        if info.drill:
            label = f"[{t('drill', lang)}] {label}"
        if info.closed_at:
            closed_at = datetime.fromisoformat(info.closed_at).astimezone()
            closed_rows.append(
                BoardRow(
                    info.id,
                    (
                        t("board.closed", lang),
                        closed_at.strftime("%m-%d %H:%M"),
                        "",
                        "",
                        label,
                    ),
                )
            )
            continue
        state = replayers.known(info.id, journal.case_version(info.id), now)
        if state is None:  # new events, or no pass kept: read the case, fold what it gained
            events = journal.events(info.id)
            state = replayers.state(info.id, events, now, journal.case_version(info.id))
        named = str(state.facts.get("student_name", "") or "")
        if named and named != student:  # given later, with f
            label = f"{info.id} {named}"
            if info.drill:
                label = f"[{t('drill', lang)}] {label}"
        custody = names(state.custody.custodians, lang, most=1) or (
            f"{WARN}{t('case.no_custody', lang)}" if state.custody.active else "-"
        )
        open_rows.append(
            BoardRow(
                info.id,
                (
                    board_level(state, lang),
                    fit(most_urgent(state, lang, now), BOARD_URGENT_CELLS),
                    custody,
                    hm(now - state.opened_at),
                    label,
                ),
            )
        )
    replayers.keep_only(row.case_id for row in open_rows)
    return list(reversed(open_rows)) + list(reversed(closed_rows))


BOARD_SIDE = "board"
"""The board's sealed side file: each open case's pass, so the first board after
unlocking reads no case file that has not changed (`CaseReplayers.dumps`)."""


def load_board_passes(journal: Journal, replayers: CaseReplayers) -> None:
    replayers.load(journal.read_side(BOARD_SIDE))


def save_board_passes(journal: Journal, replayers: CaseReplayers) -> None:
    """Seal the board's passes when a case was folded from its events since they were
    last sealed (nothing to write otherwise)."""
    if replayers.changed and not journal.read_only:
        journal.write_side(BOARD_SIDE, replayers.dumps())


def _key_hint(code: str, keys: dict[str, str], lang: Lang) -> str:
    binding = WARNING_KEYS.get(code)
    key = keys.get(binding) if binding is not None else None
    if binding is None or not key:
        return ""
    action = t("key." + binding.removeprefix("case."), lang)  # case.custody → key.custody
    return t("case.warning_key", lang).format(key=key, action=action)
