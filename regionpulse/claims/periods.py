"""Period phrases in running text: 2022年上半年, 截至6月底, 1-9月, 前三季度, 全年, 元至九月.

Chinese statistics are cumulative from January, so each phrase names a closing month; a phrase
without a year takes the year last written before it (or the date the article was published).
A figure's period is the last phrase before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from regionpulse.claims.numbers import chinese_integer

_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DASH = r"\s*(?:-|—|–|~|至|到)\s*"
_NAMED = {
    "上半年": 6,
    "下半年": 12,
    "一季度": 3,
    "第一季度": 3,
    "首季度": 3,
    "1季度": 3,
    "一至三季度": 9,
    "二季度": 6,
    "第二季度": 6,
    "三季度": 9,
    "第三季度": 9,
    "前三季度": 9,
    "1-3季度": 9,
    "四季度": 12,
    "第四季度": 12,
    "全年": 12,
    "年末": 12,
    "年底": 12,
    "年度": 12,
}
_NAMED_RE = "|".join(sorted(map(re.escape, _NAMED), key=len, reverse=True))

# The lookahead lists the characters a phrase can begin with, so that scanning the text fails at
# once at any other position instead of trying every alternative there (several times faster).
PERIOD_RE = re.compile(
    r"(?=[0-9一二三四五六七八九十上下第首全前元截])"
    rf"(?:(?<![较比于])(?P<year>(?:19|20)\d{{2}})\s*年(?!\d)"
    rf"(?:\s*(?:(?P<named_y>{_NAMED_RE})|(?:1|一){_DASH}(?P<range_y>{_MONTH})\s*月(?:份)?(?:末|底)?"
    rf"|(?P<month_y>{_MONTH})\s*月(?:份)?(?:末|底)(?!\d)))?"
    rf"|(?P<named>前三季度|一至三季度|1-3季度|上半年|下半年|第[一二三四]季度|[一二三四1]季度|首季度|"
    rf"全年(?![\u4e00-\u9fff]{{0,4}}(?:计划|目标|任务)))"
    rf"|(?:1|一|元){_DASH}(?P<range>{_MONTH})\s*月(?:份)?(?:末|底)?"
    rf"|前(?P<first>{_MONTH})个月"
    rf"|(?:截至|截止)(?:到)?(?:目前|(?P<as_of_year>(?:19|20)\d{{2}})年)?\s*(?P<as_of>{_MONTH})\s*月(?:份)?(?:末|底)?"
    rf"|(?<![\d年])(?P<single>{_MONTH})月份)"
)

# A date such as 2022-07-23 or 2022年7月23日 tells the year of an article, not a period.
DATE_RE = re.compile(r"((?:19|20)\d{2})(?:-|/|\.|年)(?:0?[1-9]|1[0-2])(?:-|/|\.|月)(?:[0-2]?\d|3[01])")


@dataclass(frozen=True, slots=True)
class PeriodMark:
    start: int
    end: int
    year: int | None
    month: int | None


def _month(text: str | None) -> int | None:
    if not text:
        return None
    number = int(text) if text.isdigit() else chinese_integer(text)
    return number if number is not None and 1 <= number <= 12 else None


def _mark(match: re.Match[str]) -> PeriodMark:
    groups = match.groupdict()
    year = groups["year"] or groups["as_of_year"]
    named = groups["named_y"] or groups["named"]
    month = _NAMED.get(named) if named else None
    for key in ("range_y", "month_y", "range", "first", "as_of", "single"):
        month = month or _month(groups[key])
    if year and month is None:
        # A bare year is the whole year only where the text goes on about it ("2023年，我区…").
        after = match.string[match.end() : match.end() + 1]
        month = 12 if after in ("，", ",", "是", "全", "共", "以") else None
    return PeriodMark(match.start(), match.end(), int(year) if year else None, month)


def marks(text: str) -> Iterator[PeriodMark]:
    """Every period phrase and article date in ``text``, in order."""
    dates = [PeriodMark(m.start(), m.end(), int(m.group(1)), None) for m in DATE_RE.finditer(text)]
    # A date also reads as a year and a month; the date reading wins.
    periods, index = [], 0
    for mark in map(_mark, PERIOD_RE.finditer(text)):
        while index < len(dates) and dates[index].end <= mark.start:
            index += 1
        if index < len(dates) and dates[index].start <= mark.start:
            continue
        periods.append(mark)
    return iter(sorted(periods + dates, key=lambda mark: mark.start))


class PeriodContext:
    """Walks the marks along the text: the period in force at any position."""

    def __init__(self, text: str, default_year: int | None = None) -> None:
        self._marks = list(marks(text))
        self._index = 0
        self.year = default_year
        self.month: int | None = None

    def at(self, position: int) -> str | None:
        while self._index < len(self._marks) and self._marks[self._index].start < position:
            mark = self._marks[self._index]
            if mark.year is not None:
                self.year = mark.year
            if mark.month is not None:
                self.month = mark.month
            self._index += 1
        if self.year is None or self.month is None:
            return None
        return f"{self.year:04d}-{self.month:02d}"

    def spans(self) -> list[tuple[int, int]]:
        return [(mark.start, mark.end) for mark in self._marks]
