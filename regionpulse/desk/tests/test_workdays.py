"""Working days over the real calendars of 2022 and 2023, as the State Council published them, and Monday to
Friday for a year not published yet (2027).

    2022 春节   31 Jan-6 Feb off; Sat 29 Jan and Sun 30 Jan worked
    2022 国庆   1-7 Oct off; Sat 8 and Sun 9 Oct worked
    2023 劳动节 29 Apr-3 May off; Sun 23 Apr and Sat 6 May worked
    2023 中秋国庆 29 Sep-6 Oct off; Sat 7 and Sun 8 Oct worked
    2023 元旦   31 Dec 2022-2 Jan 2023 off
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regionpulse.desk.workdays import add_working_days, calendar_known, is_working_day, working_days_between


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def days(first: str, last: str) -> list[datetime.date]:
    start, end = d(first), d(last)
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


@pytest.mark.parametrize(
    ("off", "worked"),
    [
        (("2022-01-31", "2022-02-06"), ("2022-01-29", "2022-01-30")),
        (("2022-10-01", "2022-10-07"), ("2022-10-08", "2022-10-09")),
        (("2023-04-29", "2023-05-03"), ("2023-04-23", "2023-05-06")),
        (("2023-09-29", "2023-10-06"), ("2023-10-07", "2023-10-08")),
    ],
    ids=["spring-festival-2022", "national-day-2022", "labour-day-2023", "mid-autumn-national-day-2023"],
)
def test_holidays_are_off_and_the_adjusted_weekend_days_are_worked(
    off: tuple[str, str], worked: tuple[str, str]
) -> None:
    assert [day for day in days(*off) if is_working_day(day)] == []
    for text in worked:
        assert d(text).weekday() >= 5, "an adjusted working day falls on a weekend"
        assert is_working_day(d(text)), text


def test_an_ordinary_week_is_monday_to_friday() -> None:
    # 14-20 March 2022: no holiday.
    assert [is_working_day(day) for day in days("2022-03-14", "2022-03-20")] == [True] * 5 + [False] * 2


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # 国庆 2022: 29 and 30 Sep, Sat 8 and Sun 9 Oct, 10-14 Oct, 17-21 Oct, Mon 24 Oct.
        ("2022-09-28", 1, "2022-09-29"),
        ("2022-09-28", 3, "2022-10-08"),
        ("2022-09-28", 4, "2022-10-09"),
        ("2022-09-28", 15, "2022-10-24"),
        ("2022-09-28", 30, "2022-11-14"),
        ("2022-09-30", 1, "2022-10-08"),
        # 春节 2022: the working Saturday 29 Jan is the first; the next after Sun 30 Jan is Mon 7 Feb.
        ("2022-01-28", 1, "2022-01-29"),
        ("2022-01-28", 2, "2022-01-30"),
        ("2022-01-28", 3, "2022-02-07"),
        # 劳动节 2023: Sun 23 Apr is worked; after 28 Apr come 4 May, 5 May and Sat 6 May.
        ("2023-04-21", 1, "2023-04-23"),
        ("2023-04-28", 1, "2023-05-04"),
        ("2023-04-28", 3, "2023-05-06"),
        ("2023-04-28", 4, "2023-05-08"),
        # 中秋国庆 2023: 28 Sep, then Sat 7 and Sun 8 Oct, then Mon 9 Oct.
        ("2023-09-27", 1, "2023-09-28"),
        ("2023-09-27", 2, "2023-10-07"),
        ("2023-09-27", 3, "2023-10-08"),
        ("2023-09-27", 4, "2023-10-09"),
        # 元旦 2023 across the year's end.
        ("2022-12-30", 1, "2023-01-03"),
        # Day 0 is the day itself, even on a holiday.
        ("2022-10-03", 0, "2022-10-03"),
        # From a holiday the first working day is the adjusted Saturday.
        ("2022-10-03", 1, "2022-10-08"),
    ],
)
def test_add_working_days_crosses_the_holidays(start: str, count: int, expected: str) -> None:
    assert add_working_days(d(start), count) == d(expected)


def test_a_working_saturday_counts_and_a_holiday_monday_does_not() -> None:
    # Fri 30 Sep to Sat 8 Oct 2022: only Saturday the 8th counts; the holiday Monday 3 Oct does not.
    assert working_days_between(d("2022-09-30"), d("2022-10-08")) == 1
    assert working_days_between(d("2022-09-30"), d("2022-10-07")) == 0
    # Sun 23 Apr 2023 is worked: Fri 21 to Mon 24 April is two working days, not one.
    assert working_days_between(d("2023-04-21"), d("2023-04-24")) == 2


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2022-09-28", "2022-09-28", 0),
        ("2022-10-03", "2022-10-03", 0),
        ("2022-09-28", "2022-10-10", 5),  # 29, 30 Sep, 8, 9, 10 Oct
        ("2022-09-28", "2022-10-24", 15),
        ("2022-01-28", "2022-02-07", 3),
        ("2023-09-27", "2023-10-09", 4),
        ("2022-10-10", "2022-09-28", 0),  # an end before the start is no time at all
    ],
)
def test_working_days_between(start: str, end: str, expected: int) -> None:
    assert working_days_between(d(start), d(end)) == expected


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=datetime.date(2022, 1, 1), max_value=datetime.date(2023, 12, 1)),
    count=st.integers(min_value=0, max_value=40),
)
def test_working_days_between_undoes_add_working_days(start: datetime.date, count: int) -> None:
    end = add_working_days(start, count)
    assert working_days_between(start, end) == count
    if count:
        assert is_working_day(end)
        # The day before the deadline is one working day short.
        assert working_days_between(start, end - datetime.timedelta(days=1)) == count - 1


def test_a_year_not_yet_published_falls_back_to_monday_to_friday() -> None:
    assert calendar_known(d("2022-10-01"))
    assert calendar_known(d("2023-10-01"))
    assert not calendar_known(d("2027-01-01"))
    assert not calendar_known(d("2027-10-01"))
    # 1 January 2027 is a Friday: without a calendar it counts as worked; 2-3 January are a weekend.
    assert [is_working_day(day) for day in days("2027-01-01", "2027-01-07")] == [True, False, False] + [True] * 4
    # 1 October 2027 is a Friday too: National Day is unknown, so only the weekend is off.
    assert is_working_day(d("2027-10-01"))
    assert not is_working_day(d("2027-10-02"))
    assert add_working_days(d("2027-01-01"), 1) == d("2027-01-04")
    assert add_working_days(d("2027-01-01"), 5) == d("2027-01-08")
    assert add_working_days(d("2027-01-01"), 15) == d("2027-01-22")
    assert working_days_between(d("2027-01-01"), d("2027-01-22")) == 15


def test_a_deadline_counted_from_the_last_known_year_into_the_unknown_one() -> None:
    # Thu 31 Dec 2026 is in the published calendar; the next day is provisional (a Friday, counted as worked).
    assert calendar_known(d("2026-12-31"))
    assert add_working_days(d("2026-12-31"), 1) == d("2027-01-01")
    assert not calendar_known(add_working_days(d("2026-12-31"), 1))
