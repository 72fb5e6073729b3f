"""A bulletin as a Word document (.docx): the title, a heading and paragraph a section, a table of
the key figures it states and its charts as images."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Inches, Pt

from regionpulse.bulletins.charts import WIDTH_INCHES, charts

KEY_FIGURES = [
    ("地区生产总值（亿元）", ("indicators", "地区生产总值", "value")),
    ("地区生产总值同比增长（%）", ("indicators", "地区生产总值", "yoy_pct")),
    ("亿元以上重大项目（个）", ("major_projects", None, "count")),
    ("重大项目累计完成投资（亿元）", ("major_projects", None, "completed_ytd_yi")),
    ("完成当年计划投资（%）", ("major_projects", None, "plan_completion_pct")),
    ("签约项目（个）", ("investment_promotion", None, "projects_signed")),
    ("签约金额（亿元）", ("investment_promotion", None, "signed_amount_yi")),
    ("协调解决问题（项）", ("services", None, "problems_resolved")),
]


def _figure(figures: dict[str, Any], where: tuple[str, str | None, str]) -> Any:
    family, indicator, key = where
    block = figures.get(family)
    if indicator is not None:
        block = next((item for item in block or [] if item.get("indicator") == indicator), None)
    return None if not isinstance(block, dict) else block.get(key)


def to_docx(title: str, sections: list[tuple[str, str]], figures: dict[str, Any], footer: str = "") -> bytes:
    """``sections`` are (heading, text) pairs; ``figures`` the figures document the text was built from."""
    document = Document()
    _a4(document)
    document.styles["Normal"].font.size = Pt(12)
    document.add_heading(title, level=0)
    for heading, text in sections:
        if heading:
            document.add_heading(heading, level=1)
        for paragraph in filter(None, (part.strip() for part in text.split("\n\n"))):
            document.add_paragraph(paragraph)
    rows = [(label, _figure(figures, where)) for label, where in KEY_FIGURES]
    rows = [(label, value) for label, value in rows if value is not None]
    if rows:
        document.add_heading("主要数据", level=1)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "指标", "数值"
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, str(value)
    _add_charts(document, figures)
    if footer:
        document.add_paragraph(footer)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _a4(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)


def _add_charts(document: Any, figures: dict[str, Any]) -> None:
    drawn = charts(figures)
    if not drawn:
        return
    document.add_heading("图表", level=1)
    for number, chart in enumerate(drawn, start=1):
        document.add_picture(io.BytesIO(chart.png), width=min(Inches(WIDTH_INCHES), Cm(16)))
        caption = document.add_paragraph(f"图{number}  {chart.title}")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
