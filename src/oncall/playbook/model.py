"""The playbook as data: what the loader produces and what `oncall.case` replays against.

Nothing here knows about files or the UI. All classes are frozen: a loaded playbook
never changes; a case records the playbook's `content_hash` so later edits to the file
never rewrite history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from oncall.vocabulary.text import LANGS as LANGS
from oncall.vocabulary.text import Lang as Lang
from oncall.vocabulary.text import Text as Text
from oncall.vocabulary.timer_roles import SINGLE_ROLES as SINGLE_ROLES
from oncall.vocabulary.timer_roles import TIMER_ROLES as TIMER_ROLES
from oncall.vocabulary.words import LEVELS as LEVELS
from oncall.vocabulary.words import Level as Level

StepKind = Literal["check", "question", "choice", "action", "contact", "timer", "form", "note"]
STEP_KINDS: tuple[str, ...] = (
    "check",
    "question",
    "choice",
    "action",
    "contact",
    "timer",
    "form",
    "note",
)

STEP_ANSWERS: tuple[str, ...] = ("check", "question", "choice", "form")
"""Step kinds whose record is their answer (`step.answered`)."""


@dataclass(frozen=True, slots=True)
class Lines:
    """Guidance: one instruction per line, in both languages (same number of lines)."""

    zh: tuple[str, ...]
    en: tuple[str, ...]

    def get(self, lang: Lang) -> tuple[str, ...]:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True, slots=True)
class Option:
    """A possible answer of a question/choice step, or an item of a check step."""

    id: str
    label: Text


@dataclass(frozen=True, slots=True)
class FormField:
    id: str
    label: Text
    type: Literal["text", "time", "appointment", "person", "phone", "choice", "number"] = "text"
    """`time`: when something happened; `appointment`: a time to come (an agreed call)."""
    required: bool = False
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Script:
    """Ready-to-say/copy wording (话术); `{placeholders}` are filled from the case."""

    id: str
    title: Text
    text: Text
    prints: str | None = None
    """The printed form whose text this script is (see `FORMS`)."""


@dataclass(frozen=True, slots=True)
class DoneBy:
    """An event that does a step by itself: recording the thing (custody started, a 120
    call) ticks the step that asks for it, so nobody has to tick it as well.

    An effective event of `kind` does the step when `data[field] == value` (if `field` is
    given) and `when` holds at that moment, against the case as it stands once the event
    is applied (not as it ends up): a 120 call made before the danger path is taken does
    not do a step whose `when` asks for that path."""

    kind: str
    """An event kind of `oncall.case.kinds.ALL_KINDS`."""
    field: str | None = None
    value: str | int | bool | None = None
    """Compared with `data[field]` as is: "120" (a string) is not 120 (an integer)."""
    when: str | None = None
    """Condition (see `oncall.playbook.conditions`)."""


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    kind: StepKind
    title: Text
    guidance: Lines = Lines((), ())
    roles: tuple[str, ...] = ()
    when: str | None = None
    """Condition (see `oncall.playbook.conditions`); the step applies only while true."""
    options: tuple[Option, ...] = ()
    """question: the answers (default yes/no); choice: the choices; check: the items."""
    fields: tuple[FormField, ...] = ()
    scripts: tuple[Script, ...] = ()
    target_minutes: int | None = None
    """Target time from the case opening, for debriefs and drill scoring."""
    timer: str | None = None
    """For kind == "timer": the id of the timer this step shows."""
    required: bool = True
    """A required step stays pending (and can be the next action) until done or skipped."""
    done_by: tuple[DoneBy, ...] = ()
    """Other events that do this step by themselves (`StepState.by_event` names the
    kind): a genuinely different action that also completes it."""
    records: DoneBy | None = None
    """The event this step writes: doing the step (now, or earlier with a time) opens
    the entry of `records.kind`, with `field` preset to `value`, and writes that one
    event, which does the step. None: the step writes `step.done`/`step.answered`."""
    answered_by: DoneBy | None = None
    """question steps with yes/no answers: an event whose yes/no `field` answers the
    question (true: "yes", false: "no"), so a form that already asked it (the hospital
    handover's "ward custody required") is the answer, and ▶ does not ask again."""
    milestone: str | None = None
    """A milestone of `Playbook.milestones` reached when this step is done."""
    prints: str | None = None
    """The printed form this step's record fills in a debrief (see `FORMS`)."""
    urgent: str | None = None
    """Condition: while it holds and the step waits to be done, the step comes before
    every step that is not urgent (after the immediate-danger phase once entered)."""
    ready: str | None = None
    """Condition: the step waits for what it needs; it is not the next step while this
    does not hold (unless nothing else is left to do)."""
    closing: bool = False
    """The case's last step (archive): never the next step while any clock is running
    or overdue, or another step waits to be done."""

    @property
    def links(self) -> tuple[DoneBy, ...]:
        """Every event that does the step: what it records first, then `done_by`."""
        return self.done_by if self.records is None else (self.records, *self.done_by)


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    title: Text
    steps: tuple[Step, ...]
    when: str | None = None
    immediate: bool = False
    """The immediate-danger phase: reachable with one key from anywhere."""


@dataclass(frozen=True, slots=True)
class LevelRule:
    """If `when` holds, the suggested level is at least `level`, because `because`."""

    id: str
    when: str
    level: Level
    because: Text


@dataclass(frozen=True, slots=True)
class Timer:
    """A clock the case keeps. Triggers are ``step:<id>`` (step done/answered) or
    ``event:<kind>`` (an event of that kind) or ``case.opened``.

    interval: due `minutes` after start and after every `reset`, until `stop`.
    deadline: due once, `minutes` after start, met by `stop`.
    """

    id: str
    title: Text
    type: Literal["interval", "deadline"]
    minutes: int
    start: tuple[str, ...]
    stop: tuple[str, ...] = ()
    reset: tuple[str, ...] = ()
    when: str | None = None
    role: str | None = None
    """What the app uses the clock for (`TIMER_ROLES`); the code reads roles, never ids."""
    notice_minutes: int | None = None
    """The status bar names this clock from this many minutes before it is due, beside
    whatever is nearest (the weekly report, a day ahead), so it is seen before it is."""
    due_field: str | None = None
    """An `appointment` field of a form step that starts this deadline: once that form
    records a time there (the check-in call agreed with the guardian), the clock is due
    then, not `minutes` after the start."""


FORMS: dict[str, Text] = {
    "referral": Text("转介单（转介意见表）", "referral form"),
    "family_documents": Text(
        "家长选择的书面协议或委托书", "written agreement or power of attorney"
    ),
    "agreement": Text("书面协议的文本", "the written agreement's text"),
    "attorney": Text("委托书的文本", "the power of attorney's text"),
    "return_checklist": Text("复学材料确认单", "return-to-school checklist"),
    "step_form": Text(
        "本步骤的表格：按字段打印（表单步骤）", "this form step's own fields, printed as a form"
    ),
}
"""Printed forms a step or script can feed (`prints`); the layouts are the export's."""

DISCOVERED = "discovered"
"""The built-in milestone: the case's opening (when the crisis was discovered)."""


@dataclass(frozen=True, slots=True)
class Milestone:
    """A named moment of a case: reached by the steps that carry it (`Step.milestone`)
    and by the events in `by`; its time is the earliest of them."""

    id: str
    title: Text
    by: tuple[DoneBy, ...] = ()


@dataclass(frozen=True, slots=True)
class IntervalSpec:
    """A key interval a debrief measures and a drill scores: from one milestone to
    another, judged against a target.

    The target is `timer`'s (its minutes, from its start), else `target_minutes` (from
    `start`), else that of the first of `steps` that applies (its `target_minutes` from
    the opening, or the deadline timer it stops, from that timer's start). `steps`
    default to the steps carrying the `end` milestone. `when`: whether it applies.
    `measure = "coverage"`: custody coverage (gaps and handovers), not a span.
    `better`: which way a drill's trend improves: "lower" (fewer minutes, a span's
    default) or "higher" (more minutes held, coverage's default)."""

    id: str
    name: Text
    end: str
    start: str = DISCOVERED
    target_minutes: int | None = None
    steps: tuple[str, ...] = ()
    timer: str | None = None
    when: str | None = None
    measure: Literal["between", "coverage"] = "between"
    better: Literal["lower", "higher"] = "lower"


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    title: Text
    private: bool = False
    """People in this role are private persons (guardians, student monitors), not staff:
    a redacted export replaces their names (`oncall.export.identifiers`)."""
    receives_reports: bool = False
    """The phone and written reports go to this role (at most one role): their `to` is
    prefilled with whom the case told in it, else the directory's first person."""


@dataclass(frozen=True, slots=True)
class Playbook:
    id: str
    version: str
    title: Text
    roles: tuple[Role, ...]
    phases: tuple[Phase, ...]
    rules: tuple[LevelRule, ...] = ()
    timers: tuple[Timer, ...] = ()
    level_titles: dict[str, Text] = field(default_factory=dict)
    milestones: tuple[Milestone, ...] = ()
    intervals: tuple[IntervalSpec, ...] = ()
    conditions: dict[str, str] = field(default_factory=dict)
    """Named conditions as written; every `when` of the model has them expanded."""
    content_hash: str = ""
    """sha256 of the file's bytes, set by the loader."""
    source: str = ""
    """Where it was loaded from (for messages only)."""

    def steps(self) -> tuple[Step, ...]:
        return tuple(step for phase in self.phases for step in phase.steps)

    def step(self, step_id: str) -> Step:
        for step in self.steps():
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def danger_check(self) -> str | None:
        """The id of the immediate-danger phase's first check step, if any: declaring
        danger (`danger.declared`, one key from anywhere) answers it with the items it
        names, so the steps that depend on them apply."""
        for phase in self.phases:
            if phase.immediate:
                return next((step.id for step in phase.steps if step.kind == "check"), None)
        return None

    def timer_with(self, role: str) -> Timer | None:
        """The timer of a single-instance role, if the playbook has one."""
        return next((timer for timer in self.timers if timer.role == role), None)

    @property
    def report_role(self) -> str | None:
        """The role the reports go to (`receives_reports = true`), if one is declared."""
        return next((role.id for role in self.roles if role.receives_reports), None)

    def steps_with(self, milestone: str) -> tuple[Step, ...]:
        """The steps that carry a milestone, in playbook order."""
        return tuple(step for step in self.steps() if step.milestone == milestone)

    def steps_printing(self, form: str) -> tuple[Step, ...]:
        return tuple(step for step in self.steps() if step.prints == form)

    def script_printing(self, form: str) -> Script | None:
        return next((s for step in self.steps() for s in step.scripts if s.prints == form), None)

    def timer(self, timer_id: str) -> Timer:
        for timer in self.timers:
            if timer.id == timer_id:
                return timer
        raise KeyError(timer_id)
