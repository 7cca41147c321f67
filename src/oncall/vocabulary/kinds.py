"""Event kinds a case journal holds, and the `data` each carries.

This is the contract between whoever writes events (the TUI, the CLI, tests) and
`oncall.case.replay`, which derives a case's state from them. Kinds are dotted;
playbook timers refer to them as ``event:<kind>``. Add kinds here, never rename one:
old journals must keep replaying.

Names of people (student, guardians, staff) live only in `data`, which is encrypted
with the rest of the event.
"""

from __future__ import annotations

from typing import Final

# --- the case as a whole -------------------------------------------------------------
CASE_OPENED: Final = "case.opened"
"""seq 1, written by `Journal.new_case`. data: {"facts": {reporter, place, seen,
student_name, student_class, student_age?, number?}, "playbook": {id, version, hash},
"lang"}. `drill` is set on every event of a drill case."""
CASE_CLOSED: Final = "case.closed"
"""data: {"reason": str}."""
CASE_FACT: Final = "case.fact"
"""A fact added or changed after opening. data: {"field": str, "value": Any}."""
ACTOR_CHANGED: Final = "actor.changed"
"""The person at the keyboard changed. data: {"from": str, "to": str}."""
NOTE: Final = "note"
"""Free text. data: {"text": str}."""
CORRECTION: Final = "correction"
"""Corrects or withdraws an earlier event. data: {"corrects": <event id>,
"reason": str, "replacement": {kind-specific data} | None}. None withdraws it
(an "undo"); replay then ignores the corrected event."""
JOURNAL_REPAIRED: Final = "journal.repaired"
"""Written by the journal itself after cutting off a torn tail left by a crash.
data: {"bytes_cut": int, "records_kept": int}."""
JOURNAL_REANCHORED: Final = "journal.reanchored"
"""Written by the journal when it anchors events it found unanchored (written by an
older version of oncall, which kept no anchors). data: {"anchored": int (events the
store had anchored before), "events": int (events found)}."""

# --- playbook steps ------------------------------------------------------------------
STEP_ANSWERED: Final = "step.answered"
"""A question/choice/check/form step answered. data: {"step": id, "value": ...}:
question/choice: option id ("yes", "no", "refused", ...); check: list of checked item
ids (may be empty = none apply); form: {field id: value}."""
STEP_DONE: Final = "step.done"
"""An action/contact/note/timer step done. data: {"step": id, "note"?: str}."""
STEP_SKIPPED: Final = "step.skipped"
"""data: {"step": id, "reason": str} (a reason is required)."""
DANGER_DECLARED: Final = "danger.declared"
"""Immediate danger path taken (one key from anywhere). data: {"what": [item ids]}.
Makes the case level I at once."""

# --- level -----------------------------------------------------------------------------
LEVEL_CONFIRMED: Final = "level.confirmed"
"""data: {"level": "I"|"II"|"III", "suggested": level|None, "drivers": [rule ids],
"override": bool, "reason": str (required when override), "assessors": [names]}."""

# --- custody (24小时监护) -------------------------------------------------------------
CUSTODY_STARTED: Final = "custody.started"
"""data: {"place": str, "custodians": [names], "observation": "arm"|"sight"|"interval",
"check_minutes": int}."""
CUSTODY_CHECKIN: Final = "custody.checkin"
"""data: {"by": name, "state"?: str}."""
CUSTODY_HANDOVER: Final = "custody.handover"
"""Shift change, I-PASS. data: {"from": [names], "to": [names], "place"?: str,
"ipass": {"severity", "summary", "actions": [{"what", "owner"}], "watch",
"readback": bool}}."""
CUSTODY_CUSTODIAN_LEFT: Final = "custody.left"
"""A custodian left without handing over. data: {"name": str}. If nobody is left,
that is a coverage gap until the next custody.started/handover."""
CUSTODY_ENDED: Final = "custody.ended"
"""Safety responsibility handover (安全责任移交). data: {"to": "guardian"|"hospital",
"received_by": str, "place": str}."""

# --- parent / guardian contact -----------------------------------------------------------
GUARDIAN_ADDED: Final = "contact.guardian"
"""data: {"name", "relation", "phone", "priority": int (1 = first to call),
"emergency"?: bool}."""
CONTACT_ATTEMPT: Final = "contact.attempt"
"""data: {"by": name, "target": name, "phone": str, "outcome": "reached"|"no_answer"|
"switched_off"|"refused"|"wrong_number", "said"?: str}."""
FAMILY_DECISION: Final = "family.decision"
"""data: {"decision": "coming"|"to_hospital"|"take_home"|"agreement"|"attorney"|"refuse_treatment",
"eta"?: ISO time, "by"?: guardian name, "note"?: str}."""
FAMILY_ARRIVED: Final = "family.arrived"
"""data: {"who": [names]}."""

# --- staff ---------------------------------------------------------------------------------
STAFF_ARRIVED: Final = "staff.arrived"
"""A member of staff arrived where the student is (the counselor called in at night).
data: {"who": name, "role": role id of the playbook}. A step waiting for someone of a
role (the playbook's `ready`) can go on once they are here."""

# --- notifications and reports --------------------------------------------------------------
NOTIFIED: Final = "notify"
"""Someone told. data: {"role": role id, "person": str, "how": "phone"|"in_person"|
"message"}."""
REPORT_PHONE: Final = "report.phone"
"""Phone report to the leader. data: {"to": str}."""
REPORT_WRITTEN: Final = "report.written"
"""Written report submitted (due within 24 h). data: {"to": str}."""
REPORT_WEEKLY: Final = "report.weekly"
"""Level III weekly monitoring report. data: {"summary": str}."""

# --- medical transfer -------------------------------------------------------------------------
MEDICAL_CALLED: Final = "medical.called"
"""120 (or 110) called. data: {"number": "120"|"110", "by": name}."""
MEDICAL_ACCOMPANY: Final = "medical.accompany"
"""data: {"staff": [names], "guardian"?: name, "attorney"?: bool}."""
MEDICAL_ARRIVED: Final = "medical.arrived"
"""Arrived at hospital. data: {"hospital": str}."""
MEDICAL_HANDOVER: Final = "medical.handover"
"""Handed to named hospital staff. data: {"hospital": str, "staff": str,
"ward_custody": bool}."""
REFERRAL: Final = "referral"
"""data: {"institution": str, "consent": bool, "recommendation": str}."""

# --- drills (演练; only in drill cases) -------------------------------------------------
DRILL_STARTED: Final = "drill.started"
"""seq 2 of a drill run from a scenario, at the opening. data: {"scenario": id,
"version": str, "hash": sha256 of the scenario file, "title": {"zh", "en"},
"at_keyboard": name, "players": {role id: the person playing it}}."""
DRILL_INJECT: Final = "drill.inject"
"""An inject arrived (written by oncall at the time it was due). data: {"inject": id,
"text": {"zh", "en"}, "from": cast id | "", "respond_minutes": int | None}."""
DRILL_RESPONSE: Final = "drill.response"
"""What the players did about an inject, typed in the drill. data: {"inject": id,
"text": str}."""

ALL_KINDS: Final = frozenset(
    value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str)
)
