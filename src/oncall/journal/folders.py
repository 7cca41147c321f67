"""Folders that are the user's alone: the store's, and the documents folder exports
are written to when it does not exist yet."""

from __future__ import annotations

import os
from pathlib import Path


def make_private_dir(path: Path) -> None:
    """Create `path` and any missing parents as the user's alone (0700), whatever the
    umask (under `umask 000` a plain mkdir makes them 0777). Existing folders are left
    as they are, except `path` itself, which is made 0700 if this call created it."""
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask; chmod's is not
