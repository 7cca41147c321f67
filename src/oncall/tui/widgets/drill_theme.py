"""Drill mode's colour theme: amber and violet instead of the usual blue, so nobody
mistakes a drill for a real case at a glance."""

from __future__ import annotations

from textual.theme import Theme

DRILL_THEME = Theme(
    name="oncall-drill",
    primary="#C2410C",
    secondary="#7C3AED",
    accent="#F59E0B",
    warning="#F59E0B",
    error="#EF4444",
    success="#22C55E",
    background="#1C1410",
    surface="#2A1E16",
    panel="#3A2A1E",
    dark=True,
)
