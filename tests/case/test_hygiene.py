"""oncall.case is domain code: it must import without Textual or any UI module."""

from __future__ import annotations

import subprocess
import sys


def test_the_case_package_imports_no_ui() -> None:
    code = (
        "import sys, oncall.case, oncall.case.replay; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual' "
        "or m.startswith('oncall.tui')); print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
