"""A case with a sentinel in every free-text and person field the app records, played
through a real encrypted journal and `CaseSession` (what the TUI calls), under the
default playbook. Form fields are filled from the playbook's own declarations, so a
form step added later is covered without touching this file. Every name is invented.

Identifiers (`IDENTIFIERS`) must never survive a redacted export; each free-text field
also carries its own marker (`SENTINEL-…`), which must survive, so a field the export
drops cannot pass for a field it redacted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from oncall.case import kinds as k
from oncall.journal import Journal
from oncall.playbook import Playbook
from oncall.session import CaseSession
from support.clocks import T0, FakeClock
from support.entries import (
    add_guardian,
    checkin,
    custody,
    ended,
    fact,
    family_arrived,
    medical_accompany,
    medical_arrived,
    medical_called,
    medical_handover,
    notified,
    referral,
    report_phone,
    report_weekly,
    report_written,
)

STAFF = "王老师（虚构）"
COUNSELOR = "心理老师（虚构）"
NIGHT = "夜班老师（虚构）"
STUDENT = "李小明"
GIVEN = "小明"
CLASS = "初三（9）班"
PLACE = "实验楼五楼天台"
REPORTER = "赵同学甲"
MOTHER = "王芳芳"
FATHER = "李大强"  # only ever called, never added as a guardian
GRANDMA = "李奶奶"  # arrives, never added as a guardian
UNCLE = "张舅舅"  # goes to hospital with the student
AUNT = "李姑姑"  # told under the playbook's private guardian role
HOME = "阳光小区3栋"
WARD = "病房五区"
MOBILE = "13812345678"
LANDLINE = "0755-12345678"
ID_NUMBER = "11010519491231002X"
EMAIL = "parent.li@example.com"
CLASSMATES = [
    "刘一帆", "孙悦然", "何思远", "马晓东", "高雨桐", "邓子墨", "韩一鸣", "许嘉怡",
    "罗景行", "宋知夏", "唐若溪", "冯星辰", "曹安然", "彭书瑶", "蒋立川", "谢沐阳",
    "董清歌", "袁子期", "潘若楠", "杜远航",
]
IDENTIFIERS = [
    STUDENT, GIVEN, CLASS, PLACE, REPORTER, MOTHER, FATHER, GRANDMA, UNCLE, AUNT, HOME,
    WARD, MOBILE, "138 1234 5678", LANDLINE, ID_NUMBER, EMAIL,
]
"""Besides the classmates named in the playbook's person fields (`Built.identifiers`)."""
SPOKEN = (
    f"{STUDENT}（{GIVEN}）{CLASS}，在{PLACE}；{MOTHER}、{FATHER}、{GRANDMA}；"
    f"手机 138 1234 5678，座机 {LANDLINE}，身份证 {ID_NUMBER}，邮箱 {EMAIL}"
)
"""What a stressed teacher types into a free-text field: every identifier at once."""


def free(marker: str) -> str:
    return f"SENTINEL-{marker} {SPOKEN}"


def _form_value(playbook: Playbook, step_id: str, people: list[str], markers: list[str]) -> Any:
    value: dict[str, Any] = {}
    for field in playbook.step(step_id).fields:
        if field.type == "person":
            value[field.id] = people.pop(0)
        elif field.type == "phone":
            value[field.id] = MOBILE
        elif field.type == "choice":
            value[field.id] = field.options[0].id
        elif field.type == "number":
            value[field.id] = "3"
        elif field.type == "time":
            value[field.id] = "2026-11-23 15:00"
        else:
            marker = f"FORM-{step_id}-{field.id}"
            markers.append(f"SENTINEL-{marker}")
            value[field.id] = free(marker)
    return value


@dataclass(frozen=True)
class Built:
    case: str
    markers: list[str]
    """Every free-text marker written (each must survive redaction)."""
    identifiers: list[str]
    """Every identifier written (none may survive redaction)."""


def build(journal: Journal, playbook: Playbook, clock: FakeClock) -> Built:
    clock.now = T0
    markers: list[str] = []

    def mark(name: str) -> str:
        markers.append(f"SENTINEL-{name}")
        return free(name)

    case = journal.new_case(
        actor=STAFF,
        playbook=playbook,
        student_name=STUDENT,
        student_class=CLASS,
        student_age=15,
        place=PLACE,
        reporter=REPORTER,
        seen=mark("SEEN"),
    )
    s = CaseSession(journal, case, playbook, STAFF)

    def tick() -> None:
        clock.now += timedelta(minutes=1)

    for record in (
        lambda: fact(s, "seen", mark("FACT-SEEN")),
        lambda: s.note(mark("NOTE-1")),
        lambda: s.declare_danger([]),
        lambda: notified(s, "counselor", COUNSELOR),
        lambda: notified(s, "guardian", AUNT),
        lambda: report_phone(s, "刘校长（虚构）"),
        lambda: s.confirm_level(
            "I", suggested="II", drivers=[], assessors=[STAFF, COUNSELOR],
            reason=mark("OVERRIDE"),
        ),
        lambda: s.record_entry(k.CUSTODY_STARTED, custody(PLACE, [STAFF, COUNSELOR], "arm")),
        lambda: checkin(s, STAFF, mark("CHECKIN")),
        lambda: s.handover(
            [STAFF], [NIGHT], severity=mark("SEVERITY"), summary=mark("IPASS-SUMMARY"),
            actions=[{"what": mark("IPASS-ACTION"), "owner": NIGHT}],
            watch=mark("IPASS-WATCH"), readback=True, place=WARD,
        ),
        lambda: s.record_entry(k.CUSTODY_CUSTODIAN_LEFT, {"name": COUNSELOR}),
        lambda: add_guardian(s, MOTHER, "母亲", MOBILE, 1),
        lambda: add_guardian(s, UNCLE, "舅舅", f"+86 {MOBILE[:3]} {MOBILE[3:7]} {MOBILE[7:]}", 2),
        lambda: s.contact_attempt(MOTHER, MOBILE, "no_answer", said=mark("SAID-1")),
        lambda: s.contact_attempt(FATHER, LANDLINE, "reached", said=mark("SAID-2")),
        lambda: s.record_entry(
            k.FAMILY_DECISION, {"decision": "coming", "by": FATHER, "note": mark("FAMILY-NOTE")}
        ),
        lambda: family_arrived(s, [FATHER, GRANDMA]),
        lambda: medical_called(s, "120"),
        lambda: medical_accompany(s, [STAFF], guardian=UNCLE),
        lambda: medical_arrived(s, "市第一人民医院（虚构）"),
        lambda: medical_handover(s, "市第一人民医院（虚构）", "急诊刘医生（虚构）", True),
        lambda: referral(s, "市精神卫生中心（虚构）", True, mark("REFERRAL")),
        lambda: report_written(s, "刘校长（虚构）"),
        lambda: report_weekly(s, mark("WEEKLY")),
        lambda: s.record_entry(k.CUSTODY_ENDED, ended("guardian", FATHER, HOME)),
    ):
        record()
        tick()
    people = list(CLASSMATES)
    for step in playbook.steps():
        if step.kind == "form":
            s.answer(step.id, _form_value(playbook, step.id, people, markers))
            tick()
    done_step = next(step.id for step in playbook.steps() if step.kind in ("action", "note"))
    s.done(done_step, mark("STEP-NOTE"))
    tick()
    skipped = [step.id for step in playbook.steps() if step.kind in ("action", "note")][1]
    s.skip(skipped, mark("SKIP-REASON"))
    tick()
    note = s.note(mark("NOTE-2"))
    tick()
    s.correct(note.id, mark("CORRECTION-REASON"), {"text": mark("CORRECTED-NOTE")})
    tick()
    s.change_actor(NIGHT)
    tick()
    s.record(k.CASE_FACT, {"field": "student_class", "value": CLASS})
    tick()
    s.close(mark("CLOSE-REASON"))
    named = CLASSMATES[: len(CLASSMATES) - len(people)]
    assert named, "the playbook has no person field: nothing to test"
    return Built(case, markers, [*IDENTIFIERS, *named])
