"""Reporting periods: every way a Chinese bulletin writes "January to month M of year Y"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regionpulse.core.periods import MAX_YEAR, MIN_YEAR, Period, PeriodError

periods = st.builds(Period, st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-06", Period(2022, 6)),
        ("2022年上半年", Period(2022, 6)),
        ("2022年1-6月", Period(2022, 6)),
        ("2022年1-5月", Period(2022, 5)),
        ("2022年全年", Period(2022, 12)),
        ("2022年前三季度", Period(2022, 9)),
        ("2022年一季度", Period(2022, 3)),
        (" 2022 年 1-6 月 ", Period(2022, 6)),
    ],
)
def test_it_reads_forms_that_carry_their_year(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "month"),
    [("1-6月", 6), ("截至6月底", 6), ("一季度", 3), ("前三季度", 9), ("全年", 12), ("上半年", 6), ("1-5月", 5)],
)
def test_it_reads_forms_without_a_year_using_the_default_year(text: str, month: int) -> None:
    assert Period.parse(text, default_year=2022) == Period(2022, month)


def test_a_year_in_the_text_wins_over_the_default_year() -> None:
    assert Period.parse("2021年上半年", default_year=2022) == Period(2021, 6)


@pytest.mark.parametrize("text", ["2022年下半年", "13月", "abc", "2022年1-13月", "2022年第五季度"])
def test_it_refuses_text_that_names_no_period_with_a_chinese_message_quoting_it(text: str) -> None:
    with pytest.raises(PeriodError) as error:
        Period.parse(text, default_year=2022)
    message = str(error.value)
    assert f"“{text}”" in message
    assert "无法识别期间" in message


def test_it_refuses_a_month_beyond_twelve_in_the_iso_form() -> None:
    with pytest.raises(PeriodError, match="月份13超出范围"):
        Period.parse("2022-13")


def test_it_refuses_empty_text_saying_the_period_is_empty() -> None:
    with pytest.raises(PeriodError, match="期间不能为空"):
        Period.parse("")
    with pytest.raises(PeriodError, match="期间不能为空"):
        Period.parse("   ")


def test_it_refuses_a_period_without_a_year_when_no_default_year_is_given() -> None:
    with pytest.raises(PeriodError) as error:
        Period.parse("1-6月")
    assert "没有写年份" in str(error.value)
    assert "1-6月" in str(error.value)


def test_it_refuses_years_outside_the_supported_range() -> None:
    with pytest.raises(PeriodError, match="年份"):
        Period(1948, 6)
    with pytest.raises(PeriodError, match="月份"):
        Period(2022, 0)


def test_it_writes_each_period_as_a_bulletin_does() -> None:
    assert Period(2022, 6).iso == "2022-06"
    assert Period(2022, 6).label == "2022年上半年"
    assert Period(2022, 5).label == "2022年1-5月"
    assert Period(2022, 1).label == "2022年1月"
    assert Period(2022, 3).span == "一季度"
    assert Period(2022, 9).span == "前三季度"
    assert Period(2022, 12).span == "全年"
    assert Period(2022, 6).as_of == "截至6月底"
    assert str(Period(2022, 6)) == "2022-06"


def test_it_steps_across_years() -> None:
    assert Period(2022, 6).previous_year() == Period(2021, 6)
    assert Period(2022, 1).shift(-1) == Period(2021, 12)
    assert Period(2022, 12).shift(1) == Period(2023, 1)


@given(periods)
def test_the_iso_form_reads_back_as_the_same_period(period: Period) -> None:
    assert Period.parse(period.iso) == period


@given(periods)
def test_the_label_reads_back_as_the_same_period(period: Period) -> None:
    assert Period.parse(period.label) == period


@given(periods)
def test_the_as_of_form_reads_back_with_its_year(period: Period) -> None:
    assert Period.parse(period.as_of, default_year=period.year) == period


@given(periods)
def test_the_span_reads_back_with_its_year(period: Period) -> None:
    assert Period.parse(period.span, default_year=period.year) == period
