"""Workbooks for import tests, whole or broken, and a fingerprint of everything the database holds."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from openpyxl import Workbook

# Excel keeps at most this many characters in a cell.
EXCEL_CELL_LIMIT = 32767


@dataclass
class Sheet:
    """A ledger sheet as cells (row 1 the header), and what to do to it when it is saved."""

    header: list[Any]
    rows: list[list[Any]]
    merges: list[str] = field(default_factory=list)  # "B3:B5"
    sheets_before: list[list[list[Any]]] = field(default_factory=list)  # other sheets, saved first
    keep_ledger: bool = True  # False: the workbook has only the other sheets

    def xlsx(self) -> bytes:
        workbook = Workbook()
        sheets = [*self.sheets_before, *([[self.header, *self.rows]] if self.keep_ledger else [])]
        if not sheets:
            sheets = [[]]
        first = workbook.active
        assert first is not None
        targets = [first, *(workbook.create_sheet(f"Sheet{index}") for index in range(2, len(sheets) + 1))]
        for target, cells in zip(targets, sheets, strict=True):
            for line in cells:
                target.append(line)
        if self.keep_ledger:
            for merged in self.merges:
                targets[-1].merge_cells(merged)
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()


def without_part(data: bytes, prefix: str) -> bytes:
    """The same .xlsx with every part whose name starts with ``prefix`` left out."""
    source = zipfile.ZipFile(io.BytesIO(data))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as target:
        for item in source.infolist():
            if not item.filename.startswith(prefix):
                target.writestr(item, source.read(item.filename))
    return stream.getvalue()


def docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def csv_text(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> str:
    lines = [header, *rows]
    return "\n".join(",".join("" if cell is None else str(cell) for cell in line) for line in lines) + "\n"


def table_digests(skip: Collection[str] = ()) -> dict[str, str]:
    """A digest of every row of each table (but those in ``skip``): equal digests, equal tables."""
    digests = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in skip:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table's own name
            digest = hashlib.sha256()
            for line in sorted(repr(row) for row in cursor.fetchall()):
                digest.update(line.encode())
            digests[table] = digest.hexdigest()
    return digests


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))
