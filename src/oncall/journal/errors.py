"""What can go wrong with a store, each with the exit code the CLI uses.

Messages never contain student details: they name files, cases and positions only.
"""

from __future__ import annotations


class OncallError(Exception):
    """An expected failure with a message for the user and an exit code."""

    exit_code = 1

    def __init__(self, message: str, zh: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.zh = zh
        """The message in Chinese, where one is written (else the English one is shown)."""

    def text(self, lang: str) -> str:
        """The message in the interface language."""
        return self.zh if lang == "zh" and self.zh else self.message


class WrongPassphrase(OncallError):
    exit_code = 3

    def __init__(self, message: str = "wrong passphrase", zh: str = "") -> None:
        # a message of its own (e.g. naming an option) stays as is unless translated
        super().__init__(message, zh or ("口令不对" if message == "wrong passphrase" else ""))


class StoreNotFound(OncallError):
    exit_code = 4


class StoreExists(OncallError):
    exit_code = 4


class StoreLocked(OncallError):
    """Another oncall holds the store for writing."""

    exit_code = 2


class StoreDamaged(OncallError):
    """A file failed authentication or its structure is broken (not a torn tail)."""

    exit_code = 5


class WeakPassphrase(OncallError):
    """A new passphrase is too short or too easy to guess."""

    exit_code = 2


class WriteRefused(OncallError):
    """Writing is refused: read-only mode, a damaged case, or an append-only table."""

    exit_code = 5


class DiskFull(OncallError):
    """The disk refused a write; nothing acknowledged earlier is lost."""

    exit_code = 6
