"""Medical transfer hooks: what the 120/110 call, who accompanies, the arrival, the
handover to named hospital staff and a referral prefill. Each form is its kind's
declaration (`vocabulary.entries`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oncall.tui import view

if TYPE_CHECKING:
    from oncall.tui.entries.form import Draft
    from oncall.tui.entries.host import EntryHost


def medical_called(screen: EntryHost, made: Draft) -> None:
    # the number: preset by the step that records this call (the 120 step), else asked
    made.values.setdefault("by", screen.oc.actor)


def medical_accompany(screen: EntryHost, made: Draft) -> None:
    made.values.setdefault("staff", screen.oc.actor)


def _directory_hospital(screen: EntryHost) -> str:
    return view.default_hospital(screen.oc.directory, screen.oc.lang)


def medical_arrived(screen: EntryHost, made: Draft) -> None:
    made.values.setdefault("hospital", _directory_hospital(screen))


def medical_handover(screen: EntryHost, made: Draft) -> None:
    """The hospital the student reached, else the directory's."""
    known = screen.state.medical.hospital
    made.values.setdefault("hospital", str(known or _directory_hospital(screen)))


def medical_referral(screen: EntryHost, made: Draft) -> None:
    made.values.setdefault("institution", _directory_hospital(screen))
