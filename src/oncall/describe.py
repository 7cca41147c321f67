"""An event in words, in either language: for the timeline, debriefs and exports.
No UI imports."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from oncall.case import kinds
from oncall.journal.event import Event
from oncall.playbook.model import Lang, Playbook
from oncall.vocabulary.entries import ENTRIES, EntryField
from oncall.vocabulary.text import Text
from oncall.vocabulary.words import FACTS, word

SUGGESTED = Text("建议级别", "Suggested level")
"""`level.confirmed` data.suggested, beside the declared fields."""


def held(data: dict[str, Any], field: EntryField) -> Any:
    """What `data` holds for a declared field (under its `within` key, if it has one)."""
    inner = data.get(field.within) if field.within else data
    return inner.get(field.id) if isinstance(inner, dict) else None


def names(value: Any, lang: Lang = "zh") -> str:
    if isinstance(value, list | tuple):
        return ("、" if lang == "zh" else ", ").join(str(v) for v in value) or "-"
    return str(value or "-")


class Describer:
    """Turns events of one playbook into one line each."""

    def __init__(self, playbook: Playbook, lang: Lang) -> None:
        self.playbook = playbook
        self.lang = lang
        self._step_titles = {s.id: s.title.get(lang) for s in playbook.steps()}
        self._options = {
            s.id: {o.id: o.label.get(lang) for o in s.options} for s in playbook.steps()
        }
        self._roles = {r.id: r.title.get(lang) for r in playbook.roles}
        self._levels = {k: v.get(lang) for k, v in playbook.level_titles.items()}
        self._fields = {s.id: {f.id: f.label.get(lang) for f in s.fields} for s in playbook.steps()}
        self._field_options = {
            s.id: {f.id: {o.id: o.label.get(lang) for o in f.options} for f in s.fields}
            for s in playbook.steps()
        }

    def names(self, value: Any) -> str:
        return names(value, self.lang)

    def fact(self, field: Any) -> str:
        text = FACTS.get(str(field))
        return text.get(self.lang) if text is not None else str(field)

    def z(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def level(self, level: Any) -> str:
        return self._levels.get(str(level), str(level))

    def step(self, step_id: Any) -> str:
        return self._step_titles.get(str(step_id), str(step_id))

    def answer(self, step_id: str, value: Any) -> str:
        options = self._options.get(step_id, {})
        if isinstance(value, list):
            sep = "、" if self.lang == "zh" else ", "
            return sep.join(options.get(str(v), str(v)) for v in value) or self.z("都没有", "none")
        if isinstance(value, dict):  # a form: its labels, never its field ids
            labels = self._fields.get(step_id, {})
            colon = "：" if self.lang == "zh" else ": "
            sep = "；" if self.lang == "zh" else "; "
            return sep.join(
                f"{labels.get(k, k)}{colon}{self._form_value(step_id, k, v)}"
                for k, v in value.items()
                if v not in (None, "")
            )
        if value in ("yes", "no") and value not in options:
            return self.z("是", "yes") if value == "yes" else self.z("否", "no")
        return options.get(str(value), str(value))

    def _form_value(self, step_id: str, field_id: str, value: Any) -> str:
        """A form field's value: a choice by its label, yes/no in words."""
        options = self._field_options.get(step_id, {}).get(field_id, {})
        if isinstance(value, list):
            return self.names([options.get(str(v), str(v)) for v in value])
        if str(value) in options:
            return options[str(value)]
        if isinstance(value, bool) or value in ("yes", "no"):
            return self.yes_no(value)
        return str(value)

    def yes_no(self, value: Any) -> str:
        return self.z("是", "yes") if value in (True, "yes") else self.z("否", "no")

    def value(self, field: EntryField, value: Any) -> str:
        """A declared field's value in words: names joined, yes/no and list values in
        the UI language, a role by its title, a time as it was recorded; never an id."""
        if field.type == "tasks" and isinstance(value, list | tuple):
            return self._tasks(value)
        if field.type == "people" or isinstance(value, list | tuple):
            return self.names(value)
        if field.type == "yes_no":
            return self.yes_no(value)
        if field.type == "time" and isinstance(value, str):
            return value[:16].replace("T", " ")
        if field.type == "choice":
            key = str(value)
            return self._roles.get(key) or self._levels.get(key) or word(value, self.lang)
        return self._levels.get(str(value), str(value))  # a level written as its id

    def details(self, event: Event) -> list[tuple[str, str]]:
        """Every field `event` recorded, as (label, value) in the UI language: the fields
        its kind declares (`oncall.vocabulary.entries`), in their order, then what the
        entry records besides them (a level's suggestion, a handover's I-PASS)."""
        found = [
            (f.label.get(self.lang), self.value(f, value))
            for f in ENTRIES.get(event.kind, ())
            if (value := held(event.data, f)) not in (None, "", [])
        ]
        data = event.data
        if event.kind == kinds.CASE_FACT and found and data.get("field"):
            found[0] = (found[0][0], self.fact(data["field"]))  # the fact's name, not its id
        elif event.kind == kinds.LEVEL_CONFIRMED and data.get("suggested"):
            found.insert(1, (SUGGESTED.get(self.lang), self.level(data["suggested"])))
        elif event.kind == kinds.DANGER_DECLARED and data.get("what"):
            check = self.playbook.danger_check()  # the items are that step's answers
            if check is not None:
                found.append((self.step(check), self.answer(check, list(data["what"]))))
        return found

    def _tasks(self, tasks: list[Any] | tuple[Any, ...]) -> str:
        """Things to do, each with its owner ("-" when nobody was named)."""
        sep = "；" if self.lang == "zh" else "; "
        return sep.join(
            f"{a.get('what', '')}（{a.get('owner') or '-'}）"
            if self.lang == "zh"
            else f"{a.get('what', '')} ({a.get('owner') or '-'})"
            for a in tasks
            if isinstance(a, dict)
        )

    def __call__(self, event: Event, by_id: Mapping[str, Event] | None = None) -> str:
        handler = HANDLERS.get(event.kind)
        if handler is None:
            entry = ENTRIES.get(event.kind)
            if entry is not None:  # a kind with no sentence of its own: its declaration's
                colon = "：" if self.lang == "zh" else ": "
                sep = "；" if self.lang == "zh" else "; "
                details = sep.join(f"{label}{colon}{value}" for label, value in self.details(event))
                return entry.title.get(self.lang) + (colon + details if details else "")
            return f"{event.kind} {event.data}" if event.data else event.kind
        return handler(self, event.data, by_id or {})


Handler = Callable[[Describer, dict[str, Any], Mapping[str, Event]], str]


def _opened(d: Describer, data: dict[str, Any], _: Mapping[str, Event]) -> str:
    facts = data.get("facts", {})
    known = f"{facts.get('place', '')} {facts.get('seen', '')}".strip()
    if not known:  # opened straight into danger: the place comes later, with `f`
        return d.z("开案", "Case opened")
    return d.z(f"开案：{known}", f"Case opened: {known}")


def _correction(d: Describer, data: dict[str, Any], by_id: Mapping[str, Event]) -> str:
    target = by_id.get(str(data.get("corrects")))
    what = d(target) if target is not None else str(data.get("corrects", ""))
    verb = d.z("撤销", "Withdrawn") if data.get("replacement") is None else d.z("更正", "Corrected")
    return f"{verb}: {what} ({data.get('reason', '')})"


def _level(d: Describer, data: dict[str, Any], _: Mapping[str, Event]) -> str:
    text = d.z(
        f"确认级别：{d.level(data.get('level'))}", f"Level confirmed: {d.level(data.get('level'))}"
    )
    if data.get("override"):
        text += d.z(
            f"（建议为 {d.level(data.get('suggested'))}，改定理由：{data.get('reason', '')}）",
            f" (suggested {d.level(data.get('suggested'))}; reason: {data.get('reason', '')})",
        )
    if data.get("assessors"):
        text += d.z(
            f"；评估人：{d.names(data['assessors'])}", f"; assessed by {d.names(data['assessors'])}"
        )
    return text


def _handover(d: Describer, data: dict[str, Any], _: Mapping[str, Event]) -> str:
    return d.z(
        f"交接班：{d.names(data.get('from'))} → {d.names(data.get('to'))}（已复述）",
        f"Shift handover: {d.names(data.get('from'))} → {d.names(data.get('to'))} (read back)",
    )


def _attempt(d: Describer, data: dict[str, Any], _: Mapping[str, Event]) -> str:
    said = f" — {data['said']}" if data.get("said") else ""
    return d.z(
        f"联系 {data.get('target', '')} {data.get('phone', '')}："
        f"{word(data.get('outcome'), 'zh')}{said}",
        f"Called {data.get('target', '')} {data.get('phone', '')}: "
        f"{word(data.get('outcome'), 'en')}{said}",
    )


HANDLERS: dict[str, Handler] = {
    kinds.CASE_OPENED: _opened,
    kinds.CASE_CLOSED: lambda d, x, _: d.z(
        f"结案：{x.get('reason', '')}", f"Case closed: {x.get('reason', '')}"
    ),
    kinds.CASE_FACT: lambda d, x, _: d.z(
        f"基本情况：{d.fact(x.get('field'))}：{x.get('value')}",
        f"Fact: {d.fact(x.get('field'))}: {x.get('value')}",
    ),
    kinds.ACTOR_CHANGED: lambda d, x, _: d.z(
        f"换人操作：{x.get('from')} → {x.get('to')}",
        f"At the keyboard: {x.get('from')} → {x.get('to')}",
    ),
    kinds.NOTE: lambda d, x, _: d.z(f"记录：{x.get('text', '')}", f"Note: {x.get('text', '')}"),
    kinds.CORRECTION: _correction,
    kinds.JOURNAL_REPAIRED: lambda d, x, _: d.z(
        f"记录库修复：切除崩溃时未写完的 {x.get('bytes_cut')} 字节",
        f"Journal repaired: cut {x.get('bytes_cut')} bytes left half-written by a crash",
    ),
    kinds.JOURNAL_REANCHORED: lambda d, x, _: d.z(
        f"记录库重新锚定：第 {x.get('anchored')} 条之后至第 {x.get('events')} 条事件"
        "此前没有锚点（由旧版本写入）",
        f"Journal re-anchored: events {x.get('anchored')}+1 to {x.get('events')} had no "
        "anchor (written by an older version)",
    ),
    kinds.STEP_ANSWERED: lambda d, x, _: (
        f"{d.step(x.get('step'))}: {d.answer(str(x.get('step')), x.get('value'))}"
    ),
    kinds.STEP_DONE: lambda d, x, _: (
        d.z(f"完成：{d.step(x.get('step'))}", f"Done: {d.step(x.get('step'))}")
        + (f" — {x['note']}" if x.get("note") else "")
    ),
    kinds.STEP_SKIPPED: lambda d, x, _: d.z(
        f"跳过：{d.step(x.get('step'))}（{x.get('reason', '')}）",
        f"Skipped: {d.step(x.get('step'))} ({x.get('reason', '')})",
    ),
    kinds.DANGER_DECLARED: lambda d, x, _: d.z(
        "启动即时危险处置（I级）", "Immediate danger declared (level I)"
    ),
    kinds.LEVEL_CONFIRMED: _level,
    kinds.CUSTODY_STARTED: lambda d, x, _: d.z(
        f"开始监护：{x.get('place', '')}，监护人 {d.names(x.get('custodians'))}，"
        f"{word(x.get('observation'), 'zh')}",
        f"Custody started: {x.get('place', '')}, custodians {d.names(x.get('custodians'))}, "
        f"{word(x.get('observation'), 'en')}",
    ),
    kinds.CUSTODY_CHECKIN: lambda d, x, _: d.z(
        f"监护签到：{x.get('by', '')} {x.get('state', '')}".strip(),
        f"Custody check-in: {x.get('by', '')} {x.get('state', '')}".strip(),
    ),
    kinds.CUSTODY_HANDOVER: _handover,
    kinds.CUSTODY_CUSTODIAN_LEFT: lambda d, x, _: d.z(
        f"{x.get('name', '')} 离开监护（未交接）", f"{x.get('name', '')} left custody (no handover)"
    ),
    kinds.CUSTODY_ENDED: lambda d, x, _: d.z(
        f"安全责任移交：交给{word(x.get('to'), 'zh')} {x.get('received_by', '')}，"
        f"地点 {x.get('place', '')}",
        f"Safety handover to {word(x.get('to'), 'en')} {x.get('received_by', '')} "
        f"at {x.get('place', '')}",
    ),
    kinds.GUARDIAN_ADDED: lambda d, x, _: d.z(
        f"联系人：{x.get('name', '')}（{x.get('relation', '')}）{x.get('phone', '')}",
        f"Contact: {x.get('name', '')} ({x.get('relation', '')}) {x.get('phone', '')}",
    ),
    kinds.CONTACT_ATTEMPT: _attempt,
    kinds.FAMILY_DECISION: lambda d, x, _: (
        d.z(
            f"家长决定：{word(x.get('decision'), 'zh')}",
            f"Family decision: {word(x.get('decision'), 'en')}",
        )
        + (f" ETA {x['eta'][11:16]}" if x.get("eta") else "")
    ),
    kinds.FAMILY_ARRIVED: lambda d, x, _: d.z(
        f"家长到校：{d.names(x.get('who'))}", f"Family arrived: {d.names(x.get('who'))}"
    ),
    kinds.NOTIFIED: lambda d, x, _: d.z(
        f"已通知{d._roles.get(str(x.get('role')), x.get('role'))} {x.get('person', '')}",
        f"Told the {d._roles.get(str(x.get('role')), x.get('role'))} {x.get('person', '')}",
    ),
    kinds.STAFF_ARRIVED: lambda d, x, _: d.z(
        f"{d._roles.get(str(x.get('role')), x.get('role'))}到场：{x.get('who', '')}",
        f"{d._roles.get(str(x.get('role')), x.get('role'))} arrived: {x.get('who', '')}",
    ),
    kinds.REPORT_PHONE: lambda d, x, _: d.z(
        f"电话报告：{x.get('to', '')}", f"Phone report to {x.get('to', '')}"
    ),
    kinds.REPORT_WRITTEN: lambda d, x, _: d.z(
        f"书面报告已提交：{x.get('to', '')}", f"Written report to {x.get('to', '')}"
    ),
    kinds.REPORT_WEEKLY: lambda d, x, _: d.z(
        f"周报：{x.get('summary', '')}", f"Weekly report: {x.get('summary', '')}"
    ),
    kinds.MEDICAL_CALLED: lambda d, x, _: d.z(
        f"已拨打 {x.get('number', '')}", f"Called {x.get('number', '')}"
    ),
    kinds.MEDICAL_ACCOMPANY: lambda d, x, _: d.z(
        f"陪同送医：{d.names(x.get('staff'))}"
        + (f"，家长 {x['guardian']}" if x.get("guardian") else ""),
        f"Accompanying: {d.names(x.get('staff'))}"
        + (f", guardian {x['guardian']}" if x.get("guardian") else ""),
    ),
    kinds.MEDICAL_ARRIVED: lambda d, x, _: d.z(
        f"到达医院：{x.get('hospital', '')}", f"Arrived at {x.get('hospital', '')}"
    ),
    kinds.MEDICAL_HANDOVER: lambda d, x, _: d.z(
        f"移交医院：{x.get('hospital', '')} {x.get('staff', '')}"
        + ("，医院要求病房监护" if x.get("ward_custody") else ""),
        f"Handed to {x.get('staff', '')} at {x.get('hospital', '')}"
        + (", ward custody required" if x.get("ward_custody") else ""),
    ),
    kinds.REFERRAL: lambda d, x, _: d.z(
        f"转介：{x.get('institution', '')}（家长{'同意' if x.get('consent') else '未同意'}）",
        f"Referral: {x.get('institution', '')} (consent: {'yes' if x.get('consent') else 'no'})",
    ),
    kinds.DRILL_STARTED: lambda d, x, _: d.z(
        f"演练开始：{dict(x.get('title', {})).get('zh', x.get('scenario', ''))}；"
        + "、".join(f"{d._roles.get(r, r)} {n}" for r, n in dict(x.get("players", {})).items()),
        f"Drill started: {dict(x.get('title', {})).get('en', x.get('scenario', ''))}; "
        + ", ".join(f"{d._roles.get(r, r)} {n}" for r, n in dict(x.get("players", {})).items()),
    ),
    kinds.DRILL_INJECT: lambda d, x, _: d.z(
        f"演练情景：{dict(x.get('text', {})).get('zh', x.get('inject', ''))}",
        f"Drill inject: {dict(x.get('text', {})).get('en', x.get('inject', ''))}",
    ),
    kinds.DRILL_RESPONSE: lambda d, x, _: d.z(
        f"应对情景 {x.get('inject', '')}：{x.get('text', '')}",
        f"Response to inject {x.get('inject', '')}: {x.get('text', '')}",
    ),
}
