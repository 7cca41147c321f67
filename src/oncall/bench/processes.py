"""How the benchmarks start a command in a new process: as an installed oncall runs."""

from __future__ import annotations

import os


def installed_env(pycache: str, *, drop: tuple[str, ...] = ()) -> dict[str, str]:
    """This process's environment (less `drop`) for a child that finds its modules
    compiled, as an install has them (pip compiles at install): into `pycache`
    (`PYTHONPYCACHEPREFIX`), even where the environment says not to write bytecode,
    which would otherwise have every timed run compile oncall's sources again and the
    larger command pay more for it. Time a child only after one untimed run of it."""
    env = {k: v for k, v in os.environ.items() if k not in (*drop, "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env
