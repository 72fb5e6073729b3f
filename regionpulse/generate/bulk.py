"""Raw bulk writes for generated data: ``COPY … FROM STDIN`` on PostgreSQL (psycopg 3), batched
``executemany`` elsewhere, straight into the tables.

Model ``save()``, validation, period locks, signals and the change history are all bypassed, which
is what makes millions of rows a matter of minutes, and why only generated data is written this way.
"""

from __future__ import annotations

import datetime
import sys
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone

# Rows per executemany or COPY: large enough to amortise the round trip, small enough for memory.
BATCH_ROWS = 20_000

Report = Callable[[int, int], None]


def column(model: type[Model], name: str) -> str:
    found = model._meta.get_field(name)
    assert isinstance(found, Field)
    return str(found.column)


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def row_fields(model: type[Model], *, leave: Collection[str] = ()) -> tuple[str, ...]:
    """The fields a generated row of ``model`` gives, in the model's order: all but the primary key
    and those named in ``leave`` (left empty, or to their default).

    Taken from the model, not listed by hand, so that a field added to it is one more value every row
    must give (a row short of it fails when written) until it is written or named in ``leave``.
    """
    for name in leave:
        model._meta.get_field(name)  # a misspelt or removed field is an error, not a silent no-op
    return tuple(
        field.name for field in model._meta.concrete_fields if not field.primary_key and field.name not in leave
    )


def _defaults(model: type[Model], fields: Sequence[str]) -> dict[str, Any]:
    """The model's other required columns that have a default (a version number, a flag), with it.

    A raw insert gets no default from the model, and the table has none of its own.
    """
    found = {}
    for each in model._meta.concrete_fields:
        if each.name in fields or each.primary_key or each.null or not each.has_default():
            continue
        found[each.name] = each.get_db_prep_save(each.get_default(), connection)
    return found


@dataclass(frozen=True, slots=True)
class Statement:
    """How to write rows of ``fields`` into a model's table: INSERT for executemany, COPY for psycopg 3.

    ``extra`` holds the values of the model's other required columns (their defaults), which every
    row written through the statement gets after its own.
    """

    insert: str
    copy: str
    extra: tuple[Any, ...] = ()

    @classmethod
    def of(cls, model: type[Model], fields: Sequence[str]) -> Statement:
        quote = connection.ops.quote_name
        defaults = _defaults(model, fields)
        names = [*fields, *defaults]
        columns = ", ".join(quote(column(model, name)) for name in names)
        marks = ", ".join(["%s"] * len(names))
        return cls(
            insert=f"INSERT INTO {table(model)} ({columns}) VALUES ({marks})",  # noqa: S608 - names from the model
            copy=f"COPY {table(model)} ({columns}) FROM STDIN",
            extra=tuple(defaults.values()),
        )


def day(value: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def moment(value: datetime.date, hour: int = 9, minute: int = 30) -> Any:
    """A timestamp on ``value`` in the project's time zone, adapted for the database."""
    at = timezone.make_aware(datetime.datetime(value.year, value.month, value.day, hour, minute))
    return connection.ops.adapt_datetimefield_value(at)


@dataclass
class BulkWriter:
    """Writes batches, keeps the row count of each table and reports progress after every batch.

    ``expected`` is the run's row total as far as it is known; ``expect`` corrects it as the run
    learns, so that the progress never passes 100% before the end.
    """

    expected: int
    progress: Report | None = None
    counts: dict[str, int] = field(default_factory=dict)
    done: int = 0
    _statements: dict[tuple[type[Model], tuple[str, ...]], Statement] = field(default_factory=dict)

    def statement(self, model: type[Model], fields: Sequence[str]) -> Statement:
        key = (model, tuple(fields))
        if key not in self._statements:
            self._statements[key] = Statement.of(model, fields)
        return self._statements[key]

    def write(self, cursor: Any, name: str, statement: Statement, rows: Sequence[tuple[Any, ...]]) -> None:
        # On PostgreSQL, psycopg 3's COPY is several times faster than executemany (measured: about
        # 45,000 against 13,000 report rows a second), in what the client and the server both spend.
        copy = getattr(cursor.cursor, "copy", None) if connection.vendor == "postgresql" else None
        self.counts.setdefault(name, 0)
        for start in range(0, len(rows), BATCH_ROWS):
            batch = rows[start : start + BATCH_ROWS]
            if statement.extra:
                batch = [(*values, *statement.extra) for values in batch]
            if copy is None:
                cursor.executemany(statement.insert, batch)
            else:
                with connection.wrap_database_errors, copy(statement.copy) as stream:
                    for row in batch:
                        stream.write_row(row)
            self.counts[name] += len(batch)
            self.done += len(batch)
            self.expected = max(self.expected, self.done)
            if self.progress is not None:
                self.progress(self.done, self.expected)

    def rows(self, cursor: Any, name: str, model: type[Model], fields: Sequence[str], rows: Sequence[Any]) -> None:
        self.write(cursor, name, self.statement(model, fields), rows)

    def expect(self, expected: int) -> None:
        self.expected = max(expected, self.done)

    def finish(self) -> None:
        self.expected = self.done
        if self.progress is not None:
            self.progress(self.done, self.done)


class ProgressLine:
    """A progress line on stderr: rewritten in place on a terminal, every tenth otherwise."""

    def __init__(self, label: str, stream: Any = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.start = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.shown = -1.0

    def __call__(self, done: int, total: int) -> None:
        elapsed = time.perf_counter() - self.start
        share = done / total if total else 1.0
        width = 24
        bar = "#" * int(share * width)
        line = f"{self.label}: [{bar:<{width}}] {share:4.0%} {done:,} rows, {elapsed:.0f} s"
        if self.tty:
            if elapsed - self.shown >= 0.5 or done == total:
                self.shown = elapsed
                print(f"\r{line}", end="\n" if done == total else "", file=self.stream, flush=True)
        elif int(share * 10) > self.shown or done == total:
            self.shown = int(share * 10)
            print(line, file=self.stream, flush=True)
