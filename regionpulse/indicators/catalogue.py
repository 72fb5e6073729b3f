"""The indicator catalogue that every district reports: reference data, present in every deployment."""

from __future__ import annotations

from typing import Any

# fmt: off
# A table reads best one indicator a line.
# ruff: noqa: E501
CATALOGUE = [
    # code, name, short name, aliases, unit, decimals, kind, publication, growth unit, additive, responsible
    ("gdp", "地区生产总值", "", "GDP、生产总值、经济总量", "亿元", 2, "cumulative", "value_and_growth", "pct", True, "statistics"),
    ("fixed_asset_investment", "固定资产投资", "", "固投、全社会固定资产投资", "亿元", 2, "cumulative", "growth_only", "pct", True, "statistics"),
    ("industrial_value_added", "规模以上工业增加值", "规上工业增加值", "规模以上工业增加值增速", "亿元", 2, "cumulative", "growth_only", "pct", True, "statistics"),
    ("retail_sales", "社会消费品零售总额", "社零总额", "社会消费品零售额、社零", "亿元", 2, "cumulative", "value_and_growth", "pct", True, "statistics"),
    ("urban_income", "城镇常住居民人均可支配收入", "城镇居民人均可支配收入", "城镇居民收入", "元", 0, "cumulative", "value_and_growth", "pct", False, "statistics"),
    ("budget_revenue", "一般公共预算收入", "", "地方一般公共预算收入、财政收入", "亿元", 2, "cumulative", "value_and_growth", "pct", True, "finance"),
    ("sei_share", "战略性新兴产业占规上工业总产值比重", "战略性新兴产业占比", "战新产业占比", "%", 1, "point", "growth_only", "pp", False, "industry"),
]
# fmt: on


def install(indicator_model: Any) -> None:
    """Create or refresh the catalogue entries (``indicator_model`` may be a migration's historical model)."""
    for order, row in enumerate(CATALOGUE, start=1):
        code, name, short, aliases, unit, decimals, kind, publication, growth_unit, additive, responsible = row
        indicator_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "aliases": aliases,
                "unit": unit,
                "decimals": decimals,
                "kind": kind,
                "publication": publication,
                "growth_unit": growth_unit,
                "additive": additive,
                "responsible": responsible,
                "sort_order": order * 10,
            },
        )
