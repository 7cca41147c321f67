"""Text a person reads out or pastes: the parent call (话术), a shift handover summary
(I-PASS) and a short situation report for the leader, filled from the case.

The student's name is left out unless the user asks for it: the default wording says
"the student" (the class, which names nobody, is filled whenever the case knows it).
A value the case does not know yet shows as a visible blank, 【学生姓名】 /
[student name], so nobody reads out a wrong value or a raw ``{placeholder}``.
``{time}`` is when the student was found: the case's opening.
"""

from __future__ import annotations

from datetime import datetime

from oncall.case import CaseState, prefill
from oncall.playbook import fill
from oncall.playbook.model import Lang, Playbook, Script
from oncall.vocabulary.words import word

ANONYMOUS = {"zh": "该学生", "en": "the student"}

BLANKS: dict[str, tuple[str, str]] = {
    "student_name": ("学生姓名", "student name"),
    "student_class": ("班级", "class"),
    "school": ("学校名称", "school"),
    "school_address": ("学校地址", "school address"),
    "place": ("地点", "place"),
    "incident_place": ("事发地点", "where it happened"),
    "teacher": ("你的姓名", "your name"),
    "time": ("发现时间", "time found"),
    "guardian_name": ("家长姓名", "guardian's name"),
    "level": ("级别", "level"),
    "hospital": ("医院", "hospital"),
}
"""What a blank says, for each placeholder the case cannot fill yet."""

FROM_DIRECTORY = ("school", "school_address", "hospital")
"""The placeholders the school's directory fills (a directory of samples leaves them
blank)."""


def directory_blank_in(text: str, lang: Lang) -> bool:
    """The filled text still has a blank that only the school's directory can fill."""
    return any(blank(name, lang) in text for name in FROM_DIRECTORY)


def blank(name: str, lang: Lang) -> str:
    zh, en = BLANKS.get(name, (name, name))
    return f"【{zh}】" if lang == "zh" else f"[{en}]"


def _level_title(playbook: Playbook, level: str | None, lang: Lang) -> str:
    if level and level in playbook.level_titles:
        return playbook.level_titles[level].get(lang)
    return ""


def case_values(
    state: CaseState,
    playbook: Playbook,
    *,
    school: str,
    actor: str,
    now: datetime,
    lang: Lang,
    include_name: bool,
    hospital: str = "",
    school_address: str = "",
) -> dict[str, str]:
    """The placeholder values of a case (see `oncall.playbook.PLACEHOLDERS`)."""
    facts = state.facts
    # the guardian reached, else the one being called (after an unanswered call with
    # nobody left untried: the one tried longest ago, as the call form offers)
    guardian = prefill.guardian_now(state)
    arrived = state.medical.hospital  # the case's own word (no scan of its events per key)
    values = {
        "student_name": str(facts.get("student_name", "")) if include_name else ANONYMOUS[lang],
        "student_class": str(facts.get("student_class") or ""),
        "school": school,
        "school_address": school_address,
        "place": student_place(state),
        # where it happened: the case's place, never where custody is held
        "incident_place": str(facts.get("place", "")),
        "teacher": actor,
        "time": state.opened_at.astimezone().strftime("%H:%M"),
        "guardian_name": guardian,
        "level": _level_title(playbook, state.level, lang),
        "hospital": arrived or hospital,
    }
    return {name: value or blank(name, lang) for name, value in values.items()}


def student_place(state: CaseState) -> str:
    """Where the student is now (`{place}`): where safety responsibility was handed over,
    the hospital reached (with custody carried on there), the custody room, else where
    the student was found."""
    found = str(state.facts.get("place", ""))
    custody, medical = state.custody, state.medical
    arrived = medical.arrived_at or medical.handover_at
    hospital = medical.hospital if arrived is not None else ""
    if custody.ended is not None:
        return custody.ended.place or hospital or found
    if hospital and arrived is not None and (custody.since is None or arrived >= custody.since):
        return hospital
    return custody.place or found


def _applicable_scripts(state: CaseState, playbook: Playbook, prefix: str) -> list[Script]:
    found: list[Script] = []
    for step in playbook.steps():
        step_state = state.steps.get(step.id)
        if step_state is None or not step_state.applicable:
            continue
        found.extend(s for s in step.scripts if s.id.startswith(prefix))
    return found


def parent_call(state: CaseState, playbook: Playbook, values: dict[str, str], lang: Lang) -> str:
    """The parent-call wording that fits the case now (by level), filled in."""
    scripts = _applicable_scripts(state, playbook, "parent-call") or [
        s for step in playbook.steps() for s in step.scripts if s.id.startswith("parent-call")
    ]
    if not scripts:
        return ""
    return fill(scripts[0].text.get(lang), values)


def _label(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def ipass_summary(state: CaseState, playbook: Playbook, values: dict[str, str], lang: Lang) -> str:
    """I-PASS: Illness severity, Patient summary, Action list, Situation awareness,
    Synthesis by the receiver (who reads it back)."""
    lines = [
        _label(lang, "【交接班摘要 I-PASS】", "[Shift handover, I-PASS]"),
        f"{_label(lang, 'I 严重程度', 'I  Severity')}: {values['level'] or '-'}",
        f"{_label(lang, 'P 概要', 'P  Summary')}: {values['student_name']}"
        f"{(' ' + values['student_class']) if values['student_class'] else ''}; "
        f"{_label(lang, '地点', 'place')} {values['place'] or '-'}; "
        f"{_label(lang, '监护', 'custody')} {custody_words(state, lang)}",
    ]
    seen = str(state.facts.get("seen", ""))
    if seen:
        lines.append(f"   {_label(lang, '起因', 'What was seen')}: {seen}")
    lines.append(_label(lang, "A 待办", "A  Actions"))
    pending = [
        playbook.step(step_id)
        for step_id, step_state in state.steps.items()
        if step_state.applicable and step_state.status == "pending" and step_state.required
    ][:6]
    roles = {role.id: role.title.get(lang) for role in playbook.roles}
    for step in pending:
        owner = ", ".join(roles.get(r, r) for r in step.roles) or "-"
        lines.append(f"   - {step.title.get(lang)} ({owner})")
    if not pending:
        lines.append("   -")
    lines.append(_label(lang, "S 需留意", "S  Watch for"))
    for warning in state.warnings:
        lines.append(f"   ! {warning.message.get(lang)}")
    for timer in state.timers:
        if timer.running and timer.due_at is not None:
            due = timer.due_at.astimezone().strftime("%H:%M")
            lines.append(f"   - {timer.title.get(lang)}: {due}")
    lines.append(_label(lang, "S 接班人复述确认：______", "S  Receiver reads back: ______"))
    return "\n".join(lines)


def custody_words(state: CaseState, lang: Lang) -> str:
    """Who is responsible for the student now: the custodians, or to whom safety
    responsibility passed, or that nobody is (custody not started, or a gap)."""
    custody = state.custody
    if custody.active:
        return ", ".join(custody.custodians) or _label(lang, "无人（空档）", "nobody (a gap)")
    if custody.ended is not None:
        end = custody.ended
        to = word(end.to, lang)
        return _label(
            lang,
            f"已移交{to}（{end.received_by}" + (f"，{end.place}" if end.place else "") + "）",
            f"handed to the {to} ({end.received_by}"
            + (f", {end.place}" if end.place else "")
            + ")",
        )
    return _label(lang, "尚未开始", "not started")


def situation_report(
    state: CaseState, playbook: Playbook, values: dict[str, str], lang: Lang
) -> str:
    """A few lines for the leader: who, where, level, custody, family, what is next."""
    contacts = state.contacts
    opened = state.opened_at.astimezone().strftime("%H:%M")
    if contacts.reached:
        family = _label(lang, f"已联系上 {contacts.reached_who}", f"reached {contacts.reached_who}")
    elif contacts.attempts:
        family = _label(
            lang,
            f"尚未联系上（已打 {len(contacts.attempts)} 次）",
            f"not reached yet ({len(contacts.attempts)} calls)",
        )
    else:
        family = _label(lang, "尚未联系", "not called yet")
    custody = custody_words(state, lang)
    lines = [
        _label(lang, "【情况简报】", "[Situation report]")
        + (_label(lang, "（演练）", " (DRILL)") if state.drill else ""),
        f"{values['school']} {values['student_name']}"
        f"{(' ' + values['student_class']) if values['student_class'] else ''}",
        f"{_label(lang, '开始', 'Since')} {opened}; {_label(lang, '级别', 'level')} "
        f"{values['level'] or _label(lang, '未定', 'not set')}",
        f"{_label(lang, '地点', 'Place')}: {values['place'] or '-'}; "
        f"{_label(lang, '监护', 'custody')}: {custody}",
        f"{_label(lang, '家长', 'Family')}: {family}",
        f"{_label(lang, '下一步', 'Next')}: {state.next_action.get(lang)}",
    ]
    for warning in state.warnings:
        lines.append(f"! {warning.message.get(lang)}")
    lines.append(f"{_label(lang, '报告人', 'From')}: {values['teacher']} {values['time']}")
    return "\n".join(lines)
