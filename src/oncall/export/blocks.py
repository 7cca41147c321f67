"""A small document model: what the debrief says, in one language, before it becomes
Markdown, HTML or DOCX. Each renderer maps these blocks and nothing else, so the three
formats always carry the same content."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from oncall.export.chart import Chart

ParaStyle = Literal["", "muted", "alert", "small", "pre"]
RowStyle = Literal["", "muted", "alert", "indent"]


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    style: ParaStyle = ""


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()
    """Relative column widths (HTML, DOCX)."""
    row_styles: tuple[RowStyle, ...] = ()
    lines: Callable[[], Iterator[tuple[tuple[str, ...], RowStyle]]] | None = None
    """Rows made as they are written (the timeline of a long case), instead of `rows`:
    a renderer writes each and lets it go, so memory does not grow with the case."""

    def styled(self) -> Iterator[tuple[tuple[str, ...], RowStyle]]:
        """Each row with its style, in order."""
        if self.lines is not None:
            yield from self.lines()
            return
        styles = self.row_styles or ("",) * len(self.rows)
        yield from zip(self.rows, styles, strict=True)


@dataclass(frozen=True, slots=True)
class Fields:
    """A form's labelled lines; an empty value prints as a blank to fill by hand."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Checklist:
    items: tuple[tuple[bool, str], ...]


@dataclass(frozen=True, slots=True)
class Signatures:
    """Blank lines to sign: each label gets a signature and a date."""

    labels: tuple[str, ...]
    date_label: str = "日期"


@dataclass(frozen=True, slots=True)
class ChartBlock:
    chart: Chart


@dataclass(frozen=True, slots=True)
class Form:
    """A printable form: starts on a new page, under the confidentiality marking."""

    title: str
    blocks: tuple[Block, ...]


Block = Heading | Para | Table | Fields | Checklist | Signatures | ChartBlock | Form


@dataclass
class Document:
    title: str
    marking: str
    """Printed at the top of every page (confidentiality, and drill when it is one)."""
    lang: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)
