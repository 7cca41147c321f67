"""The encrypted, append-only journal (no UI imports)."""

from oncall.journal.errors import (
    DiskFull,
    OncallError,
    StoreDamaged,
    StoreExists,
    StoreLocked,
    StoreNotFound,
    WriteRefused,
    WrongPassphrase,
)
from oncall.journal.event import Event
from oncall.journal.journal import CaseInfo, FileCheck, Journal, VerifyReport

__all__ = [
    "CaseInfo",
    "DiskFull",
    "Event",
    "FileCheck",
    "Journal",
    "OncallError",
    "StoreDamaged",
    "StoreExists",
    "StoreLocked",
    "StoreNotFound",
    "VerifyReport",
    "WriteRefused",
    "WrongPassphrase",
]
