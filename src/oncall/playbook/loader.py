"""Load a playbook TOML file into the model (`oncall.playbook.model`).

`load_playbook` raises `PlaybookError` with every problem found; `check_playbook_file`
returns them. Neither raises anything else, whatever the file holds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, cast

from oncall.playbook.model import (
    DISCOVERED,
    FORMS,
    LEVELS,
    STEP_KINDS,
    TIMER_ROLES,
    DoneBy,
    FormField,
    IntervalSpec,
    Level,
    LevelRule,
    Milestone,
    Option,
    Phase,
    Playbook,
    Role,
    Script,
    Step,
    StepKind,
    Text,
    Timer,
)
from oncall.playbook.named import NAME as CONDITION_NAME
from oncall.playbook.named import RESERVED, NamedConditionError, expand, names_in
from oncall.playbook.problems import PlaybookError, Problem, Reporter, errors, join
from oncall.playbook.reader import ID, ROLE_ID, Reader, _type_name, read_toml
from oncall.vocabulary.timer_roles import OTHER

YES_NO: Final = (Option("yes", Text("是", "Yes")), Option("no", Text("否", "No")))
"""The answers of a question step that lists no options."""
FIELD_TYPES: Final = ("text", "time", "appointment", "person", "phone", "choice", "number")
TIMER_TYPES: Final = ("interval", "deadline")
OPTION_KINDS: Final = ("check", "question", "choice")

_STEP_KEYS: Final = (
    "guidance",
    "roles",
    "when",
    "target_minutes",
    "required",
    "timer",
    "options",
    "fields",
    "scripts",
    "done_by",
    "records",
    "answered_by",
    "milestone",
    "prints",
    "urgent",
    "ready",
    "closing",
)
_INTERVAL_KEYS: Final = ("from", "target_minutes", "steps", "timer", "when", "measure", "better")
MEASURES: Final = ("between", "coverage")
BETTER: Final = ("lower", "higher")
_DONE_BY_KEYS: Final = ("field", "value", "when")


@dataclass
class Located:
    """The built elements with the key path each came from (for the validator)."""

    phases: list[tuple[str, Phase]] = field(default_factory=list)
    steps: list[tuple[str, Step, str]] = field(default_factory=list)
    """(where, step, where of its phase)."""
    timers: list[tuple[str, Timer]] = field(default_factory=list)
    rules: list[tuple[str, LevelRule]] = field(default_factory=list)
    roles: dict[str, Role] = field(default_factory=dict)
    scripts: list[tuple[str, Script]] = field(default_factory=list)
    done_by: list[tuple[str, DoneBy, str]] = field(default_factory=list)
    """(where, link, id of the step it does)."""
    milestones: list[tuple[str, Milestone]] = field(default_factory=list)
    intervals: list[tuple[str, IntervalSpec]] = field(default_factory=list)
    conditions: dict[str, str] = field(default_factory=dict)
    """Named conditions as written (`[conditions]`)."""
    used_names: set[str] = field(default_factory=set)
    """Named conditions some `when` uses."""
    bad_kinds: set[str] = field(default_factory=set)
    """Ids of steps whose kind is not a known kind (kind-specific checks skip them)."""


_LOADED: dict[tuple[str, str], Playbook] = {}
"""Playbooks loaded in this process, by path and the sha256 of the file's bytes: one
command reads the default playbook more than once (an export: the case's rules and the
directory's roles), and a playbook is immutable once built."""
_LOADED_KEPT: Final = 8


def load_playbook(path: str | Path) -> Playbook:
    """Load and validate a playbook; raise `PlaybookError` listing every problem. A file
    loaded before in this process, with the same bytes, gives the same playbook."""
    try:
        key: tuple[str, str] | None = (
            str(Path(path).resolve()),
            hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        )
    except OSError:
        key = None  # _load says what is wrong with it
    if key is not None and key in _LOADED:
        return _LOADED[key]
    playbook, found = _load(path)
    problems = errors(found)
    if problems or playbook is None:
        raise PlaybookError(problems or [Problem(str(path), "", "cannot be loaded")])
    if key is not None:
        while len(_LOADED) >= _LOADED_KEPT:
            del _LOADED[next(iter(_LOADED))]
        _LOADED[key] = playbook
    return playbook


def check_playbook_file(path: str | Path) -> list[Problem]:
    """Every problem of a playbook file (empty when it is valid). Never raises."""
    return _load(path)[1]


def _load(path: str | Path) -> tuple[Playbook | None, list[Problem]]:
    from oncall.playbook.validate import validate

    try:
        data, report, digest = read_toml(path)
        if data is None:
            return None, report.problems
        playbook, located = build_playbook(data, report, source=str(path), content_hash=digest)
        validate(playbook, located, report)
        return playbook, report.problems
    except RecursionError:
        return None, [Problem(str(path), "", "too deeply nested to check")]
    except Exception as exc:  # the promise: a problem list, never a traceback
        return None, [
            Problem(str(path), "", f"internal error while checking: {type(exc).__name__}: {exc}")
        ]


def build_playbook(
    data: dict[str, Any], report: Reporter, *, source: str = "", content_hash: str = ""
) -> tuple[Playbook, Located]:
    """Build the model from parsed TOML, reporting structural problems."""
    return _Builder(report).build(data, source, content_hash)


class _Builder(Reader):
    located: Located

    def build(
        self, data: dict[str, Any], source: str, content_hash: str
    ) -> tuple[Playbook, Located]:
        located = self.located = Located()
        self.keys(
            data,
            "",
            ("playbook", "levels", "roles", "phases"),
            ("timers", "rules", "conditions", "milestones", "intervals"),
        )
        located.conditions = self.named_conditions(data)
        head = self.table(data.get("playbook", {}), "playbook") or {}
        self.keys(head, "playbook", ("id", "version", "title"))
        playbook_id = self.string(head, "id", "playbook", pattern=ID)
        version = self.string(head, "version", "playbook")
        title = self.text(head, "title", "playbook")
        level_titles = self.levels(data)
        located.roles = self.roles(data)
        located.timers = [self.timer(where, t) for where, t in self.tables(data, "timers", "")]
        located.rules = [self.rule(where, r) for where, r in self.tables(data, "rules", "")]
        located.milestones = self.milestones(data)
        located.intervals = [
            self.interval(where, t) for where, t in self.tables(data, "intervals", "")
        ]
        if "phases" in data:
            phase_tables = self.tables(data, "phases", "")
            if not phase_tables and isinstance(data["phases"], list):
                self.problem("phases", "no phases")
            for where, table in phase_tables:
                located.phases.append((where, self.phase(where, table, located)))
        playbook = Playbook(
            id=playbook_id,
            version=version,
            title=title,
            roles=tuple(located.roles.values()),
            phases=tuple(phase for _where, phase in located.phases),
            rules=tuple(rule for _where, rule in located.rules),
            timers=tuple(timer for _where, timer in located.timers),
            level_titles=level_titles,
            milestones=tuple(milestone for _where, milestone in located.milestones),
            intervals=tuple(interval for _where, interval in located.intervals),
            conditions=dict(located.conditions),
            content_hash=content_hash,
            source=source,
        )
        return playbook, located

    def levels(self, data: dict[str, Any]) -> dict[str, Text]:
        if "levels" not in data:
            return {}
        levels = self.table(data["levels"], "levels")
        if levels is None:
            return {}
        self.keys(levels, "levels", LEVELS)
        titles: dict[str, Text] = {}
        for level in LEVELS:
            table = self.table(levels.get(level, {}), join("levels", level))
            if table is not None and level in levels:
                self.keys(table, join("levels", level), ("title",))
                titles[level] = self.text(table, "title", join("levels", level))
        return titles

    def roles(self, data: dict[str, Any]) -> dict[str, Role]:
        if "roles" not in data:
            return {}
        roles = self.table(data["roles"], "roles")
        if roles is None:
            return {}
        if not roles:
            self.problem("roles", "no roles")
        found: dict[str, Role] = {}
        for role_id, value in roles.items():
            where = join("roles", role_id)
            if not ROLE_ID.fullmatch(role_id):
                self.problem(where, f"{role_id!r} is not a valid role id (use {ROLE_ID.pattern})")
            table = self.table(value, where)
            if table is None:
                continue
            self.keys(table, where, ("title",), ("private", "receives_reports"))
            found[role_id] = Role(
                role_id,
                self.text(table, "title", where),
                private=self.boolean(table, "private", where, False),
                receives_reports=self.boolean(table, "receives_reports", where, False),
            )
        receiving = [role.id for role in found.values() if role.receives_reports]
        if len(receiving) > 1:
            self.problem(
                "roles",
                "only one role receives the reports (receives_reports = true): "
                + ", ".join(receiving),
            )
        return found

    def timer(self, where: str, table: dict[str, Any]) -> tuple[str, Timer]:
        self.keys(
            table,
            where,
            ("id", "title", "type", "minutes", "start"),
            ("reset", "stop", "when", "role", "due_field", "notice_minutes"),
        )
        role = (
            self.choice(table, "role", where, tuple(TIMER_ROLES), OTHER)
            if ("role" in table)
            else None
        )
        type_ = self.choice(table, "type", where, TIMER_TYPES, "deadline")
        if "reset" in table and type_ == "deadline":
            self.problem(join(where, "reset"), "only interval timers can be reset")
        start = self.strings(table, "start", where)
        if "start" in table and not start and isinstance(table["start"], list):
            self.problem(join(where, "start"), "a timer needs at least one start trigger")
        timer = Timer(
            id=self.string(table, "id", where, pattern=ID),
            title=self.text(table, "title", where),
            type=cast(Any, type_),
            minutes=self.minutes(table, "minutes", where) or 1,
            start=start,
            stop=self.strings(table, "stop", where),
            reset=self.strings(table, "reset", where),
            when=self.condition_text(table, where),
            role=role,
            due_field=self.string(table, "due_field", where, pattern=ID) or None,
            notice_minutes=self.minutes(table, "notice_minutes", where),
        )
        return where, timer

    def rule(self, where: str, table: dict[str, Any]) -> tuple[str, LevelRule]:
        self.keys(table, where, ("id", "when", "level", "because"))
        rule = LevelRule(
            id=self.string(table, "id", where, pattern=ID),
            when=self.condition_text(table, where) or "",
            level=cast(Level, self.choice(table, "level", where, LEVELS, "III")),
            because=self.text(table, "because", where),
        )
        return where, rule

    def condition_text(self, table: dict[str, Any], where: str, key: str = "when") -> str | None:
        """A condition (`when`, or a step's `urgent`/`ready`), with the named conditions
        it uses written out."""
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str):
            self.problem(join(where, key), "must be a condition in a string, e.g. 'level == \"I\"'")
            return None
        named = self.located.conditions
        self.located.used_names |= names_in(value) & named.keys()
        try:
            return expand(value, named)
        except NamedConditionError as exc:
            self.problem(join(where, key), str(exc))
            return value

    def named_conditions(self, data: dict[str, Any]) -> dict[str, str]:
        """`[conditions]`: name = 'condition'."""
        if "conditions" not in data:
            return {}
        table = self.table(data["conditions"], "conditions")
        if table is None:
            return {}
        found: dict[str, str] = {}
        for name, value in table.items():
            where = join("conditions", name)
            if not CONDITION_NAME.fullmatch(name) or name in RESERVED:
                self.problem(
                    where,
                    f"{name!r} cannot name a condition (use [a-z_][a-z0-9_]*, not one of "
                    f"{', '.join(sorted(RESERVED))})",
                )
                continue
            if not isinstance(value, str):
                self.problem(where, "must be a condition in a string")
                continue
            found[name] = value
        for name, value in found.items():
            try:
                expand(value, found)
            except NamedConditionError as exc:
                self.problem(join("conditions", name), str(exc))
        return found

    def milestones(self, data: dict[str, Any]) -> list[tuple[str, Milestone]]:
        """`[milestones.<id>]`: title, and the events that reach it (`by`)."""
        if "milestones" not in data:
            return []
        table = self.table(data["milestones"], "milestones")
        if table is None:
            return []
        found: list[tuple[str, Milestone]] = []
        for milestone_id, value in table.items():
            where = join("milestones", milestone_id)
            if not ROLE_ID.fullmatch(milestone_id):
                self.problem(
                    where, f"{milestone_id!r} is not a valid milestone id (use {ROLE_ID.pattern})"
                )
            entry = self.table(value, where)
            if entry is None:
                continue
            self.keys(entry, where, ("title",), ("by",))
            by = self.links(entry, "by", where, "")
            found.append((where, Milestone(milestone_id, self.text(entry, "title", where), by)))
        return found

    def interval(self, where: str, table: dict[str, Any]) -> tuple[str, IntervalSpec]:
        self.keys(table, where, ("id", "name", "to"), _INTERVAL_KEYS)
        measure = self.choice(table, "measure", where, MEASURES, "between")
        better = self.choice(
            table, "better", where, BETTER, "higher" if measure == "coverage" else "lower"
        )
        spec = IntervalSpec(
            id=self.string(table, "id", where, pattern=ROLE_ID),
            name=self.text(table, "name", where),
            end=self.string(table, "to", where, pattern=ROLE_ID),
            start=self.string(table, "from", where, pattern=ROLE_ID) or DISCOVERED
            if "from" in table
            else DISCOVERED,
            target_minutes=self.minutes(table, "target_minutes", where),
            steps=self.strings(table, "steps", where),
            timer=self.string(table, "timer", where, pattern=ID) or None,
            when=self.condition_text(table, where),
            measure=cast(Any, measure),
            better=cast(Any, better),
        )
        return where, spec

    def phase(self, where: str, table: dict[str, Any], located: Located) -> Phase:
        self.keys(table, where, ("id", "title", "steps"), ("immediate", "when"))
        phase_id = self.string(table, "id", where, pattern=ID)
        steps: list[Step] = []
        step_tables = self.tables(table, "steps", where)
        if "steps" in table and isinstance(table["steps"], list) and not table["steps"]:
            self.problem(join(where, "steps"), "a phase needs at least one step")
        for step_where, step_table in step_tables:
            step = self.step(step_where, step_table)
            steps.append(step)
            located.steps.append((step_where, step, where))
        return Phase(
            id=phase_id,
            title=self.text(table, "title", where),
            steps=tuple(steps),
            when=self.condition_text(table, where),
            immediate=self.boolean(table, "immediate", where, False),
        )

    def step(self, where: str, table: dict[str, Any]) -> Step:
        self.keys(table, where, ("id", "kind", "title"), _STEP_KEYS)
        step_id = self.string(table, "id", where, pattern=ID)
        kind = self.choice(table, "kind", where, STEP_KINDS, "note")
        known = table.get("kind") in STEP_KINDS
        if not known:  # no kind-specific checks: they would only echo the bad kind
            self.located.bad_kinds.add(step_id)
        options = self.options(table, where)
        if known:
            options = self.kind_options(kind, options, table, where)
        field_pairs = [(w, self.form_field(w, t)) for w, t in self.tables(table, "fields", where)]
        fields = tuple(item for _w, item in field_pairs)
        if known and kind == "form" and "fields" not in table:
            self.problem(
                join(where, "fields"), "a form step needs fields ([[phases.steps.fields]])"
            )
        elif known and kind != "form" and "fields" in table:
            self.problem(join(where, "fields"), "only form steps have fields")
        self.unique(field_pairs, "field")
        script_pairs = [(w, self.script(w, t)) for w, t in self.tables(table, "scripts", where)]
        self.unique(script_pairs, "script")
        self.located.scripts.extend(script_pairs)
        done_by = self.links(table, "done_by", where, step_id)
        records = self.records(table, where, step_id)
        answered_by = self.answered_by(table, where, step_id)
        prints = (
            self.choice(table, "prints", where, tuple(FORMS), "") if ("prints" in table) else None
        )
        if known and prints == "step_form" and kind != "form":
            self.problem(join(where, "prints"), 'only form steps print as a "step_form"')
        timer = self.string(table, "timer", where, pattern=ID) or None
        if known and kind == "timer" and "timer" not in table:
            self.problem(join(where, "timer"), 'a timer step needs timer = "<timer id>"')
        elif known and kind != "timer" and "timer" in table:
            self.problem(join(where, "timer"), "only timer steps have a timer")
        return Step(
            id=step_id,
            kind=cast(StepKind, kind),
            title=self.text(table, "title", where),
            guidance=self.lines(table, "guidance", where),
            roles=self.strings(table, "roles", where),
            when=self.condition_text(table, where),
            options=options,
            fields=fields,
            scripts=tuple(item for _w, item in script_pairs),
            target_minutes=self.minutes(table, "target_minutes", where),
            timer=timer,
            required=self.boolean(table, "required", where, True),
            done_by=done_by,
            records=records,
            answered_by=answered_by,
            milestone=self.string(table, "milestone", where, pattern=ROLE_ID) or None,
            prints=prints or None,
            urgent=self.condition_text(table, where, "urgent"),
            ready=self.condition_text(table, where, "ready"),
            closing=self.boolean(table, "closing", where, False),
        )

    def records(self, table: dict[str, Any], where: str, step_id: str) -> DoneBy | None:
        """`records = { kind = "…", field = "…", value = …, when = '…' }`."""
        if "records" not in table:
            return None
        link = self.table(table["records"], join(where, "records"))
        if link is None:
            return None
        return self.link(link, join(where, "records"), step_id)

    def answered_by(self, table: dict[str, Any], where: str, step_id: str) -> DoneBy | None:
        """`answered_by = { kind = "…", field = "…", when = '…' }`: a yes/no field."""
        if "answered_by" not in table:
            return None
        here = join(where, "answered_by")
        link = self.table(table["answered_by"], here)
        if link is None:
            return None
        self.keys(link, here, ("kind", "field"), ("when",))
        answered_by = DoneBy(
            kind=self.string(link, "kind", here),
            field=self.string(link, "field", here) or None,
            when=self.condition_text(link, here),
        )
        self.located.done_by.append((here, answered_by, step_id))
        return answered_by

    def links(
        self, table: dict[str, Any], key: str, where: str, step_id: str
    ) -> tuple[DoneBy, ...]:
        """`done_by = [{ kind = "…", field = "…", value = …, when = '…' }, …]` (or a
        milestone's `by`)."""
        return tuple(
            self.link(link, link_where, step_id)
            for link_where, link in self.tables(table, key, where)
        )

    def link(self, link: dict[str, Any], link_where: str, step_id: str) -> DoneBy:
        self.keys(link, link_where, ("kind",), _DONE_BY_KEYS)
        kind = self.string(link, "kind", link_where)
        data_field = self.string(link, "field", link_where) or None
        value = link.get("value")
        if value is not None and not isinstance(value, str | int | bool):
            self.problem(
                join(link_where, "value"),
                f"must be a string, an integer or true/false, not {_type_name(value)}",
            )
            value = None
        if "field" in link and "value" not in link:
            self.problem(
                join(link_where, "value"),
                "a field needs the value the event must carry, "
                'e.g. field = "number", value = "120"',
            )
        elif "value" in link and "field" not in link:
            self.problem(
                join(link_where, "field"),
                "a value needs the field of the event's data it is compared with",
            )
        done_by = DoneBy(
            kind=kind,
            field=data_field,
            value=value,
            when=self.condition_text(link, link_where),
        )
        self.located.done_by.append((link_where, done_by, step_id))
        return done_by

    def kind_options(
        self, kind: str, options: tuple[Option, ...], table: dict[str, Any], where: str
    ) -> tuple[Option, ...]:
        """The options of a step of a known kind: yes/no for a bare question; problems
        when a kind needs options or has none."""
        if kind not in OPTION_KINDS:
            if "options" in table:
                self.problem(
                    join(where, "options"),
                    f"a {kind} step has no options (only check, question and choice steps do)",
                )
            return options
        if kind == "question" and "options" not in table:
            return YES_NO
        least = {"check": 1, "question": 2, "choice": 2}[kind]
        if "options" not in table:
            self.problem(join(where, "options"), f"a {kind} step needs options")
        elif len(options) < least:
            plural = "s" if least > 1 else ""
            self.problem(
                join(where, "options"), f"a {kind} step needs at least {least} option{plural}"
            )
        return options

    def options(self, table: dict[str, Any], where: str) -> tuple[Option, ...]:
        pairs = []
        for option_where, option in self.tables(table, "options", where):
            self.keys(option, option_where, ("id", "label"))
            pairs.append(
                (
                    option_where,
                    Option(
                        self.string(option, "id", option_where, pattern=ID),
                        self.text(option, "label", option_where),
                    ),
                )
            )
        self.unique(pairs, "option")
        return tuple(option for _w, option in pairs)

    def form_field(self, where: str, table: dict[str, Any]) -> FormField:
        self.keys(table, where, ("id", "label"), ("type", "required", "options"))
        type_ = self.choice(table, "type", where, FIELD_TYPES, "text")
        options = self.options(table, where)
        if type_ == "choice" and len(options) < 2 and "type" in table:
            self.problem(join(where, "options"), "a choice field needs at least 2 options")
        elif type_ != "choice" and "options" in table:
            self.problem(join(where, "options"), "only choice fields have options")
        return FormField(
            id=self.string(table, "id", where, pattern=ID),
            label=self.text(table, "label", where),
            type=cast(Any, type_),
            required=self.boolean(table, "required", where, False),
            options=options,
        )

    def script(self, where: str, table: dict[str, Any]) -> Script:
        self.keys(table, where, ("id", "title", "text"), ("prints",))
        prints = (
            self.choice(table, "prints", where, tuple(FORMS), "") if ("prints" in table) else None
        )
        return Script(
            id=self.string(table, "id", where, pattern=ID),
            title=self.text(table, "title", where),
            text=self.text(table, "text", where),
            prints=prints or None,
        )

    def unique(self, pairs: list[tuple[str, Any]], what: str) -> None:
        seen: set[str] = set()
        for where, item in pairs:
            if item.id and item.id in seen:
                self.problem(join(where, "id"), f"duplicate {what} id {item.id!r}")
            seen.add(item.id)
