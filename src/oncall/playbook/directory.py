"""The school directory (`data/directory.toml`): who holds each role, and the
partner institutions (hospitals, counselling centre, 120, 110) with their numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from oncall.playbook.model import Playbook, Text
from oncall.playbook.problems import PlaybookError, Problem, join, suggest
from oncall.playbook.reader import ID, ROLE_ID, Reader, read_toml
from oncall.vocabulary.words import HOSPITAL
from oncall.vocabulary.words import INSTITUTION_KINDS as INSTITUTION_KINDS

PHONE: Final = re.compile(r"[0-9+()\- ]+")


@dataclass(frozen=True, slots=True)
class Person:
    role: str
    name: str
    phone: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Institution:
    id: str
    kind: str
    name: Text
    phone: str
    address: str = ""


@dataclass(frozen=True, slots=True)
class Directory:
    school: str
    placeholder: bool
    people: tuple[Person, ...] = ()
    institutions: tuple[Institution, ...] = ()
    content_hash: str = ""
    source: str = ""
    address: str = ""
    """The school's street address and nearest gate, read out to 120 and 110."""

    def people_for(self, role: str) -> tuple[Person, ...]:
        """The people holding a role, in file order (first to call first)."""
        return tuple(person for person in self.people if person.role == role)

    def institutions_of(self, kind: str) -> tuple[Institution, ...]:
        return tuple(inst for inst in self.institutions if inst.kind == kind)

    def institution(self, institution_id: str) -> Institution:
        for inst in self.institutions:
            if inst.id == institution_id:
                return inst
        raise KeyError(institution_id)


def load_directory(path: str | Path, playbook: Playbook | None = None) -> Directory:
    """Load a directory; raise `PlaybookError` with every problem. Role ids are checked
    against `playbook`, or the default playbook when it loads."""
    directory, problems = _load(path, playbook)
    if problems or directory is None:
        raise PlaybookError(problems or [Problem(str(path), "", "cannot be loaded")])
    return directory


def check_directory_file(path: str | Path, playbook: Playbook | None = None) -> list[Problem]:
    """Every problem of a directory file (empty when valid). Never raises."""
    return _load(path, playbook)[1]


def _default_roles() -> set[str] | None:
    from oncall.locations import default_playbook_path
    from oncall.playbook.loader import load_playbook

    try:
        return {role.id for role in load_playbook(default_playbook_path()).roles}
    except PlaybookError:
        return None


def _load(path: str | Path, playbook: Playbook | None) -> tuple[Directory | None, list[Problem]]:
    try:
        data, report, digest = read_toml(path)
        if data is None:
            return None, report.problems
        roles = {r.id for r in playbook.roles} if playbook is not None else _default_roles()
        directory = _Builder(report).build(data, roles, source=str(path), content_hash=digest)
        return directory, report.problems
    except RecursionError:
        return None, [Problem(str(path), "", "too deeply nested to check")]
    except Exception as exc:  # the promise: a problem list, never a traceback
        return None, [
            Problem(str(path), "", f"internal error while checking: {type(exc).__name__}: {exc}")
        ]


class _Builder(Reader):
    def build(
        self,
        data: dict[str, Any],
        roles: set[str] | None,
        *,
        source: str = "",
        content_hash: str = "",
    ) -> Directory:
        self.keys(data, "", ("school",), ("people", "institutions"))
        school = self.table(data.get("school", {}), "school") or {}
        self.keys(school, "school", ("name", "placeholder"), ("address",))
        people = tuple(self.person(w, t, roles) for w, t in self.tables(data, "people", ""))
        institutions: list[Institution] = []
        first: dict[str, str] = {}
        for where, table in self.tables(data, "institutions", ""):
            institution = self.institution(where, table)
            if institution.id in first:
                self.problem(
                    join(where, "id"),
                    f"duplicate institution id "
                    f"{institution.id!r} (first at {first[institution.id]})",
                )
            elif institution.id:
                first[institution.id] = where
            institutions.append(institution)
        return Directory(
            school=self.string(school, "name", "school"),
            placeholder=self.boolean(school, "placeholder", "school", True),
            people=people,
            institutions=tuple(institutions),
            content_hash=content_hash,
            source=source,
            address=self.string(school, "address", "school", required=False),
        )

    def phone(self, table: dict[str, Any], where: str) -> str:
        phone = self.string(table, "phone", where)
        digits = sum(ch.isdigit() for ch in phone)
        if phone.strip() and (not PHONE.fullmatch(phone) or digits < 3):
            self.problem(
                join(where, "phone"),
                f"{phone!r} is not a phone number (digits, "
                "spaces, + - ( ) only; at least 3 digits)",
            )
        return phone

    def person(self, where: str, table: dict[str, Any], roles: set[str] | None) -> Person:
        self.keys(table, where, ("role", "name", "phone"), ("note",))
        role = self.string(table, "role", where, pattern=ROLE_ID)
        if roles is not None and role and ROLE_ID.fullmatch(role) and role not in roles:
            self.problem(
                join(where, "role"),
                f"unknown role {role!r}: not a role of the playbook{suggest(role, roles)}",
            )
        return Person(
            role=role,
            name=self.string(table, "name", where),
            phone=self.phone(table, where),
            note=self.string(table, "note", where, required=False),
        )

    def institution(self, where: str, table: dict[str, Any]) -> Institution:
        self.keys(table, where, ("id", "kind", "name", "phone"), ("address",))
        return Institution(
            id=self.string(table, "id", where, pattern=ID),
            kind=self.choice(table, "kind", where, INSTITUTION_KINDS, HOSPITAL),
            name=self.text(table, "name", where),
            phone=self.phone(table, where),
            address=self.string(table, "address", where, required=False),
        )


def is_directory(data: dict[str, Any] | None, path: str | Path) -> bool:
    """A directory file: has a top-level [school] table, or is named directory.toml."""
    if isinstance(data, dict) and "school" in data:
        return True
    return Path(path).name == "directory.toml"
