"""The domain never imports the UI: journal, playbook, case, session, wording, describe
and export load without Textual (like harlequin's import-hygiene test)."""

from __future__ import annotations

import subprocess
import sys

DOMAIN = [
    "oncall.journal",
    "oncall.storage",
    "oncall.playbook",
    "oncall.case",
    "oncall.session",
    "oncall.wording",
    "oncall.describe",
    "oncall.export",
]


def test_domain_modules_do_not_import_textual() -> None:
    code = (
        "import sys, importlib\n"
        f"for name in {DOMAIN!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
