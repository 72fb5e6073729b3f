"""Amounts and their units. Money is Decimal throughout; ledgers keep it in 万元."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

YUAN_PER = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


class Unit(models.TextChoices):
    YI_YUAN = "亿元", "亿元"
    WAN_YUAN = "万元", "万元"
    YUAN = "元", "元"
    PERCENT = "%", "%"
    WAN_TON = "万吨", "万吨"
    WAN_PERSON = "万人", "万人"
    COUNT_ENTERPRISE = "家", "家"
    COUNT_ITEM = "个", "个"


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round as Chinese statistics publish (四舍五入), never banker's rounding."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def convert(amount: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Convert between 元, 万元 and 亿元 exactly."""
    if from_unit == to_unit:
        return amount
    try:
        return amount * YUAN_PER[from_unit] / YUAN_PER[to_unit]
    except KeyError as error:
        raise ValueError(f"不能把{from_unit}换算为{to_unit}") from error


def format_number(value: Decimal, decimals: int) -> str:
    return f"{round_half_up(value, decimals):f}"


def format_amount(value: Decimal, unit: str, decimals: int) -> str:
    """592.48亿元, 28619元, 31.4%: the number rounded to the unit's decimals, then the unit."""
    return f"{format_number(value, decimals)}{unit}"
