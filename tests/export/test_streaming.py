"""An export streams: the case is read from its file one record at a time (an intact case
not already open), and each format is written to its file as it is made. The bytes are
the same as the whole-in-memory render gives, the file opens back, and a failure leaves
no partial plain-text file behind."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import docx
import pytest

from oncall.bench.export import bench_case
from oncall.export import FORMATS, Format, case_record, record_from_events, render
from oncall.export.render import export_file, render_to
from oncall.export.sink import CHUNK
from oncall.journal import Journal
from oncall.playbook import Playbook

from .conftest import PASSPHRASE, Scene
from .scenarios import SCENARIOS


def _reopened(home: Path) -> Journal:
    return Journal.open(home, PASSPHRASE, read_only=True)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_case_read_from_its_file_is_the_case_the_journal_holds(
    name: str, new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook,
    home: Path,
) -> None:
    """Corrections, late entries, a drill: streamed, every event and every export is the
    same as from the case the writer holds open."""
    builder, drill = SCENARIOS[name]
    scene = new_scene(drill=drill)
    now = builder(scene)
    held = case_record(journal, scene.case)  # open in the writer: read from memory
    journal.close()
    with _reopened(home) as reader:
        read = reader.read_case(scene.case)
        streamed = case_record(reader, scene.case)
    assert read.hashed and read.problem is None  # streamed, every hash checked
    assert streamed.events == held.events and streamed.integrity == held.integrity
    for fmt in ("md", "json", "html"):
        assert render(fmt, streamed, playbook, now=now) == render(fmt, held, playbook, now=now)


def test_a_damaged_case_is_read_as_the_journal_reads_it(
    new_scene: Callable[..., Scene], journal: Journal, home: Path
) -> None:
    scene = new_scene()
    SCENARIOS["level-ii"][0](scene)
    journal.close()
    path = home / "cases" / f"{scene.case}.db"
    raw = bytearray(path.read_bytes())
    raw[-30] ^= 0xFF  # the last record no longer authenticates
    path.write_bytes(bytes(raw))
    with _reopened(home) as reader:
        read = reader.read_case(scene.case)
        problem = reader.case_problem(scene.case)
        events = reader.events(scene.case)
    assert not read.hashed and read.problem == problem is not None
    assert read.events == events


def _text(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs] + cells


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_file_written_as_it_is_made_is_the_export(
    fmt: Format, new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook,
    tmp_path: Path,
) -> None:
    scene = new_scene()
    now = SCENARIOS["level-i"][0](scene)
    record = case_record(journal, scene.case)
    path = tmp_path / f"out.{fmt}"
    with export_file(path) as out:
        render_to(out, fmt, record, playbook, now=now, lang="en")
    whole = render(fmt, record, playbook, now=now, lang="en")
    if fmt == "docx":  # python-docx stamps the package; the content is the same
        assert _text(path.read_bytes()) == _text(whole)
        assert any("Crisis debrief" in line for line in _text(whole))
    else:
        assert path.read_bytes() == whole


class _Writes(io.RawIOBase):
    """Counts what an export writes, keeping nothing."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.sizes.append(len(data))
        return len(data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_long_case_is_written_in_pieces_never_whole(fmt: Format, playbook: Playbook) -> None:
    """3,000 events: the export reaches the file in many writes, none more than a few
    chunks, so no format holds the whole export in memory before writing it."""
    events = bench_case(playbook, 3_000)
    record = record_from_events(events[0].case, events)
    out = _Writes()
    render_to(out, fmt, record, playbook, now=events[-1].at_time + timedelta(minutes=10))
    largest = max(out.sizes)
    assert largest <= 4 * CHUNK and largest < sum(out.sizes) / 3


def test_a_failure_while_writing_leaves_no_file(tmp_path: Path) -> None:
    """Privacy: a partial plain-text export is removed, also one that replaced a file."""
    path = tmp_path / "debrief.md"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), export_file(path) as out:
        out.write("李小明（虚构）".encode())
        raise RuntimeError("the renderer failed")
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []  # and no temporary copy anywhere
