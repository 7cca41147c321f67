"""Stable pseudonyms for a debrief shared beyond those who need to know (`--redact`).

Everyone and everywhere the case names (`oncall.export.identifiers`: the student's name
and class, the family, other people such as classmates and the reporter, the place) and
every number that identifies someone (mobile and landline numbers, 18-digit ID numbers,
e-mail addresses), plus any extra terms the user gives (`--redact-also`), are replaced
in every string of every event (facts, form answers, notes, reasons, I-PASS summaries)
by pseudonyms that stay the same for the same person within one export:
学生甲 / Student A, 某班 / Class X, 家长甲 / Guardian A, 相关人甲 / Person A,
地点甲 / Place A, 电话1 / phone-1, 证件1 / ID-1, 邮箱1 / email-1, 隐去1 / term-1.
Staff names and institutions stay.

A name is also matched without a trailing note in brackets ("李小明（虚构）" →
"李小明"), a Chinese name of 3 or 4 characters by its given name ("小明"; after a
two-character surname such as 欧阳, by what follows it), a name with a middle dot by
each part, and Latin letters whatever their case, as whole words only.
A case that records no student name (opened on the danger path, the name typed only in
a note) cannot know it: `Redactor.has_student_name` says so, and `also` covers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

from oncall.export.identifiers import collect
from oncall.export.record import CaseRecord
from oncall.journal.event import Event
from oncall.playbook.model import Lang, Playbook

Category = Literal["student", "class", "family", "person", "place", "phone", "id", "email", "term"]
CATEGORIES: Final[tuple[Category, ...]] = (
    "student",
    "class",
    "family",
    "person",
    "place",
    "phone",
    "id",
    "email",
    "term",
)
_NAMES: Final[dict[Category, tuple[str, str]]] = {
    "student": ("学生", "Student "),
    "family": ("家长", "Guardian "),
    "person": ("相关人", "Person "),
    "place": ("地点", "Place "),
    "phone": ("电话", "phone-"),
    "id": ("证件", "ID-"),
    "email": ("邮箱", "email-"),
    "term": ("隐去", "term-"),
}
_LETTERED: Final = frozenset({"student", "family", "person", "place"})
_LETTERS: Final = ("甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸")
_COMPOUND: Final = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "澹台",
        "公冶",
        "太史",
        "申屠",
        "闻人",
        "赫连",
        "万俟",
        "濮阳",
        "拓跋",
        "司空",
        "第五",
    }
)
"""Two-character surnames: the given name of 欧阳小明 is 小明."""
_NOTE = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")
_CJK = re.compile(r"^[\u3400-\u9fff]+$")
_DOT = re.compile(r"[·•・]")
_WORD = re.compile(r"[0-9A-Za-z]")
_NUMBERS = re.compile(
    r"(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
    r"|(?<![0-9A-Za-z])(?:"
    r"(?P<id>\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx])"
    r"|(?P<phone>(?:[(（]\d{2,4}[)）][ -]?)?\+?\d[\d -]{5,}\d)"
    r")(?![0-9A-Za-z])"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{1,2})?$")
_SKIP_KEYS: Final = frozenset(
    {"corrects", "step", "outcome", "decision", "kind", "role", "observation", "to_kind"}
)


def name_variants(name: str, *, given: bool = True) -> list[str]:
    """The forms a name may take in free text; with `given`, a Chinese name's given name
    too (only for the student and the user's own terms: the given name of anyone else
    would replace ordinary words, such as 同学 in 赵同学)."""
    name = name.strip()
    if not name:
        return []
    found = [name]

    def add(variant: str) -> None:
        if variant and variant not in found:
            found.append(variant)

    core = _NOTE.sub("", name).strip()
    add(core)
    if given and 3 <= len(core) <= 4 and _CJK.match(core):
        add(core[2:] if core[:2] in _COMPOUND and len(core) == 4 else core[1:])
    parts = [part.strip() for part in _DOT.split(core)]
    if len(parts) > 1:
        for part in parts:
            if len(part) >= 2:
                add(part)
    return found


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@dataclass(frozen=True, slots=True)
class Replacement:
    """One pseudonym and the originals it stands for (for the preview on screen only:
    never print or log it)."""

    category: Category
    pseudonym: str
    originals: tuple[str, ...]


class Redactor:
    """Built from a case's events; `redacted()` gives them with the pseudonyms in.

    `playbook` says which form fields hold people and which roles are private; `also`
    are extra terms to replace (a name typed only in a note)."""

    def __init__(
        self,
        events: Iterable[Event],
        lang: Lang,
        playbook: Playbook | None = None,
        also: Sequence[str] = (),
    ) -> None:
        self.lang = lang
        self.playbook = playbook
        self.events = list(events)
        self.names: dict[str, str] = {}
        """Every variant (case-folded) → its pseudonym."""
        self.numbers: dict[str, str] = {}
        """Every number's key (digits; an e-mail case-folded) → its pseudonym."""
        self._originals: dict[str, list[str]] = {}
        self._category: dict[str, Category] = {}
        self._counts: dict[Category, int] = {}
        known = collect(self.events, playbook)
        self.has_student_name = known.has_student_name
        student = "学生甲" if lang == "zh" else "Student A"
        klass = "某班" if lang == "zh" else "Class X"
        for name in known.student:
            self._person("student", name, student)
        for name in known.classes:
            self._person("class", name, klass)
        groups: tuple[tuple[Category, list[str]], ...] = (
            ("family", known.family),
            ("person", known.persons),
            ("place", known.places),
        )
        for category, found in groups:
            for name in found:
                self._person(category, name)
        for term in also:
            self._person("term", term)
        keep = {s.casefold() for s in known.staff | known.institutions}
        self._pattern = self._compile(keep - set(self.names))
        self._whole: dict[str, str] = {}
        """Phone fields' values the number patterns miss (short, odd shapes)."""
        for number in known.phones:  # numbered in the order the case records them
            if self.text(number) == number and len(digits(number)) >= 3:
                self._whole[number.strip()] = self.phone(number)
        self._done: list[Event] | None = None

    # --- pseudonyms ------------------------------------------------------------------------
    def _pseudonym(self, category: Category) -> str:
        index = self._counts.get(category, 0)
        self._counts[category] = index + 1
        zh, en = _NAMES[category]
        if category in _LETTERED:
            if self.lang == "zh":
                return zh + (_LETTERS[index] if index < len(_LETTERS) else str(index + 1))
            return en + (chr(ord("A") + index) if index < 26 else str(index + 1))
        return (zh if self.lang == "zh" else en) + str(index + 1)

    def _person(self, category: Category, name: str, pseudonym: str | None = None) -> None:
        given = category in ("student", "term")
        variants = [v for v in name_variants(name, given=given) if v.casefold() not in self.names]
        if not variants:
            return
        if pseudonym is None:
            pseudonym = self._pseudonym(category)
        for variant in variants:
            self.names[variant.casefold()] = pseudonym
        self._note(category, pseudonym, variants[0])

    def _note(self, category: Category, pseudonym: str, original: str) -> None:
        self._category[pseudonym] = category
        found = self._originals.setdefault(pseudonym, [])
        if original not in found:
            found.append(original)

    def _number(self, category: Category, key: str, original: str) -> str:
        if key not in self.numbers:
            self.numbers[key] = self._pseudonym(category)
        pseudonym = self.numbers[key]
        self._note(category, pseudonym, original.strip())
        return pseudonym

    def phone(self, number: str) -> str:
        key = digits(number)
        for prefix in ("0086", "86"):  # the same mobile with China's country code
            if key.startswith(prefix) and len(key) == len(prefix) + 11:
                key = key[len(prefix) :]
        return self._number("phone", key, number)

    def _compile(self, keep: set[str]) -> re.Pattern[str] | None:
        """One pattern for every name, longest first. Staff names and institutions are in
        it too, replaced by themselves, so a staff name that holds a student's given name
        stays whole. A one-character place or name other than the student's or the
        user's own terms (a place "楼" or "家") is replaced only where it is a whole
        field, not inside words (家长, 教学楼)."""
        inside = {
            term
            for term, pseudonym in self.names.items()
            if len(term) > 1 or self._category[pseudonym] in ("student", "term")
        }
        if not inside:
            return None
        pieces = []
        for term in sorted(inside | keep, key=len, reverse=True):
            piece = re.escape(term)
            if _WORD.match(term[0]):
                piece = r"(?<![0-9A-Za-z])" + piece
            if _WORD.match(term[-1]):
                piece += r"(?![0-9A-Za-z])"
            pieces.append(piece)
        return re.compile("|".join(pieces), re.IGNORECASE)

    # --- replacing -------------------------------------------------------------------------
    def text(self, value: str) -> str:
        """A string with every known name and every number replaced."""
        whole = self.names.get(value.strip().casefold()) or self._whole.get(value.strip())
        if whole is not None:
            return whole
        if self._pattern is not None:
            value = self._pattern.sub(
                lambda m: self.names.get(m.group(0).casefold(), m.group(0)), value
            )
        return _NUMBERS.sub(self._number_match, value)

    def _number_match(self, match: re.Match[str]) -> str:
        found = match.group(0)
        if match.group("email"):
            return self._number("email", found.casefold(), found)
        if match.group("id"):
            key = "".join(ch for ch in found.upper() if ch.isdigit() or ch == "X")
            return self._number("id", key, found)
        if _DATE.match(found) or len(digits(found)) < 7:
            return found
        return self.phone(found)

    def value(self, value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return value if key in _SKIP_KEYS else self.text(value)
        if isinstance(value, list):
            return [self.value(item, key) for item in value]
        if isinstance(value, dict):
            return {name: self.value(item, name) for name, item in value.items()}
        return value

    def event(self, event: Event) -> Event:
        return replace(event, data=self.value(event.data), actor=self.text(event.actor))

    def redacted(self) -> list[Event]:
        if self._done is None:
            self._done = [self.event(event) for event in self.events]
        return self._done

    # --- what was replaced -------------------------------------------------------------------
    def replacements(self) -> list[Replacement]:
        """Every pseudonym with the originals it replaced, by category (the numbers found
        in free text too). For the preview on screen only."""
        self.redacted()
        found = [
            Replacement(self._category[p], p, tuple(originals))
            for p, originals in self._originals.items()
        ]
        return sorted(found, key=lambda r: CATEGORIES.index(r.category))

    def originals(self) -> list[str]:
        """Every original string replaced (for tests and checks)."""
        return [original for r in self.replacements() for original in r.originals]


def redact_events(
    events: Iterable[Event],
    lang: Lang,
    playbook: Playbook | None = None,
    also: Sequence[str] = (),
) -> list[Event]:
    return Redactor(events, lang, playbook, also).redacted()


@dataclass(frozen=True, slots=True)
class Preview:
    """What a redacted export of a case replaces (on screen before writing; never log it)."""

    replacements: tuple[Replacement, ...]
    has_student_name: bool
    """False when the case records no student name: a name typed only in free text is
    not known and stays unless given as an extra term."""


def redaction_preview(
    record: CaseRecord, playbook: Playbook, *, lang: Lang = "zh", redact_also: Sequence[str] = ()
) -> Preview:
    redactor = Redactor(record.events, lang, playbook, redact_also)
    return Preview(tuple(redactor.replacements()), redactor.has_student_name)
