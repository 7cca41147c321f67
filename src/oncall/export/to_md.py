"""Markdown: plain text that reads well as it is and renders in any Markdown viewer.
The chart is drawn in characters; each form starts after a rule, under the marking."""

from __future__ import annotations

import io
import re
from typing import BinaryIO

from oncall.export.blocks import (
    Block,
    ChartBlock,
    Checklist,
    Document,
    Fields,
    Form,
    Heading,
    Para,
    Signatures,
    Table,
)
from oncall.export.chart import text_chart
from oncall.export.sink import Lines, TextSink

BLANK = "______"
_SPECIAL = re.compile(r"([\\`*|<>])|(?<!_)_(?!_)")


def esc(text: str) -> str:
    """Text that Markdown shows as it is (one line). Runs of underscores (blanks to fill
    in) stay as they are."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text).replace("\n", " / ")


def render_md(doc: Document) -> bytes:
    out = io.BytesIO()
    write_md(doc, out)
    return out.getvalue()


def write_md(doc: Document, out: BinaryIO) -> None:
    """The document to `out` as it is made: every line once, then let go."""
    colon = "：" if doc.lang == "zh" else ": "
    sink = TextSink(out, strip_end=True)
    lines = Lines(sink)
    for block in doc.blocks:
        _block(block, lines, doc, colon)
    sink.close()
    out.write(b"\n")


def _block(block: Block, out: Lines, doc: Document, colon: str) -> None:
    if isinstance(block, Heading):
        out += ["#" * block.level + " " + esc(block.text), ""]
    elif isinstance(block, Para):
        if block.style == "pre":
            out += ["```text", block.text, "```", ""]
        elif block.style == "alert":
            out += [f"> **{esc(block.text)}**", ""]
        elif block.style == "muted":
            out += [f"_{esc(block.text)}_", ""]
        else:
            out += [esc(block.text), ""]
    elif isinstance(block, Table):
        out.append("| " + " | ".join(esc(c) for c in block.columns) + " |")
        out.append("|" + "---|" * len(block.columns))
        for row, style in block.styled():
            cells = [esc(cell) or " " for cell in row]
            if style == "alert":
                cells[0] = "**!** " + cells[0]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    elif isinstance(block, Fields):
        out += [f"- **{esc(label)}**{colon}{esc(value) or BLANK}" for label, value in block.rows]
        out.append("")
    elif isinstance(block, Checklist):
        out += [f"- [{'x' if done else ' '}] {esc(text)}" for done, text in block.items]
        out.append("")
    elif isinstance(block, Signatures):
        for label in block.labels:
            out += [
                f"{esc(label)}{colon}________________    "
                f"{esc(block.date_label)}{colon}____________",
                "",
            ]
    elif isinstance(block, ChartBlock):
        out += ["```text", text_chart(block.chart), "```", f"_{esc(block.chart.legend)}_", ""]
    elif isinstance(block, Form):
        out += ["---", "", f"> **{esc(doc.marking)}**", "", f"## {esc(block.title)}", ""]
        for inner in block.blocks:
            _block(inner, out, doc, colon)
