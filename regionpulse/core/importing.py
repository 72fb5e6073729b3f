"""The importer every ledger shares: validate each row, then commit all rows or none.

A ledger describes its sheet with ``Column``s and subclasses ``Importer`` to turn a row into a
record; this module reads the header, parses each cell, finds duplicate rows and reports every
problem as "第N行 X列（列名）：原因" before anything is written.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.db import transaction
from django.db.models import CharField, DecimalField, Field, Model, TextField
from openpyxl.utils import get_column_letter

T = TypeVar("T")

MAX_PROBLEMS_SHOWN = 200
# Excel keeps at most this many characters in a cell, and the reader cuts a longer one there: a cell
# that reaches it was cut short, or not written by a spreadsheet.
CELL_LIMIT = 32767


class CellError(ValueError):
    """A cell's value cannot be used; the message says why, in the user's language."""


class RowError(ValueError):
    """A row whose cells parse but do not fit together; ``column`` names the cell to blame."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    key: str
    parse: Callable[[Any], Any]
    required: bool = True
    # The values a template offers in a dropdown for this column.
    choices: Callable[[], Sequence[str]] | None = None
    help: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    message: str
    column: int | None = None  # 1-based position in the sheet
    header: str | None = None

    def __str__(self) -> str:
        if self.column is None:
            return f"第{self.row}行：{self.message}"
        return f"第{self.row}行 {get_column_letter(self.column)}列（{self.header}）：{self.message}"


class ImportFailed(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        shown = "\n".join(str(problem) for problem in self.problems[:MAX_PROBLEMS_SHOWN])
        more = len(self.problems) - MAX_PROBLEMS_SHOWN
        tail = f"\n……另有{more}处问题" if more > 0 else ""
        super().__init__(f"导入未执行，文件有{len(self.problems)}处问题，未写入任何数据：\n{shown}{tail}")


@dataclass(slots=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0

    def __str__(self) -> str:
        return f"共{self.rows}行：新增{self.created}条，更新{self.updated}条，未变{self.unchanged}条"

    @classmethod
    def of(cls, items: Sequence[Any], created: Sequence[Any], updated: Sequence[Any]) -> ImportResult:
        """The result of writing ``items``: those created, those updated, and the rest unchanged."""
        return cls(created=len(created), updated=len(updated), unchanged=len(items) - len(created) - len(updated))


@dataclass(slots=True)
class ParsedRow(Generic[T]):
    number: int
    item: T


@dataclass(slots=True)
class _Header:
    positions: dict[str, int] = field(default_factory=dict)  # column key -> 0-based index
    problems: list[Problem] = field(default_factory=list)


class Importer(ABC, Generic[T]):
    """One ledger's sheet. ``build`` makes a record from parsed cells; ``save`` writes them all."""

    kind: str
    title: str
    columns: Sequence[Column]

    def __init__(self, user: Any | None) -> None:
        # None is the command line, which acts with an administrator's rights.
        self.user = user

    def prepare(self) -> None:
        """Load the lookups ``build`` needs, once, before the first row."""

    @abstractmethod
    def build(self, values: dict[str, Any]) -> T:
        """A record (not yet saved) from one row's parsed values; raise RowError when they conflict."""

    @abstractmethod
    def natural_key(self, item: T) -> Hashable:
        """What makes two rows the same record; a second row with the same key is an error."""

    def describe_key(self) -> str:
        return "关键列"

    def check_all(self, rows: Sequence[ParsedRow[T]]) -> list[Problem]:
        """Problems that need all rows at once (such as locked periods); one query, not one per row."""
        return []

    @abstractmethod
    def save(self, items: Sequence[T]) -> ImportResult:
        """Write every item; runs inside the import's transaction."""

    def run(self, sheet: Iterable[Sequence[Any]], progress: Callable[[int], None] | None = None) -> ImportResult:
        """Check every row, then write all of them in one transaction; ``progress`` hears each row checked."""
        rows = iter(sheet)
        header = self._read_header(next(rows, None))
        if header.problems:
            raise ImportFailed(header.problems)
        self.prepare()
        parsed, problems = self._parse_rows(rows, header, progress)
        if not parsed and not problems:
            raise ImportFailed([Problem(2, "文件没有数据行")])
        problems.extend(self.check_all(parsed))
        if problems:
            raise ImportFailed(sorted(problems, key=lambda p: (p.row, p.column or 0)))
        with transaction.atomic():
            result = self.save([row.item for row in parsed])
        result.rows = len(parsed)
        return result

    def _read_header(self, cells: Sequence[Any] | None) -> _Header:
        header = _Header()
        if cells is None:
            header.problems.append(Problem(1, "文件是空的：第1行应为表头"))
            return header
        known = {column.header: column for column in self.columns}
        for index, cell in enumerate(cells):
            text = _text(cell)
            if not text:
                continue
            column = known.get(text)
            if column is None:
                expected = "、".join(known)
                header.problems.append(Problem(1, f"未知的列“{text}”，表头应为：{expected}", index + 1, text))
            elif column.key in header.positions:
                header.problems.append(Problem(1, f"列“{text}”重复出现", index + 1, text))
            else:
                header.positions[column.key] = index
        for column in self.columns:
            if column.required and column.key not in header.positions:
                header.problems.append(Problem(1, f"缺少必需的列“{column.header}”"))
        return header

    def _parse_rows(
        self, rows: Iterator[Sequence[Any]], header: _Header, progress: Callable[[int], None] | None
    ) -> tuple[list[ParsedRow[T]], list[Problem]]:
        parsed: list[ParsedRow[T]] = []
        problems: list[Problem] = []
        first_row_of: dict[Hashable, int] = {}
        for number, cells in enumerate(rows, start=2):
            if progress is not None:
                progress(number - 1)
            if all(_text(cell) == "" for cell in cells):
                continue
            values, cell_problems = self._parse_cells(number, cells, header)
            if cell_problems:
                problems.extend(cell_problems)
                continue
            try:
                item = self.build(values)
            except (RowError, CellError) as error:
                problems.append(self._row_problem(number, error, header))
                continue
            too_large = self._too_large(number, item, header)
            if too_large:
                problems.extend(too_large)
                continue
            key = self.natural_key(item)
            if key in first_row_of:
                problems.append(
                    Problem(number, f"与第{first_row_of[key]}行重复（{self.describe_key()}相同），每条记录只能出现一次")
                )
                continue
            first_row_of[key] = number
            parsed.append(ParsedRow(number, item))
        return parsed, problems

    def _parse_cells(self, number: int, cells: Sequence[Any], header: _Header) -> tuple[dict[str, Any], list[Problem]]:
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for column in self.columns:
            index = header.positions.get(column.key)
            raw = cells[index] if index is not None and index < len(cells) else None
            if _text(raw) == "":
                if column.required:
                    problems.append(Problem(number, "不能为空", (index or 0) + 1, column.header))
                values[column.key] = None
                continue
            if isinstance(raw, str) and len(raw) >= CELL_LIMIT:
                message = f"内容达到 Excel 单元格的上限（{CELL_LIMIT}个字符），可能已被截断，请检查文件"
                problems.append(Problem(number, message, (index or 0) + 1, column.header))
                continue
            try:
                values[column.key] = column.parse(raw)
            except (CellError, ValueError) as error:
                problems.append(Problem(number, str(error), (index or 0) + 1, column.header))
        return values, problems

    def _too_large(self, number: int, item: Any, header: _Header) -> list[Problem]:
        """A text longer, or a number larger, than the field that keeps it: refused here rather than cut
        short by one database and refused with an error by another."""
        if not isinstance(item, Model):
            return []
        problems = []
        for model_field in _bounded_fields(type(item)):
            value = getattr(item, model_field.attname)
            if isinstance(value, str) and isinstance(model_field, CharField | TextField) and model_field.max_length:
                if len(value) > model_field.max_length:
                    message = f"内容过长（{len(value)}个字），最多{model_field.max_length}个字"
                    problems.append(self._field_problem(number, model_field, message, header))
            elif isinstance(value, Decimal) and isinstance(model_field, DecimalField) and value.is_finite():
                places = model_field.decimal_places or 0
                whole_digits = (model_field.max_digits or 0) - places
                # What rounds to 10^whole_digits at the field's places no longer fits.
                if abs(value) >= Decimal(10) ** whole_digits - Decimal(10) ** -places / 2:
                    message = f"数值过大，整数部分最多{whole_digits}位"
                    problems.append(self._field_problem(number, model_field, message, header))
        return problems

    def _field_problem(self, number: int, model_field: Field[Any, Any], message: str, header: _Header) -> Problem:
        """A problem with the cell of the column that fills ``model_field``, or with the row when none does."""
        for column in self.columns:
            if column.key == model_field.name and column.key in header.positions:
                return Problem(number, message, header.positions[column.key] + 1, column.header)
        return Problem(number, f"{model_field.verbose_name}{message}")

    def _row_problem(self, number: int, error: ValueError, header: _Header) -> Problem:
        column_key = getattr(error, "column", None)
        if column_key is not None and column_key in header.positions:
            column = next(c for c in self.columns if c.key == column_key)
            return Problem(number, str(error), header.positions[column_key] + 1, column.header)
        return Problem(number, str(error))


class KeptBy:
    """For the sheets of a ledger that its keeper department alone writes (``keeper``: its function)."""

    user: Any
    title: str
    keeper: str
    keeper_name: str  # how a message names that department: 投资促进部门

    def ensure_keeper(self) -> None:
        from regionpulse.core.scopes import keeps

        if not keeps(self.user, self.keeper):
            raise RowError(f"{self.title}由{self.keeper_name}维护，您的角色不能导入")


def save_matched(model: Any, items: Sequence[Any], fields: Sequence[str]) -> tuple[list[Any], list[Any]]:
    """Write rows already matched to stored records by primary key (``pk`` None: new): create the new,
    update only the stored ones that differ in ``fields``, record the history; returns (created, updated)."""
    from regionpulse.core import history

    stored = model.objects.in_bulk([item.pk for item in items if item.pk])
    created = [item for item in items if not item.pk]
    updated = []
    for item in items:
        current = stored.get(item.pk)
        if current is None:
            continue
        differing = [name for name in fields if _stored(current, name) != _stored(item, name)]
        for name in differing:
            setattr(current, name, getattr(item, name))
        if differing:
            updated.append(current)
    model.objects.bulk_create(created, batch_size=1000)
    model.objects.bulk_update(updated, fields, batch_size=1000)
    history.record_bulk(created, updated)
    return created, updated


def _stored(record: Any, name: str) -> Any:
    """A field's value as stored (a reference by its id), so that a row and a record compare."""
    return getattr(record, record._meta.get_field(name).attname)


@functools.cache
def _bounded_fields(model: type[Model]) -> list[Field[Any, Any]]:
    """The fields of ``model`` that hold a bounded text (max_length) or a bounded number (max_digits)."""
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, DecimalField)
        or (isinstance(model_field, CharField | TextField) and model_field.max_length)
    ]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()
