"""A ledger's importer run in a test as an upload runs it: rows written to a workbook with the importer's
own columns, read back and imported whole, or refused with nothing written; and its export as rows."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.db.models import Model

from regionpulse.core.actors import acting_as
from regionpulse.core.importing import Importer, ImportFailed, ImportResult
from regionpulse.core.spreadsheets import read_rows, write_workbook

MAX_BYTES = 20 * 1024 * 1024


def workbook(importer: type[Importer[Any]], rows: Sequence[Sequence[Any]]) -> io.BytesIO:
    """The importer's sheet with ``rows`` under its header, named as a file a form's upload takes."""
    stream = io.BytesIO()
    write_workbook(stream, importer.title, importer.columns, rows)
    stream.seek(0)
    stream.name = f"{importer.kind}.xlsx"
    return stream


def run(importer: type[Importer[Any]], user: Any, rows: Sequence[Sequence[Any]]) -> ImportResult:
    with acting_as(user, "import"):
        return importer(user).run(read_rows(workbook(importer, rows), MAX_BYTES))


def exported(importer: Any, user: Any = None) -> list[list[Any]]:
    return [list(row) for row in importer.export_rows(importer.export_queryset(user))]


def table_counts(models: Sequence[type[Model]]) -> list[int]:
    return [model.objects.count() for model in models]


def refused_import(
    importer: type[Importer[Any]], user: Any, rows: Sequence[Sequence[Any]], *, models: Sequence[type[Model]]
) -> list[str]:
    """The problems named when the import is refused; the tables of ``models`` must be left as they were."""
    before = table_counts(models)
    with pytest.raises(ImportFailed) as failure:
        run(importer, user, rows)
    assert "未写入任何数据" in str(failure.value)
    assert table_counts(models) == before, "a refused file writes nothing, history included"
    return [str(problem) for problem in failure.value.problems]
