"""Made the fixture store `store-v1/` with oncall as it was at commit 274bde8 (before
"one step, one record"), and its debriefs `expected/*.json`. Kept to show how the files
came about; running it again with today's code makes today's format, not v1.

    cd tests && python history/make_store_v1.py

Invented names only. The passphrase is in `PASSPHRASE`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from export.conftest import FACTS  # noqa: E402
from export.scenarios import SCENARIOS  # noqa: E402
from oncall.export import case_record, render  # noqa: E402
from oncall.journal import Journal  # noqa: E402
from oncall.playbook import load_playbook  # noqa: E402
from support.clocks import FakeClock, beijing_time  # noqa: E402
from support.scenes import Scene  # noqa: E402

PASSPHRASE = "history fixture passphrase"
STORE = HERE / "store-v1"
EXPECTED = HERE / "expected"


def night_120(s: Scene) -> object:
    """The bug of issue 8: danger at 21:40, `e` on "拨打 120！" with 21:42 wrote a
    step.done, not a medical.called."""
    s.add(0, "danger.declared", {"what": []})
    s.answer(0.5, "danger.check", ["means"])
    s.done(1, "danger.stay")
    s.add(2, "step.done", {"step": "danger.call120"}, recorded=6)
    s.add(4, "medical.called", {"number": "110", "by": s.actor})
    return s.at(30)


def main() -> None:
    playbook = load_playbook(HERE.parent.parent / "playbooks" / "school-crisis.toml")
    shutil.rmtree(STORE, ignore_errors=True)
    EXPECTED.mkdir(exist_ok=True)
    clock = FakeClock()
    with beijing_time():
        journal = Journal.create(STORE, PASSPHRASE, kdf_n=2**10, clock=clock)
        builders = {**{name: b for name, (b, _) in SCENARIOS.items()}, "night-120": night_120}
        for name, builder in builders.items():
            drill = SCENARIOS.get(name, (None, False))[1]
            scene = Scene(journal, playbook, clock, drill=drill, **FACTS)
            now = builder(scene)
            data = render("json", case_record(journal, scene.case), playbook, now=now,  # type: ignore[arg-type]
                          lang="zh")
            (EXPECTED / f"{name}.json").write_bytes(data)
            (EXPECTED / f"{name}.case").write_text(scene.case + "\n" + now.isoformat() + "\n")
        journal.close()


if __name__ == "__main__":
    main()
