"""Ledger numbers as the district writes them: 万元 with separators, completion rates to one decimal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from regionpulse.core.units import format_number

register = template.Library()


@register.filter
def wan(value: Any) -> str:
    """An amount in 万元: thousands separated, decimals only where there are any (12,345.5)."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value)
    text = f"{amount:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def yi(value: Any) -> str:
    """An amount in 万元 written in 亿元 to one decimal (10823000 → 1082.3)."""
    if value is None or value == "":
        return "—"
    return format_number(Decimal(value) / 10_000, 1)


@register.simple_tag
def completion(done: Any, plan: Any) -> str:
    """Completion of a plan in percent, from unrounded amounts; a dash without a plan."""
    if not plan:
        return "—"
    return f"{format_number(Decimal(done or 0) / Decimal(plan) * 100, 1)}%"
