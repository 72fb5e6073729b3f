"""Derived figures of a region: share of the parent, gap to the parent's growth, rank among siblings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regionpulse.cockpit.phrases import gap_phrase, growth_phrase
from regionpulse.conftest import World, observe
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.indicators.figures import IndicatorFigures, economy
from regionpulse.indicators.models import Observation

H1 = Period(2022, 6)


def gdp_of(region: Region, period: Period = H1) -> IndicatorFigures:
    figures = economy(region, period).get("gdp")
    assert figures is not None, "the region has an approved GDP figure"
    return figures


def county(code: str, name: str, parent: Region) -> Region:
    return Region.objects.create(code=code, name=name, level=Region.Level.COUNTY, parent=parent)


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        # Rounding the value first (31.35) and then the share would publish 31.4; the share is 31.346%.
        ("31.3460", Decimal("31.3")),
        ("31.4449", Decimal("31.4")),
        ("31.4500", Decimal("31.5")),
    ],
)
def test_share_of_parent_is_computed_from_unrounded_values(world: World, own: str, expected: Decimal) -> None:
    observe("gdp", world.city, 2022, 6, "100", "6.8")
    observe("gdp", world.district, 2022, 6, own, "6.9")
    assert gdp_of(world.district).share_of_parent.rounded == expected


def test_the_parents_own_reported_figure_is_preferred_over_the_sum_of_its_children(world: World) -> None:
    observe("gdp", world.city, 2022, 6, "300", "6.8")
    observe("gdp", world.district, 2022, 6, "100", "6.9")
    observe("gdp", world.neighbour, 2022, 6, "100", "6.0")
    figures = gdp_of(world.district)
    assert figures.parent.reported
    assert figures.parent.value == Decimal("300")
    assert figures.share_of_parent.rounded == Decimal("33.3")


def test_the_sum_of_the_children_stands_in_when_the_parent_reports_none_and_all_children_do(world: World) -> None:
    observe("gdp", world.district, 2022, 6, "100", "6.9")
    observe("gdp", world.neighbour, 2022, 6, "300", "6.0")
    figures = gdp_of(world.district)
    assert not figures.parent.reported
    assert figures.parent.value == Decimal("400")
    assert figures.share_of_parent.rounded == Decimal("25.0")


def test_there_is_no_share_when_the_parent_reports_none_and_a_child_is_missing(world: World) -> None:
    observe("gdp", world.district, 2022, 6, "100", "6.9")
    figures = gdp_of(world.district)
    assert figures.parent.value is None
    assert figures.share_of_parent.value is None
    assert figures.as_json()["share_of_parent_pct"] is None


def test_there_is_no_share_of_a_figure_that_does_not_add_up(world: World) -> None:
    observe("urban_income", world.city, 2022, 6, "27000", "3.5")
    observe("urban_income", world.district, 2022, 6, "28619", "4.0")
    figures = economy(world.district, H1).get("urban_income")
    assert figures is not None
    assert figures.share_of_parent.value is None


def test_the_gap_to_the_parent_is_in_percentage_points(world: World) -> None:
    observe("gdp", world.city, 2022, 6, "1886.9", "6.8")
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    figures = gdp_of(world.district)
    assert figures.vs_parent.rounded == Decimal("0.1")
    assert figures.vs_parent.unit == "个百分点"
    assert gap_phrase(figures.vs_parent.value, "全市") == "高于全市0.1个百分点"


def test_an_equal_growth_is_worded_level_with_the_parent(world: World) -> None:
    observe("gdp", world.city, 2022, 6, "1886.9", "6.9")
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    figures = gdp_of(world.district)
    assert figures.vs_parent.value == 0
    assert figures.as_json()["vs_parent_pp"] == 0
    assert gap_phrase(figures.vs_parent.value, "全市") == "与全市持平"
    assert gap_phrase(Decimal("-0.3"), "全市") == "低于全市0.3个百分点"


def test_there_is_no_gap_without_the_parents_own_growth(world: World) -> None:
    observe("gdp", world.district, 2022, 6, "100", "6.9")
    observe("gdp", world.neighbour, 2022, 6, "300", "6.0")
    assert gdp_of(world.district).vs_parent.value is None


def test_siblings_with_equal_values_share_a_rank(world: World) -> None:
    third = county("150205", "石拐区", world.city)
    observe("gdp", world.district, 2022, 6, "100", "6.9")
    observe("gdp", world.neighbour, 2022, 6, "100", "6.0")
    observe("gdp", third, 2022, 6, "50", "5.0")
    assert gdp_of(world.district).rank == 1
    assert gdp_of(world.neighbour).rank == 1
    assert gdp_of(third).rank == 3
    assert gdp_of(third).siblings_ranked == 3


def test_rank_counts_only_the_children_of_the_same_parent(world: World) -> None:
    other_city = Region.objects.create(code="150300", name="乌海市", level=Region.Level.CITY, parent=world.province)
    elsewhere = county("150302", "海勃湾区", other_city)
    observe("gdp", world.city, 2022, 6, "1886.9", "6.8")  # the parent itself is not a sibling
    observe("gdp", elsewhere, 2022, 6, "1000", "7.0")  # nor is a district of another city
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    observe("gdp", world.neighbour, 2022, 6, "300", "6.0")
    assert gdp_of(world.district).rank == 1
    assert gdp_of(world.neighbour).rank == 2


def test_only_approved_observations_count(world: World) -> None:
    submitted = Observation.Status.SUBMITTED
    observe("gdp", world.city, 2022, 6, "1000", "1.0", status=submitted)
    observe("gdp", world.neighbour, 2022, 6, "900", "6.0", status=submitted)
    observe("budget_revenue", world.district, 2022, 6, "17.17", "8.7", status=submitted)
    observe("gdp", world.district, 2022, 6, "100", "6.9")
    figures = economy(world.district, H1)
    assert [item.indicator.code for item in figures.items] == ["gdp"]
    gdp = gdp_of(world.district)
    assert gdp.rank == 1, "the submitted sibling does not outrank the district"
    assert gdp.parent.value is None, "the submitted parent figure is no figure, and one child has none approved"
    assert gdp.vs_parent.value is None


def test_figures_of_another_period_do_not_leak_in(world: World) -> None:
    observe("gdp", world.district, 2022, 5, "90", "6.0")
    assert economy(world.district, H1).items == []


def test_as_json_writes_a_value_indicator_with_all_its_keys(world: World) -> None:
    observe("gdp", world.city, 2022, 6, "1886.9", "6.8")
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    assert gdp_of(world.district).as_json() == {
        "indicator": "地区生产总值",
        "short_name": None,
        "value": 592.48,
        "unit": "亿元",
        "yoy_pct": 6.9,
        "share_of_parent_pct": 31.4,
        "vs_parent_pp": 0.1,
        "rank_in_parent": 1,
    }


def test_as_json_gives_a_growth_only_indicator_no_unit(world: World) -> None:
    observe("fixed_asset_investment", world.district, 2022, 6, None, "31.5")
    figures = economy(world.district, H1).get("fixed_asset_investment")
    assert figures is not None
    data = figures.as_json()
    assert data["value"] is None
    assert data["unit"] is None
    assert data["yoy_pct"] == 31.5
    assert data["rank_in_parent"] is None
    assert "yoy_change_pp" not in data


def test_as_json_writes_a_change_in_points_under_its_own_key_with_the_ratios_unit(world: World) -> None:
    observe("sei_share", world.district, 2022, 6, None, "5.7")
    figures = economy(world.district, H1).get("sei_share")
    assert figures is not None
    data = figures.as_json()
    assert data["yoy_change_pp"] == 5.7
    assert "yoy_pct" not in data
    assert data["value"] is None
    assert data["unit"] == "%"


def test_a_gap_that_rounds_to_zero_is_worded_level_with_the_parent() -> None:
    # PRODUCT BUG (regionpulse/cockpit/phrases.py gap_phrase): it tests the unrounded gap against 0, so a
    # gap of 0.04 points is written "高于全市0.0个百分点". One-line fix: compare round_half_up(gap, 1) with 0.
    assert gap_phrase(Decimal("0.04"), "全市") == "与全市持平"
    assert gap_phrase(Decimal("-0.04"), "全市") == "与全市持平"


def test_a_growth_that_rounds_to_zero_is_worded_unchanged() -> None:
    # PRODUCT BUG (regionpulse/cockpit/phrases.py growth_phrase): same as gap_phrase, 0.04 is written
    # "同比增长0.0%". One-line fix: compare round_half_up(growth, decimals) with 0.
    assert growth_phrase(Decimal("6.94"), 1) == "同比增长6.9%"
    assert growth_phrase(Decimal("0.04"), 1) == "同比持平"
