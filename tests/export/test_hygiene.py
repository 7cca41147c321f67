"""oncall.export is domain code: no Textual, no UI; and its files reach the disk 0600."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from oncall.export import ExportWriteFailed, write_export


def test_write_export_is_0600_even_over_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"old content that is longer")
    path.chmod(0o644)
    write_export(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(ExportWriteFailed, match="folder"):
        write_export(tmp_path, b"x")
    with pytest.raises(ExportWriteFailed) as failed:
        write_export(tmp_path / "missing" / "x.md", b"x")
    assert failed.value.exit_code == 6
