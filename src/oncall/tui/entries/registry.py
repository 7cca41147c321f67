"""Which entry records a step whose playbook `done_by` names an event kind."""

from __future__ import annotations

from typing import Any

from oncall.tui.entries.contact import (
    contact_arrived,
    contact_attempt,
    contact_decision,
    contact_guardian,
)
from oncall.tui.entries.custody import (
    custody_checkin,
    custody_end,
    custody_handover,
    custody_start,
)
from oncall.tui.entries.facts import facts
from oncall.tui.entries.medical import (
    medical_accompany,
    medical_arrived,
    medical_called,
    medical_handover,
    medical_referral,
)
from oncall.tui.entries.report import (
    report_notified,
    report_phone,
    report_weekly,
    report_written,
)
from oncall.tui.entries.steps import level

ENTRIES: dict[str, Any] = {
    "custody.started": lambda screen, link: custody_start(screen),
    "custody.checkin": lambda screen, link: custody_checkin(screen),
    "custody.handover": lambda screen, link: custody_handover(screen),
    "custody.ended": lambda screen, link: custody_end(screen),
    "contact.attempt": lambda screen, link: contact_attempt(screen),
    "contact.guardian": lambda screen, link: contact_guardian(screen),
    "family.decision": lambda screen, link: contact_decision(screen),
    "family.arrived": lambda screen, link: contact_arrived(screen),
    "medical.called": lambda screen, link: medical_called(screen, link.value),
    "medical.accompany": lambda screen, link: medical_accompany(screen),
    "medical.arrived": lambda screen, link: medical_arrived(screen),
    "medical.handover": lambda screen, link: medical_handover(screen),
    "referral": lambda screen, link: medical_referral(screen),
    "report.phone": lambda screen, link: report_phone(screen),
    "report.written": lambda screen, link: report_written(screen),
    "report.weekly": lambda screen, link: report_weekly(screen),
    "notify": lambda screen, link: report_notified(screen, link.value),
    "level.confirmed": lambda screen, link: level(screen),
    "case.fact": lambda screen, link: facts(screen),
}
"""By event kind: the entry that records a step whose `done_by` names that kind."""
