"""Values of the custody entries as tests record them through
`CaseSession.record_entry` (the named session calls that did this are gone)."""

from __future__ import annotations

from typing import Any


def custody(
    place: str, custodians: list[str], observation: str = "sight", check_minutes: int = 15
) -> dict[str, Any]:
    """A `custody.started` entry's values."""
    return {
        "place": place,
        "custodians": custodians,
        "observation": observation,
        "check_minutes": check_minutes,
    }


def ended(to: str, received_by: str, place: str) -> dict[str, Any]:
    """A `custody.ended` entry's values (the safety handover)."""
    return {"to": to, "received_by": received_by, "place": place}
