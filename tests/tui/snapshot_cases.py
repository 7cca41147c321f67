"""Cases put into a given state through `CaseSession`, for the snapshot tests.

A case is walked through the default playbook the way a teacher does it, one session
call per key, each at a realistic minute after the case was opened (the fake clock is
moved to it first). A stage stops the walk at one screen the teacher passes through.
Names are invented.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from oncall import locations
from oncall.case import kinds as k
from oncall.journal import Journal
from oncall.playbook import load_playbook
from oncall.playbook.model import Playbook
from oncall.session import CaseSession
from support.entries import (
    add_guardian,
    checkin,
    custody,
    medical_accompany,
    medical_arrived,
    medical_called,
    medical_handover,
    notified,
    report_phone,
    report_written,
)

from .conftest import PASSPHRASE, STUDENT, TEACHER, FakeClock

COLLEAGUE = "张虚构老师"
GUARDIAN = "李虚构家长"
LEADER = "王校长（示例）"  # the example directory's leader
HOSPITAL = "示例医院"
DOCTOR = "刘虚构医生"


def default_playbook() -> Playbook:
    return load_playbook(locations.default_playbook_path())


class Walk:
    """One case, from opening towards closing; `at(m)` moves the clock to minute m."""

    def __init__(
        self,
        journal: Journal,
        playbook: Playbook,
        clock: FakeClock,
        *,
        student: str = STUDENT,
        drill: bool = False,
    ) -> None:
        self.clock = clock
        self.opened = clock.now
        self.case_id = journal.new_case(
            actor=TEACHER,
            drill=drill,
            playbook=playbook,
            place="三楼走廊",
            seen="学生在窗边哭泣",
            student_name=student,
            student_class="初二(3)班",
            student_age=14,
        )
        self.s = CaseSession(journal, self.case_id, playbook, TEACHER)

    def at(self, minute: float) -> CaseSession:
        moment = self.opened + timedelta(minutes=minute)
        assert moment >= self.clock.now, "the walk goes forward in time"
        self.clock.now = moment
        return self.s

    # Each stage continues from the one before it.
    def first_steps(self) -> None:
        """No immediate danger; staying with the student. Next: phone the leader."""
        self.at(1).answer("danger.check", [])
        self.at(2).done("first.stay")

    def risk_check(self) -> None:
        """The people told; warning signs, factors, dimensions; ASQ question 1 answered
        yes. Next: ASQ question 2."""
        self.first_steps()
        report_phone(self.at(4), LEADER)
        notified(self.at(5), "counselor", "张老师（示例）")
        notified(self.at(6), "class_teacher", "陈虚构老师")
        self.at(10).answer("risk.warning", [])
        self.at(11).answer("risk.factors", [])
        self.at(12).answer("risk.dimensions", [])
        self.at(13).done("risk.asq.intro")
        self.at(14).answer("risk.asq.q1", "yes")

    def custody(self) -> None:
        """ASQ acute, assessment imminent, level I confirmed; custody by two teachers,
        checked 1 minute ago. Next: ask security to help."""
        self.risk_check()
        for minute, (question, value) in enumerate(
            (("q2", "no"), ("q3", "yes"), ("q4", "no"), ("q5", "yes")), start=15
        ):
            self.at(minute).answer(f"risk.asq.{question}", value)
        self.at(19).done("risk.asq.acute")
        self.at(25).answer("risk.safety_assessment", "imminent")
        self.at(27).confirm_level(
            "I",
            suggested="I",
            drivers=["asq-acute", "bssa-imminent"],
            assessors=[TEACHER, COLLEAGUE, "赵虚构老师"],
        )
        self.at(28).record_entry(
            k.CUSTODY_STARTED, custody("心理辅导室", [TEACHER, COLLEAGUE], "arm")
        )
        self.at(30).done("custody.stimulus")
        checkin(self.at(40), COLLEAGUE, "平稳")
        self.at(41)

    def overdue(self) -> None:
        """Custody running and nobody recorded a check-in for 17 minutes (due at 15)."""
        self.custody()
        self.at(57)

    def contact(self) -> None:
        """Security told, the guardian listed, the first call not answered. Next: call
        the guardian (the escalation clock runs)."""
        self.custody()
        notified(self.at(42), "security", "刘虚构保安")
        add_guardian(self.at(43), GUARDIAN, "母亲", "010-0000-1234", 1, True)
        self.at(45).contact_attempt(GUARDIAN, "010-0000-1234", "no_answer")
        self.at(47)

    def medical(self) -> None:
        """The guardian reached and coming; 120 called; a teacher goes along. Next:
        record the arrival at hospital."""
        self.contact()
        self.at(48).contact_attempt(GUARDIAN, "010-0000-1234", "reached", "马上过来")
        self.at(49).record_entry(k.FAMILY_DECISION, {"decision": "coming", "by": GUARDIAN})
        checkin(self.at(52), COLLEAGUE, "平稳")
        self.at(53).answer("medical.route", "emergency")
        medical_called(self.at(54), "120")
        medical_accompany(self.at(58), [TEACHER], GUARDIAN)
        self.at(60)

    def closed(self) -> None:
        """At hospital, handed over; custody ended; written report; closed. Looked at
        20 minutes after closing."""
        self.medical()
        checkin(self.at(66), TEACHER, "救护车上，平稳")
        medical_arrived(self.at(75), HOSPITAL)
        checkin(self.at(80), TEACHER, "急诊候诊")
        medical_handover(self.at(88), HOSPITAL, DOCTOR, False)
        self.at(89).record_entry(
            k.CUSTODY_ENDED, {"to": "hospital", "received_by": DOCTOR, "place": "急诊"}
        )
        report_written(self.at(150), LEADER)
        self.at(180).close("已移交医院，家长在场")
        self.at(200)


STAGES: dict[str, Callable[[Walk], None]] = {
    "new": lambda walk: None,
    "first_steps": Walk.first_steps,
    "risk_asq": Walk.risk_check,
    "level_i_custody": Walk.custody,
    "parent_contact": Walk.contact,
    "medical_transfer": Walk.medical,
    "overdue_checkin": Walk.overdue,
    "closed": Walk.closed,
}
"""The case screen at each point of the default playbook a teacher passes through."""


def store_with_case(home: Path, clock: FakeClock, stage: str) -> str:
    """A fresh store at `home` holding one case walked to `stage`; the case id."""
    playbook = default_playbook()
    Journal.create(home, PASSPHRASE, kdf_n=2**10, clock=clock).close()
    with Journal.open(home, PASSPHRASE, clock=clock) as journal:
        walk = Walk(journal, playbook, clock)
        STAGES[stage](walk)
        return walk.case_id


def store_for_board(home: Path, clock: FakeClock) -> None:
    """A closed case from earlier, then a drill, an open level I case with custody and
    a case just opened (no level yet), in that order."""
    playbook = default_playbook()
    Journal.create(home, PASSPHRASE, kdf_n=2**10, clock=clock).close()
    with Journal.open(home, PASSPHRASE, clock=clock) as journal:
        Walk(journal, playbook, clock, student="周虚构同学").closed()
        clock.advance(5)
        Walk(journal, playbook, clock, student="吴虚构同学", drill=True).first_steps()
        clock.advance(5)
        Walk(journal, playbook, clock).custody()
        clock.advance(4)
        Walk(journal, playbook, clock, student="郑虚构同学").first_steps()
        clock.advance(1)
