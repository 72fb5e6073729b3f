"""Every importer refuses a corrupted workbook with a message in Chinese, and writes nothing at all.

For each ledger (every importer in the registry), hypothesis breaks a sheet that imports cleanly: a
cell of the wrong type, merged cells, a formula, a string longer than a cell or a field holds, a
number too large for its field, a missing, renamed or repeated header, a title row above the header,
a missing or misplaced sheet; or it hands over a file that is no workbook at all (nothing, random
bytes, a Word document, a CSV, a cut-off or gutted .xlsx). Each is refused with ``ImportFailed``,
whose problems are written in Chinese and, where a cell is to blame, name its row and column; and
every row of every table is as it was.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from hypothesis import HealthCheck, assume, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from regionpulse.conftest import World
from regionpulse.core.actors import acting_as
from regionpulse.core.importing import CellError, Column, Importer, ImportFailed, ImportResult, Problem
from regionpulse.core.registry import LEDGERS
from regionpulse.core.spreadsheets import XLSX_MAGIC, read_rows
from regionpulse.core.tests.workbooks import (
    EXCEL_CELL_LIMIT,
    Sheet,
    changed_tables,
    csv_text,
    docx,
    table_digests,
    without_part,
)
from regionpulse.desk.models import Category, Request, Source
from regionpulse.projects.classifications import Category as ProjectCategory
from regionpulse.projects.classifications import Industry, Nature, Stage
from regionpulse.projects.models import Project
from regionpulse.promotion.models import Engagement, Investor, ListTag, Target

autodiscover_modules("importers")
KINDS = sorted(LEDGERS)
ROWS = 3
PROJECT = "KDL-CT-001"
INVESTOR = "测试投资集团有限公司"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def valid_rows(kind: str, world_names: dict[str, str]) -> list[list[Any]]:
    """``ROWS`` different rows of the ledger ``kind`` that import cleanly into the fixture's world."""
    enterprise, task_force = world_names["enterprise"], world_names["task_force"]
    day = datetime.date(2022, 3, 1)
    makers: dict[str, Callable[[int], list[Any]]] = {
        "observations": lambda i: ["150203", "地区生产总值", f"2022-{i + 1:02d}", 100.5 + i, 5.5, "区统计局月报"],
        "projects": lambda i: [
            f"KDL-CT-1{i:02d}",
            f"测试项目{i}",
            "150203",
            enterprise,
            Industry.C.label,
            None,
            ProjectCategory.INDUSTRY.label,
            Nature.NEW.label,
            50000 + i,
            "昆都仑区",
            day,
            datetime.date(2023, 12, 31),
            Stage.CONSTRUCTION.label,
            None,
            task_force,
            None,
            "2022",
        ],
        "plans": lambda i: [PROJECT, 2020 + i, 30000.5, "6月主体完工"],
        "progress": lambda i: [PROJECT, f"2022-{i + 1:02d}", 1000 + i, "主体施工", Stage.CONSTRUCTION.label],
        "investors": lambda i: [
            f"测试{i}号投资集团有限公司",
            "150203",
            None,
            "北京",
            "制造业",
            f"{ListTag.GLOBAL_500.label}2022",
        ],
        "engagements": lambda i: [
            day + datetime.timedelta(days=i),
            "150203",
            INVESTOR,
            Engagement.Mode.VISIT.label,
            None,
            "张三",
            f"达成意向{i}",
            "继续跟进",
        ],
        "deals": lambda i: [
            f"测试招商项目{i}",
            "150203",
            INVESTOR,
            None,
            10000 + i,
            0,
            day,
            day,
            None,
            None,
            None,
            None,
        ],
        "targets": lambda i: ["150203", 2022, Target.Metric.choices[i][1], 100 + i],
        "requests": lambda i: [
            f"KDL-SQ-CT-{i:03d}",
            "150203",
            f"用地问题{i}",
            "请协调办理用地手续",
            Category.LAND.label,
            Request.Complexity.ORDINARY.label,
            Source.PORTAL.label,
            enterprise,
            None,
            None,
            day,
            None,
            None,
            None,
            None,
            None,
        ],
        "approvals": lambda i: ["150203", f"施工许可{i}", enterprise, 20, 10, day, datetime.date(2022, 3, 10)],
    }
    if set(makers) != set(LEDGERS):
        pytest.fail(f"a clean sheet is needed for every ledger; none for {sorted(set(LEDGERS) - set(makers))}")
    return [makers[kind](index) for index in range(ROWS)]


NAMES = {"enterprise": "内蒙古通威高纯晶硅有限公司", "task_force": "光伏新能源产业专班"}


@pytest.fixture
def ledger(world: World) -> World:
    """The personas' district with a project and an enterprise courted, which the sheets name."""
    assert (world.enterprise.name, world.task_force.name) == (NAMES["enterprise"], NAMES["task_force"])
    Project.objects.create(
        code=PROJECT,
        name="测试项目",
        region=world.district,
        owner=world.enterprise,
        industry=Industry.C,
        category=ProjectCategory.INDUSTRY,
        nature=Nature.NEW,
        stage=Stage.CONSTRUCTION,
        total_investment=Decimal("80000"),
    )
    Investor.objects.create(region=world.district, name=INVESTOR, normalised_name=INVESTOR)
    return world


def import_file(importer: type[Importer[Any]], user: Any, data: bytes) -> ImportResult:
    """What an import page does with an upload."""
    with acting_as(user, "import"):
        return importer(user).run(read_rows(io.BytesIO(data), settings.IMPORT_MAX_BYTES))


# --- The corruptions ---------------------------------------------------------------------------------


class Case:
    """A corrupted file: what was done, the bytes, and the cell (sheet row, column from 1) a problem must
    name; with no cell, a problem of row 1 (the header, or the file as a whole)."""

    def __init__(self, what: str, data: bytes, cell: tuple[int, int] | None = None) -> None:
        self.what, self.data, self.cell = what, data, cell
        self.kind = ""  # the strategy that made it, set by ``labelled``

    def __repr__(self) -> str:
        return f"Case({self.what!r}, <{len(self.data)} bytes>, cell={self.cell})"


def header_of(importer: type[Importer[Any]]) -> list[str]:
    return [column.header for column in importer.columns]


def model_field(importer: type[Importer[Any]], column: Column) -> models.Field[Any, Any] | None:
    model = importer.export_queryset(None).model
    try:
        found = model._meta.get_field(column.key)
    except Exception:
        return None
    return found if isinstance(found, models.Field) else None


def refused_at_cell(column: Column, raw: Any) -> bool:
    """Whether the importer must refuse ``raw`` (as read back from the file) in ``column`` by itself."""
    if ("" if raw is None else str(raw).strip()) == "":
        return column.required
    try:
        column.parse(raw)
    except (CellError, ValueError):
        return True
    return False


def is_text(column: Column) -> bool:
    return getattr(column.parse, "__name__", "") == "parse_text"


ODD_VALUES = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.booleans(),
    st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2099, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1950, 1, 1), max_value=datetime.datetime(2099, 12, 31)),
    st.sampled_from(["#DIV/0!", "#N/A", "#VALUE!", "—", "N/A", "１２３", "1,2,3", "10%", "¥100", "一百", "   "]),
)
FORMULAS = st.sampled_from(
    [
        "=1+1",
        "=SUM(A1:A3)",
        "=NOW()",
        '=HYPERLINK("http://example.com","点击")',
        '=WEBSERVICE("http://example.com/x")',
        "=cmd|' /C calc'!A0",
    ]
)
FILLERS = st.sampled_from(["字", "a", "9", " 测试", "x,"])


@st.composite
def wrong_type(draw: st.DrawFn, importer: type[Importer[Any]], rows: list[list[Any]]) -> Case:
    typed = [index for index, column in enumerate(importer.columns) if not is_text(column)]
    column = draw(st.sampled_from(typed))
    row = draw(st.integers(0, len(rows) - 1))
    changed = [list(line) for line in rows]
    changed[row][column] = draw(ODD_VALUES)
    data = Sheet(header_of(importer), changed).xlsx()
    read_back = list(read_rows(io.BytesIO(data), settings.IMPORT_MAX_BYTES))
    cells = read_back[row + 1]
    assume(refused_at_cell(importer.columns[column], cells[column] if column < len(cells) else None))
    return Case(f"wrong type {changed[row][column]!r}", data, (row + 2, column + 1))


@st.composite
def merged_cells(draw: st.DrawFn, importer: type[Importer[Any]], rows: list[list[Any]]) -> Case:
    required = [index for index, column in enumerate(importer.columns) if column.required]
    if draw(st.booleans()):
        # Down a required column: the rows below the first lose their value.
        column = draw(st.sampled_from(required))
        first = draw(st.integers(0, len(rows) - 2))
        last = draw(st.integers(first + 1, len(rows) - 1))
        letter = get_column_letter(column + 1)
        sheet = Sheet(header_of(importer), rows, merges=[f"{letter}{first + 2}:{letter}{last + 2}"])
        return Case("merged down a column", sheet.xlsx(), (first + 3, column + 1))
    # Across the header, over at least one required column after the first of the range.
    end = draw(st.sampled_from([index for index in required if index > 0]))
    start = draw(st.integers(0, end - 1))
    merged = f"{get_column_letter(start + 1)}1:{get_column_letter(end + 1)}1"
    return Case("merged header", Sheet(header_of(importer), rows, merges=[merged]).xlsx())


@st.composite
def formula(draw: st.DrawFn, importer: type[Importer[Any]], rows: list[list[Any]]) -> Case:
    # A formula is never run: what the file keeps of it here is no value, and a required cell is empty.
    required = [index for index, column in enumerate(importer.columns) if column.required]
    column = draw(st.sampled_from(required))
    row = draw(st.integers(0, len(rows) - 1))
    changed = [list(line) for line in rows]
    changed[row][column] = draw(FORMULAS)
    return Case(f"formula {changed[row][column]}", Sheet(header_of(importer), changed).xlsx(), (row + 2, column + 1))


@st.composite
def huge_string(draw: st.DrawFn, importer: type[Importer[Any]], rows: list[list[Any]]) -> Case:
    """Longer than Excel keeps in a cell: a file that no spreadsheet wrote."""
    column = draw(st.integers(0, len(importer.columns) - 1))
    row = draw(st.integers(0, len(rows) - 1))
    length = draw(st.integers(EXCEL_CELL_LIMIT + 1, EXCEL_CELL_LIMIT + 3000))
    changed = [list(line) for line in rows]
    changed[row][column] = (draw(FILLERS) * length)[:length]
    return Case(f"{length} characters", Sheet(header_of(importer), changed).xlsx(), (row + 2, column + 1))


def too_large_for_field_columns(importer: type[Importer[Any]]) -> list[tuple[int, models.Field[Any, Any]]]:
    found = []
    for index, column in enumerate(importer.columns):
        field = model_field(importer, column)
        if isinstance(field, models.DecimalField) or (
            isinstance(field, models.CharField | models.TextField) and field.max_length
        ):
            found.append((index, field))
    return found


@st.composite
def too_large_for_field(draw: st.DrawFn, importer: type[Importer[Any]], rows: list[list[Any]]) -> Case:
    """A text longer, or a number larger, than the field that keeps it (yet within what a cell holds)."""
    column, field = draw(st.sampled_from(too_large_for_field_columns(importer)))
    row = draw(st.integers(0, len(rows) - 1))
    changed = [list(line) for line in rows]
    if isinstance(field, models.DecimalField):
        assert field.max_digits is not None and field.decimal_places is not None
        digits = draw(st.integers(field.max_digits - field.decimal_places + 1, 40))
        value: Any = draw(st.sampled_from([10**digits, f"{10**digits}", f"{'9' * digits}.5"]))
    else:
        assert field.max_length is not None
        length = draw(st.integers(field.max_length + 1, min(field.max_length * 4, EXCEL_CELL_LIMIT)))
        value = (draw(FILLERS) * length)[:length]
    changed[row][column] = value
    return Case(f"too large for {field.name}", Sheet(header_of(importer), changed).xlsx(), (row + 2, column + 1))


@st.composite
def broken_header(draw: st.DrawFn, importer: type[Importer[Any]], rows: list[list[Any]]) -> Case:
    header: list[Any] = header_of(importer)
    required = [index for index, column in enumerate(importer.columns) if column.required]
    how = draw(st.sampled_from(["missing", "title row", "renamed", "blank", "repeated"]))
    if how == "missing":
        return Case("no header", Sheet(rows[0], rows[1:]).xlsx())
    if how == "title row":
        return Case("a title above the header", Sheet(["2022年台账（单位：万元）"], [header, *rows]).xlsx())
    column = draw(st.sampled_from(required))
    if how == "renamed":
        header[column] = draw(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=8))
        assume(str(header[column]).strip() != importer.columns[column].header)
    elif how == "blank":
        header[column] = None
    else:
        header[column] = header[draw(st.sampled_from([i for i in range(len(header)) if i != column]))]
    return Case(f"header {how}", Sheet(header, rows).xlsx())


@st.composite
def misplaced_sheet(draw: st.DrawFn, importer: type[Importer[Any]], rows: list[list[Any]]) -> Case:
    notes = [["填写说明"], ["金额单位为万元"]]
    how = draw(st.sampled_from(["empty sheet first", "notes first", "notes only", "sheet part missing"]))
    header = header_of(importer)
    if how == "empty sheet first":
        return Case(how, Sheet(header, rows, sheets_before=[[]]).xlsx())
    if how == "notes first":
        return Case(how, Sheet(header, rows, sheets_before=[notes]).xlsx())
    if how == "notes only":
        return Case(how, Sheet(header, rows, sheets_before=[notes], keep_ledger=False).xlsx())
    return Case(how, without_part(Sheet(header, rows).xlsx(), "xl/worksheets/sheet1.xml"))


def random_zip(members: list[tuple[str, bytes]]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return stream.getvalue()


@st.composite
def not_a_workbook(draw: st.DrawFn, importer: type[Importer[Any]], rows: list[list[Any]]) -> Case:
    clean = Sheet(header_of(importer), rows).xlsx()
    how = draw(st.sampled_from(["empty", "bytes", "zip magic", "docx", "csv", "cut off", "zip"]))
    if how == "empty":
        data = b""
    elif how == "bytes":
        data = draw(st.binary(min_size=1, max_size=2048))
    elif how == "zip magic":
        data = XLSX_MAGIC + draw(st.binary(max_size=2048))
    elif how == "docx":
        data = docx(draw(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=50)))
    elif how == "csv":
        data = csv_text(header_of(importer), rows).encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])))
    elif how == "cut off":
        data = clean[: draw(st.integers(len(XLSX_MAGIC), len(clean) - 1))]
    else:
        names = st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "a.txt"])
        data = random_zip(
            draw(st.lists(st.tuples(names, st.binary(max_size=200)), max_size=4, unique_by=lambda m: m[0]))
        )
    return Case(f"not a workbook: {how}", data)


def labelled(case: Case, kind: str) -> Case:
    case.kind = kind
    return case


def corruptions(importer: type[Importer[Any]], rows: list[list[Any]]) -> st.SearchStrategy[Case]:
    kinds = [wrong_type, merged_cells, formula, huge_string, broken_header, misplaced_sheet, not_a_workbook]
    if too_large_for_field_columns(importer):
        kinds.append(too_large_for_field)
    return st.one_of(
        *(kind(importer, rows).map(lambda case, name=kind.__name__: labelled(case, name)) for kind in kinds)
    )


# --- The tests ---------------------------------------------------------------------------------------


def assert_refused_in_chinese(failure: ImportFailed, case: Case, importer: type[Importer[Any]]) -> None:
    problems: list[Problem] = failure.problems
    assert problems, f"{case.what}: refused without saying why"
    assert "未写入任何数据" in str(failure)
    for problem in problems:
        assert CHINESE.search(problem.message), f"{case.what}: a problem not written in Chinese: {problem}"
    if case.cell is None:
        assert any(problem.row == 1 for problem in problems), f"{case.what}: {[str(p) for p in problems]}"
        return
    row, column = case.cell
    header = importer.columns[column - 1].header
    named = [problem for problem in problems if (problem.row, problem.column) == (row, column)]
    assert named, f"{case.what}: no problem names row {row}, column {column}: {[str(p)[:120] for p in problems]}"
    assert str(named[0]).startswith(f"第{row}行 {get_column_letter(column)}列（{header}）："), str(named[0])[:200]


@pytest.mark.parametrize("kind", KINDS)
def test_the_clean_sheet_imports(kind: str, ledger: World) -> None:
    """The sheets the corruptions start from are valid: what refuses them is the corruption."""
    importer = LEDGERS[kind]
    before = table_digests()
    with transaction.atomic():
        result = import_file(importer, ledger.admin, Sheet(header_of(importer), valid_rows(kind, NAMES)).xlsx())
        assert result.rows == ROWS
        assert changed_tables(before, table_digests()), "the digests see the rows written"
        transaction.set_rollback(True)
    assert changed_tables(before, table_digests()) == []


@pytest.mark.parametrize("kind", KINDS)
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_a_corrupted_workbook_is_refused_and_writes_nothing(kind: str, ledger: World, data: st.DataObject) -> None:
    importer = LEDGERS[kind]
    case = data.draw(corruptions(importer, valid_rows(kind, NAMES)), label="case")
    event(case.kind)
    before = table_digests()
    # Each example in a savepoint of its own, so that one that writes cannot mislead the next.
    refused: ImportFailed | None = None
    with transaction.atomic():
        try:
            result = import_file(importer, ledger.admin, case.data)
        except ImportFailed as failure:
            refused = failure
        changed = changed_tables(before, table_digests())
        transaction.set_rollback(True)
    assert refused is not None, f"{case!r} was imported: {result}"
    assert_refused_in_chinese(refused, case, importer)
    assert not changed, f"{case.what}: the refused file changed {changed}"


def import_pages() -> list[tuple[str, dict[str, str]]]:
    from regionpulse.desk.views import SHEETS as DESK
    from regionpulse.projects.views import SHEETS as PROJECTS
    from regionpulse.promotion.views import SHEETS as PROMOTION

    pages = [("indicators:observation-import", {})]
    for sheets in (PROJECTS, PROMOTION, DESK):
        pages += [(f"{sheets.namespace}:import", {"kind": kind}) for kind in sheets.importers]
    return pages


def test_every_import_page_serves_a_registered_importer() -> None:
    from regionpulse.desk.views import SHEETS as DESK
    from regionpulse.projects.views import SHEETS as PROJECTS
    from regionpulse.promotion.views import SHEETS as PROMOTION

    served = {importer for sheets in (PROJECTS, PROMOTION, DESK) for importer in sheets.importers.values()}
    assert served <= set(LEDGERS.values()), "an import page serves an importer that this test does not break"


@pytest.mark.parametrize(("name", "kwargs"), import_pages(), ids=lambda value: str(value))
def test_an_import_page_shows_the_refusal_and_writes_nothing(name: str, kwargs: dict[str, str], ledger: World) -> None:
    client = Client()
    client.force_login(ledger.admin)
    before = table_digests()
    upload = io.BytesIO(docx("这不是台账"))
    upload.name = "台账.xlsx"
    response = client.post(reverse(name, kwargs=kwargs), {"file": upload})
    assert response.status_code == 200
    assert "无法读取工作簿" in response.content.decode()
    # The ledgers are as they were; the session and the audit trail's record of the attempt are not ledgers.
    changed = changed_tables(before, table_digests())
    assert [table for table in changed if table != "django_session" and "audit" not in table] == []
