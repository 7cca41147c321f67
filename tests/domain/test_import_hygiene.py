"""The domain never imports the UI: every submodule of vocabulary, journal, playbook,
case, session, wording, describe, export and drill loads without Textual or
`oncall.tui` (like harlequin's import-hygiene test). The order between the layers is
import-linter's contract in pyproject.toml, checked by `.ci/run` and below."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

DOMAIN = [
    "oncall.vocabulary",
    "oncall.journal",
    "oncall.storage",
    "oncall.playbook",
    "oncall.case",
    "oncall.session",
    "oncall.wording",
    "oncall.describe",
    "oncall.export",
    "oncall.drill",
]
ROOT = Path(__file__).resolve().parents[2]


def test_every_domain_submodule_imports_without_textual() -> None:
    code = (
        "import sys, importlib, pkgutil\n"
        f"for name in {DOMAIN!r}:\n"
        "    module = importlib.import_module(name)\n"
        "    for sub in pkgutil.walk_packages(getattr(module, '__path__', []), name + '.'):\n"
        "        importlib.import_module(sub.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')\n"
        "             or m.startswith('oncall.tui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_layers_contract_holds() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is part of the test extras: pip install -e '.[test]'"
    result = subprocess.run([lint], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
