"""With the demo loaded, the bulletin writes each published figure in the reference article's words."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from regionpulse.bulletins.writer import write
from regionpulse.core.lookups import find_region
from regionpulse.core.periods import Period
from regionpulse.indicators.tests.test_reference import reference_path

# The article writes "提高5.7%" for a change of a share, which is 5.7 percentage points; the platform
# writes the unit the figure has (reference note: "the article writes 5.7% where it means points").
CORRECTED = {"战略性新兴产业占规上工业总产值比重": "战略性新兴产业占规上工业总产值比重同比提高5.7个百分点"}


def plain(text: str) -> str:
    """Full-width and half-width commas are the same comma."""
    return text.replace("，", ",")


@pytest.fixture
def demo(shared_demo: None, db: None) -> None:
    """The demo data set, loaded once for the module."""


@pytest.fixture
def bulletin(demo: None) -> str:
    out = io.StringIO()
    call_command("bulletin", "150203", "2022-06", "--format", "md", stdout=out)
    return plain(out.getvalue())


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(reference_path().read_text(encoding="utf-8"))
    return data


def test_every_published_sentence_is_written_as_the_article_writes_it(bulletin: str, reference: dict[str, Any]) -> None:
    expected = [CORRECTED.get(item["indicator"], item["text"]) for item in reference["indicators"]]
    expected += [reference[block]["text"] for block in ("major_projects", "investment_promotion", "services")]
    missing = [plain(text) for text in expected if plain(text) not in bulletin]
    assert not missing, "not written as published:\n" + "\n".join(missing)


def test_the_economy_paragraph_opens_with_the_period_and_the_region(bulletin: str) -> None:
    assert "2022年上半年,昆都仑区地区生产总值达592.48亿元" in bulletin


def test_the_json_carries_the_figures_and_the_written_text(demo: None, reference: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("bulletin", "昆都仑区", "2022年上半年", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["major_projects"]["plan_completion_pct"] == 71.4
    written = {item["indicator"]: plain(item["text"]) for item in data["indicators"]}
    assert written == {
        item["indicator"]: plain(CORRECTED.get(item["indicator"], item["text"])) for item in reference["indicators"]
    }
    assert plain(data["text"]["services"]) == "累计帮助企业协调解决130余项问题。"


def test_the_word_and_html_formats_carry_the_same_text(demo: None, tmp_path: Path) -> None:
    target = tmp_path / "简报.docx"
    call_command("bulletin", "150203", "2022-06", "--format", "docx", "-o", str(target), stdout=io.StringIO())
    document = Document(str(target))
    text = plain("\n".join(paragraph.text for paragraph in document.paragraphs))
    assert "截至6月底,昆都仑区117个投资亿元以上重大项目总投资1082.3亿元" in text
    assert ["重大项目累计完成投资（亿元）", "178.3"] in [
        [cell.text for cell in row.cells] for row in document.tables[0].rows
    ]
    assert len(document.inline_shapes) == 3
    assert "图2  昆都仑区2022年上半年重大项目分专班投资完成情况（亿元）" in text

    pdf = _as_pdf(target)
    printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = "".join(printed.split())  # the PDF's text spaces out digits between Chinese characters
    assert "592.48" in printed and "1082.3" in printed and "图1" in printed
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert [line.split()[2] for line in images.splitlines()[2:]].count("image") == 3

    out = io.StringIO()
    call_command("bulletin", "150203", "2022-06", "--format", "html", stdout=out)
    assert 'href="/projects/?year=2022&amp;major=true&amp;period=2022-06&amp;sort=-total"' in out.getvalue()


def _as_pdf(document: Path) -> Path:
    """LibreOffice's own rendering of the file, as a reader opening it would see it."""
    profile = document.parent / "libreoffice-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(document.parent),
            str(document),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return document.with_suffix(".pdf")


def test_writing_reads_each_figure_family_with_one_query(demo: None) -> None:
    region, period = find_region("150203"), Period.parse("2022-06")
    with CaptureQueriesContext(connection) as queries:
        write(region, period)
    apps = [query["sql"].split(" FROM ")[1].split("_")[0].strip('"') for query in queries.captured_queries]
    # The region's children are counted for 全市/全区, the phrases read once, and each family once.
    assert sorted(apps) == ["bulletins", "core", "desk", "indicators", "projects", "promotion"]
