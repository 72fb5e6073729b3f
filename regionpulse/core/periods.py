"""The reporting period of Chinese statistics: cumulative from January to a month.

"1-6月", "上半年" and "截至6月底" all name (year, 6). Quarter ends have names of their own
(一季度, 上半年, 前三季度, 全年); every other month is written as a range ("1-5月").
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Self

MIN_YEAR = 1949
MAX_YEAR = 2199

QUARTER_NAMES = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}
_NAME_TO_MONTH = {name: month for month, name in QUARTER_NAMES.items()}
_NAME_TO_MONTH.update({"第一季度": 3, "1季度": 3, "一至三季度": 9, "1-3季度": 9, "全年度": 12})

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

ACCEPTED_FORMS = "2022-06、2022年上半年、2022年1-6月、截至6月底、一季度、前三季度、全年"


class PeriodError(ValueError):
    """A text that does not name a reporting period; the message says what is accepted."""


def _month_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if text == "十一":
        return 11
    if text == "十二":
        return 12
    raise PeriodError(f"“{text}”不是月份")


_MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_YEAR_PREFIX = re.compile(r"^(\d{4})\s*年(?:度)?\s*")
_RANGE = re.compile(rf"^(?:1|一)\s*[-－—~至到]\s*{_MONTH}\s*月(?:份)?$")
_AS_OF = re.compile(rf"^(?:截至|截止|截止到|截至到)\s*{_MONTH}\s*月(?:底|末)?$")
_SINGLE_MONTH = re.compile(rf"^{_MONTH}\s*月(?:份)?$")


@dataclass(frozen=True, order=True, slots=True)
class Period:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(f"年份{self.year}超出范围（{MIN_YEAR}–{MAX_YEAR}）")
        if not 1 <= self.month <= 12:
            raise PeriodError(f"月份{self.month}超出范围（1–12）")

    @classmethod
    def parse(cls, text: str, *, default_year: int | None = None) -> Self:
        """Read any of the accepted forms; a form without a year takes ``default_year``."""
        raw = text
        text = text.strip().replace(" ", "").replace("　", "")
        if not text:
            raise PeriodError(f"期间不能为空，请使用 {ACCEPTED_FORMS} 等写法")
        iso = _ISO.match(text)
        if iso:
            return cls(int(iso.group(1)), int(iso.group(2)))
        year = default_year
        prefix = _YEAR_PREFIX.match(text)
        if prefix:
            year = int(prefix.group(1))
            text = text[prefix.end() :]
        month = _month_of(text)
        if month is None:
            raise PeriodError(f"无法识别期间“{raw}”，请使用 {ACCEPTED_FORMS} 等写法")
        if year is None:
            raise PeriodError(f"期间“{raw}”没有写年份，请写成“2022年{text}”或“2022-{month:02d}”")
        return cls(year, month)

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """The form a bulletin uses: 2022年上半年, 2022年1-5月, 2022年1月."""
        return f"{self.year}年{self.span}"

    @property
    def span(self) -> str:
        """The months covered, without the year: 上半年, 1-5月, 1月."""
        if self.month in QUARTER_NAMES:
            return QUARTER_NAMES[self.month]
        return "1月" if self.month == 1 else f"1-{self.month}月"

    @property
    def as_of(self) -> str:
        return f"截至{self.month}月底"

    @property
    def is_quarter_end(self) -> bool:
        return self.month % 3 == 0

    def year_to_date(self) -> tuple[datetime.date, datetime.date]:
        """1 January to the month's last day: the dates a cumulative figure counts."""
        last = calendar.monthrange(self.year, self.month)[1]
        return datetime.date(self.year, 1, 1), datetime.date(self.year, self.month, last)

    def previous_year(self) -> Period:
        return Period(self.year - 1, self.month)

    def shift(self, months: int) -> Period:
        index = self.year * 12 + (self.month - 1) + months
        return Period(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return self.iso


def _month_of(text: str) -> int | None:
    if text in _NAME_TO_MONTH:
        return _NAME_TO_MONTH[text]
    for pattern in (_RANGE, _AS_OF, _SINGLE_MONTH):
        match = pattern.match(text)
        if match:
            month = _month_number(match.group(1))
            return month if 1 <= month <= 12 else None
    return None
