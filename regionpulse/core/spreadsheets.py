"""Reading and writing .xlsx ledgers: calamine reads (fast, no formulas run), openpyxl writes."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineError, CalamineWorkbook

from regionpulse.core.importing import CellError, Column, ImportFailed, Problem
from regionpulse.core.periods import Period, PeriodError

XLSX_MAGIC = b"PK\x03\x04"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


def read_rows(stream: IO[bytes], max_bytes: int) -> Iterator[list[Any]]:
    """The first sheet's rows; an oversized or non-xlsx file is refused before parsing."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportFailed([Problem(1, f"文件超过{max_bytes // (1024 * 1024)}MB上限，请拆分后导入")])
    if not data.startswith(XLSX_MAGIC):
        raise ImportFailed([Problem(1, "文件不是 .xlsx 工作簿（请在 Excel 中另存为 .xlsx 后再导入）")])
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, KeyError) as error:
        raise ImportFailed([Problem(1, f"无法读取工作簿：{error}")]) from error
    return iter(rows)


def parse_decimal(value: Any) -> Decimal:
    """A number from a cell. Excel keeps numbers as doubles; the shortest repr is what the user typed."""
    if isinstance(value, bool):
        raise CellError(f"“{value}”不是数字")
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise CellError(f"“{value}”不是数字") from error
    if not number.is_finite():
        raise CellError(f"“{value}”不是有限的数字")
    return number


def parse_period(value: Any) -> Period:
    # Excel turns a typed "2022-06" into a date; the month is what was meant.
    if isinstance(value, datetime.date):
        return Period(value.year, value.month)
    try:
        return Period.parse(parse_text(value))
    except PeriodError as error:
        raise CellError(str(error)) from error


def parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = parse_text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CellError(f"“{value}”不是日期，请写成 2022-03-15") from error


def parse_year(value: Any) -> int:
    text = parse_text(value).removesuffix("年")
    # Four digits before converting: a cell of thousands of digits is no year (nor an int Python reads).
    if not (len(text) == 4 and text.isdigit() and 2000 <= int(text) <= 2199):
        raise CellError(f"“{value}”不是年份，请写成 2022")
    return int(text)


def parse_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def write_workbook(
    stream: IO[bytes],
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str] = (),
) -> int:
    """A ledger sheet with a styled header, dropdowns where a column has choices, and a notes sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column.header) * 2 + 4)
    sheet.freeze_panes = "A2"
    count = 0
    for row in rows:
        sheet.append([_cell(value) for value in row])
        count += 1
    _add_dropdowns(workbook, sheet, columns)
    if notes or any(column.help for column in columns):
        info = workbook.create_sheet("填写说明")
        for column in columns:
            info.append([column.header, "必填" if column.required else "选填", column.help])
        for note in notes:
            info.append([note])
        info.column_dimensions["A"].width = 20
        info.column_dimensions["C"].width = 80
    workbook.save(stream)
    return count


def _cell(value: Any) -> Any:
    # Excel keeps every number as a double, so a Decimal leaves as one (and comes back by repr).
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return value


def _add_dropdowns(workbook: Workbook, sheet: Any, columns: Sequence[Column]) -> None:
    lists = None
    for index, column in enumerate(columns, start=1):
        if column.choices is None:
            continue
        options = list(column.choices())
        if not options:
            continue
        if lists is None:
            lists = workbook.create_sheet("选项")
            lists.sheet_state = "hidden"
        for row, option in enumerate(options, start=1):
            lists.cell(row=row, column=index, value=option)
        letter = get_column_letter(index)
        source = f"{quote_sheetname('选项')}!${letter}$1:${letter}${len(options)}"
        validation = DataValidation(type="list", formula1=source, allow_blank=not column.required)
        validation.error = f"请从下拉列表中选择{column.header}"
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")
