"""Read and check a drill scenario file (`playbooks/drills/*.toml`).

`load_scenario` raises `PlaybookError` listing every problem (file:line:col, like the
playbook checker); `check_scenario_file` returns them. Neither raises anything else,
whatever the file holds. Step ids, role ids and event kinds are checked against the
playbook the scenario names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from oncall.case.kinds import ALL_KINDS
from oncall.drill.scenario import (
    STEP_MOMENTS,
    EventMatch,
    Guardian,
    Inject,
    Response,
    Scenario,
    Situation,
    Staff,
    Student,
    Trigger,
)
from oncall.playbook import Playbook, PlaybookError, load_playbook
from oncall.playbook.entry_check import entry_problem
from oncall.playbook.model import Text
from oncall.playbook.problems import Problem, join, suggest
from oncall.playbook.reader import ID, MAX_MINUTES, Reader, _type_name, read_toml
from oncall.vocabulary.entries import ENTRIES
from oncall.vocabulary.words import CONTACT_OUTCOMES

FAKE_PHONE: Final = re.compile(r"000[-\s0-9]*")
"""A scenario's phone numbers start with 000, so nobody ever dials a real person."""
_TRIGGERS: Final = ("at_minutes", "on_step", "on_event")
_INJECT_KEYS: Final = (*_TRIGGERS, "delay_minutes", "from", "respond")


def is_scenario(data: object) -> bool:
    """A parsed TOML file is a scenario when it has a `[scenario]` table."""
    return isinstance(data, dict) and "scenario" in data


def is_scenario_file(path: str | Path) -> bool:
    data, _report, _digest = read_toml(path)
    return is_scenario(data)


def load_scenario(path: str | Path) -> tuple[Scenario, Playbook]:
    """The scenario and the playbook it exercises; `PlaybookError` with every problem."""
    scenario, playbook, problems = _load(path)
    if problems or scenario is None or playbook is None:
        raise PlaybookError(problems or [Problem(str(path), "", "cannot be loaded")])
    return scenario, playbook


def check_scenario_file(path: str | Path) -> list[Problem]:
    """Every problem of a scenario file (empty when it is valid). Never raises."""
    return _load(path)[2]


def playbook_path(scenario_file: str | Path, written: str) -> Path:
    """The playbook a scenario names, relative to the scenario file."""
    return (Path(scenario_file).parent / written).resolve()


def _load(path: str | Path) -> tuple[Scenario | None, Playbook | None, list[Problem]]:
    try:
        data, report, digest = read_toml(path)
        if data is None:
            return None, None, report.problems
        builder = _Builder(report, Path(path))
        scenario = builder.build(data, digest)
        return scenario, builder.playbook, report.problems
    except RecursionError:
        return None, None, [Problem(str(path), "", "too deeply nested to check")]
    except Exception as exc:  # the promise: a problem list, never a traceback
        return (
            None,
            None,
            [Problem(str(path), "", f"internal error while checking: {type(exc).__name__}: {exc}")],
        )


class _Builder(Reader):
    def __init__(self, report: Any, path: Path) -> None:
        super().__init__(report)
        self.path = path
        self.playbook: Playbook | None = None

    # --- the file ----------------------------------------------------------------------
    def build(self, data: dict[str, Any], digest: str) -> Scenario:
        self.keys(data, "", ("scenario", "situation", "cast"), ("injects",))
        head = self.table(data.get("scenario", {}), "scenario") or {}
        self.keys(head, "scenario", ("id", "title", "playbook"), ("version",))
        scenario_id = self.string(head, "id", "scenario", pattern=ID)
        version = self.string(head, "version", "scenario", default="1")
        title = self.text(head, "title", "scenario")
        playbook_file = self.string(head, "playbook", "scenario")
        if playbook_file.strip():
            self.playbook = self._playbook(playbook_file)
        situation = self.situation(data.get("situation", {}))
        cast = self.table(data.get("cast", {}), "cast") or {}
        self.keys(cast, "cast", ("student",), ("guardians", "staff"))
        student = self.student(cast.get("student", {}))
        guardians = self.guardians(cast)
        staff = self.staff(cast)
        sources = {"student", *(g.id for g in guardians), *(s.role for s in staff)}
        injects = self.injects(data, sources)
        return Scenario(
            id=scenario_id,
            version=version,
            title=title,
            playbook=playbook_file,
            situation=situation,
            student=student,
            guardians=guardians,
            staff=staff,
            injects=injects,
            content_hash=digest,
            source=str(self.path),
        )

    def _playbook(self, written: str) -> Playbook | None:
        target = playbook_path(self.path, written)
        try:
            return load_playbook(target)
        except PlaybookError as exc:
            first = exc.problems[0] if exc.problems else None
            why = first.message if first is not None else "it has problems"
            self.problem(
                "scenario.playbook",
                f"the playbook {written!r} cannot be loaded ({why}); "
                f"run `oncall playbook check {target}`",
                snippet=written,
            )
            return None

    # --- parts ----------------------------------------------------------------------------
    def situation(self, value: object) -> Situation:
        table = self.table(value, "situation") or {}
        self.keys(table, "situation", ("place", "seen", "brief"))
        return Situation(
            place=self.text(table, "place", "situation"),
            seen=self.text(table, "seen", "situation"),
            brief=self.lines(table, "brief", "situation"),
        )

    def student(self, value: object) -> Student:
        where = "cast.student"
        table = self.table(value, where) or {}
        self.keys(table, where, ("name", "class"), ("age",))
        age = table.get("age")
        if age is not None and (isinstance(age, bool) or not isinstance(age, int) or age < 3):
            self.problem(join(where, "age"), f"must be a whole number of years, not {age!r}")
            age = None
        return Student(
            name=self.string(table, "name", where),
            klass=self.string(table, "class", where),
            age=age,
        )

    def guardians(self, cast: dict[str, Any]) -> tuple[Guardian, ...]:
        found: list[Guardian] = []
        for where, table in self.tables(cast, "guardians", "cast"):
            self.keys(table, where, ("id", "name", "relation", "phone"), ("replies",))
            guardian_id = self.string(table, "id", where, pattern=ID)
            if guardian_id in {g.id for g in found}:
                self.problem(join(where, "id"), f"duplicate guardian id {guardian_id!r}")
            phone = self.string(table, "phone", where)
            if phone and not FAKE_PHONE.fullmatch(phone):
                self.problem(
                    join(where, "phone"),
                    f"{phone!r} could be a real number: a scenario's numbers must start "
                    "with 000 (e.g. 000-0000-0101)",
                    snippet=phone,
                )
            replies = self.strings(table, "replies", where)
            for index, reply in enumerate(replies):
                if reply not in CONTACT_OUTCOMES:
                    self.problem(
                        join(join(where, "replies"), index),
                        f"{reply!r} is not one of {', '.join(CONTACT_OUTCOMES)}"
                        f"{suggest(reply, CONTACT_OUTCOMES)}",
                        snippet=reply,
                    )
            found.append(
                Guardian(
                    id=guardian_id,
                    name=self.string(table, "name", where),
                    relation=self.text(table, "relation", where),
                    phone=phone,
                    replies=replies,
                )
            )
        return tuple(found)

    def staff(self, cast: dict[str, Any]) -> tuple[Staff, ...]:
        roles = [r.id for r in self.playbook.roles] if self.playbook else []
        found: list[Staff] = []
        for where, table in self.tables(cast, "staff", "cast"):
            self.keys(table, where, ("role", "name"))
            role = self.string(table, "role", where, pattern=ID)
            if self.playbook is not None and role and role not in roles:
                self.problem(
                    join(where, "role"),
                    f"unknown role {role!r}{suggest(role, roles)} (roles of "
                    f"{self.playbook.id}: {', '.join(roles)})",
                    snippet=role,
                )
            found.append(Staff(role=role, name=self.string(table, "name", where)))
        return tuple(found)

    def injects(self, data: dict[str, Any], sources: set[str]) -> tuple[Inject, ...]:
        found: list[Inject] = []
        for where, table in self.tables(data, "injects", ""):
            self.keys(table, where, ("id", "text"), _INJECT_KEYS)
            inject_id = self.string(table, "id", where, pattern=ID)
            if inject_id in {i.id for i in found}:
                self.problem(join(where, "id"), f"duplicate inject id {inject_id!r}")
            source = self.string(table, "from", where, default="")
            if source and source not in sources:
                self.problem(
                    join(where, "from"),
                    f"{source!r} is not in the cast{suggest(source, sources)} "
                    f"(the cast: {', '.join(sorted(sources))})",
                    snippet=source,
                )
            found.append(
                Inject(
                    id=inject_id,
                    trigger=self.trigger(table, where),
                    text=self.text(table, "text", where),
                    source=source,
                    respond=self.response(table, where),
                )
            )
        return tuple(found)

    def trigger(self, table: dict[str, Any], where: str) -> Trigger:
        given = [key for key in _TRIGGERS if key in table]
        if len(given) != 1:
            what = "none" if not given else " and ".join(given)
            self.problem(where, f"give exactly one of {', '.join(_TRIGGERS)} (found {what})")
            return Trigger("time", minutes=0)
        delay = self.whole_minutes(table, "delay_minutes", where)
        if given[0] == "at_minutes":
            if "delay_minutes" in table:
                self.problem(join(where, "delay_minutes"), "only with on_step or on_event")
            return Trigger("time", minutes=self.whole_minutes(table, "at_minutes", where))
        if given[0] == "on_step":
            return self.step_trigger(table["on_step"], join(where, "on_step"), delay)
        match = self.match(table["on_event"], join(where, "on_event"))
        return Trigger("event", minutes=delay, event=match)

    def step_trigger(self, value: object, where: str, delay: int) -> Trigger:
        """`on_step = { step = "…", when = "reached" | "done" }`: reached is when the step
        becomes the next thing to do, done when it is done (or answered)."""
        table = self.table(value, where)
        if table is None:
            if isinstance(value, str):
                self.problem(
                    where,
                    f'say when: on_step = {{ step = "{value}", when = "reached" }} '
                    '(or when = "done")',
                    snippet=value,
                )
            return Trigger("step", minutes=delay)
        self.keys(table, where, ("step", "when"))
        step = self.string(table, "step", where)
        steps = [s.id for s in self.playbook.steps()] if self.playbook else []
        if self.playbook is not None and step and step not in steps:
            self.problem(
                join(where, "step"),
                f"no step {step!r} in {self.playbook.id}{suggest(step, steps)}",
                snippet=step,
            )
        moment = self.choice(table, "when", where, STEP_MOMENTS, "done")
        return Trigger(
            "step", minutes=delay, step=step, moment="reached" if moment == "reached" else "done"
        )

    def response(self, table: dict[str, Any], where: str) -> Response | None:
        if "respond" not in table:
            return None
        path = join(where, "respond")
        respond = self.table(table["respond"], path) or {}
        self.keys(respond, path, ("within_minutes",), ("by", "expected"))
        within = self.minutes(respond, "within_minutes", path) or 0
        by: list[EventMatch] = []
        value = respond.get("by", [])
        if not isinstance(value, list):
            self.problem(join(path, "by"), f"must be a list of events, not {_type_name(value)}")
            value = []
        for index, item in enumerate(value):
            match = self.match(item, join(join(path, "by"), index))
            if match is not None:
                by.append(match)
        return Response(within, tuple(by), self.text(respond, "expected", path))

    def match(self, value: object, where: str) -> EventMatch | None:
        table = self.table(value, where)
        if table is None:
            return None
        self.keys(table, where, ("kind",), ("field", "value"))
        kind = self.string(table, "kind", where)
        if kind and kind not in ALL_KINDS:
            self.problem(
                join(where, "kind"),
                f"unknown event kind {kind!r}{suggest(kind, ALL_KINDS)}",
                snippet=kind,
            )
        field = self.string(table, "field", where, default="") or None
        if ("field" in table) != ("value" in table):
            self.problem(where, "give field and value together")
        value_of = table.get("value")
        if value_of is not None and not isinstance(value_of, str | int | bool):
            self.problem(join(where, "value"), "must be a string, number or true/false")
            value_of = None
        if kind in ALL_KINDS and field is not None:
            self.entry_value(kind, field, value_of, where)
        return EventMatch(kind, field, value_of)

    def entry_value(self, kind: str, field: str, value: object, where: str) -> None:
        """A field the kind's entry records (`oncall.vocabulary.entries`), and a value
        it can hold: otherwise the match could never happen."""
        if kind not in ENTRIES:
            self.problem(
                join(where, "field"),
                f"{kind} records no fields of its own to match; leave out field and value",
                snippet=field,
            )
            return
        found = entry_problem(kind, field, value)
        if found is not None:
            key, message = found
            shown = field if key == "field" else (value if isinstance(value, str) else "")
            self.problem(join(where, key), message, snippet=shown)

    def whole_minutes(self, table: dict[str, Any], key: str, where: str) -> int:
        value = table.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MINUTES:
            self.problem(
                join(where, key), f"must be a whole number of minutes from 0, not {value!r}"
            )
            return 0
        return value


def text_of(value: Text) -> dict[str, str]:
    return {"zh": value.zh, "en": value.en}
