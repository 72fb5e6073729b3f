"""The economy's figures for a region and period: value and growth as reported, and what derives
from them — share of the parent, gap to the parent's growth, rank among the parent's children.

All of a period's indicators come from one query: each approved observation of the region,
annotated with subqueries for the parent's own figure, the sum and count of its siblings, and
how many siblings stand above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from regionpulse.core.figures import Figure, Provenance, json_number, registry
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.indicators.models import Indicator, Observation

SHARE_DECIMALS = 1
GAP_DECIMALS = 1
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class ParentTotal:
    value: Decimal | None
    reported: bool  # the parent's own figure, rather than the sum of its children
    children_reporting: int
    children_total: int


@dataclass(frozen=True, slots=True)
class IndicatorFigures:
    indicator: Indicator
    region: Region
    period: Period
    value: Figure
    growth: Figure
    share_of_parent: Figure
    vs_parent: Figure
    rank: int | None
    siblings_ranked: int
    parent: ParentTotal
    parent_growth: Decimal | None
    source: str

    @property
    def growth_key(self) -> str:
        return "yoy_change_pp" if self.indicator.growth_unit == Indicator.GrowthUnit.POINTS else "yoy_pct"

    def as_json(self) -> dict[str, Any]:
        # A unit belongs to a value; a change in points of a ratio is also in the ratio's unit.
        has_unit = self.value.present or self.indicator.growth_unit == Indicator.GrowthUnit.POINTS
        return {
            "indicator": self.indicator.name,
            "short_name": self.indicator.short_name or None,
            "value": json_number(self.value.rounded),
            "unit": self.indicator.unit if has_unit else None,
            self.growth_key: json_number(self.growth.rounded),
            "share_of_parent_pct": json_number(self.share_of_parent.rounded),
            "vs_parent_pp": json_number(self.vs_parent.rounded),
            "rank_in_parent": self.rank,
        }


@dataclass(frozen=True, slots=True)
class EconomyFigures:
    region: Region
    period: Period
    items: list[IndicatorFigures]

    def as_json(self) -> list[dict[str, Any]]:
        return [item.as_json() for item in self.items]

    def get(self, indicator_code: str) -> IndicatorFigures | None:
        return next((item for item in self.items if item.indicator.code == indicator_code), None)


def approved(period: Period) -> QuerySet[Observation]:
    return Observation.objects.filter(status=Observation.Status.APPROVED, year=period.year, month=period.month)


def _annotated(region: Region, period: Period) -> QuerySet[Observation]:
    same_period = approved(period).filter(indicator=OuterRef("indicator")).order_by()
    parent_own = same_period.filter(region=region.parent)
    siblings = same_period.filter(region__parent_id=region.parent_id, value__isnull=False)
    decimal = DecimalField(max_digits=24, decimal_places=4)

    def aggregate(queryset: QuerySet[Observation], expression: Any, output: Any) -> Subquery:
        return Subquery(
            queryset.values("indicator").annotate(result=expression).values("result")[:1], output_field=output
        )

    return (
        approved(period)
        .filter(region=region)
        .select_related("indicator")
        .annotate(
            parent_value=Subquery(parent_own.values("value")[:1], output_field=decimal),
            parent_growth=Subquery(parent_own.values("growth")[:1], output_field=decimal),
            children_sum=aggregate(siblings, Sum("value"), decimal),
            children_reporting=Coalesce(aggregate(siblings, Count("pk"), IntegerField()), Value(0)),
            siblings_above=Coalesce(
                aggregate(siblings.filter(value__gt=OuterRef("value")), Count("pk"), IntegerField()),
                Value(0),
            ),
        )
        .order_by("indicator__sort_order", "indicator__code")
    )


def _parent_total(row: Any, children_total: int) -> ParentTotal:
    if row.parent_value is not None:
        return ParentTotal(row.parent_value, True, row.children_reporting, children_total)
    # A sum over some of the children would understate the parent; only a complete one stands in.
    complete = children_total > 0 and row.children_reporting == children_total
    return ParentTotal(row.children_sum if complete else None, False, row.children_reporting, children_total)


def _provenance(
    region: Region, period: Period, indicator: Indicator, method: str, among_siblings: bool = False
) -> Provenance:
    where: dict[str, Any] = {"indicator": indicator.code, "year": period.year, "month": period.month}
    if among_siblings and region.parent:
        where["region__parent"] = region.parent.code
    else:
        where["region"] = region.code
    return Provenance("indicators.Observation", {**where, "status": "approved"}, method)


def _figures_for(row: Any, region: Region, period: Period, children_total: int) -> IndicatorFigures:
    indicator: Indicator = row.indicator
    parent = _parent_total(row, children_total)
    value, growth = row.value, row.growth
    share = None
    if indicator.additive and value is not None and parent.value:
        share = value / parent.value * HUNDRED
    gap = growth - row.parent_growth if growth is not None and row.parent_growth is not None else None
    parent_method = "上级地区自身报送的数值" if parent.reported else f"下辖{parent.children_total}个地区数值之和"
    own = _provenance(region, period, indicator, "本地区已审核的报送值")
    return IndicatorFigures(
        indicator=indicator,
        region=region,
        period=period,
        value=Figure(value, indicator.decimals, indicator.unit, own),
        growth=Figure(growth, indicator.growth_decimals, "%", own),
        share_of_parent=Figure(
            share, SHARE_DECIMALS, "%", _provenance(region, period, indicator, f"本地区数值 ÷ {parent_method}", True)
        ),
        vs_parent=Figure(
            gap, GAP_DECIMALS, "个百分点", _provenance(region, period, indicator, "本地区增速 − 上级增速", True)
        ),
        rank=row.siblings_above + 1 if value is not None and region.parent_id else None,
        siblings_ranked=row.children_reporting,
        parent=parent,
        parent_growth=row.parent_growth,
        source=row.source,
    )


@registry.register("indicators")
def economy(region: Region, period: Period) -> EconomyFigures:
    children_total = Region.objects.filter(parent_id=region.parent_id).count() if region.parent_id else 0
    rows = _annotated(region, period)
    return EconomyFigures(region, period, [_figures_for(row, region, period, children_total) for row in rows])


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    label: str
    value: Figure
    growth: Figure
    source: str


def trend(region: Region, indicator: Indicator, period: Period, years: int = 2) -> list[SeriesPoint]:
    """The region's approved figures for the indicator, period by period, up to ``period``."""
    rows = (
        Observation.objects.filter(
            status=Observation.Status.APPROVED, region=region, indicator=indicator, year__gt=period.year - years
        )
        .exclude(year=period.year, month__gt=period.month)
        .order_by("year", "month")
        .values_list("year", "month", "value", "growth", "source")
    )
    return [
        SeriesPoint(
            Period(year, month).label,
            Figure(value, indicator.decimals, indicator.unit),
            Figure(growth, indicator.growth_decimals, "%"),
            source,
        )
        for year, month, value, growth, source in rows
    ]


@dataclass(frozen=True, slots=True)
class SiblingPoint:
    region: Region
    value: Figure
    growth: Figure
    source: str


def among_siblings(region: Region, indicator: Indicator, period: Period) -> list[SiblingPoint]:
    """Every child of the region's parent with its approved value and growth, largest value first."""
    if region.parent_id is None:
        return []
    rows = (
        approved(period)
        .filter(indicator=indicator, region__parent_id=region.parent_id)
        .select_related("region")
        .order_by(F("value").desc(nulls_last=True), "region__code")
    )
    return [
        SiblingPoint(
            row.region,
            Figure(row.value, indicator.decimals, indicator.unit),
            Figure(row.growth, indicator.growth_decimals, "%"),
            row.source,
        )
        for row in rows
    ]
