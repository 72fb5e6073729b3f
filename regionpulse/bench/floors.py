"""The floor: each cockpit figure family as one hand-written aggregate SQL query for a district,
with no ORM in between — what the database alone needs to answer it.

Plain SQL that runs on SQLite and PostgreSQL alike (a CTE, CASE sums, a window function for the
median); the few lines of Python after each query only name and convert what it returned.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection

from regionpulse.bench.numbers import Numbers
from regionpulse.core.models import Region
from regionpulse.core.periods import Period

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _day(value: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def _decimal(value: Any) -> Decimal | None:
    # SQLite returns sums of decimals as floats (or integers); PostgreSQL as Decimals.
    return None if value is None else Decimal(str(value))


ECONOMY = """
SELECT i.code, o.value, o.growth, p.value, p.growth, s.total, s.reporting,
       (SELECT COUNT(*) FROM indicators_observation x JOIN core_region xr ON xr.id = x.region_id
         WHERE x.indicator_id = o.indicator_id AND x.year = o.year AND x.month = o.month
           AND x.status = 'approved' AND xr.parent_id = %s AND x.value > o.value) AS above,
       (SELECT COUNT(*) FROM core_region c WHERE c.parent_id = %s) AS children
FROM indicators_observation o
JOIN indicators_indicator i ON i.id = o.indicator_id
LEFT JOIN indicators_observation p
       ON p.indicator_id = o.indicator_id AND p.region_id = %s AND p.year = o.year AND p.month = o.month
      AND p.status = 'approved'
LEFT JOIN (SELECT x.indicator_id, SUM(x.value) AS total, COUNT(*) AS reporting
             FROM indicators_observation x JOIN core_region xr ON xr.id = x.region_id
            WHERE xr.parent_id = %s AND x.year = %s AND x.month = %s AND x.status = 'approved'
              AND x.value IS NOT NULL
            GROUP BY x.indicator_id) s ON s.indicator_id = o.indicator_id
WHERE o.region_id = %s AND o.year = %s AND o.month = %s AND o.status = 'approved'
"""


def economy(region: Region, period: Period) -> Numbers:
    parent = region.parent_id
    params = [parent, parent, parent, parent, period.year, period.month, region.pk, period.year, period.month]
    numbers: Numbers = {}
    for code, value, growth, parent_value, parent_growth, total, reporting, above, children in _rows(ECONOMY, params):
        own = _decimal(value)
        if parent_value is not None:
            parent_total = _decimal(parent_value)
        else:
            # Only the sum of every child stands in for a parent's own figure.
            parent_total = _decimal(total) if children and reporting == children else None
        numbers[f"{code}.value"] = own
        numbers[f"{code}.growth"] = _decimal(growth)
        numbers[f"{code}.parent"] = parent_total
        numbers[f"{code}.parent_growth"] = _decimal(parent_growth)
        numbers[f"{code}.rank"] = above + 1 if own is not None and parent else None
    return numbers


# Each listed project's plan and progress looked up once, by index, then grouped five ways. (A join to
# the district's reports grouped by project reads the same rows, but PostgreSQL plans it as scans of
# the whole table.)
MAJOR_PROJECTS = """
WITH listed AS (
  SELECT p.total_investment AS total,
         COALESCE((SELECT pl.planned_investment FROM projects_annualplan pl
                    WHERE pl.project_id = p.id AND pl.year = %s), 0) AS plan,
         COALESCE((SELECT SUM(r.investment) FROM projects_progressreport r
                    WHERE r.project_id = p.id AND r.year = %s AND r.status = 'approved' AND r.month <= %s), 0) AS done,
         tf.name AS task_force, ld.name AS leader, p.industry AS industry, p.stage AS stage
  FROM projects_project p
  JOIN projects_listing l ON l.project_id = p.id AND l.year = %s
  LEFT JOIN core_taskforce tf ON tf.id = p.task_force_id
  LEFT JOIN core_leader ld ON ld.id = p.leader_id
  WHERE p.region_id = %s AND p.total_investment >= %s
)
{groupings}
"""
GROUPING = (
    "SELECT '{dimension}' AS dimension, {key} AS name, COUNT(*) AS n, SUM(total) AS total, SUM(plan) AS plan,"
    " SUM(done) AS done, SUM(CASE WHEN plan > 0 AND done < plan * %s THEN 1 ELSE 0 END) AS behind FROM listed"
)


def major_projects(region: Region, period: Period) -> Numbers:
    from regionpulse.projects.classifications import Industry, Stage
    from regionpulse.projects.figures import BEHIND_MARGIN, THRESHOLD_WAN, UNASSIGNED

    expected = Decimal(period.month) / 12 - BEHIND_MARGIN
    parts = [GROUPING.format(dimension="total", key="''")]
    for dimension in ("task_force", "leader", "industry", "stage"):
        parts.append(GROUPING.format(dimension=dimension, key=dimension) + f" GROUP BY {dimension}")
    sql = MAJOR_PROJECTS.format(groupings="\nUNION ALL\n".join(parts))
    params: list[Any] = [period.year, period.year, period.month, period.year, region.pk, THRESHOLD_WAN]
    params += [expected] * len(parts)
    labels = {"industry": dict(Industry.choices), "stage": dict(Stage.choices)}
    numbers: Numbers = {}
    for dimension, name, count, total, plan, done, behind in _rows(sql, params):
        if dimension == "total":
            key = "total"
        else:
            label = labels.get(dimension, {}).get(name, name) if name else None
            key = f"{dimension}:{label or UNASSIGNED}"
        numbers[f"{key}.count"] = count
        numbers[f"{key}.total"] = _decimal(total) or ZERO
        numbers[f"{key}.plan"] = _decimal(plan) or ZERO
        numbers[f"{key}.done"] = _decimal(done) or ZERO
        numbers[f"{key}.behind"] = behind or 0
    return numbers


PROMOTION = """
SELECT
  (SELECT COUNT(DISTINCT e.investor_id) FROM promotion_engagement e
    WHERE e.region_id = %s AND e.date BETWEEN %s AND %s),
  SUM(CASE WHEN signed_on BETWEEN %s AND %s THEN 1 ELSE 0 END),
  SUM(CASE WHEN signed_on BETWEEN %s AND %s THEN amount ELSE 0 END),
  SUM(CASE WHEN signed_on BETWEEN %s AND %s THEN funds_in_place ELSE 0 END),
  SUM(CASE WHEN landed_on BETWEEN %s AND %s THEN 1 ELSE 0 END),
  SUM(CASE WHEN started_on BETWEEN %s AND %s THEN 1 ELSE 0 END),
  SUM(CASE WHEN producing_on BETWEEN %s AND %s THEN 1 ELSE 0 END),
  SUM(CASE WHEN signed_on < %s AND (landed_on IS NULL OR landed_on > %s) THEN 1 ELSE 0 END),
  SUM(CASE WHEN landed_on < %s AND (started_on IS NULL OR started_on > %s) THEN 1 ELSE 0 END),
  {targets}
FROM promotion_deal
WHERE region_id = %s
"""
TARGET = "(SELECT t.value FROM promotion_target t WHERE t.region_id = %s AND t.year = %s AND t.metric = %s)"


def investment_promotion(region: Region, period: Period) -> Numbers:
    from regionpulse.promotion.figures import STALLED_AFTER
    from regionpulse.promotion.models import Target

    start, end = period.year_to_date()
    window = [_day(start), _day(end)]
    stalled = [_day(end - STALLED_AFTER), _day(end)]
    metrics = list(Target.Metric)
    sql = PROMOTION.format(targets=",\n  ".join([TARGET] * len(metrics)))
    params: list[Any] = [region.pk, *window, *window * 6, *stalled * 2]
    for metric in metrics:
        params += [region.pk, period.year, metric.value]
    params.append(region.pk)
    engaged, signed, amount, funds, landed, started, producing, unlanded, unstarted, *targets = _rows(sql, params)[0]
    numbers: Numbers = {
        "engaged": engaged,
        "signed": signed or 0,
        "signed_amount": _decimal(amount) or ZERO,
        "funds": _decimal(funds) or ZERO,
        "landed": landed or 0,
        "started": started or 0,
        "producing": producing or 0,
        "stalled_unlanded": unlanded or 0,
        "stalled_unstarted": unstarted or 0,
    }
    for metric, value in zip(metrics, targets, strict=True):
        if value is not None:
            numbers[f"target.{metric.value}"] = _decimal(value)
    return numbers


SERVICES = """
SELECT req.*, ap.*, med.median
FROM (
  SELECT
    SUM(CASE WHEN raised_on BETWEEN %s AND %s THEN 1 ELSE 0 END) AS raised,
    SUM(CASE WHEN confirmed_on BETWEEN %s AND %s THEN 1 ELSE 0 END) AS resolved,
    SUM(CASE WHEN resolved_on <= %s AND (confirmed_on IS NULL OR confirmed_on > %s) THEN 1 ELSE 0 END) AS unconfirmed,
    SUM(CASE WHEN raised_on <= %s AND (resolved_on IS NULL OR resolved_on > %s) THEN 1 ELSE 0 END) AS still_open,
    SUM(CASE WHEN raised_on <= %s AND (resolved_on IS NULL OR resolved_on > %s) AND resolve_by < %s
             THEN 1 ELSE 0 END) AS overdue,
    SUM(CASE WHEN confirmed_on BETWEEN %s AND %s THEN rating ELSE 0 END) AS rating_sum,
    SUM(CASE WHEN confirmed_on BETWEEN %s AND %s AND rating IS NOT NULL THEN 1 ELSE 0 END) AS rated,
    {ages}
  FROM desk_request WHERE region_id = %s
) req, (
  SELECT COUNT(*) AS approvals, SUM(working_days) AS taken,
         SUM(CASE WHEN working_days <= promised_days THEN 1 ELSE 0 END) AS on_time,
         SUM(promised_days) AS promised, SUM(statutory_days) AS statutory
  FROM desk_approvalcase WHERE region_id = %s AND finished_on BETWEEN %s AND %s
) ap, (
  SELECT AVG(working_days) AS median FROM (
    SELECT working_days, ROW_NUMBER() OVER (ORDER BY working_days) AS n, COUNT(*) OVER () AS c
    FROM desk_request
    WHERE region_id = %s AND confirmed_on BETWEEN %s AND %s AND working_days IS NOT NULL
  ) ranked WHERE n IN ((c + 1) / 2, (c + 2) / 2)
) med
"""
AGE = (
    "SUM(CASE WHEN raised_on <= %s AND (resolved_on IS NULL OR resolved_on > %s) AND raised_on <= %s"
    " AND raised_on >= %s THEN 1 ELSE 0 END) AS age_{index}"
)


def services(region: Region, period: Period) -> Numbers:
    from regionpulse.desk.figures import AGE_BUCKETS

    start, end = period.year_to_date()
    window, at_end = [_day(start), _day(end)], [_day(end), _day(end)]
    ages, age_params = [], []
    for index, (low, high, _) in enumerate(AGE_BUCKETS):
        # The oldest bucket has no lower bound on the date; the day before the first request stands in.
        earliest = end - datetime.timedelta(days=high) if high is not None else datetime.date(1900, 1, 1)
        ages.append(AGE.format(index=index))
        age_params += [*at_end, _day(end - datetime.timedelta(days=low)), _day(earliest)]
    sql = SERVICES.format(ages=",\n    ".join(ages))
    params: list[Any] = [*window, *window, *at_end, *at_end, *at_end, _day(end), *window, *window, *age_params]
    params += [region.pk, region.pk, *window, region.pk, *window]
    row = _rows(sql, params)[0]
    raised, resolved, unconfirmed, still_open, overdue, rating_sum, rated, *rest = row
    ages_found, (approvals, taken, on_time, promised, statutory, median) = rest[: len(AGE_BUCKETS)], rest[-6:]
    numbers: Numbers = {
        "raised": raised or 0,
        "resolved": resolved or 0,
        "unconfirmed": unconfirmed or 0,
        "open": still_open or 0,
        "overdue": overdue or 0,
        "median_days": _decimal(median),
        "satisfaction": Decimal(rating_sum) / rated if rated else None,
        "approvals": approvals,
        "approval_average_days": Decimal(taken) / approvals if approvals else None,
        "approval_on_time": Decimal(on_time) / approvals * HUNDRED if approvals else None,
        "approval_time_cut": HUNDRED - Decimal(promised) / Decimal(statutory) * HUNDRED if statutory else None,
    }
    for (_, _, label), count in zip(AGE_BUCKETS, ages_found, strict=True):
        numbers[f"backlog.{label}"] = count or 0
    return numbers


FAMILIES = {
    "indicators": economy,
    "major_projects": major_projects,
    "investment_promotion": investment_promotion,
    "services": services,
}
