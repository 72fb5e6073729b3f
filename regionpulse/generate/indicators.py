"""Generated indicator observations: every indicator of the catalogue, for every region of the
province (districts, cities and the province itself) and every month of the generated years.

Values are cumulative from January with the seasons of a northern economy (a slow first quarter,
a strong fourth); growth is published, not derived, and wanders around the year's rate early in
the year. A city reports its own figures, which differ a little from the sum of its districts (as
published figures do); a ratio (income per head) is an average, not a sum. Indicators published as
growth only carry no value. The last month is still partly under review.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from regionpulse.core.models import Region
from regionpulse.generate.bulk import BulkWriter, moment, row_fields
from regionpulse.indicators.models import Indicator, Observation

SOURCE = "合成数据（示例）"
# Each month's share of the year's flow, for cumulative totals.
MONTH_FLOW = (6.0, 6.0, 8.0, 8.0, 8.5, 9.0, 8.5, 8.5, 9.0, 9.0, 9.5, 10.0)
UNDER_REVIEW = 0.15  # of the last month's district figures, not yet approved


@dataclass(frozen=True, slots=True)
class _Model:
    """How an indicator behaves: its level (a function of the district's GDP) and its growth."""

    level: str  # "gdp", "share_of_gdp", "income" or "" (growth only)
    low: float  # for "share_of_gdp": the share's range; for "income": mean and spread
    high: float
    growth: float  # mean growth a year (percent, or points)
    spread: float


MODELS = {
    "gdp": _Model("gdp", 0, 0, 5.0, 2.0),
    "fixed_asset_investment": _Model("", 0, 0, 6.0, 8.0),
    "industrial_value_added": _Model("", 0, 0, 6.5, 5.0),
    "retail_sales": _Model("share_of_gdp", 0.25, 0.45, 4.0, 4.0),
    "urban_income": _Model("income", 46_000, 5_000, 5.0, 1.0),
    "budget_revenue": _Model("share_of_gdp", 0.05, 0.10, 5.0, 6.0),
    "sei_share": _Model("", 0, 0, 1.0, 1.5),
}
DEFAULT = _Model("", 0, 0, 5.0, 3.0)
GDP_MEDIAN = 300.0  # 亿元 a year
GDP_SIGMA = 0.6
INFLATION = 0.02

Series = dict[tuple[int, int], tuple[float | None, float]]  # (year, month) → (value, growth)


def _cumulative_shares() -> list[float]:
    total, running, shares = sum(MONTH_FLOW), 0.0, []
    for flow in MONTH_FLOW:
        running += flow
        shares.append(running / total)
    return shares


CUMULATIVE = _cumulative_shares()


def _district_series(rng: random.Random, indicator: Indicator, gdp: float, years: tuple[int, ...]) -> Series:
    model = MODELS.get(indicator.code, DEFAULT)
    if model.level == "gdp":
        level: float | None = gdp
    elif model.level == "share_of_gdp":
        level = gdp * rng.uniform(model.low, model.high)
    elif model.level == "income":
        level = rng.gauss(model.low, model.high)
    else:
        level = None
    if indicator.publication == Indicator.Publication.GROWTH_ONLY:
        level = None
    series: Series = {}
    for year in years:
        annual = rng.gauss(model.growth, model.spread)
        wander = rng.gauss(0, model.spread / 2)
        for month in range(1, 13):
            # Early in the year the cumulative rate strays from the year's; by December it has settled.
            growth = annual + wander * (13 - month) / 12 + rng.gauss(0, model.spread / 20)
            value = None
            if level is not None:
                share = CUMULATIVE[month - 1] if indicator.kind == Indicator.Kind.CUMULATIVE else 1.0
                if model.level == "income":
                    share = month / 12
                value = level * share * (1 + rng.gauss(0, 0.003))
            series[(year, month)] = (value, growth)
        if level is not None:
            level *= 1 + annual / 100 + INFLATION
    return series


def _parent_series(rng: random.Random, indicator: Indicator, children: list[Series]) -> Series:
    """A parent's own figures: near the sum (or, for a ratio, the average) of its children."""
    series: Series = {}
    for key in children[0]:
        values = [child[key][0] for child in children]
        growths = [child[key][1] for child in children]
        weights = [value or 1.0 for value in values]
        growth = sum(g * w for g, w in zip(growths, weights, strict=True)) / sum(weights) + rng.gauss(0, 0.3)
        value = None
        if all(item is not None for item in values):
            known = [item for item in values if item is not None]
            if not indicator.additive:
                value = sum(known) / len(known) * (1 + rng.gauss(0, 0.01))
            elif len(children) == 1:
                # A city whose other districts are not generated: the one here is a quarter to two fifths.
                value = known[0] / rng.uniform(0.25, 0.4)
            else:
                value = sum(known) * (1 + rng.gauss(0.005, 0.01))
        series[key] = (value, growth)
    return series


def _decimal(value: float | None, places: int) -> Decimal | None:
    if value is None or math.isnan(value):
        return None
    return Decimal(repr(round(value, places))).quantize(Decimal(1).scaleb(-places))


def write_observations(
    cursor: Any, writer: BulkWriter, regions: list[Region], years: tuple[int, ...], rng: random.Random
) -> None:
    """Every indicator for every region of a generated province (its regions, province first)."""
    indicators = list(Indicator.objects.order_by("sort_order", "code"))
    by_parent: dict[int | None, list[Region]] = {}
    for region in regions:
        by_parent.setdefault(region.parent_id, []).append(region)
    series: dict[tuple[int, int], Series] = {}

    def build(region: Region) -> None:
        children = by_parent.get(region.pk, [])
        for child in children:
            build(child)
        gdp = GDP_MEDIAN * math.exp(rng.gauss(0, GDP_SIGMA))
        for indicator in indicators:
            if children:
                series[(region.pk, indicator.pk)] = _parent_series(
                    rng, indicator, [series[(child.pk, indicator.pk)] for child in children]
                )
            else:
                series[(region.pk, indicator.pk)] = _district_series(rng, indicator, gdp, years)

    known = {region.pk for region in regions}
    for region in [region for region in regions if region.parent_id not in known]:
        build(region)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    reviewed = {
        (year, month): moment(datetime.date(year + month // 12, month % 12 + 1, 15))
        for year in years
        for month in range(1, 13)
    }
    last = (years[-1], 12)
    rows = []
    levels = {region.pk: region.level for region in regions}
    catalogue = {indicator.pk: indicator for indicator in indicators}
    for (region_id, indicator_id), points in series.items():
        indicator = catalogue[indicator_id]
        for (year, month), (value, growth) in points.items():
            pending = (year, month) == last and levels[region_id] == Region.Level.COUNTY and rng.random() < UNDER_REVIEW
            status = Observation.Status.SUBMITTED if pending else Observation.Status.APPROVED
            rows.append(
                (
                    indicator_id,
                    region_id,
                    year,
                    month,
                    _decimal(value, indicator.decimals),
                    _decimal(growth, indicator.growth_decimals),
                    SOURCE,
                    str(status),
                    None if pending else reviewed[(year, month)],
                    now,
                )
            )
    # Generated figures were reviewed by no user, and start at the first version.
    fields = row_fields(Observation, leave=("version", "reviewed_by"))
    writer.rows(cursor, "observations", Observation, fields, rows)


def rows_for(regions: int, years: int) -> int:
    return regions * years * 12 * Indicator.objects.count()
