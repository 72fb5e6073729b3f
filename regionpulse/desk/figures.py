"""The service desk's figures for a region and the year to a period's month, in one query.

Resolved means confirmed by the enterprise within the window (累计帮助企业协调解决…项问题). Open and
overdue are as at the period's end, from the dates (a request raised by then and not resolved by
then); the backlog's age is counted in calendar days. The requests are counted in one pass over them;
the median of working days to resolution and the approval cases' efficiency come along as scalar
subqueries in the same statement.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from regionpulse.core.aggregates import in_region, one_group, one_row
from regionpulse.core.figures import Figure, Provenance, json_number, registry
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.desk.models import ApprovalCase, Category, Request

HUNDRED = Decimal(100)
AGE_BUCKETS = ((0, 7, "7天以内"), (8, 30, "8至30天"), (31, 90, "31至90天"), (91, None, "90天以上"))
# 130余项: counts of this size are written to the ten below, with 余.
APPROXIMATE_FROM = 20


def written_approximately(count: int) -> tuple[int, str]:
    """134 → (130, "余"); an exact ten or a small count is written as it is."""
    if count < APPROXIMATE_FROM or count % 10 == 0:
        return count, ""
    return count - count % 10, "余"


def _median_sql(region: Region, start: datetime.date, end: datetime.date) -> RawSQL:
    """The median of working days to resolution of the requests confirmed in the window.

    Portable SQL: the days numbered in order by a window function, the middle one (or the two middle
    ones, averaged) picked in one pass. A district by its id, a city or province by its subtree (as
    ``in_region``). Only quoted table and column names are put into the text; every value is a
    bound parameter.
    """
    quote = connection.ops.quote_name
    days, region_id = quote("working_days"), quote("region_id")
    if region.level == Region.Level.COUNTY:
        place, params = f"{region_id} = %s", [start, end, region.pk]
    else:
        regions = f"SELECT {quote('id')} FROM {quote(Region._meta.db_table)} WHERE {quote('path')} LIKE %s"  # noqa: S608
        place, params = f"{region_id} IN ({regions})", [start, end, f"{region.path}%"]
    ranked = (
        f"SELECT {days}, ROW_NUMBER() OVER (ORDER BY {days}) AS day_rank, COUNT(*) OVER () AS day_count "  # noqa: S608
        f"FROM {quote(Request._meta.db_table)} "
        f"WHERE {quote('confirmed_on')} BETWEEN %s AND %s AND {days} IS NOT NULL AND {place}"
    )
    sql = f"(SELECT AVG({days}) FROM ({ranked}) ranked WHERE day_rank IN ((day_count + 1) / 2, (day_count + 2) / 2))"  # noqa: S608
    return RawSQL(sql, params, output_field=FloatField())  # noqa: S611


@dataclass(frozen=True, slots=True)
class ApprovalFigures:
    finished: int
    average_days: Figure
    on_time_rate: Figure
    time_cut: Figure  # how far promised time is cut below statutory time

    def as_json(self) -> dict[str, Any]:
        return {
            "approvals_finished": self.finished,
            "approval_average_working_days": json_number(self.average_days.rounded),
            "approval_on_time_pct": json_number(self.on_time_rate.rounded),
            "approval_time_cut_pct": json_number(self.time_cut.rounded),
        }


@dataclass(frozen=True, slots=True)
class ServiceFigures:
    region: Region
    period: Period
    raised: int
    problems_resolved: int
    resolved_unconfirmed: int
    open: int
    overdue: int
    median_days: Figure
    satisfaction: Figure
    backlog_by_age: list[tuple[str, int]]
    approvals: ApprovalFigures

    def as_json(self) -> dict[str, Any]:
        written, qualifier = written_approximately(self.problems_resolved)
        return {
            "problems_resolved": self.problems_resolved,
            "problems_resolved_written": written,
            "problems_resolved_qualifier": qualifier or None,
            "requests_raised": self.raised,
            "resolved_awaiting_confirmation": self.resolved_unconfirmed,
            "open": self.open,
            "overdue": self.overdue,
            "median_working_days_to_resolve": json_number(self.median_days.rounded),
            "satisfaction": json_number(self.satisfaction.rounded),
            "backlog_by_age": [{"age": label, "count": count} for label, count in self.backlog_by_age],
            **self.approvals.as_json(),
        }


def _open_at(end: datetime.date) -> Q:
    """Raised by ``end`` and not resolved by then."""
    return Q(raised_on__lte=end) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))


def _counted(requests: QuerySet[Request], period: Period) -> QuerySet[Any]:
    """Every count over the region's requests in one pass: conditional aggregates on one row."""
    start, end = period.year_to_date()
    open_at_end = _open_at(end)
    confirmed = Q(confirmed_on__range=(start, end))
    counts: dict[str, Any] = {
        "raised": Count("pk", filter=Q(raised_on__range=(start, end))),
        "resolved": Count("pk", filter=confirmed),
        # Resolved by the period's end and not yet confirmed then.
        "unconfirmed": Count(
            "pk", filter=Q(resolved_on__lte=end) & (Q(confirmed_on__isnull=True) | Q(confirmed_on__gt=end))
        ),
        "open": Count("pk", filter=open_at_end),
        "overdue": Count("pk", filter=open_at_end & Q(resolve_by__lt=end)),
        "rating_sum": Coalesce(Sum("rating", filter=confirmed & Q(rating__isnull=False)), 0),
        "rated": Count("pk", filter=confirmed & Q(rating__isnull=False)),
    }
    for index, (low, high, _) in enumerate(AGE_BUCKETS):
        aged = open_at_end & Q(raised_on__lte=end - datetime.timedelta(days=low))
        if high is not None:
            aged &= Q(raised_on__gte=end - datetime.timedelta(days=high))
        counts[f"age_{index}"] = Count("pk", filter=aged)
    return one_group(requests, **counts)


@registry.register("services")
def services(region: Region, period: Period) -> ServiceFigures:
    start, end = period.year_to_date()
    # The requests and the approval cases each counted in one pass, the median on the region's row:
    # three rows from one statement.
    approvals = one_group(
        in_region(ApprovalCase.objects.all(), region).filter(finished_on__range=(start, end)),
        approvals=Count("pk"),
        approval_days=Coalesce(Sum("working_days"), 0),
        approvals_on_time=Count("pk", filter=Q(working_days__lte=F("promised_days"))),
        promised=Coalesce(Sum("promised_days"), 0),
        statutory=Coalesce(Sum("statutory_days"), 0),
    )
    median = Region.objects.filter(pk=region.pk).annotate(median_days=_median_sql(region, start, end))
    row = one_row(_counted(in_region(Request.objects.all(), region), period), approvals, median.values("median_days"))
    return _figures(region, period, row)


def _ratio(part: Decimal | int, whole: Decimal | int, scale: Decimal = HUNDRED) -> Decimal | None:
    return Decimal(part) / Decimal(whole) * scale if whole else None


def _cut(promised: Decimal, statutory: Decimal) -> Decimal | None:
    """How far the promised time is below the statutory time, in percent of the statutory."""
    share = _ratio(promised, statutory)
    return None if share is None else HUNDRED - share


def _figures(region: Region, period: Period, row: dict[str, Any]) -> ServiceFigures:
    start, end = period.year_to_date()
    where = {"region__path__startswith": region.path, "confirmed_on__range": [str(start), str(end)]}
    median = row["median_days"]
    return ServiceFigures(
        region=region,
        period=period,
        raised=row["raised"],
        problems_resolved=row["resolved"],
        resolved_unconfirmed=row["unconfirmed"],
        open=row["open"],
        overdue=row["overdue"],
        median_days=Figure(
            None if median is None else Decimal(str(median)),
            1,
            "个工作日",
            Provenance("desk.Request", where, "已确认诉求办理用时（工作日）的中位数"),
        ),
        satisfaction=Figure(_ratio(row["rating_sum"], row["rated"], Decimal(1)), 2, "分"),
        backlog_by_age=[(label, row[f"age_{index}"]) for index, (_, _, label) in enumerate(AGE_BUCKETS)],
        approvals=ApprovalFigures(
            finished=row["approvals"],
            average_days=Figure(_ratio(row["approval_days"], row["approvals"], Decimal(1)), 1, "个工作日"),
            on_time_rate=Figure(_ratio(row["approvals_on_time"], row["approvals"]), 1, "%"),
            time_cut=Figure(_cut(row["promised"], row["statutory"]), 1, "%"),
        ),
    )


@dataclass(frozen=True, slots=True)
class GroupFigures:
    name: str
    resolved: int
    open: int
    overdue: int
    satisfaction: Figure


def _grouped(region: Region, period: Period, key: str) -> list[dict[str, Any]]:
    start, end = period.year_to_date()
    requests = in_region(Request.objects.all(), region)
    open_at_end = _open_at(end)
    confirmed = Q(confirmed_on__range=(start, end))
    return list(
        requests.order_by()
        .values(key)
        .annotate(
            resolved=Count("pk", filter=confirmed),
            open=Count("pk", filter=open_at_end),
            overdue=Count("pk", filter=open_at_end & Q(resolve_by__lt=end)),
            satisfaction=Avg("rating", filter=confirmed),
        )
        .filter(Q(resolved__gt=0) | Q(open__gt=0))
    )


def by_category(region: Region, period: Period) -> list[GroupFigures]:
    labels = dict(Category.choices)
    rows = _grouped(region, period, "category")
    return sorted(
        (_group(str(labels.get(row["category"], row["category"])), row) for row in rows),
        key=lambda group: (-group.resolved, group.name),
    )


def by_department(region: Region, period: Period) -> list[GroupFigures]:
    rows = _grouped(region, period, "department__name")
    return sorted(
        (_group(row["department__name"] or "未分派", row) for row in rows),
        key=lambda group: (-group.resolved, group.name),
    )


def _group(name: str, row: dict[str, Any]) -> GroupFigures:
    rating = row["satisfaction"]
    return GroupFigures(
        name,
        row["resolved"],
        row["open"],
        row["overdue"],
        Figure(None if rating is None else Decimal(str(rating)), 2, "分"),
    )
