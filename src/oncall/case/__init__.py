"""Case state derived by replaying a case's events against its playbook (no UI).

    state = replay(playbook, journal.events(case_id), now)
    state.level, state.next_action.get("zh"), state.warnings, state.custody.custodians

The clock is an argument: timers and overdue items are tested by moving `now`.
"""

from oncall.case.order import by_record, by_time, effective
from oncall.case.replay import replay, suggest
from oncall.case.state import (
    Attempt,
    Call,
    CaseState,
    CaseWarning,
    Contacts,
    Custody,
    CustodyEnd,
    Danger,
    Driver,
    FamilyDecision,
    Gap,
    Guardian,
    Handover,
    LevelChange,
    Medical,
    PhaseState,
    PlaybookRef,
    StepState,
    StepStatus,
    Suggestion,
    TimerState,
)
from oncall.case.warnings import LEVEL1_CUSTODY_MINUTES

__all__ = [
    "LEVEL1_CUSTODY_MINUTES",
    "Attempt",
    "Call",
    "CaseState",
    "CaseWarning",
    "Contacts",
    "Custody",
    "CustodyEnd",
    "Danger",
    "Driver",
    "FamilyDecision",
    "Gap",
    "Guardian",
    "Handover",
    "LevelChange",
    "Medical",
    "PhaseState",
    "PlaybookRef",
    "StepState",
    "StepStatus",
    "Suggestion",
    "TimerState",
    "by_record",
    "by_time",
    "effective",
    "replay",
    "suggest",
]
