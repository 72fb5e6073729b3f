"""Stated numbers against the platform's approved figures, with both numbers shown."""

from __future__ import annotations

from decimal import Decimal

from regionpulse.claims.claim import AGREES, DISAGREES, UNKNOWN
from regionpulse.claims.database import agrees
from regionpulse.claims.review import read
from regionpulse.conftest import World, observe
from regionpulse.indicators.models import Observation


def test_a_figure_that_matches_the_approved_one_agrees(world: World) -> None:
    observe("gdp", world.district, 2022, 6, "592.4812", "6.9")
    claim = read("2022年上半年,我区地区生产总值达592.48亿元,同比增长6.9%。", world.district).claims[0]
    database = [check for check in claim.checks if check.kind == "database"]
    assert [(check.field, check.status) for check in database] == [("value", AGREES), ("yoy_pct", AGREES)]
    assert "592.48" in database[0].reason


def test_a_figure_that_differs_shows_both_numbers(world: World) -> None:
    observe("gdp", world.district, 2022, 6, "592.48", "6.9")
    claim = read("2022年上半年,我区地区生产总值达529.48亿元。", world.district).claims[0]
    check = claim.checks[0]
    assert (check.status, check.stated, check.expected) == (DISAGREES, Decimal("529.48"), Decimal("592.48"))
    assert "529.48" in check.reason and "592.48" in check.reason


def test_unapproved_and_published_figures_are_not_checked_against(world: World) -> None:
    observe("gdp", world.district, 2022, 6, "592.48", "6.9", status=Observation.Status.SUBMITTED)
    observe("gdp", world.neighbour, 2022, 6, "300", "5.0", status=Observation.Status.PUBLISHED)
    reading = read("2022年上半年,我区地区生产总值达592.48亿元。青山区地区生产总值300亿元。", world.district)
    assert [claim.status for claim in reading.claims] == [UNKNOWN, UNKNOWN]


def test_a_figure_the_platform_does_not_compute_is_unknown(world: World) -> None:
    claim = read("2022年上半年,我区粮食总产量达到80.78万吨。", world.district).claims[0]
    assert claim.status == UNKNOWN
    assert "粮食总产量" in claim.checks[0].reason


def test_without_a_period_nothing_is_checked(world: World) -> None:
    claim = read("我区地区生产总值达592.48亿元。", world.district).claims[0]
    assert (claim.status, claim.checks[0].reason) == (UNKNOWN, "文中没有写明期间，无法与平台数据核对")


def test_units_convert_and_qualifiers_widen_the_test() -> None:
    assert agrees(Decimal(130), Decimal(134), "余")
    assert not agrees(Decimal(130), Decimal(141), "余")
    assert agrees(Decimal(12), Decimal("11.6"), "近")
    assert agrees(Decimal(700), Decimal("702.76"), "超")
    assert agrees(Decimal(3), Decimal("3.1"), "约")
    assert agrees(Decimal("17"), Decimal("17.0"))
    assert agrees(Decimal("592.48"), Decimal("592.4812"))
    assert not agrees(Decimal("592.5"), Decimal("592.44"))
