"""oncall: a keyboard-driven guide through a student's psychological crisis."""

__version__ = "0.1.0"
