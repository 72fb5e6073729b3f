"""Working days of the generated years, looked up instead of counted.

``desk.workdays`` walks the calendar a day at a time, which is right for one request and far too
slow for half a million; this table gives the same answers (a test holds them to it) by bisection.
"""

from __future__ import annotations

import bisect
import datetime
import random

from regionpulse.desk.workdays import is_working_day

ONE_DAY = datetime.timedelta(days=1)


class WorkCalendar:
    """The working days from ``first`` to ``last`` (plus a margin for deadlines past the end)."""

    def __init__(self, first: datetime.date, last: datetime.date, margin_days: int = 400) -> None:
        self.first = first
        end = last + datetime.timedelta(days=margin_days)
        days, day = [], first - datetime.timedelta(days=margin_days)
        while day <= end:
            if is_working_day(day):
                days.append(day)
            day += ONE_DAY
        self.days = days
        self.ordinals = [day.toordinal() for day in days]
        self._months: dict[tuple[int, int], list[datetime.date]] = {}
        for day in days:
            self._months.setdefault((day.year, day.month), []).append(day)

    def _rank(self, day: datetime.date) -> int:
        """How many working days of the table fall on or before ``day``."""
        return bisect.bisect_right(self.ordinals, day.toordinal())

    def add(self, start: datetime.date, days: int) -> datetime.date:
        """As ``desk.workdays.add_working_days``: the ``days``-th working day after ``start``."""
        if days <= 0:
            return start
        index = self._rank(start) + days - 1
        if index >= len(self.days):
            # Past the table: some day after its end, which is all a caller comparing with the end asks.
            return self.days[-1] + (index - len(self.days) + 1) * ONE_DAY
        return self.days[index]

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """As ``desk.workdays.working_days_between``: working days after ``start`` up to ``end``."""
        if end <= start:
            return 0
        return self._rank(end) - self._rank(start)

    def in_month(self, rng: random.Random, year: int, month: int) -> datetime.date:
        return rng.choice(self._months[(year, month)])
