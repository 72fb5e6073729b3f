"""Building blocks for figure queries that put many aggregates on one row as scalar subqueries."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import DecimalField, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from regionpulse.core.models import Region

MONEY = DecimalField(max_digits=20, decimal_places=2)


class CountRows(Func):
    function = "COUNT"
    output_field = IntegerField()


class CountDistinct(CountRows):
    template = "COUNT(DISTINCT %(expressions)s)"


class SumOf(Func):
    function = "SUM"
    output_field = MONEY


def scalar(queryset: QuerySet[Any], aggregate: Func, default: Any) -> Coalesce:
    """One aggregate over ``queryset`` as a scalar subquery (no GROUP BY: one row, always)."""
    inner = queryset.order_by().annotate(aggregated=aggregate).values("aggregated")
    output = aggregate.output_field
    return Coalesce(Subquery(inner, output_field=output), Value(default), output_field=output)


def in_region(queryset: QuerySet[Any], region: Region, path: str = "region") -> QuerySet[Any]:
    """A district by its id (the planner then starts from its rows); a city or province by its subtree.

    The subtree is the ids of its regions, not a join on their path: a join lets SQLite, which keeps
    no statistics, read every row of the table and test each one's region (a city's service figures:
    550 ms against 190 ms on the generated province); a list of ids is looked up in the table's index.
    """
    if region.level == Region.Level.COUNTY:
        return queryset.filter(**{path: region})
    subtree = Region.objects.filter(path__startswith=region.path).values("pk")
    return queryset.filter(**{f"{path}__in": subtree})


def one_group(queryset: QuerySet[Any], **aggregates: Any) -> QuerySet[Any]:
    """Aggregates over the whole queryset in one pass, on one row that is there (zeros) even when it is empty.

    The rows are grouped by a constant, which the SQL groups by nothing: an aggregate without GROUP BY.
    """
    grouped = Value(1, output_field=IntegerField())
    return queryset.order_by().annotate(grouped=grouped).values("grouped").annotate(**aggregates)


def one_row(*querysets: QuerySet[Any]) -> dict[str, Any]:
    """The one row of each aggregate queryset, fetched together in one statement (a cross join of them,
    each a named subquery).

    Each queryset gives exactly one row — ``one_group``'s aggregates, or one record's row with scalar
    subqueries — so that a family that counts several tables in one pass each is still one
    round trip. The values are converted as the ORM converts them; the names must not repeat.
    """
    quote = connection.ops.quote_name
    parts: list[tuple[str, str]] = []
    params: list[Any] = []
    columns: list[str] = []
    readers: list[tuple[str, Any, list[Any]]] = []
    for index, queryset in enumerate(querysets):
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, part_params = compiler.as_sql()
        alias = quote(f"part_{index}")
        parts.append((alias, sql))
        params.extend(part_params)
        for expression, _, name in compiler.select:
            found = compiler.get_converters([expression])
            readers.append((name, expression, found[0][0] if found else []))
            columns.append(f"{alias}.{quote(name)}")
    aliases = ", ".join(alias for alias, _ in parts)
    named = ", ".join(f"{alias} AS ({sql})" for alias, sql in parts)
    sql = f"WITH {named} SELECT {', '.join(columns)} FROM {aliases}"  # noqa: S608 - built by the ORM
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        values = cursor.fetchone()
    assert values is not None, "each part gives one row"
    row = {}
    for (name, expression, converters), value in zip(readers, values, strict=True):
        for converter in converters:
            value = converter(value, expression, connection)
        row[name] = value
    return row
