"""The major-project figures for a region and period: how many, how big, the year's plan and how much
of it is done — in total and by 专班, 包联领导, industry and stage — in one aggregate query.

The projects counted are those on the region's major-project list for the period's year with a
total investment of at least 1亿元. Each project is annotated with its plan for the year and its
approved investment from January to the period's month; the totals and each breakdown group those
annotations. The annotated projects are a common table expression, so each project's plan and
progress are looked up once, and the five groupings over it travel to the database as one UNION ALL.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from regionpulse.core.aggregates import MONEY, in_region
from regionpulse.core.figures import Figure, Provenance, json_number, registry
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.core.units import convert
from regionpulse.projects.classifications import Industry, Stage
from regionpulse.projects.models import AnnualPlan, ProgressReport, Project

# 亿元以上: the list's threshold, in the ledger's unit (万元).
THRESHOLD_WAN = Decimal(10_000)
AMOUNT_DECIMALS = 1
PERCENT_DECIMALS = 1
# Behind schedule: completion more than 10 percentage points under the share of the year elapsed (时序进度).
BEHIND_MARGIN = Decimal("0.10")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
UNASSIGNED = "未指定"


def listed(region: Region, year: int, threshold: Decimal = THRESHOLD_WAN) -> QuerySet[Project]:
    """The region's projects on the major-project list of ``year`` with a total of at least ``threshold`` 万元."""
    return in_region(Project.objects.all(), region).filter(listings__year=year, total_investment__gte=threshold)


def approved_to_date(period: Period) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(
        status=ProgressReport.Status.APPROVED, year=period.year, month__lte=period.month
    )


def with_progress(projects: QuerySet[Project], period: Period) -> QuerySet[Project]:
    """Each project with its plan for the year (``plan_wan``) and approved investment to date (``done_wan``)."""
    # Unordered: the model's ordering would join the project and region into every lookup.
    plan = (
        AnnualPlan.objects.filter(project=OuterRef("pk"), year=period.year).order_by().values("planned_investment")[:1]
    )
    done = (
        approved_to_date(period)
        .filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("investment"))
        .values("total")
    )
    return projects.annotate(
        plan_wan=Coalesce(Subquery(plan, output_field=MONEY), Value(ZERO), output_field=MONEY),
        done_wan=Coalesce(Subquery(done, output_field=MONEY), Value(ZERO), output_field=MONEY),
    )


def latest_period(region: Region | None = None) -> Period | None:
    """The latest month with approved progress (in ``region``, when given)."""
    reports = ProgressReport.objects.filter(status=ProgressReport.Status.APPROVED)
    if region is not None:
        reports = in_region(reports, region, "project__region")
    latest = reports.order_by("-year", "-month").values_list("year", "month").first()
    return Period(*latest) if latest else None


def reported_periods(region: Region) -> list[Period]:
    """Every month with approved progress in ``region``, latest first (for period pickers)."""
    # The status is compared so that no index on it can serve the test: SQLite (which keeps no
    # statistics unless told to) would otherwise read every approved report of the database through
    # the status index, rather than the region's own through the project's (10 s against 15 ms for a
    # district of the generated province).
    approved = ProgressReport.objects.filter(status__iexact=ProgressReport.Status.APPROVED)
    rows = (
        in_region(approved, region, "project__region")
        .values_list("year", "month")
        .distinct()
        .order_by("-year", "-month")
    )
    return [Period(year, month) for year, month in rows]


def time_progress(period: Period) -> Decimal:
    """The share of the year elapsed at the end of the period's month (时序进度)."""
    return Decimal(period.month) / 12


def behind_threshold(period: Period) -> Decimal:
    """The share of the plan a project must have done by the period not to be behind schedule."""
    return time_progress(period) - BEHIND_MARGIN


def behind_schedule(period: Period) -> Q:
    """Projects (annotated by ``with_progress``) whose completion is well under the time elapsed."""
    return Q(plan_wan__gt=0, done_wan__lt=F("plan_wan") * Value(behind_threshold(period), output_field=MONEY))


@dataclass(frozen=True, slots=True)
class ProjectGroup:
    """The figures of a set of projects: all of them, or one 专班's, one leader's, one stage's."""

    name: str
    count: int
    total_investment: Figure
    annual_plan: Figure
    completed_ytd: Figure
    plan_completion: Figure
    behind_schedule: int

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "count": self.count,
            "total_investment_yi": json_number(self.total_investment.rounded),
            "annual_plan_yi": json_number(self.annual_plan.rounded),
            "completed_ytd_yi": json_number(self.completed_ytd.rounded),
            "plan_completion_pct": json_number(self.plan_completion.rounded),
            "behind_schedule": self.behind_schedule,
        }


# Each breakdown by what its groups are named by (the codes of industry and stage get their labels).
BREAKDOWNS = {
    "task_force": F("task_force__name"),
    "leader": F("leader__name"),
    "industry": F("industry"),
    "stage": F("stage"),
}
LABELS = {"industry": dict(Industry.choices), "stage": dict(Stage.choices)}


@dataclass(frozen=True, slots=True)
class ProjectFigures:
    region: Region
    period: Period
    total: ProjectGroup
    breakdowns: dict[str, list[ProjectGroup]]

    @property
    def description(self) -> str:
        return f"列入{self.region.name}{self.period.year}年重大项目清单、总投资1亿元及以上的项目"

    def as_json(self) -> dict[str, Any]:
        total = self.total.as_json()
        del total["name"]
        return {
            "filter": self.description,
            **total,
            **{f"by_{key}": [group.as_json() for group in groups] for key, groups in self.breakdowns.items()},
        }


def _per_project(region: Region, period: Period) -> QuerySet[Any]:
    """One row a listed project: its size, plan, progress and what each breakdown groups it by."""
    projects = with_progress(listed(region, period.year), period)
    return projects.order_by().values(*_PROGRESS, project_total=F("total_investment"), **_KEYS)


_PROGRESS = ("plan_wan", "done_wan")  # the annotations of ``with_progress``
_KEYS = {f"key_{dimension}": key for dimension, key in BREAKDOWNS.items()}
# The grouping of the per-project rows: the total first, then each breakdown by its key. The
# condition of ``behind`` is ``behind_schedule`` written over the rows' columns.
_GROUPING = (
    "SELECT {dimension} AS dimension, {key} AS group_key, COUNT(*) AS n, SUM(project_total) AS total,"
    " SUM(plan_wan) AS plan, SUM(done_wan) AS done,"
    " COALESCE(SUM(CASE WHEN plan_wan > 0 AND done_wan < plan_wan * %s THEN 1 ELSE 0 END), 0) AS behind"
    " FROM listed_projects"
)
_MONEY_SUM = Sum("project_total", output_field=MONEY)


def _money(value: Any) -> Any:
    """A sum of money as the ORM would give it (SQLite returns a float; PostgreSQL a Decimal)."""
    for converter in connection.ops.get_db_converters(_MONEY_SUM) + _MONEY_SUM.get_db_converters(connection):
        value = converter(value, _MONEY_SUM, connection)
    return value


def _grouped_rows(region: Region, period: Period) -> list[dict[str, Any]]:
    """The total and every breakdown's groups, in one query over the per-project rows."""
    inner = _per_project(region, period)
    sql, params = inner.query.get_compiler(using=inner.db).as_sql()
    quote = connection.ops.quote_name
    threshold = MONEY.get_db_prep_value(behind_threshold(period), connection)
    parts, values = [_GROUPING.format(dimension="'total'", key="''")], [*params, threshold]
    for dimension in BREAKDOWNS:
        key = quote(f"key_{dimension}")
        parts.append(_GROUPING.format(dimension=f"'{dimension}'", key=key) + f" GROUP BY {key}")
        values.append(threshold)
    query = f"WITH listed_projects AS ({sql}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(query, values)
        rows = cursor.fetchall()
    return [
        {
            "dimension": dimension,
            "key": key,
            "n": count,
            "total": _money(total),
            "plan": _money(plan),
            "done": _money(done),
            "behind": behind,
        }
        for dimension, key, count, total, plan, done, behind in rows
    ]


def _provenance(region: Region, period: Period, method: str, reports: bool = False) -> Provenance:
    where: dict[str, Any] = {
        "region__path__startswith": region.path,
        "listings__year": period.year,
        "total_investment__gte": str(THRESHOLD_WAN),
    }
    if reports:
        where = {
            **{f"project__{key}": value for key, value in where.items()},
            "year": period.year,
            "month__lte": period.month,
            "status": ProgressReport.Status.APPROVED.value,
        }
        return Provenance("projects.ProgressReport", where, method)
    return Provenance("projects.Project", where, method)


def _yi(wan: Decimal | None) -> Decimal:
    return convert(wan or ZERO, "万元", "亿元")


def _group(row: dict[str, Any], region: Region, period: Period) -> ProjectGroup:
    plan, done = _yi(row["plan"]), _yi(row["done"])
    key = row["key"] or ""
    name = LABELS.get(row["dimension"], {}).get(key, key) or UNASSIGNED
    return ProjectGroup(
        name=name,
        count=row["n"],
        total_investment=Figure(
            _yi(row["total"]), AMOUNT_DECIMALS, "亿元", _provenance(region, period, "项目总投资之和（万元÷10000）")
        ),
        annual_plan=Figure(plan, AMOUNT_DECIMALS, "亿元", _provenance(region, period, "各项目当年计划投资之和")),
        completed_ytd=Figure(
            done, AMOUNT_DECIMALS, "亿元", _provenance(region, period, "1月至当月已审核的月度完成投资之和", True)
        ),
        plan_completion=Figure(
            done / plan * HUNDRED if plan else None,
            PERCENT_DECIMALS,
            "%",
            _provenance(region, period, "累计完成投资 ÷ 当年计划投资（未取整值相除）", True),
        ),
        behind_schedule=row["behind"],
    )


@registry.register("major_projects")
def major_projects(region: Region, period: Period) -> ProjectFigures:
    rows = _grouped_rows(region, period)
    groups: dict[str, list[ProjectGroup]] = {dimension: [] for dimension in BREAKDOWNS}
    overall = None
    for row in rows:
        group = _group(row, region, period)
        if row["dimension"] == "total":
            overall = group
        else:
            groups[row["dimension"]].append(group)
    for members in groups.values():
        members.sort(key=lambda group: (-(group.total_investment.value or ZERO), group.name))
    assert overall is not None  # an aggregate without GROUP BY always returns its row
    return ProjectFigures(region, period, overall, groups)


@dataclass(frozen=True, slots=True)
class MonthPoint:
    month: int
    investment: Decimal  # 万元, approved
    cumulative: Decimal
    planned_to_date: Decimal  # the year's plan × time elapsed


@dataclass(frozen=True, slots=True)
class ProjectProgress:
    """One project's year: plan, approved investment month by month, and since-start total."""

    year: int
    plan: Decimal | None
    months: list[MonthPoint]
    completed_ytd: Decimal
    completed_since_start: Decimal

    @property
    def plan_completion(self) -> Decimal | None:
        return self.completed_ytd / self.plan * HUNDRED if self.plan else None


def project_progress(project: Project, period: Period) -> ProjectProgress:
    approved = ProgressReport.objects.filter(project=project, status=ProgressReport.Status.APPROVED)
    plan = AnnualPlan.objects.filter(project=project, year=period.year).values_list("planned_investment", flat=True)
    monthly = dict(
        approved.filter(year=period.year, month__lte=period.month).values_list("month", "investment").order_by("month")
    )
    since_start = approved.exclude(Q(year__gt=period.year) | Q(year=period.year, month__gt=period.month)).aggregate(
        total=Sum("investment")
    )["total"]
    annual = plan[0] if plan else None
    months, running = [], ZERO
    for month in range(1, period.month + 1):
        running += monthly.get(month, ZERO)
        expected = (annual or ZERO) * time_progress(Period(period.year, month))
        months.append(MonthPoint(month, monthly.get(month, ZERO), running, expected))
    return ProjectProgress(period.year, annual, months, running, since_start or ZERO)
