"""The encrypted, append-only journal (no UI imports).

The errors load with the package; `Journal` and the rest load when first named
(PEP 562), so `import oncall.journal.probe` — the app's check that a store exists
before its first screen is drawn — does not pull in cryptography, TinyDB and filelock.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from oncall.journal.event import Event
    from oncall.journal.journal import CaseInfo, FileCheck, Journal, VerifyReport

_LAZY = {
    "Event": "oncall.journal.event",
    "CaseInfo": "oncall.journal.journal",
    "FileCheck": "oncall.journal.journal",
    "Journal": "oncall.journal.journal",
    "VerifyReport": "oncall.journal.journal",
}

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
