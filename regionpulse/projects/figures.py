"""The major-project figures for a region and period: how many, how big, the year's plan and how much
of it is done — in total and by 专班, 包联领导, industry and stage — in one aggregate query.

The projects counted are those on the region's major-project list for the period's year with a
total investment of at least 1亿元. Each project is annotated with its plan for the year and its
approved investment from January to the period's month; the totals and each breakdown group those
annotations, and the six groupings travel to the database as one UNION ALL.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    CharField,
    Count,
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
        reports = reports.filter(project__region__path__startswith=region.path)
    latest = reports.order_by("-year", "-month").values_list("year", "month").first()
    return Period(*latest) if latest else None


def reported_periods(region: Region) -> list[Period]:
    """Every month with approved progress in ``region``, latest first (for period pickers)."""
    rows = (
        ProgressReport.objects.filter(
            status=ProgressReport.Status.APPROVED, project__region__path__startswith=region.path
        )
        .values_list("year", "month")
        .distinct()
        .order_by("-year", "-month")
    )
    return [Period(year, month) for year, month in rows]


def time_progress(period: Period) -> Decimal:
    """The share of the year elapsed at the end of the period's month (时序进度)."""
    return Decimal(period.month) / 12


def behind_schedule(period: Period) -> Q:
    """Projects (annotated by ``with_progress``) whose completion is well under the time elapsed."""
    expected = time_progress(period) - BEHIND_MARGIN
    return Q(plan_wan__gt=0, done_wan__lt=F("plan_wan") * Value(expected, output_field=MONEY))


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


def _grouped(projects: QuerySet[Project], period: Period, dimension: str, key: Any) -> QuerySet[Any]:
    return (
        projects.order_by()
        .values(dimension=Value(dimension, output_field=CharField()), key=key)
        .annotate(
            n=Count("pk"),
            total=Sum("total_investment"),
            plan=Sum("plan_wan"),
            done=Sum("done_wan"),
            behind=Count("pk", filter=behind_schedule(period)),
        )
    )


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
    projects = with_progress(listed(region, period.year), period)
    total = _grouped(projects, period, "total", Value("", output_field=CharField()))
    parts = [_grouped(projects, period, dimension, key) for dimension, key in BREAKDOWNS.items()]
    rows: list[dict[str, Any]] = list(total.union(*parts, all=True))
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
