"""Where things live: the embedded default data, the playbooks, the store.

Run from a checkout (an editable install), the project's own `data/` folder is the
embedded default and the default home of the encrypted store; installed elsewhere,
the store lives in the user's data directory. `--home DIR` or `ONCALL_HOME` override.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir, user_documents_dir

HOME_ENV = "ONCALL_HOME"
_PACKAGE_DIR = Path(__file__).resolve().parent


def checkout_root() -> Path | None:
    """The project checkout this package runs from, if it does (src layout)."""
    root = _PACKAGE_DIR.parent.parent
    if (root / "pyproject.toml").is_file() and (root / "playbooks").is_dir():
        return root
    return None


def _shared_dir(name: str) -> Path:
    root = checkout_root()
    if root is not None:
        return root / name
    # A non-editable install ships the folders as data files under the prefix.
    return Path(sys.prefix) / "share" / "oncall" / name


def playbooks_dir() -> Path:
    return _shared_dir("playbooks")


def data_dir() -> Path:
    """The embedded default data (directory of institutions, roles, config)."""
    return _shared_dir("data")


def default_playbook_path() -> Path:
    return playbooks_dir() / "school-crisis.toml"


def default_directory_path() -> Path:
    return data_dir() / "directory.toml"


def default_home() -> Path:
    """Where the encrypted store lives unless told otherwise."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        return Path(configured).expanduser()
    root = checkout_root()
    if root is not None:
        return root / "data" / "store"
    return Path(user_data_dir("oncall", appauthor=False))


def export_dir() -> Path:
    """Where the app offers to write an export: the user's documents folder (never the
    checkout, which may be shared or committed)."""
    return Path(user_documents_dir())
