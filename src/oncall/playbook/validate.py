"""Checks across a built playbook: duplicate and dangling ids, conditions, triggers,
`done_by` event kinds, placeholders, and steps that can never apply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from oncall.playbook.because import because_refs, ref_problem
from oncall.playbook.conditions import Condition, ConditionError, parse_condition
from oncall.playbook.entry_check import entry_problem
from oncall.playbook.loader import Located
from oncall.playbook.model import (
    DISCOVERED,
    LEVELS,
    SINGLE_ROLES,
    STEP_ANSWERS,
    DoneBy,
    Playbook,
    Step,
    Timer,
)
from oncall.playbook.named import names_in
from oncall.playbook.placeholders import placeholders_in
from oncall.playbook.problems import Reporter, join, suggest
from oncall.playbook.reach import Domains, satisfiable
from oncall.vocabulary.entries import ENTRIES
from oncall.vocabulary.kinds import ALL_KINDS, CASE_OPENED, CORRECTION, DANGER_DECLARED

CASE_OPENED_TRIGGER: Final = CASE_OPENED


@dataclass(frozen=True, slots=True)
class _Site:
    """A condition in the file: where its `when` is and what it belongs to."""

    where: str
    text: str
    owner: str
    """"phase", "step", "timer", "rule" or "done_by"."""
    step: str | None = None


def validate(playbook: Playbook, located: Located, report: Reporter) -> None:
    _Validator(playbook, located, report).run()


class _Validator:
    def __init__(self, playbook: Playbook, located: Located, report: Reporter) -> None:
        self.playbook = playbook
        self.located = located
        self.report = report
        self.steps: dict[str, Step] = {}
        for _where, step, _phase in located.steps:
            if step.id:
                self.steps.setdefault(step.id, step)
        self.timers: dict[str, Timer] = {t.id: t for _w, t in located.timers if t.id}
        self.parsed: dict[str, Condition | None] = {}

    def problem(
        self,
        where: str,
        message: str,
        *,
        snippet: str | None = None,
        offset: int = 0,
        warning: bool = False,
    ) -> None:
        self.report.add(where, message, snippet=snippet, offset=offset, warning=warning)

    def run(self) -> None:
        self.duplicates()
        self.immediate()
        self.step_links()
        self.triggers()
        self.done_by()
        for site in self.sites():
            self.parsed[site.where] = self.condition(site)
        ages = [
            v
            for c in self.parsed.values()
            if c is not None
            for v in c.references().values_of("age")
        ]
        self.domains = Domains(self.playbook, ages)
        self.reachability()
        self.scripts()
        self.contract()
        self.reasons()

    # --- ids ---------------------------------------------------------------------------------
    def duplicates(self) -> None:
        groups: list[tuple[str, list[tuple[str, str]]]] = [
            ("phase", [(w, p.id) for w, p in self.located.phases]),
            ("step", [(w, s.id) for w, s, _p in self.located.steps]),
            ("timer", [(w, t.id) for w, t in self.located.timers]),
            ("rule", [(w, r.id) for w, r in self.located.rules]),
        ]
        for what, pairs in groups:
            first: dict[str, str] = {}
            for where, item_id in pairs:
                if not item_id:
                    continue
                if item_id in first:
                    self.problem(
                        join(where, "id"),
                        f"duplicate {what} id {item_id!r} (first at {first[item_id]})",
                    )
                else:
                    first[item_id] = where

    def immediate(self) -> None:
        immediate = [(w, p) for w, p in self.located.phases if p.immediate]
        if not immediate and self.located.phases:
            self.problem(
                "phases", "no immediate-danger phase: mark exactly one phase with immediate = true"
            )
        for where, _phase in immediate[1:]:
            self.problem(
                join(where, "immediate"),
                f"more than one immediate phase (the first is {immediate[0][0]})",
            )
        for where, phase in immediate:
            if phase.when is not None:
                self.problem(
                    join(where, "when"),
                    "the immediate-danger phase must always apply: remove its condition",
                )

    def step_links(self) -> None:
        for where, step, _phase in self.located.steps:
            for index, role in enumerate(step.roles):
                if role not in self.located.roles:
                    self.problem(
                        join(join(where, "roles"), index),
                        f"unknown role {role!r}{suggest(role, self.located.roles)}",
                    )
            if step.kind == "timer" and step.timer and step.timer not in self.timers:
                self.problem(
                    join(where, "timer"),
                    f"unknown timer {step.timer!r}{suggest(step.timer, self.timers)}",
                )

    def triggers(self) -> None:
        for where, timer in self.located.timers:
            for key, triggers in (
                ("start", timer.start),
                ("reset", timer.reset),
                ("stop", timer.stop),
            ):
                for index, trigger in enumerate(triggers):
                    message = self.trigger_problem(trigger)
                    if message:
                        self.problem(join(join(where, key), index), message)

    def trigger_problem(self, trigger: str) -> str | None:
        if trigger == CASE_OPENED_TRIGGER:
            return None
        if trigger.startswith("event:"):
            kind = trigger.removeprefix("event:")
            if kind in ALL_KINDS:
                return None
            return f"unknown event kind {kind!r}{suggest(kind, ALL_KINDS)}"
        if trigger.startswith("step:"):
            step_id = trigger.removeprefix("step:")
            if step_id in self.steps:
                return None
            return f"unknown step {step_id!r}{suggest(step_id, self.steps)}"
        return (
            f'bad trigger {trigger!r}: use "event:<kind>", "step:<step id>" or '
            f'"{CASE_OPENED_TRIGGER}"'
        )

    def done_by(self) -> None:
        danger_check = self.playbook.danger_check()
        for where, link, step_id in self.located.done_by:
            if not link.kind:
                continue  # missing or empty: already reported
            path = join(where, "kind")
            if link.kind == CORRECTION:
                self.problem(path, "a correction changes another event; it never does a step")
            elif link.kind not in ALL_KINDS:
                self.problem(
                    path, f"unknown event kind {link.kind!r}{suggest(link.kind, ALL_KINDS)}"
                )
            elif link.kind == DANGER_DECLARED and step_id == danger_check:
                self.problem(
                    path,
                    f"{DANGER_DECLARED} already answers {step_id!r}, the immediate-danger "
                    "phase's check step, with the items it names: remove this",
                )

    # --- conditions -----------------------------------------------------------------------------
    def sites(self) -> list[_Site]:
        sites = []
        for where, timer in self.located.timers:
            if timer.when is not None:
                sites.append(_Site(join(where, "when"), timer.when, "timer"))
        for where, rule in self.located.rules:
            if rule.when:
                sites.append(_Site(join(where, "when"), rule.when, "rule"))
        for where, phase in self.located.phases:
            if phase.when is not None:
                sites.append(_Site(join(where, "when"), phase.when, "phase"))
        for where, step, _phase in self.located.steps:
            if step.when is not None:
                sites.append(_Site(join(where, "when"), step.when, "step", step.id))
            for key, text in (("urgent", step.urgent), ("ready", step.ready)):
                if text is not None:
                    sites.append(_Site(join(where, key), text, "order", step.id))
        for where, link, _step_id in self.located.done_by:
            if link.when is not None:
                sites.append(_Site(join(where, "when"), link.when, "done_by"))
        return sites

    def condition(self, site: _Site) -> Condition | None:
        """Parse and check one condition; None if it has any problem."""
        try:
            condition = parse_condition(site.text)
        except ConditionError as exc:
            self.problem(
                site.where, f"bad condition: {exc.message}", snippet=site.text, offset=exc.col
            )
            return None
        before = len(self.report.problems)
        refs = condition.references()
        if site.owner == "rule" and "level" in refs.names:
            self.problem(site.where, "a level rule must not use `level` (rules decide it)")
        for call in refs.calls:
            message = self.call_problem(call.function, call.args, site)
            if message:
                self.problem(site.where, message, snippet=site.text, offset=call.col)
        for comparison in refs.comparisons:
            for value in comparison.values:
                message = self.value_problem(comparison.subject, comparison.step, value)
                if message:
                    self.problem(site.where, message, snippet=site.text, offset=comparison.col)
        if refs.steps & self.located.bad_kinds:
            return None  # the step's kind is already reported; nothing more to say
        return condition if len(self.report.problems) == before else None

    def call_problem(self, function: str, args: tuple[str, ...], site: _Site) -> str | None:
        if function == "happened":
            kind = args[0]
            if kind not in ALL_KINDS:
                return f"unknown event kind {kind!r} in happened(){suggest(kind, ALL_KINDS)}"
            return None
        step_id = args[0]
        step = self.steps.get(step_id)
        if step is None:
            return f"unknown step {step_id!r} in {function}(){suggest(step_id, self.steps)}"
        if step_id in self.located.bad_kinds:
            return None
        if site.step == step_id:
            return (
                f"the step's condition refers to the step itself ({function}): it could "
                "never apply before it is done"
            )
        if function == "answer" and step.kind not in ("question", "choice"):
            return f"answer() is for question and choice steps; {step_id!r} is a {step.kind} step"
        if function in ("checked", "count") and step.kind != "check":
            return f"{function}() is for check steps; {step_id!r} is a {step.kind} step"
        if function == "checked":
            items = [option.id for option in step.options]
            if args[1] not in items:
                return (
                    f"{args[1]!r} is not an item of {step_id!r} (items: "
                    f"{', '.join(items)}){suggest(args[1], items)}"
                )
        return None

    def value_problem(self, subject: str, step_id: str | None, value: object) -> str | None:
        if value is None:
            return None
        if subject == "level" and value not in LEVELS:
            return f"level compared with {value!r}: levels are {', '.join(LEVELS)}"
        if subject == "answer" and step_id in self.steps:
            step = self.steps[step_id]
            options = [option.id for option in step.options]
            if step.kind in ("question", "choice") and value not in options:
                hint = suggest(value, options) if isinstance(value, str) else ""
                return (
                    f"{value!r} is not an option of {step_id!r} (options: "
                    f"{', '.join(options)}){hint}"
                )
        return None

    # --- what can never apply ----------------------------------------------------------------
    def cond(self, where: str, when: str | None) -> tuple[bool, Condition | None]:
        """(usable, condition): usable is False when the condition had problems."""
        if when is None:
            return True, None
        condition = self.parsed.get(join(where, "when"))
        return condition is not None, condition

    def never(self, conditions: list[Condition]) -> bool:
        return satisfiable(conditions, self.domains) is False

    def reachability(self) -> None:
        phase_ok: dict[str, tuple[bool, Condition | None]] = {}
        for where, phase in self.located.phases:
            usable, condition = self.cond(where, phase.when)
            phase_ok[where] = (usable, condition)
            if usable and condition is not None and self.never([condition]):
                self.problem(
                    join(where, "when"),
                    "this condition can never be true: the phase never applies",
                    snippet=phase.when,
                    offset=1,
                )
                phase_ok[where] = (False, condition)
        for where, rule in self.located.rules:
            usable, condition = self.cond(where, rule.when)
            if usable and condition is not None and self.never([condition]):
                self.problem(
                    join(where, "when"),
                    "this condition can never be true: the rule never applies",
                    snippet=rule.when,
                    offset=1,
                )
        for where, timer in self.located.timers:
            usable, condition = self.cond(where, timer.when)
            if usable and condition is not None and self.never([condition]):
                self.problem(
                    join(where, "when"),
                    "this condition can never be true: the timer never runs",
                    snippet=timer.when,
                    offset=1,
                )
        for where, link, _step_id in self.located.done_by:
            usable, condition = self.cond(where, link.when)
            if usable and condition is not None and self.never([condition]):
                self.problem(
                    join(where, "when"),
                    "this condition can never be true: the event never does the step",
                    snippet=link.when,
                    offset=1,
                )
        unreachable: set[str] = set()
        for where, step, phase_where in self.located.steps:
            phase_usable, phase_condition = phase_ok.get(phase_where, (False, None))
            usable, condition = self.cond(where, step.when)
            if not usable:
                continue
            if condition is not None and self.never([condition]):
                self.problem(
                    join(where, "when"),
                    "this condition can never be true: the step never applies",
                    snippet=step.when,
                    offset=1,
                )
                unreachable.add(step.id)
                continue
            if not phase_usable:
                continue
            both = [c for c in (phase_condition, condition) if c is not None]
            if condition is not None and phase_condition is not None and self.never(both):
                self.problem(
                    join(where, "when"),
                    "this condition contradicts the phase's condition: the step never applies",
                    snippet=step.when,
                    offset=1,
                )
                unreachable.add(step.id)
                continue
            if step.kind == "timer" and step.timer in self.timers:
                self.timer_step(where, step, both, unreachable)
        self.timers_started(unreachable)

    def timer_step(
        self, where: str, step: Step, conditions: list[Condition], unreachable: set[str]
    ) -> None:
        timer = self.timers[step.timer or ""]
        timer_where = next(w for w, t in self.located.timers if t is timer)
        usable, timer_condition = self.cond(timer_where, timer.when)
        if not usable or timer_condition is None:
            return
        if self.never([*conditions, timer_condition]):
            self.problem(
                join(where, "timer"),
                f"timer {timer.id!r} never runs when this step "
                f"applies (the timer's condition is {timer.when!r})",
            )

    def timers_started(self, unreachable: set[str]) -> None:
        for where, timer in self.located.timers:
            if not timer.start:
                continue
            startable = [
                t
                for t in timer.start
                if not (t.startswith("step:") and t.removeprefix("step:") in unreachable)
            ]
            if not startable:
                self.problem(
                    join(where, "start"),
                    "the timer never starts: every start trigger is a step that never applies",
                )

    # --- scripts -----------------------------------------------------------------------------
    def scripts(self) -> None:
        for where, script in self.located.scripts:
            used: dict[str, set[str]] = {}
            for lang, text in (("zh", script.text.zh), ("en", script.text.en)):
                names, problems = placeholders_in(text)
                used[lang] = set(names)
                for message, token in problems:
                    self.report.add(
                        join(join(where, "text"), lang),
                        message,
                        token=token,
                        after=f"{lang} =",
                    )
            if used["zh"] != used["en"] and script.text.zh and script.text.en:
                parts = [
                    f"only {lang} uses {', '.join('{' + n + '}' for n in sorted(names))}"
                    for lang, names in (
                        ("zh", used["zh"] - used["en"]),
                        ("en", used["en"] - used["zh"]),
                    )
                    if names
                ]
                self.problem(
                    join(where, "text"), "zh and en differ in placeholders: " + "; ".join(parts)
                )

    # --- the contract: what the code relies on --------------------------------------------------
    def contract(self) -> None:
        """Milestones, intervals, timer roles, `records` and roles named by events."""
        located = self.located
        milestones = {m.id: where for where, m in located.milestones if m.id}
        for where, milestone in located.milestones:
            if milestone.id == DISCOVERED:
                self.problem(where, f"{DISCOVERED!r} is built in (the case's opening)")
        known = {*milestones, DISCOVERED}
        carried: set[str] = set()
        for where, step, _phase in located.steps:
            if step.milestone is not None:
                carried.add(step.milestone)
                if step.milestone not in known:
                    self.problem(
                        join(where, "milestone"),
                        f"unknown milestone {step.milestone!r}{suggest(step.milestone, known)}"
                        " (declare it in [milestones])",
                    )
            if step.records is not None and step.kind in STEP_ANSWERS:
                self.problem(
                    join(where, "records"),
                    f"a {step.kind} step records its answer (step.answered): remove records",
                )
        used: set[str] = set()
        seen: dict[str, str] = {}
        coverage = 0
        for where, spec in located.intervals:
            if spec.id in seen:
                self.problem(join(where, "id"), f"duplicate interval id {spec.id!r}")
            seen.setdefault(spec.id, where)
            for key, name in (("from", spec.start), ("to", spec.end)):
                used.add(name)
                if name and name not in known:
                    self.problem(
                        join(where, key),
                        f"unknown milestone {name!r}{suggest(name, known)} (declare it in "
                        "[milestones])",
                    )
            for index, step_id in enumerate(spec.steps):
                if step_id not in self.steps:
                    self.problem(
                        join(join(where, "steps"), index),
                        f"unknown step {step_id!r}{suggest(step_id, self.steps)}",
                    )
            if spec.timer is not None and spec.timer not in self.timers:
                self.problem(
                    join(where, "timer"),
                    f"unknown timer {spec.timer!r}{suggest(spec.timer, self.timers)}",
                )
            if spec.measure == "coverage":
                coverage += 1
                if coverage > 1:
                    self.problem(join(where, "measure"), "only one coverage interval")
            elif (
                spec.end in known
                and spec.end != DISCOVERED
                and not (
                    spec.end in carried
                    or any(by for _w, m in located.milestones if m.id == spec.end for by in m.by)
                )
            ):
                self.problem(
                    join(where, "to"),
                    f"nothing reaches milestone {spec.end!r}: give a step milestone = "
                    f'"{spec.end}" or the milestone a `by`',
                )
        for milestone_id, where in milestones.items():
            if milestone_id not in used:
                self.problem(where, f"milestone {milestone_id!r} is in no interval", warning=True)
        used_names = set(located.used_names)
        waiting = list(used_names)
        while waiting:  # a name used by a used name is used too
            text = located.conditions.get(waiting.pop(), "")
            for name in names_in(text) & located.conditions.keys() - used_names:
                used_names.add(name)
                waiting.append(name)
        for name in located.conditions:
            if name not in used_names:
                self.problem(
                    join("conditions", name), f"condition {name!r} is never used", warning=True
                )
        holders: dict[str, str] = {}
        for where, timer in located.timers:
            if timer.role in SINGLE_ROLES:
                if timer.role in holders:
                    self.problem(
                        join(where, "role"),
                        f"only one timer can have role {timer.role!r} (the first is "
                        f"{holders[timer.role]})",
                    )
                holders.setdefault(timer.role, where)
            if timer.due_field is not None:
                self.due_field(join(where, "due_field"), timer)
        roles = located.roles
        for where, link, _step_id in located.done_by:
            if link.field == "role" and isinstance(link.value, str) and link.value not in roles:
                self.problem(
                    join(where, "value"),
                    f"unknown role {link.value!r}{suggest(link.value, roles)}",
                )
        for where, step, _phase in located.steps:
            if step.records is not None and step.records.kind:
                self.records_preset(join(where, "records"), step.records)
            if step.answered_by is not None:
                self.answered_by(join(where, "answered_by"), step)

    def due_field(self, where: str, timer: Timer) -> None:
        """A deadline's `due_field`: an appointment field of a form step that starts it."""
        if timer.type != "deadline":
            self.problem(where, "only a deadline is due at an agreed time")
            return
        steps = {step.id: step for _where, step, _phase in self.located.steps}
        starters = [
            steps[trigger.removeprefix("step:")]
            for trigger in timer.start
            if trigger.removeprefix("step:") in steps
        ]
        if not any(
            field.id == timer.due_field and field.type == "appointment"
            for step in starters
            for field in step.fields
        ):
            self.problem(
                where,
                f"no form step that starts this timer has an appointment field {timer.due_field!r}",
            )

    def answered_by(self, where: str, step: Step) -> None:
        """A yes/no question, answered by a yes/no field of a kind's entry."""
        link = step.answered_by
        assert link is not None
        if step.kind != "question" or {o.id for o in step.options} != {"yes", "no"}:
            self.problem(where, "only a question with the answers yes and no is answered_by")
            return
        fields = {field.id: field for field in ENTRIES.get(link.kind, ())}
        found = fields.get(link.field or "")
        if link.kind in ALL_KINDS and (found is None or found.type != "yes_no"):
            yes_no = sorted(f for f, item in fields.items() if item.type == "yes_no")
            self.problem(
                join(where, "field"),
                f"{link.kind!r} has no yes/no field {link.field!r}"
                + (f" (yes/no fields: {', '.join(yes_no)})" if yes_no else ""),
            )

    def records_preset(self, where: str, records: DoneBy) -> None:
        """A step's `records`: a kind with an entry of its own, and a preset it allows."""
        kind, field = records.kind, records.field
        if kind in ALL_KINDS and kind not in ENTRIES:
            self.problem(
                join(where, "kind"),
                f"{kind!r} is not recorded by an entry of its own; use done_by",
            )
            return
        if field is None or kind not in ENTRIES:
            return
        found = entry_problem(kind, field, records.value)
        if found is not None:
            self.problem(join(where, found[0]), found[1])

    # --- reasons (`because` of level rules) --------------------------------------------------
    def reasons(self) -> None:
        for where, rule in self.located.rules:
            used: dict[str, set[tuple[str, str]]] = {}
            for lang, text in (("zh", rule.because.zh), ("en", rule.because.en)):
                refs, problems = because_refs(text)
                used[lang] = set(refs)
                here = join(join(where, "because"), lang)
                for message in problems:
                    self.problem(here, message)
                for function, step_id in refs:
                    problem = ref_problem(function, self.steps.get(step_id), step_id)
                    if problem is not None:
                        self.problem(here, problem)
            if used["zh"] != used["en"] and rule.because.zh and rule.because.en:
                self.problem(
                    join(where, "because"), "zh and en name different steps or placeholders"
                )
