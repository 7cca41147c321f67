"""Issue 17: the scripts read out on the phone say the right place and person — the
leader hears where it happened (not the custody room), and after an unanswered call
the parent script still names the guardian being called."""

from __future__ import annotations

from datetime import UTC, datetime

from oncall.case import kinds as k
from oncall.playbook import Playbook, fill
from oncall.wording import case_values

from .helpers import Log


def _script(playbook: Playbook, script_id: str) -> str:
    return next(
        s.text.zh for step in playbook.steps() for s in step.scripts if s.id == script_id
    )


def _values(log: Log, at: float) -> dict[str, str]:
    return case_values(
        log.state(at), log.playbook, school="示例中学", actor="王虚构老师",
        now=datetime(2026, 11, 23, 6, 30, tzinfo=UTC), lang="zh", include_name=True,
    )


def test_the_leader_hears_where_it_happened_never_the_custody_room(playbook: Playbook) -> None:
    log = Log(playbook)  # the place not known yet
    log.add(k.CUSTODY_STARTED, {"place": "值班室", "custodians": ["王虚构老师"]}, 6)
    text = fill(_script(playbook, "leader-message"), _values(log, 7))
    assert "值班室" not in text
    assert "在 【事发地点】" in text  # a visible blank, not the wrong room
    placed = Log(playbook, place="实验楼五楼")
    placed.add(k.CUSTODY_STARTED, {"place": "值班室", "custodians": ["王虚构老师"]}, 6)
    assert "在 实验楼五楼" in fill(_script(playbook, "leader-message"), _values(placed, 7))


def test_after_an_unanswered_call_the_parent_script_names_the_guardian_called(
    playbook: Playbook,
) -> None:
    log = Log(playbook)
    log.add(k.GUARDIAN_ADDED, {"name": "周虚构", "relation": "母亲", "phone": "139-0000-0001"}, 3)
    log.add(k.CONTACT_ATTEMPT, {"target": "周虚构", "phone": "139-0000-0001",
                                "outcome": "no_answer"}, 5)
    text = fill(_script(playbook, "parent-call-urgent"), _values(log, 6))
    assert "请问是 周虚构 吗" in text
