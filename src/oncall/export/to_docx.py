"""DOCX for Word and WPS: A4, Chinese fonts declared for East Asian text (宋体 body,
黑体 headings), the confidentiality marking in the header of every page, a page
number in the footer, each form on a new page, and the timeline chart as a shaded
table (opens everywhere; no images).

python-docx builds the skeleton (styles, page, header); the body is written as
WordprocessingML text straight into the package's document part as it is made (no
parsed tree), which keeps a 5,000-row timeline fast and the memory of a 100,000-row one
flat. Nothing but the export itself touches the disk.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import BinaryIO
from xml.sax.saxutils import escape as xml_escape

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree  # type: ignore[import-untyped]

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
from oncall.export.chart import Chart
from oncall.export.sink import TextSink

DOCUMENT_PART = "word/document.xml"
WIDTH = 10200
"""Text width in twentieths of a point (A4 less 15 mm margins)."""
BAR_CELLS = 36
FILLS = {
    "met": "66BB6A", "missed": "E57373", "done": "90CAF9", "pending": "FFB74D", "na": "BDBDBD"
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
EAST_ASIAN_BODY = "宋体"
EAST_ASIAN_HEADING = "黑体"


def _x(text: str) -> str:
    return xml_escape(_CONTROL.sub("", text))


def _run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    pieces = text.split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{_x(piece)}</w:t>' for piece in pieces)
    return f"<w:r>{rpr}{inner}</w:r>"


def _p(text: str = "", *, style: str = "", props: str = "", ppr: str = "") -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    pp = f"<w:pPr>{style_xml}{ppr}</w:pPr>" if (style_xml or ppr) else ""
    return f"<w:p>{pp}{_run(text, props) if text else ''}</w:p>"


def rpr(*, bold: bool = False, color: str = "", size: int = 0) -> str:
    """Run properties in the order the schema requires (b, color, sz, szCs): Word
    refuses a file whose elements are out of order."""
    return (
        ("<w:b/>" if bold else "")
        + (f'<w:color w:val="{color}"/>' if color else "")
        + (f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "")
    )


SMALL = rpr(size=18)
SMALL_BOLD = rpr(bold=True, size=18)
SMALL_GREY = rpr(color="666666", size=18)
TINY = rpr(size=12)
LEGEND = rpr(color="666666", size=16)
TIGHT = '<w:spacing w:before="20" w:after="20"/>'
RED = rpr(bold=True, color="B71C1C")
GREY = rpr(color="666666")
MONO_SMALL = (
    '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:eastAsia="SimSun" w:cs="Consolas"/>' + SMALL
)
"""Pre-formatted text (a character chart) keeps its columns: a fixed-width font."""


def _cell(
    text: str, width: int, *, fill: str = "", props: str = SMALL, extra: str = "", span: int = 1
) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}{extra}{shading}'
        f"</w:tcPr>{_p(text, props=props, ppr=TIGHT)}</w:tc>"
    )


def _table_start(widths: list[int], *, borders: bool = True) -> str:
    style = '<w:tblStyle w:val="TableGrid"/>' if borders else ""
    margins = (
        ""
        if borders
        # the chart: cells touch, so the bars are continuous
        else (
            '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
            "</w:tblCellMar>"
        )
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblLayout w:type="fixed"/>{margins}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    )


TABLE_END = f"</w:tbl>{_p(ppr=TIGHT)}"


def _table(widths: list[int], rows: list[str], *, borders: bool = True) -> str:
    return _table_start(widths, borders=borders) + "".join(rows) + TABLE_END


def _widths(relative: tuple[int, ...], count: int) -> list[int]:
    weights = list(relative) if len(relative) == count else [1] * count
    total = sum(weights)
    return [WIDTH * w // total for w in weights]


def render_docx(doc: Document) -> bytes:
    out = io.BytesIO()
    write_docx(doc, out)
    return out.getvalue()


def write_docx(doc: Document, out: BinaryIO) -> None:
    """The document to `out`: python-docx makes the skeleton (styles, page, header), and
    the body is written into the package's document part as it is made, each block's
    WordprocessingML once, then let go."""
    word = new_document()
    _setup(word, doc)
    skeleton = io.BytesIO()
    word.save(skeleton)
    # The body goes in as text where the section properties start (a parsed tree of a
    # long timeline would cost lxml seconds and hold the whole document in memory).
    main = etree.tostring(word.element, encoding="unicode")
    at = main.rfind("<w:sectPr")
    if at < 0:
        at = main.rfind("</w:body>")
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            item.compress_type = zipfile.ZIP_DEFLATED
            if item.filename != DOCUMENT_PART:
                target.writestr(item, source.read(item.filename))
                continue
            with target.open(item, "w") as part:
                sink = TextSink(part)
                sink.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
                sink.write(main[:at])
                for block in doc.blocks:
                    _block(block, sink, doc)
                sink.write(main[at:])
                sink.close()


def _setup(word: WordDocument, doc: Document) -> None:
    word.core_properties.title = doc.title
    word.core_properties.author = "oncall"
    word.core_properties.comments = doc.marking
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin, section.bottom_margin = Mm(18), Mm(16)
    for name, east_asian, size in (
        ("Normal", EAST_ASIAN_BODY, 10.5),
        ("Heading 1", EAST_ASIAN_HEADING, 16),
        ("Heading 2", EAST_ASIAN_HEADING, 13),
        ("Heading 3", EAST_ASIAN_HEADING, 11.5),
    ):
        style = word.styles[name]
        font = style.font
        font.size = Pt(size)
        font.name = "Times New Roman" if name == "Normal" else "Arial"
        if name != "Normal":
            font.color.rgb = RGBColor(0x11, 0x11, 0x11)
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    header = section.header.paragraphs[0]
    header.text = doc.marking
    header.alignment = 1
    for run in header.runs:
        run.font.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0xB7, 0x1C, 0x1C)
    footer = section.footer.paragraphs[0]
    footer.alignment = 1
    footer._p.append(
        parse_xml(  # a PAGE field: the page number
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )


def _block(block: Block, out: TextSink, doc: Document) -> None:
    colon = "：" if doc.lang == "zh" else ": "
    if isinstance(block, Heading):
        out.write(_p(block.text, style=f"Heading{min(3, block.level)}"))
    elif isinstance(block, Para):
        if block.style == "alert" and block.text == doc.marking:
            return  # the page header carries the marking on every page
        para_styles = {"alert": RED, "muted": GREY, "small": SMALL, "pre": MONO_SMALL}
        props = para_styles.get(block.style, "")
        out.write(_p(block.text, props=props))
    elif isinstance(block, Table):
        widths = _widths(block.widths, len(block.columns))
        head = (
            "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
            + "".join(
                _cell(c, w, fill="EEEEEE", props=SMALL_BOLD)
                for c, w in zip(block.columns, widths, strict=True)
            )
            + "</w:tr>"
        )
        out.write(_table_start(widths) + head)
        for row, style in block.styled():
            fill = "FDE7E7" if style == "alert" else ""
            props = SMALL_GREY if style in ("muted", "indent") else SMALL
            out.write(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                + "".join(
                    _cell(cell, w, fill=fill, props=props)
                    for cell, w in zip(row, widths, strict=True)
                )
                + "</w:tr>"
            )
        out.write(TABLE_END)
    elif isinstance(block, Fields):
        widths = [WIDTH * 32 // 100, WIDTH * 68 // 100]
        rows = [
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{420 if value else 620}"/>'
            "</w:trPr>"
            + _cell(label, widths[0], fill="F6F6F6", props=SMALL_BOLD)
            + _cell(value, widths[1])
            + "</w:tr>"
            for label, value in block.rows
        ]
        out.write(_table(widths, rows))
    elif isinstance(block, Checklist):
        for done, text in block.items:
            out.write(_p(f"{'☑' if done else '☐'} {text}"))
    elif isinstance(block, Signatures):
        for label in block.labels:
            out.write(
                _p(
                    f"{label}{colon}________________________    "
                    f"{block.date_label}{colon}______________",
                    ppr='<w:spacing w:before="360" w:after="120"/>',
                )
            )
    elif isinstance(block, ChartBlock):
        out.write(_chart(block.chart))
        out.write(_p(block.chart.legend, props=LEGEND))
    elif isinstance(block, Form):
        out.write('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        out.write(_p(block.title, style="Heading2"))
        for inner in block.blocks:
            _block(inner, out, doc)


def _chart(chart: Chart) -> str:
    label_w, result_w = WIDTH * 26 // 100, WIDTH * 24 // 100
    cell_w = (WIDTH - label_w - result_w) // BAR_CELLS
    widths = [label_w] + [cell_w] * BAR_CELLS + [result_w]

    def col(minutes: float) -> int:
        return min(BAR_CELLS - 1, int(chart.x(minutes) * BAR_CELLS))

    ticks: list[tuple[int, str]] = []
    for minutes, label in chart.ticks:
        at = col(minutes)
        if not ticks or at >= ticks[-1][0] + 3:
            ticks.append((at, label))
    axis = [_cell("", label_w, props=TINY)]
    position = 0
    for index, (at, label) in enumerate(ticks):
        if at > position:
            axis.append(_cell("", cell_w * (at - position), props=TINY, span=at - position))
        end = ticks[index + 1][0] if index + 1 < len(ticks) else BAR_CELLS
        axis.append(_cell(label, cell_w * (end - at), props=TINY, span=end - at))
        position = end
    axis.append(_cell("", result_w, props=TINY))
    rows = ["<w:tr>" + "".join(axis) + "</w:tr>"]
    target_border = (
        '<w:tcBorders><w:left w:val="single" w:sz="18" w:space="0" w:color="111111"/></w:tcBorders>'
    )
    for row in chart.rows:
        fills = [""] * BAR_CELLS
        if row.start is not None and row.end is not None:
            for i in range(col(row.start), col(row.end) + 1):
                fills[i] = FILLS.get(row.status, "BDBDBD")
        for gap_start, gap_end in row.gaps:
            for i in range(col(gap_start), col(gap_end) + 1):
                fills[i] = "C62828"
        due = col(row.due) if row.due is not None else None
        cells = [_cell(row.label, label_w)]
        cells += [
            _cell("", cell_w, fill=fill, props=TINY, extra=target_border if i == due else "")
            for i, fill in enumerate(fills)
        ]
        cells.append(_cell(row.result, result_w))
        rows.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cells) + "</w:tr>")
    return _table(widths, rows, borders=False)
