"""Golden exports of the scenario cases: Markdown and JSON byte for byte; HTML and DOCX
by structure (the forms, the intervals, the chart are there; DOCX read back with
python-docx). Regenerate with ``ONCALL_UPDATE_GOLDEN=1 pytest tests/export``."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from datetime import datetime

import docx
import pytest

from oncall.export import case_record, render
from oncall.export.record import CaseRecord
from oncall.journal import Journal
from oncall.playbook import Playbook

from .conftest import GOLDEN, Scene
from .scenarios import SCENARIOS

UPDATE = bool(os.environ.get("ONCALL_UPDATE_GOLDEN"))


def build(name: str, new_scene: Callable[..., Scene]) -> tuple[Scene, datetime]:
    builder, drill = SCENARIOS[name]
    scene = new_scene(drill=drill)
    return scene, builder(scene)


def check_golden(data: bytes, file_name: str) -> None:
    path = GOLDEN / file_name
    if UPDATE or not path.exists():
        path.write_bytes(data)
        if not UPDATE:
            pytest.fail(f"golden file {file_name} was missing: written, check it in")
    assert data.decode("utf-8") == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(SCENARIOS))
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_markdown_and_json_match_the_golden_files(
    name: str, fmt: str, new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene, now = build(name, new_scene)
    data = render(fmt, case_record(journal, scene.case), playbook, now=now,  # type: ignore[arg-type]
                  lang="zh", school="示例中学（虚构）")
    check_golden(data, f"{name}.{fmt}")


def test_english_markdown_matches_its_golden_file(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene, now = build("level-i", new_scene)
    data = render("md", case_record(journal, scene.case), playbook, now=now, lang="en")
    check_golden(data, "level-i.en.md")


def test_the_same_case_renders_the_same_bytes_twice(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene, now = build("level-ii", new_scene)
    record = case_record(journal, scene.case)
    for fmt in ("md", "json", "html"):
        first = render(fmt, record, playbook, now=now)  # type: ignore[arg-type]
        assert render(fmt, record, playbook, now=now) == first  # type: ignore[arg-type]


def _level_i(new_scene: Callable[..., Scene], journal: Journal) -> tuple[CaseRecord, datetime]:
    scene, now = build("level-i", new_scene)
    return case_record(journal, scene.case), now


FORM_TITLES = ["学生心理危机事件书面报告", "安全责任移交记录", "学生心理问题转介单（转介意见表）",
               "委托书", "复学材料确认单"]
INTERVALS = ["发现 → 确定风险级别", "发现 → 报告主管领导", "发现 → 第一次联系家长",
             "发现 → 联系上家长", "发现 → 开始监护", "监护覆盖", "监护 → 安全责任移交",
             "发现 → 拨打 120", "发现 → 移交医院", "书面报告（24 小时内）"]


def test_html_is_self_contained_and_carries_forms_intervals_and_chart(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    record, now = _level_i(new_scene, journal)
    html = render("html", record, playbook, now=now).decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    for forbidden in ("http://", "https://", "<script", "<link", "@import", "url("):
        assert forbidden not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "size: A4" in html and "@top-center" in html
    assert html.count('<section class="form">') == len(FORM_TITLES)
    for title in FORM_TITLES:
        assert f"<h2>{title}</h2>" in html
    for name in INTERVALS:
        assert f"<td>{name}</td>" in html
    assert html.count("<svg") == 1 and "<rect" in html
    marking = "机密｜仅限需要知情的人员｜含学生个人信息"
    assert html.count(f'<div class="marking">{marking}</div>') == 1 + len(FORM_TITLES)
    assert record.integrity.final_hash in html


def test_docx_opens_with_python_docx_and_holds_the_text(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    record, now = _level_i(new_scene, journal)
    data = render("docx", record, playbook, now=now)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.header.paragraphs[0].text == "机密｜仅限需要知情的人员｜含学生个人信息"
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == f"危机事件复盘报告：{record.case_id}"
    for title in FORM_TITLES:
        assert title in paragraphs
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    for name in INTERVALS:
        assert name in cells
    assert "李小明（虚构）" in cells and record.integrity.final_hash in cells
    assert any("已接通" in text for text in cells)  # the timeline, in words
    chart = [t for t in document.tables if t.rows[0].cells[0].text == ""
             and any("目标" in c.text for c in t.rows[-1].cells)]
    assert chart, "the chart table is missing"
    assert "w:eastAsia=\"宋体\"" in document.styles.element.xml


def test_a_drill_is_marked_in_every_format(
    new_scene: Callable[..., Scene], journal: Journal, playbook: Playbook
) -> None:
    scene, now = build("gap-drill", new_scene)
    record = case_record(journal, scene.case)
    md = render("md", record, playbook, now=now).decode()
    assert md.splitlines()[0] == "> **【演练】机密｜仅限需要知情的人员｜含学生个人信息**"
    assert "# 【演练】危机事件复盘报告" in md
    assert md.count("【演练】机密") == 1 + md.count("\n---\n")
    html = render("html", record, playbook, now=now).decode()
    assert "<title>【演练】" in html and '@top-center { content: "【演练】' in html
    document = docx.Document(io.BytesIO(render("docx", record, playbook, now=now)))
    assert document.sections[0].header.paragraphs[0].text.startswith("【演练】")
    body = json.loads(render("json", record, playbook, now=now))
    assert body["case"]["drill"] is True and all(e["drill"] for e in body["events"])
