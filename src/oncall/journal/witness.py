"""The witness: one short fingerprint of the whole store, kept off this machine.

`oncall witness` hashes every case's event count and head hash together into 20 hex
digits (80 bits), printed to be written on the weekly report, on paper, on another
computer. The store keeps what it saw (each case's count and head) in the index, under
that fingerprint. `oncall verify --witness FINGERPRINT` then names every case that is
shorter than, or differs from, what the witness saw; and a store that does not know
the fingerprint at all has been rolled back or replaced since (the index with it).
Nothing kept on this machine alone can prove that: a copy of the whole folder rolled
back is self-consistent. The paper copy is what makes it detectable.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oncall.journal.crypto import Keyring
from oncall.journal.errors import OncallError
from oncall.journal.integrity import Anchor
from oncall.journal.verify import scan_case

WITNESS_TABLE = "witnesses"
"""In index.db: fingerprint -> {"at": ISO time, "cases": {case: [events, head]}}."""
DIGITS = 20
_TOKEN = re.compile(r"(?<![0-9a-f])[0-9a-f]{4}(?:[- ]?[0-9a-f]{4}){4}(?![0-9a-f])")


def fingerprint(heads: dict[str, Anchor]) -> str:
    """Every case's count and head, in case order, hashed together; `xxxx-…` x5."""
    text = "oncall-witness-1\n" + "".join(
        f"{case} {anchor.events} {anchor.head}\n" for case, anchor in sorted(heads.items())
    )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGITS]
    return "-".join(digest[i : i + 4] for i in range(0, DIGITS, 4))


def parse_witnesses(text: str) -> list[str]:
    """The fingerprints in `text` (one given on the command line, or a file of them:
    any line holding one, e.g. a copied report line). Raises if there is none."""
    found = []
    for match in _TOKEN.finditer(text.lower()):
        digits = re.sub(r"[- ]", "", match.group(0))
        found.append("-".join(digits[i : i + 4] for i in range(0, DIGITS, 4)))
    if not found:
        raise OncallError(
            f"no witness fingerprint in {text[:60]!r} (expected 20 hex digits, e.g. "
            "3f9a-12bc-77de-0a91-55c2)",
            zh=f"{text[:60]!r} 里没有存储指纹（应为 20 位十六进制，例如 3f9a-12bc-77de-0a91-55c2）",
        )
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class CaseProblem:
    case: str
    kind: str
    """"missing" (no case file), "short" (fewer intact events than the witness saw),
    "differs" (the event the witness saw last has another hash), "unreadable"."""
    events: int
    """Intact events in the store now."""
    seen: int
    """Events the witness saw."""


@dataclass(frozen=True)
class WitnessCheck:
    fingerprint: str
    known: bool
    """The store recorded this witness (else: rolled back or replaced since)."""
    taken_at: str | None
    cases: int
    problems: tuple[CaseProblem, ...]
    """Every case not as the witness saw it."""

    @property
    def ok(self) -> bool:
        return self.known and not self.problems


def saw(record: dict[str, Any]) -> dict[str, Anchor]:
    return {case: Anchor(int(n), str(h)) for case, (n, h) in record["cases"].items()}


def check_witness(
    home: Path, keyring: Keyring, recorded: dict[str, dict[str, Any]], fp: str
) -> WitnessCheck:
    """Every case the witness saw, checked from disk against its count and head."""
    record = recorded.get(fp)
    if record is None:
        return WitnessCheck(fp, False, None, 0, ())
    heads = saw(record)
    if fingerprint(heads) != fp:
        return WitnessCheck(fp, False, None, 0, ())
    problems: list[CaseProblem] = []
    for case, anchor in sorted(heads.items()):
        path = home / "cases" / f"{case}.db"
        if not path.is_file():
            problems.append(CaseProblem(case, "missing", 0, anchor.events))
            continue
        try:
            scan = scan_case(path, keyring, anchor)
        except OncallError:
            problems.append(CaseProblem(case, "unreadable", 0, anchor.events))
            continue
        if scan.events < anchor.events:
            problems.append(CaseProblem(case, "short", scan.events, anchor.events))
        elif scan.hash_at_anchor != anchor.head:
            problems.append(CaseProblem(case, "differs", scan.events, anchor.events))
    return WitnessCheck(fp, True, str(record.get("at", "")), len(heads), tuple(problems))


def read_witnesses(home: Path, keyring: Keyring) -> dict[str, dict[str, Any]]:
    """The witnesses the index recorded (what is readable of it, even if damaged)."""
    from oncall.journal.storage import EncryptedStorage

    try:
        storage = EncryptedStorage(home / "index.db", keyring=keyring, create=False, read_only=True)
    except OncallError:
        return {}
    try:
        return dict(storage.documents(WITNESS_TABLE))
    finally:
        storage.close()
