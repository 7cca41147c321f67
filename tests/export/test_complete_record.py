"""The record is complete in every format: every field of every record kind declared in
`oncall.vocabulary.entries` appears, with its label and its value in words, in the
Markdown, HTML and DOCX debriefs; I-PASS content, answers in words, superseded answers,
the level decision of the written report; copies filled with what the case knows.

Each case is recorded through `CaseSession` into a real encrypted store and exported
with `render`, as `oncall export` does; the DOCX is read back with python-docx."""

from __future__ import annotations

import html
import io
import re
from datetime import timedelta
from typing import Any

import docx
import pytest

from oncall.case import kinds as k
from oncall.case import replay
from oncall.export import case_record, render
from oncall.journal import Journal
from oncall.playbook import Playbook, fill
from oncall.session import CaseSession
from oncall.vocabulary.entries import ENTRIES, EntryField
from oncall.vocabulary.text import Lang
from oncall.vocabulary.words import word
from oncall.wording import case_values, situation_report
from support.entries import custody, ended, referral
from support.scenes import TEACHER

from .conftest import FACTS, FakeClock

COLON = {"zh": "：", "en": ": "}


def md_text(data: bytes) -> str:
    return data.decode("utf-8").replace("\\", "")  # Markdown escapes, not content


def docx_text(data: bytes) -> str:
    """Every paragraph of a DOCX, then every table row, its cells joined by " | "
    (a form's label and value are the two cells of a row)."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    return "\n".join(lines)


def html_text(data: bytes) -> str:
    """What a browser shows of the HTML: its text without tags (a table row's cells
    joined by " | ")."""
    page = data.decode("utf-8")
    page = re.sub(r"<style>.*?</style>|<svg.*?</svg>", "", page, flags=re.S)
    page = re.sub(r"</t[dh]>\s*<t[dh][^>]*>", " | ", page)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def exports(
    journal: Journal, playbook: Playbook, session: CaseSession, clock: FakeClock, lang: Lang
) -> dict[str, str]:
    record = case_record(journal, session.case_id)
    now = clock() + timedelta(minutes=5)
    return {
        "md": md_text(render("md", record, playbook, now=now, lang=lang)),
        "docx": docx_text(render("docx", record, playbook, now=now, lang=lang)),
        "html": html_text(render("html", record, playbook, now=now, lang=lang)),
    }


def open_case(journal: Journal, playbook: Playbook) -> CaseSession:
    return CaseSession.open_new(journal, playbook, TEACHER, **FACTS)


def sample(
    kind: str, entry: EntryField, n: int, playbook: Playbook, lang: Lang
) -> tuple[Any, str]:
    """A value for `entry` no other field gets, and how the debrief must show it."""
    if entry.type in ("text", "person"):
        value = f"记录{n:02d}号值"
        return value, value
    if entry.type == "phone":
        value = f"139-{n:04d}-7788"
        return value, value
    if entry.type == "people":
        return [f"甲{n:02d}", f"乙{n:02d}"], ("、" if lang == "zh" else ", ").join(
            [f"甲{n:02d}", f"乙{n:02d}"]
        )
    if entry.type == "number":
        return 40 + n, str(40 + n)
    if entry.type == "yes_no":
        return True, "是" if lang == "zh" else "yes"
    if entry.type == "time":
        return f"2026-11-23T16:{n:02d}:00+08:00", f"2026-11-23 16:{n:02d}"
    if entry.type == "tasks":
        what, owner = f"事项{n:02d}", f"丙{n:02d}"
        tasks = [{"what": what, "owner": owner}]
        return tasks, f"{what}（{owner}）" if lang == "zh" else f"{what} ({owner})"
    if entry.type == "choice":
        if entry.options:
            value = entry.options[-1]
            title = playbook.level_titles.get(value)
            return value, title.get(lang) if title is not None else word(value, lang)
        role = playbook.roles[-1]
        return role.id, role.title.get(lang)
    raise AssertionError(f"{kind}.{entry.id}: no sample for a {entry.type} field; add one")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_declared_field_of_every_kind_shows_with_its_label(
    journal: Journal, playbook: Playbook, clock: FakeClock, lang: Lang
) -> None:
    session = open_case(journal, playbook)
    expected: list[tuple[str, str, str, Any]] = []
    n = 0
    for kind, entry_fields in ENTRIES.items():
        data: dict[str, Any] = {}
        for entry in entry_fields:
            n += 1
            value, shown = sample(kind, entry, n, playbook, lang)
            (data.setdefault(entry.within, {}) if entry.within else data)[entry.id] = value
            expected.append((kind, entry.label.get(lang), shown, value))
        clock.advance(1)
        session.record(kind, data)
    texts = exports(journal, playbook, session, clock, lang)
    for fmt, text in texts.items():
        missing = [
            f"{kind}: {label}{COLON[lang]}{shown}"
            for kind, label, shown, _ in expected
            if f"{label}{COLON[lang]}{shown}" not in text
        ]
        assert not missing, f"{fmt} leaves out: {missing}"
        raw = [
            f"{kind}: {label}{COLON[lang]}{value}"
            for kind, label, shown, value in expected
            if isinstance(value, str) and value != shown
            and f"{label}{COLON[lang]}{value}"
            in text.replace(f"{label}{COLON[lang]}{shown}", "")  # "III" inside "III级"
        ]
        assert not raw, f"{fmt} shows ids: {raw}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_ipass_handover_family_decision_and_referral_are_in_md_and_docx(
    journal: Journal, playbook: Playbook, clock: FakeClock, lang: Lang
) -> None:
    session = open_case(journal, playbook)
    session.record_entry(k.CUSTODY_STARTED, custody("心理辅导室", ["陈老师（虚构）"]))
    clock.advance(20)
    session.handover(
        ["陈老师（虚构）"], ["孙老师（虚构）"],
        severity="I", summary="ASQ 急性阳性，等待家长",
        actions=[{"what": "十分钟后再打给父亲", "owner": "孙老师（虚构）"}],
        watch="提到过窗户", readback=True,
    )
    session.record_entry(
        k.FAMILY_DECISION,
        {"decision": "attorney", "by": "李强（虚构）", "note": "在外地，今晚赶回"},
    )
    referral(session, "市精神卫生中心（虚构）", True, "住院评估与治疗")
    texts = exports(journal, playbook, session, clock, lang)
    c = COLON[lang]
    owner = "十分钟后再打给父亲（孙老师（虚构））" if lang == "zh" else (
        "十分钟后再打给父亲 (孙老师（虚构）)")
    level_i = playbook.level_titles["I"].get(lang)
    ipass = {f.id: f.label.get(lang) for f in ENTRIES[k.CUSTODY_HANDOVER]}
    for fmt, text in texts.items():
        for needle in (
            f"{ipass['severity']}{c}{level_i}",
            f"{ipass['summary']}{c}ASQ 急性阳性，等待家长",
            f"{ipass['actions']}{c}{owner}",
            f"{ipass['watch']}{c}提到过窗户",
            f"{'备注' if lang == 'zh' else 'Note'}{c}在外地，今晚赶回",
            f"{'家长' if lang == 'zh' else 'Guardian'}{c}李强（虚构）",
            f"{'建议' if lang == 'zh' else 'Recommendation'}{c}住院评估与治疗",
        ):
            assert needle in text, f"{fmt}: {needle}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_danger_items_ticked_are_named(
    journal: Journal, playbook: Playbook, clock: FakeClock, lang: Lang
) -> None:
    session = open_case(journal, playbook)
    session.declare_danger(["means"])
    check = playbook.danger_check()
    assert check is not None
    means = next(o for o in playbook.step(check).options if o.id == "means")
    for fmt, text in exports(journal, playbook, session, clock, lang).items():
        assert means.label.get(lang) in text, fmt


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_form_answers_show_words_never_their_ids(
    journal: Journal, playbook: Playbook, clock: FakeClock, lang: Lang
) -> None:
    session = open_case(journal, playbook)
    session.answer(
        "followup.others",
        {"student_1": "钱某（虚构）", "relation_1": "witness", "support_1": "谈话",
         "screen_1": "no"},
    )
    session.answer(
        "medical.referral",
        {"institution": "市精神卫生中心（虚构）", "problem": "说过想跳楼",
         "recommendation": "门诊评估", "consent": "yes", "referred_by": "心理老师（虚构）"},
    )
    texts = exports(journal, playbook, session, clock, lang)

    def label(step: str, field: str) -> str:
        return next(f.label.get(lang) for f in playbook.step(step).fields if f.id == field)

    c = COLON[lang]
    words = (
        ("followup.others", "relation_1", "witness", "目睹者" if lang == "zh" else "Witness"),
        ("followup.others", "screen_1", "no", "不需要" if lang == "zh" else "No"),
        ("medical.referral", "consent", "yes", "同意" if lang == "zh" else "Given"),
    )
    for fmt, text in texts.items():
        for step, field, raw, shown in words:
            assert f"{label(step, field)}{c}{shown}" in text, f"{fmt}: {field}"
            assert f"{label(step, field)}{c}{raw}" not in text, f"{fmt} shows {raw!r}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_answers_given_again_are_marked_and_counted_as_corrections(
    journal: Journal, playbook: Playbook, clock: FakeClock, lang: Lang
) -> None:
    session = open_case(journal, playbook)
    session.answer("risk.asq.q1", "no")
    clock.advance(2)
    session.answer("risk.asq.q1", "yes")  # the counselor asked again
    texts = exports(journal, playbook, session, clock, lang)
    for fmt, text in texts.items():
        assert ("没有更正" if lang == "zh" else "No corrections") not in text, fmt
        assert (
            "1 个回答被之后的回答取代" if lang == "zh"
            else "1 answers superseded by a later answer"
        ) in text, fmt
        assert (
            "（已被之后的回答取代）" if lang == "zh" else "(superseded by a later answer)"
        ) in text, fmt


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_written_report_states_level_suggestion_and_override_reason(
    journal: Journal, playbook: Playbook, clock: FakeClock, lang: Lang
) -> None:
    session = open_case(journal, playbook)
    session.confirm_level(
        "II", suggested="III", drivers=[], assessors=["张老师（虚构）"],
        reason="班主任反映近一周多次说没意思",
    )
    texts = exports(journal, playbook, session, clock, lang)
    two, three = (playbook.level_titles[x].get(lang) for x in ("II", "III"))
    for fmt, text in texts.items():
        c = COLON[lang] if fmt == "md" else " | "  # a form row's two cells
        report = text[text.index("学生心理危机事件书面报告" if lang == "zh"
                                 else "Written incident report"):]
        if fmt == "md":
            report = report.replace("**", "").replace("- ", "")
        for needle in (
            f"{'风险级别（确认）' if lang == 'zh' else 'Risk level (confirmed)'}{c}{two}",
            f"{'建议级别' if lang == 'zh' else 'Suggested level'}{c}{three}",
            "班主任反映近一周多次说没意思",
        ):
            assert needle in report, f"{fmt}: {needle}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_copies_fill_the_class_and_say_who_is_responsible_after_a_handover(
    journal: Journal, playbook: Playbook, clock: FakeClock, lang: Lang
) -> None:
    session = open_case(journal, playbook)
    session.record_entry(k.CUSTODY_STARTED, custody("心理辅导室", ["陈老师（虚构）"]))
    clock.advance(30)
    session.record_entry(
        k.CUSTODY_ENDED, ended("hospital", "周医生（虚构）", "市精神卫生中心急诊")
    )
    state = replay(playbook, session.events(), clock())
    values = case_values(
        state, playbook, school="示例中学（虚构）", actor=TEACHER, now=clock(), lang=lang,
        include_name=False,
    )
    script = next(s for step in playbook.steps() for s in step.scripts
                  if "{student_class}" in s.text.get(lang))
    copied = fill(script.text.get(lang), values)
    assert FACTS["student_class"] in copied
    assert "【班级】" not in copied and "[class]" not in copied
    assert FACTS["student_name"] not in copied  # the name still only when asked
    report = situation_report(state, playbook, values, lang)
    assert "监护: 无" not in report and "custody: nobody" not in report
    assert ("已移交医院（周医生（虚构）" if lang == "zh"
            else "handed to the hospital (周医生（虚构）") in report
