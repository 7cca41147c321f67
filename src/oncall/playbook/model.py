"""The playbook as data: what the loader produces and what `oncall.case` replays against.

Nothing here knows about files or the UI. All classes are frozen: a loaded playbook
never changes; a case records the playbook's `content_hash` so later edits to the file
never rewrite history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

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

Level = Literal["I", "II", "III"]
LEVELS: tuple[Level, ...] = ("I", "II", "III")
"""Most severe first: I 高危关注, II 重点关注, III 一般关注."""


@dataclass(frozen=True, slots=True)
class Text:
    """One piece of user-facing text in both UI languages."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


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
    type: Literal["text", "time", "person", "phone", "choice", "number"] = "text"
    required: bool = False
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Script:
    """Ready-to-say/copy wording (话术); `{placeholders}` are filled from the case."""

    id: str
    title: Text
    text: Text


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
    """Events that do this step by themselves (`StepState.by_event` names the kind).
    The first is also how the UI records the step (its own entry dialog)."""
    printed: bool = False
    """For kind == "form": once answered, the debrief prints it as a paper form."""


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


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    title: Text


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

    def phase_of(self, step_id: str) -> Phase:
        for phase in self.phases:
            if any(step.id == step_id for step in phase.steps):
                return phase
        raise KeyError(step_id)

    def danger_check(self) -> str | None:
        """The id of the immediate-danger phase's first check step, if any: declaring
        danger (`danger.declared`, one key from anywhere) answers it with the items it
        names, so the steps that depend on them apply."""
        for phase in self.phases:
            if phase.immediate:
                return next((step.id for step in phase.steps if step.kind == "check"), None)
        return None

    def timer(self, timer_id: str) -> Timer:
        for timer in self.timers:
            if timer.id == timer_id:
                return timer
        raise KeyError(timer_id)
