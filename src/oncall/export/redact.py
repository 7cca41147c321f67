"""Stable pseudonyms for a debrief shared beyond those who need to know (`--redact`).

The student's name, the family's names, the class and every phone number are replaced,
wherever they appear in the events (facts, contacts, free text such as notes and
reasons), by pseudonyms that stay the same for the same person within one export:
学生甲 / Student A, 家长甲 / Guardian A, 某班 / Class X, 电话1 / phone-1. Staff names stay.

Names are also matched without a trailing note in brackets ("李小明（虚构）" →
"李小明") and, for Chinese names of three or more characters, by the given name
alone ("小明"). Phone numbers are any run of 7 or more digits (with spaces or dashes)
that is not part of a longer word or a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Final

from oncall.case import kinds as k
from oncall.journal.event import Event
from oncall.playbook.model import Lang

_PHONE = re.compile(r"(?<![0-9A-Za-z])\+?\d[\d -]{5,}\d(?![0-9A-Za-z])")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{1,2})?$")
_NOTE = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")
_CJK = re.compile(r"^[\u3400-\u9fff]+$")
_LETTERS: Final = ("甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸")
_SKIP_KEYS: Final = frozenset(
    {"corrects", "step", "outcome", "decision", "kind", "role", "observation", "to_kind"}
)


def _letter(index: int, lang: Lang) -> str:
    if lang == "zh":
        return _LETTERS[index] if index < len(_LETTERS) else str(index + 1)
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def name_variants(name: str) -> list[str]:
    """The forms a name may take in free text."""
    name = name.strip()
    if not name:
        return []
    found = [name]
    core = _NOTE.sub("", name).strip()
    if core and core != name:
        found.append(core)
    if len(core) >= 3 and _CJK.match(core):
        found.append(core[1:])
    return found


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class Redactor:
    """Built from a case's events; `events()` gives them with the pseudonyms in."""

    def __init__(self, events: Iterable[Event], lang: Lang) -> None:
        self.lang = lang
        self.events = list(events)
        self.names: dict[str, str] = {}
        self.phones: dict[str, str] = {}
        self._collect()
        ordered = sorted(self.names, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    # --- what is sensitive -------------------------------------------------------------------
    def _person(self, name: Any, pseudonym: str) -> None:
        for variant in name_variants(str(name or "")):
            self.names.setdefault(variant, pseudonym)

    def _family(self, name: Any) -> None:
        text = str(name or "").strip()
        if not text or text in self.names:
            return
        count = len({v for key, v in self.names.items() if v.startswith(self._guardian(""))})
        self._person(text, self._guardian(_letter(count, self.lang)))

    def _guardian(self, letter: str) -> str:
        return f"家长{letter}" if self.lang == "zh" else f"Guardian {letter}".rstrip()

    def phone(self, number: str) -> str:
        key = digits(number)
        for prefix in ("0086", "86"):  # the same mobile with China's country code
            if key.startswith(prefix) and len(key) == len(prefix) + 11:
                key = key[len(prefix) :]
        if key not in self.phones:
            index = len(self.phones) + 1
            self.phones[key] = f"电话{index}" if self.lang == "zh" else f"phone-{index}"
        return self.phones[key]

    def _collect(self) -> None:
        student = "学生甲" if self.lang == "zh" else "Student A"
        klass = "某班" if self.lang == "zh" else "Class X"
        for event in self.events:
            data = event.data
            facts = data.get("facts") if event.kind == k.CASE_OPENED else None
            if isinstance(facts, dict):
                self._person(facts.get("student_name"), student)
                self._person(facts.get("student_class"), klass)
            if event.kind == k.CASE_FACT and data.get("field") == "student_name":
                self._person(data.get("value"), student)
            if event.kind == k.CASE_FACT and data.get("field") == "student_class":
                self._person(data.get("value"), klass)
        for event in self.events:
            data = event.data
            if event.kind == k.GUARDIAN_ADDED:
                self._family(data.get("name"))
                if data.get("phone"):
                    self.phone(str(data["phone"]))
            elif event.kind == k.CONTACT_ATTEMPT:
                self._family(data.get("target"))
                if data.get("phone"):
                    self.phone(str(data["phone"]))
            elif event.kind == k.FAMILY_DECISION:
                self._family(data.get("by"))
            elif event.kind == k.FAMILY_ARRIVED:
                who = data.get("who")
                for name in who if isinstance(who, list) else [who]:
                    self._family(name)
            elif event.kind == k.CUSTODY_ENDED and data.get("to") == "guardian":
                self._family(data.get("received_by"))
            elif event.kind == k.MEDICAL_ACCOMPANY:
                self._family(data.get("guardian"))

    # --- replacing -------------------------------------------------------------------------
    def text(self, value: str) -> str:
        """A string with every known name and every phone number replaced."""
        if self._pattern is not None:
            value = self._pattern.sub(lambda m: self.names[m.group(0)], value)

        def phone(match: re.Match[str]) -> str:
            found = match.group(0)
            if _DATE.match(found) or len(digits(found)) < 7:
                return found
            return self.phone(found)

        return _PHONE.sub(phone, value)

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
        return [self.event(event) for event in self.events]

    def originals(self) -> list[str]:
        """Every original string replaced (for tests and checks)."""
        return [*self.names, *self.phones]


def redact_events(events: Iterable[Event], lang: Lang) -> list[Event]:
    return Redactor(events, lang).redacted()
