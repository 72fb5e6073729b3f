"""Building blocks for figure queries that put many aggregates on one row as scalar subqueries."""

from __future__ import annotations

from typing import Any

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
    """A district by its id (the planner then starts from its rows); a city or province by its subtree."""
    if region.level == Region.Level.COUNTY:
        return queryset.filter(**{path: region})
    return queryset.filter(**{f"{path}__path__startswith": region.path})
