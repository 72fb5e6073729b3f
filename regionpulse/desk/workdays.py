"""Working days by the Chinese calendar: public holidays off, adjusted working Saturdays and Sundays on.

The State Council publishes each year's holidays in the December before; the ``chinese-calendar``
package carries them. For a year it does not know yet, Monday to Friday are taken as working
days, and ``calendar_known`` says so, so that a page can mark a deadline as provisional.
"""

from __future__ import annotations

import datetime

import chinese_calendar  # type: ignore[import-untyped]

ONE_DAY = datetime.timedelta(days=1)


def calendar_known(day: datetime.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day: datetime.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``start`` (the day something was received is day 0)."""
    day = start
    counted = 0
    while counted < days:
        day += ONE_DAY
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``: 0 when done the day it came in."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return count
