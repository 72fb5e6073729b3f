"""ECharts options for the cockpit's promotion section, from the figure functions only."""

from __future__ import annotations

from typing import Any

from regionpulse.core.figures import json_number
from regionpulse.promotion.figures import ChainFigures, PromotionFigures

ACCENT = "#c0392b"
MUTED = "#8aa1c1"


def funnel(figures: PromotionFigures) -> dict[str, Any]:
    steps = figures.funnel()
    return {
        "title": "招商漏斗（当年累计）",
        "option": {
            "tooltip": {"trigger": "item", "formatter": "{b}：{c}"},
            "series": [
                {
                    "type": "funnel",
                    "left": "10%",
                    "width": "80%",
                    "sort": "none",
                    "minSize": "12%",
                    "label": {"show": True, "position": "inside", "formatter": "{b} {c}"},
                    "data": [{"name": name, "value": count} for name, count, _ in steps],
                }
            ],
        },
    }


def signed_by_chain(chains: list[ChainFigures]) -> dict[str, Any]:
    return {
        "title": "各产业链签约情况",
        "option": {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "legend": {"top": 0, "data": ["签约金额（亿元）", "签约项目（个）"]},
            "grid": {"left": 8, "right": 24, "top": 32, "bottom": 24, "containLabel": True},
            "xAxis": [{"type": "value", "name": "亿元"}, {"type": "value", "name": "个", "splitLine": {"show": False}}],
            "yAxis": {"type": "category", "inverse": True, "data": [chain.name for chain in chains]},
            "series": [
                {
                    "name": "签约金额（亿元）",
                    "type": "bar",
                    "itemStyle": {"color": ACCENT},
                    "data": [json_number(chain.signed_amount.rounded) for chain in chains],
                },
                {
                    "name": "签约项目（个）",
                    "type": "bar",
                    "xAxisIndex": 1,
                    "itemStyle": {"color": MUTED},
                    "data": [chain.signed for chain in chains],
                },
            ],
        },
    }
