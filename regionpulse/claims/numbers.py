"""Numbers as bulletins write them: 592.48, 1,082.3, 三十五, 百分之十二点五; units and their families;
the interval of true values that a rounded figure stands for."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# Full-width digits and signs become ASCII one character for one, so that spans stay valid.
_FULL_WIDTH = tuple(zip("０１２３４５６７８９％．，：～－", "0123456789%.,:~-", strict=True))


def normalise(text: str) -> str:
    """The text with full-width digits and signs in ASCII; the same length as ``text``."""
    # One str.replace per character: tens of times faster than str.translate, which looks every
    # character of a Chinese text up in its table (0.5 s for 10 MB).
    for full, ascii_form in _FULL_WIDTH:
        text = text.replace(full, ascii_form)
    return text


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"


def chinese_integer(text: str) -> int | None:
    """三十五 → 35, 一百零八 → 108, 十二 → 12, 二〇二二 → 2022 (digit by digit); None if not a numeral."""
    if not text or any(
        char not in _CN_DIGITS and char not in _CN_SMALL_UNITS and char not in _CN_BIG_UNITS for char in text
    ):
        return None
    if all(char in _CN_DIGITS for char in text) and len(text) > 1:
        return int("".join(str(_CN_DIGITS[char]) for char in text))
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * _CN_SMALL_UNITS[char]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _CN_BIG_UNITS[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_number(text: str) -> Decimal | None:
    """An Arabic number (thousands separators allowed) or a Chinese one, with 点 for the decimal point."""
    text = text.replace(",", "")
    try:
        if text[:1].isdigit():
            return Decimal(text)
    except InvalidOperation:
        return None
    whole, _, fraction = text.partition("点")
    integer = chinese_integer(whole)
    if integer is None:
        return None
    if not fraction:
        return Decimal(integer)
    if any(char not in _CN_DIGITS for char in fraction):
        return None
    return Decimal(f"{integer}.{''.join(str(_CN_DIGITS[char]) for char in fraction)}")


def decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# Units a figure may carry, longest first within the regular expression. A unit's family says
# which units convert into one another.
MONEY = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10_000),
    "亿元": Decimal(10) ** 8,
    "万亿元": Decimal(10) ** 12,
}
FOREIGN_MONEY = {"美元": Decimal(1), "万美元": Decimal(10_000), "亿美元": Decimal(10) ** 8}
WEIGHT = {
    "吨": Decimal(1),
    "万吨": Decimal(10_000),
    "亿吨": Decimal(10) ** 8,
    "公斤": Decimal("0.001"),
    "万公斤": Decimal(10),
    "亿公斤": Decimal(100_000),
}
COUNTERS = frozenset(
    {"个", "家", "项", "件", "户", "条", "名", "座", "辆", "宗", "批", "人次", "人", "台", "套", "所", "场"}
)
MEASURES = (
    "万千瓦时",
    "亿千瓦时",
    "千瓦时",
    "万千瓦",
    "千瓦",
    "万千伏安",
    "万平方米",
    "平方米",
    "万亩",
    "亩",
    "万头",
    "头",
    "万只",
    "只",
    "万人次",
    "万人",
    "万户",
    "万辆",
    "千米",
    "公里",
)

VALUE_UNITS: tuple[str, ...] = tuple(
    sorted({*MONEY, *FOREIGN_MONEY, *WEIGHT, *MEASURES, *COUNTERS}, key=len, reverse=True)
)


def is_count(unit: str | None) -> bool:
    """Counts are exact: 135个 is 135, never 134.5 rounded."""
    return unit in COUNTERS


def family(unit: str) -> dict[str, Decimal] | None:
    for table in (MONEY, FOREIGN_MONEY, WEIGHT):
        if unit in table:
            return table
    return None


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """``value`` in ``to_unit``, or None when the two units do not measure the same thing."""
    if from_unit == to_unit:
        return value
    table = family(from_unit)
    if table is None or to_unit not in table:
        return None
    return value * table[from_unit] / table[to_unit]


def half_step(value: Decimal, unit: str | None) -> Decimal:
    """Half the last written digit: 178.3 stands for 178.25 to 178.35; a count for itself."""
    if is_count(unit):
        return Decimal(0)
    return Decimal(5).scaleb(-decimals_of(value) - 1)


def interval(value: Decimal, unit: str | None) -> tuple[Decimal, Decimal]:
    step = half_step(value, unit)
    return value - step, value + step


def roundness(value: Decimal) -> int:
    """How round a whole number is: 900 → 2, 160 → 1, 161 → 0 (a target is usually round)."""
    digits = str(int(value))
    return len(digits) - len(digits.rstrip("0")) if value else 0
