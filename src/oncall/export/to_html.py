"""HTML: one self-contained file (inline CSS and SVG, nothing fetched) that prints
cleanly on A4. The confidentiality marking sits at the top of the report and of every
form, and in the page's top margin of every printed page (CSS paged media, honoured
by current Chrome/Edge and print engines; older browsers show the in-page ones)."""

from __future__ import annotations

import io
from html import escape
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
from oncall.export.chart import svg_chart
from oncall.export.sink import Lines, TextSink

CSS = """
@page { size: A4; margin: 18mm 15mm 16mm 15mm;
  @top-center { content: "@@MARKING@@"; font: 9pt sans-serif; color: #b71c1c; } }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "SimSun", sans-serif; font-size: 10.5pt; line-height: 1.45;
  color: #111; max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 4mm 0 3mm; }
h2 { font-size: 13.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; }
h3 { font-size: 11.5pt; margin: 4mm 0 2mm; }
.marking { border: 1.5px solid #b71c1c; color: #b71c1c; font-weight: bold;
  padding: 1.5mm 3mm; text-align: center; letter-spacing: 0.05em; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; }
th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; vertical-align: top; white-space: pre-line;
  text-align: left; word-break: break-word; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.alert td { background: #fde7e7; }
tr.muted td { color: #777; }
tr.indent td:last-child { padding-left: 6mm; font-style: italic; }
p.alert { color: #b71c1c; font-weight: bold; }
p.muted { color: #666; }
pre { white-space: pre-wrap; font-family: inherit; margin: 1mm 0 3mm;
  border-left: 3px solid #ccc; padding-left: 3mm; }
table.fields th { width: 32%; background: #f6f6f6; }
td.blank { height: 8mm; }
ul.checklist { list-style: none; padding-left: 2mm; }
.sig { display: flex; gap: 8mm; margin: 7mm 0 0; }
.sig span { flex: 1; border-bottom: 1px solid #111; padding-bottom: 6mm; }
.sig span.date { flex: 0 0 45mm; }
section.form { break-before: page; page-break-before: always; }
svg.chart { max-width: 100%; height: auto; border: 1px solid #ddd; }
.legend { font-size: 9pt; color: #555; }
@media print { body { padding: 0; max-width: none; } }
"""


def render_html(doc: Document) -> bytes:
    out = io.BytesIO()
    write_html(doc, out)
    return out.getvalue()


def write_html(doc: Document, out: BinaryIO) -> None:
    """The page to `out` as it is made: every block once, then let go."""
    marking = escape(doc.marking)
    css_marking = "".join(ch for ch in doc.marking if ch not in '\\"<>\n')
    sink = TextSink(out)
    sink.write(
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if doc.lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(doc.title)}</title>\n"
        f"<style>{CSS.replace('@@MARKING@@', css_marking)}</style>\n"
        f'</head>\n<body data-marking="{marking}">\n'
    )
    body = Lines(sink)
    for block in doc.blocks:
        _block(block, body, doc)
    sink.write("\n</body>\n</html>\n")
    sink.close()


def _cell(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _block(block: Block, out: Lines, doc: Document) -> None:
    if isinstance(block, Heading):
        out.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
    elif isinstance(block, Para):
        if block.style == "pre":
            out.append(f"<pre>{escape(block.text)}</pre>")
        elif block.style == "alert" and block.text == doc.marking:
            out.append(f'<div class="marking">{escape(block.text)}</div>')
        else:
            cls = f' class="{block.style}"' if block.style else ""
            out.append(f"<p{cls}>{_cell(block.text)}</p>")
    elif isinstance(block, Table):
        total = sum(block.widths) or 1
        cols = "".join(f'<col style="width:{round(100 * w / total)}%">' for w in block.widths)
        head = "".join(f"<th>{escape(c)}</th>" for c in block.columns)
        out.append(f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>")
        sink = out.sink  # the rows continue the same line, each written as it is made
        for row, style in block.styled():
            cls = f' class="{style}"' if style else ""
            cells = "".join(f"<td>{_cell(c)}</td>" if c else '<td class="blank"></td>' for c in row)
            sink.write(f"<tr{cls}>{cells}</tr>")
        sink.write("</tbody></table>")
    elif isinstance(block, Fields):
        lines = "".join(
            f"<tr><th>{escape(label)}</th>"
            + (f"<td>{_cell(value)}</td>" if value else '<td class="blank"></td>')
            + "</tr>"
            for label, value in block.rows
        )
        out.append(f'<table class="fields"><tbody>{lines}</tbody></table>')
    elif isinstance(block, Checklist):
        items = "".join(
            f"<li>{'☑' if done else '☐'} {escape(text)}</li>" for done, text in block.items
        )
        out.append(f'<ul class="checklist">{items}</ul>')
    elif isinstance(block, Signatures):
        for label in block.labels:
            out.append(
                f'<div class="sig"><span>{escape(label)}：</span>'
                f'<span class="date">{escape(block.date_label)}：</span></div>'
            )
    elif isinstance(block, ChartBlock):
        out.append(svg_chart(block.chart))
        out.append(f'<p class="legend">{escape(block.chart.legend)}</p>')
    elif isinstance(block, Form):
        out.append('<section class="form">')
        out.append(f'<div class="marking">{escape(doc.marking)}</div>')
        out.append(f"<h2>{escape(block.title)}</h2>")
        for inner in block.blocks:
            _block(inner, out, doc)
        out.append("</section>")
