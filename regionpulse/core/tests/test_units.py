"""Amounts: 四舍五入 rounding, exact conversion between 元, 万元 and 亿元, and how they are written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regionpulse.core.units import convert, format_amount, format_number, round_half_up


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        ("2.25", 1, "2.3"),
        ("2.35", 1, "2.4"),
        ("2.45", 1, "2.5"),
        ("-2.25", 1, "-2.3"),
        ("-2.24", 1, "-2.2"),
        ("31.35", 1, "31.4"),
        ("31.349999", 1, "31.3"),
        ("592.485", 2, "592.49"),
        ("28618.5", 0, "28619"),
        ("0.05", 1, "0.1"),
    ],
)
def test_it_rounds_half_away_from_zero_as_statistics_publish(value: str, decimals: int, expected: str) -> None:
    rounded = round_half_up(Decimal(value), decimals)
    assert rounded == Decimal(expected)
    assert str(rounded) == expected


def test_it_keeps_the_requested_number_of_decimals() -> None:
    assert str(round_half_up(Decimal("17"), 2)) == "17.00"
    assert str(round_half_up(Decimal("6.9"), 1)) == "6.9"


def test_it_converts_wan_yuan_to_yi_yuan_exactly() -> None:
    assert convert(Decimal("5924800"), "万元", "亿元") == Decimal("592.48")
    assert convert(Decimal("171700.01"), "万元", "亿元") == Decimal("17.1700010")
    assert convert(Decimal("1"), "万元", "亿元") == Decimal("0.0001")


def test_it_converts_the_other_way_and_to_yuan() -> None:
    assert convert(Decimal("1082.3"), "亿元", "万元") == Decimal("10823000")
    assert convert(Decimal("1.5"), "万元", "元") == Decimal("15000")
    assert convert(Decimal("28619"), "元", "元") == Decimal("28619")


def test_a_round_trip_through_units_loses_nothing() -> None:
    amount = Decimal("1538.248")
    assert convert(convert(amount, "亿元", "万元"), "万元", "亿元") == amount


def test_it_refuses_to_convert_between_unrelated_units() -> None:
    with pytest.raises(ValueError, match="不能把万吨换算为亿元"):
        convert(Decimal(1), "万吨", "亿元")


def test_it_writes_an_amount_rounded_to_its_decimals_followed_by_its_unit() -> None:
    assert format_amount(Decimal("592.4800"), "亿元", 2) == "592.48亿元"
    assert format_amount(Decimal("28619.0000"), "元", 0) == "28619元"
    assert format_amount(Decimal("31.35"), "%", 1) == "31.4%"
    assert format_amount(Decimal("17"), "亿元", 2) == "17.00亿元"


def test_it_never_writes_an_exponent() -> None:
    assert format_number(Decimal("1E+3"), 0) == "1000"
    assert format_number(Decimal("0.00001"), 2) == "0.00"
