"""`CaseReplayer` gives exactly what a full `replay` gives, whatever arrives: events in
time order, late entries, corrections (withdrawals and replacements), ties in time,
batches of several events, and whatever the checkpoints it refolds from (every event,
every few, the default). Property-tested against the default playbook."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oncall.case import kinds as k
from oncall.case import replay
from oncall.case.incremental import CaseReplayer
from oncall.export.intervals import intervals, intervals_of
from oncall.journal.event import Event, format_time
from oncall.locations import default_playbook_path
from oncall.playbook import Playbook, load_playbook

PLAYBOOK = load_playbook(default_playbook_path())
T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
CASE = "20261123-1400-prop"
SCALE = float(os.environ.get("ONCALL_HYPOTHESIS_SCALE", "1"))
A, B, C = "陈老师（虚构）", "孙老师（虚构）", "赵老师（虚构）"

TEMPLATES: list[tuple[str, dict[str, Any]]] = [
    (k.STEP_ANSWERED, {"step": "danger.check", "value": ["injured"]}),
    (k.STEP_DONE, {"step": "first.stay"}),
    (k.STEP_SKIPPED, {"step": "first.stay", "reason": "不需要"}),
    (k.STEP_ANSWERED, {"step": "risk.asq.q1", "value": "yes"}),
    (k.STEP_ANSWERED, {"step": "risk.asq.q1", "value": "no"}),
    (k.STEP_ANSWERED, {"step": "risk.warning", "value": ["talk_method", "farewell"]}),
    (k.STEP_ANSWERED, {"step": "risk.safety_assessment", "value": "imminent"}),
    (k.STEP_ANSWERED, {"step": "medical.route", "value": "psychiatric"}),
    (k.STEP_DONE, {"step": "contact.escalate", "note": "已上报"}),
    (k.DANGER_DECLARED, {"what": ["means", "attempt"]}),
    (k.LEVEL_CONFIRMED, {"level": "I", "suggested": "I", "assessors": [A, B]}),
    (k.LEVEL_CONFIRMED, {"level": "III", "override": True, "reason": "评估后下调"}),
    (k.CUSTODY_STARTED, {"place": "心理辅导室", "custodians": [A, B], "check_minutes": 15}),
    (k.CUSTODY_CHECKIN, {"by": A, "state": "平稳"}),
    (k.CUSTODY_HANDOVER, {"from": [A], "to": [C], "place": "病房", "ipass": {"readback": True}}),
    (k.CUSTODY_CUSTODIAN_LEFT, {"name": B}),
    (k.CUSTODY_ENDED, {"to": "家长", "received_by": "王芳（虚构）", "place": "校门"}),
    (k.GUARDIAN_ADDED, {"name": "王芳（虚构）", "relation": "母亲", "phone": "1", "priority": 1}),
    (k.GUARDIAN_ADDED, {"name": "李强（虚构）", "relation": "父亲", "phone": "2", "priority": 2}),
    (k.CONTACT_ATTEMPT, {"by": A, "target": "王芳（虚构）", "phone": "1", "outcome": "no_answer"}),
    (k.CONTACT_ATTEMPT, {"by": A, "target": "李强（虚构）", "phone": "2", "outcome": "reached"}),
    (k.FAMILY_DECISION, {"decision": "attorney", "by": "李强（虚构）"}),
    (k.FAMILY_ARRIVED, {"who": ["李强（虚构）"]}),
    (k.NOTIFIED, {"role": "leader", "person": "刘校长（虚构）", "how": "phone"}),
    (k.REPORT_PHONE, {"to": "刘校长（虚构）"}),
    (k.REPORT_WRITTEN, {"to": "刘校长（虚构）"}),
    (k.REPORT_WEEKLY, {"summary": "平稳"}),
    (k.MEDICAL_CALLED, {"number": "120"}),
    (k.MEDICAL_CALLED, {"number": "110"}),
    (k.MEDICAL_ARRIVED, {"hospital": "市精神卫生中心（虚构）"}),
    (k.MEDICAL_ACCOMPANY, {"staff": [B], "attorney": True}),
    (k.MEDICAL_HANDOVER, {"hospital": "市精神卫生中心（虚构）", "staff": "周医生（虚构）"}),
    (k.REFERRAL, {"institution": "市精神卫生中心（虚构）", "consent": True}),
    (k.CASE_FACT, {"field": "student_age", "value": "9"}),
    (k.NOTE, {"text": "学生情绪平稳"}),
    (k.ACTOR_CHANGED, {"to": C}),
    (k.CASE_CLOSED, {"reason": "危机解除"}),
]

# One recorded event: a template, minutes moved from the previous event's time
# (negative: a late entry), and whether it is instead a correction of an earlier event
# (or of the next one, recorded after the correction that names it).
STEP = st.tuples(
    st.integers(0, len(TEMPLATES) - 1),
    st.one_of(st.just(0), st.integers(1, 30), st.integers(-90, -1)),
    st.sampled_from(["event", "event", "event", "event", "withdraw", "replace", "ahead"]),
    st.integers(0, 10_000),
)


def opened() -> Event:
    facts = {"student_name": "基准学生（虚构）", "student_age": 14}
    ref = {"id": PLAYBOOK.id, "version": PLAYBOOK.version, "hash": PLAYBOOK.content_hash}
    return _event(1, T0, k.CASE_OPENED, {"facts": facts, "playbook": ref})


def _event(seq: int, at: datetime, kind: str, data: dict[str, Any], actor: str = A) -> Event:
    return Event(
        id=f"ev{seq:04d}",
        case=CASE,
        seq=seq,
        at=format_time(at),
        tz="+08:00",
        recorded_at=format_time(at),
        actor=actor,
        kind=kind,
        data=data,
    )


def build(steps: list[tuple[int, int, str, int]]) -> list[Event]:
    events = [opened()]
    moment = T0
    for template, minutes, what, pick in steps:
        moment = moment + timedelta(minutes=minutes)
        seq = len(events) + 1
        kind, data = TEMPLATES[template]
        if what == "ahead":  # a correction of the event recorded next (or never)
            replacement = None if pick % 2 else dict(data)
            data = {"corrects": f"ev{seq + 1:04d}", "reason": "记错了", "replacement": replacement}
            kind = k.CORRECTION
        elif what != "event" and len(events) > 1:
            target = events[1 + pick % (len(events) - 1)]
            replacement = None if what == "withdraw" else dict(data)
            data = {"corrects": target.id, "reason": "记错了", "replacement": replacement}
            kind = k.CORRECTION
        events.append(_event(seq, moment, kind, dict(data), actor=(A, B, C)[pick % 3]))
    return events


def periods_by_scan(events: tuple[Event, ...]) -> tuple[tuple[datetime, datetime | None], ...]:
    """Custody's stretches as the key intervals once found them: a pass over every
    effective event (the fold now keeps them as they come)."""
    periods: list[tuple[datetime, datetime | None]] = []
    for event in events:
        if event.kind == k.CUSTODY_STARTED and (not periods or periods[-1][1]):
            periods.append((event.at_time, None))
        elif event.kind == k.CUSTODY_ENDED and periods and periods[-1][1] is None:
            periods[-1] = (periods[-1][0], event.at_time)
    return tuple(periods)


# (checkpoint every, checkpoints kept): tiny ones refold from a checkpoint on almost
# every change; (1000, 1) never has one and refolds from the first event.
CHECKPOINTS = st.sampled_from([(1, 1), (1, 50), (2, 3), (3, 2), (5, 100), (1000, 1), (256, 16)])


def check(
    playbook: Playbook,
    events: list[Event],
    cuts: list[int],
    now: datetime,
    checkpoints: tuple[int, int] = (256, 16),
) -> int:
    """Feed `events` in batches ending at `cuts`; every state equals the full replay's.
    Returns how many full replays the replayer fell back to."""
    every, kept = checkpoints
    replayer = CaseReplayer(playbook, checkpoint_every=every, checkpoints_kept=kept)
    done = 0
    for cut in [*sorted(set(cuts)), len(events)]:
        if cut <= done:
            continue
        state = replayer.update(events[done:cut], now)
        assert state == replay(playbook, events[:cut], now)
        assert state.custody.periods == periods_by_scan(state.events)
        assert intervals_of(state, playbook) == intervals(playbook, events[:cut], now)
        done = cut
    return replayer.full_replays


@settings(max_examples=max(1, int(150 * SCALE)), deadline=None)
@given(
    st.lists(STEP, min_size=0, max_size=40),
    st.lists(st.integers(1, 41), max_size=12),
    st.integers(0, 3000),
    CHECKPOINTS,
)
def test_incremental_equals_full_replay(
    steps: list[tuple[int, int, str, int]],
    cuts: list[int],
    later: int,
    checkpoints: tuple[int, int],
) -> None:
    events = build(steps)
    now = T0 + timedelta(minutes=later)
    check(PLAYBOOK, events, [c for c in cuts if c < len(events)], now, checkpoints)


@settings(max_examples=max(1, int(60 * SCALE)), deadline=None)
@given(st.lists(STEP, min_size=1, max_size=40), st.integers(0, 3000), CHECKPOINTS)
def test_one_event_at_a_time_through_sync(
    steps: list[tuple[int, int, str, int]], later: int, checkpoints: tuple[int, int]
) -> None:
    """As the case screen does it: the whole journal list each time, one event longer."""
    events = build(steps)
    now = T0 + timedelta(minutes=later)
    every, kept = checkpoints
    replayer = CaseReplayer(PLAYBOOK, checkpoint_every=every, checkpoints_kept=kept)
    for end in range(1, len(events) + 1):
        assert replayer.sync(events[:end], now) == replay(PLAYBOOK, events[:end], now)


def test_events_in_time_order_replay_once() -> None:
    """The point of it all: appending in time order never replays the whole case."""
    events = build([(i % len(TEMPLATES), 5, "event", i) for i in range(60)])
    replayer = CaseReplayer(PLAYBOOK)
    now = T0 + timedelta(days=1)
    for end in range(1, len(events) + 1):
        replayer.sync(events[:end], now)
    assert replayer.full_replays == 1


@pytest.mark.parametrize(
    ("last", "refold"),
    [
        ((0, -30, "event", 0), True),  # a late entry
        ((0, 0, "event", 0), False),  # same moment, recorded later: still the end
        ((0, 5, "withdraw", 3), True),
        ((0, 5, "replace", 3), True),
    ],
)
def test_late_entries_and_corrections_refold_without_a_full_replay(
    last: tuple[int, int, str, int], refold: bool
) -> None:
    events = build([(12, 10, "event", 0), (13, 10, "event", 1), (31, 10, "event", 2), last])
    replayer = CaseReplayer(PLAYBOOK, checkpoint_every=1)
    now = T0 + timedelta(hours=2)
    replayer.update(events[:-1], now)
    state = replayer.update(events[-1:], now)
    assert state == replay(PLAYBOOK, events, now)
    assert replayer.full_replays == 1
    assert replayer.refolds == (1 if refold else 0)


def test_an_undo_deep_in_a_long_case_refolds_only_from_the_checkpoint_before_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undoing the last of 600 events applies at most a checkpoint's worth again, not
    600, and leaves the checkpoints before it usable for the next change."""
    from oncall.case.fold import Fold

    events = build([(i % 30, 1, "event", i) for i in range(600)])
    replayer = CaseReplayer(PLAYBOOK, checkpoint_every=50, checkpoints_kept=4)
    now = T0 + timedelta(days=2)
    replayer.update(events, now)
    applied: list[Event] = []
    original = Fold.apply

    def counted(fold: Fold, event: Event) -> None:
        applied.append(event)
        original(fold, event)

    by_replayer = 0
    for target in events[-3:][::-1]:
        undo = _event(len(events) + 1, T0 + timedelta(days=1), k.CORRECTION, {
            "corrects": target.id, "reason": "记错了", "replacement": None,
        })
        events.append(undo)
        monkeypatch.setattr(Fold, "apply", counted)
        applied.clear()
        state = replayer.update([undo], now)
        by_replayer += len(applied)
        monkeypatch.setattr(Fold, "apply", original)
        assert state == replay(PLAYBOOK, events, now)
    assert replayer.full_replays == 1 and replayer.refolds == 3
    assert 0 < by_replayer <= 3 * 50 + 6
    assert len(replayer._checkpoints) == 4  # the latest kept: none lost but the last


def test_a_list_that_does_not_continue_starts_over() -> None:
    events = build([(12, 10, "event", 0), (13, 10, "event", 1)])
    other = build([(31, 10, "event", 0)])
    replayer = CaseReplayer(PLAYBOOK)
    now = T0 + timedelta(hours=1)
    replayer.sync(events, now)
    assert replayer.sync(other, now) == replay(PLAYBOOK, other, now)


def test_no_events_and_naive_now_are_refused() -> None:
    replayer = CaseReplayer(PLAYBOOK)
    with pytest.raises(ValueError, match="timezone"):
        replayer.update([opened()], datetime(2026, 11, 23, 14, 0))
    with pytest.raises(ValueError, match=r"case\.opened"):
        CaseReplayer(PLAYBOOK).update([], T0)


def test_the_boards_replayers_fold_only_what_each_case_gained() -> None:
    """Three open cases refreshed as the board does: an unchanged case is not folded
    again (its clocks still move with `now`), one that gained events folds just those,
    and a case that left the board is forgotten."""
    from oncall.case.incremental import CaseReplayers

    cases = {
        name: build([(t % len(TEMPLATES), 7, "event", t) for t in range(start, start + 20)])
        for name, start in (("a", 0), ("b", 5), ("c", 11))
    }
    replayers = CaseReplayers(PLAYBOOK)
    first = T0 + timedelta(hours=1)
    for name, events in cases.items():
        assert replayers.state(name, events[:10], first) == replay(PLAYBOOK, events[:10], first)
    later = T0 + timedelta(days=2)
    for name, events in cases.items():
        upto = 20 if name == "b" else 10
        assert replayers.state(name, events[:upto], later) == replay(PLAYBOOK, events[:upto], later)
    assert all(r.full_replays == 1 for r in replayers._replayers.values())
    replayers.keep_only(["a", "b"])
    assert len(replayers) == 2


def _without_events(state: Any) -> Any:
    """A state with what only the case's events hold blanked: everything else (level,
    custody, clocks, warnings, steps, the ▶ step, who is at the keyboard) stays."""
    from dataclasses import replace

    return replace(state, events=(), recorded=(), withdrawn=frozenset(), corrected={})


@settings(max_examples=max(1, int(60 * SCALE)), deadline=None)
@given(st.lists(STEP, min_size=0, max_size=40), st.integers(0, 3000))
def test_a_pass_kept_between_sessions_finishes_as_a_full_replay_does(
    steps: list[tuple[int, int, str, int]], later: int
) -> None:
    """The board's side file: a later session finishes each unchanged case from the
    pass kept, without its events, and gets what replaying every event gives."""
    from oncall.case.incremental import CaseReplayers

    events = build(steps)
    at, now = events[-1].at_time, T0 + timedelta(minutes=later)
    before = CaseReplayers(PLAYBOOK)
    before.state(CASE, events, at, version="3:abc:100")
    assert before.changed
    after = CaseReplayers(PLAYBOOK)
    after.load(before.dumps())
    assert after.known(CASE, "4:def:120", now) is None  # the file changed: read it
    state = after.known(CASE, "3:abc:100", now)
    assert state is not None
    assert _without_events(state) == _without_events(replay(PLAYBOOK, events, now))
    assert not after.changed  # nothing folded: nothing to seal again


def test_passes_from_another_playbook_or_unreadable_are_not_used() -> None:
    from dataclasses import replace

    from oncall.case.incremental import CaseReplayers

    events = build([(12, 5, "event", 0), (13, 5, "event", 1)])
    before = CaseReplayers(PLAYBOOK)
    before.state(CASE, events, T0, version="v")
    data = before.dumps()
    other = CaseReplayers(replace(PLAYBOOK, content_hash="another"))
    other.load(data)
    assert other.known(CASE, "v", T0) is None
    for junk in (b"", b"junk", data[:-3], None):
        fresh = CaseReplayers(PLAYBOOK)
        fresh.load(junk)
        assert fresh.known(CASE, "v", T0) is None
    assert before.known(CASE, "v", T0) == before.state(CASE, events, T0, version="v")
