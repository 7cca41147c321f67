"""Named steps of the journal's multi-step operations (a torn-tail repair, a key
rotation). `checkpoint` does nothing; the crash tests replace it in a subprocess to
kill the process at exactly one step and prove the next open finishes the job."""

from __future__ import annotations


def checkpoint(step: str) -> None:
    """The operation has just completed `step` (durably)."""
