"""Indicator observations for 包头市 and its districts, 2021–2022, loaded through the importer."""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from regionpulse.core import workflow
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.demo import ILLUSTRATIVE_SOURCE, PUBLISHED_SOURCE
from regionpulse.demo.regions import CITY, HOME
from regionpulse.indicators.catalogue import install
from regionpulse.indicators.importers import COLUMNS, ObservationImporter
from regionpulse.indicators.models import Indicator, Observation
from regionpulse.indicators.review import APPROVE

REFERENCE_PERIOD = Period(2022, 6)
# 昆都仑区's figures as published for 2022年上半年: (value, growth); None where only growth was published.
PUBLISHED = {
    "gdp": (Decimal("592.48"), Decimal("6.9")),
    "fixed_asset_investment": (None, Decimal("31.5")),
    "industrial_value_added": (None, Decimal("17.0")),
    "urban_income": (Decimal("28619"), Decimal("4.0")),
    "budget_revenue": (Decimal("17.17"), Decimal("8.7")),
    "sei_share": (None, Decimal("5.7")),
}
# 包头市's own H1 figures, illustrative, set so that share (31.4%) and gap (+0.1) follow.
CITY_H1 = {
    "gdp": (Decimal("1886.95"), Decimal("6.8")),
    "fixed_asset_investment": (None, Decimal("24.6")),
    "industrial_value_added": (None, Decimal("11.2")),
    "urban_income": (Decimal("27366"), Decimal("4.3")),
    "sei_share": (None, Decimal("3.9")),
}

# Annual level of each region in 2022 (亿元; 元 for income), illustrative but ordered as in life.
GDP_2022 = {
    "150200": 3780,
    "150202": 520,
    "150203": 1235,
    "150204": 905,
    "150205": 88,
    "150206": 61,
    "150207": 712,
    "150221": 386,
    "150222": 158,
    "150223": 221,
}
INCOME_2022 = {
    "150200": 54100,
    "150202": 53200,
    "150203": 56650,
    "150204": 55400,
    "150205": 47100,
    "150206": 48800,
    "150207": 51900,
    "150221": 44600,
    "150222": 40200,
    "150223": 42700,
}
QUARTERLY = {"gdp", "urban_income", "sei_share"}
FROM_FEBRUARY = {"fixed_asset_investment", "industrial_value_added", "retail_sales"}  # 1-2月 published together


def _months(code: str) -> list[int]:
    if code in QUARTERLY:
        return [3, 6, 9, 12]
    return list(range(2, 13)) if code in FROM_FEBRUARY else list(range(1, 13))


def _share_of_year(month: int) -> Decimal:
    # Output builds up a little slower in the first months of the year.
    return (Decimal(month) / 12) ** Decimal("1.06")


def _illustrative(rng: random.Random, region: str, code: str, period: Period) -> tuple[Decimal | None, Decimal]:
    growth = Decimal(str(round(rng.uniform(-2.0, 12.0), 1)))
    year_factor = Decimal(1) if period.year == 2022 else Decimal(1) / (1 + growth / 100)
    base: Decimal | None
    if code == "gdp":
        base = Decimal(GDP_2022[region]) * _share_of_year(period.month)
    elif code == "urban_income":
        base = Decimal(INCOME_2022[region]) * Decimal(period.month) / 12
    elif code == "retail_sales":
        base = Decimal(GDP_2022[region]) * Decimal("0.31") * _share_of_year(period.month)
    elif code == "budget_revenue":
        base = Decimal(GDP_2022[region]) * Decimal("0.056") * _share_of_year(period.month)
    else:
        base = None
    if code == "sei_share":
        growth = Decimal(str(round(rng.uniform(-1.5, 6.0), 1)))
    if base is None:
        return None, growth
    noise = Decimal(str(rng.uniform(0.99, 1.01)))
    decimals = Decimal(1) if code == "urban_income" else Decimal("0.01")
    return (base * year_factor * noise).quantize(decimals), growth


def rows(regions: dict[str, Region]) -> Iterator[list[Any]]:
    yield [column.header for column in COLUMNS]
    codes = [
        "gdp",
        "fixed_asset_investment",
        "industrial_value_added",
        "retail_sales",
        "urban_income",
        "budget_revenue",
        "sei_share",
    ]
    for region in sorted(code for code in regions if code in GDP_2022):
        rng = random.Random(f"regionpulse-demo-{region}")
        for code in codes:
            for year in (2021, 2022):
                for month in _months(code):
                    period = Period(year, month)
                    value, growth = _illustrative(rng, region, code, period)
                    source = ILLUSTRATIVE_SOURCE
                    if period == REFERENCE_PERIOD and region == HOME:
                        if code not in PUBLISHED:
                            continue  # the H1 release published no such figure for the district
                        (value, growth), source = PUBLISHED[code], PUBLISHED_SOURCE
                    elif period == REFERENCE_PERIOD and region == CITY[0] and code in CITY_H1:
                        value, growth = CITY_H1[code]
                    yield [region, code, period.iso, value, growth, source]


def load(regions: dict[str, Region]) -> int:
    home = regions[HOME]
    if Observation.objects.filter(region=home).exists():
        return 0  # loaded before; its periods are locked now
    install(Indicator)  # the catalogue is migrated data, but a flushed test database has lost it
    result = ObservationImporter(user=None).run(rows(regions))
    # Only what this load imported: a deployment's own submissions keep waiting for their reviewer.
    pending = list(
        Observation.objects.filter(status=Observation.Status.SUBMITTED, region__in=regions.values()).select_related(
            "region"
        )
    )
    workflow.apply(pending, APPROVE, None)
    return result.rows
