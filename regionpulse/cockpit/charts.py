"""ECharts options for the cockpit, built from the figure functions' output (never from queries)."""

from __future__ import annotations

from typing import Any

from regionpulse.core.figures import json_number
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.indicators.figures import among_siblings, trend
from regionpulse.indicators.models import Indicator

ACCENT = "#c0392b"
MUTED = "#8aa1c1"


def trend_chart(region: Region, indicator: Indicator, period: Period) -> dict[str, Any]:
    points = trend(region, indicator, period)
    return {
        "title": f"{region.name}{indicator.display_name}走势",
        "sources": sorted({point.source for point in points if point.source}),
        "option": {
            "tooltip": {"trigger": "axis"},
            "legend": {"data": [f"{indicator.display_name}（{indicator.unit}）", "同比增长（%）"], "top": 0},
            "grid": {"left": 56, "right": 48, "top": 56, "bottom": 56},
            "xAxis": {"type": "category", "data": [point.label for point in points], "axisLabel": {"rotate": 30}},
            "yAxis": [
                {"type": "value", "name": indicator.unit},
                {"type": "value", "name": "%", "splitLine": {"show": False}},
            ],
            "series": [
                {
                    "name": f"{indicator.display_name}（{indicator.unit}）",
                    "type": "bar",
                    "itemStyle": {"color": MUTED},
                    "data": [json_number(point.value.rounded) for point in points],
                },
                {
                    "name": "同比增长（%）",
                    "type": "line",
                    "yAxisIndex": 1,
                    "itemStyle": {"color": ACCENT},
                    "data": [json_number(point.growth.rounded) for point in points],
                },
            ],
        },
    }


def comparison_chart(region: Region, indicator: Indicator, period: Period) -> dict[str, Any]:
    points = [point for point in among_siblings(region, indicator, period) if point.value.present]
    parent = region.parent.name if region.parent else ""
    return {
        "title": f"{parent}各地区{indicator.display_name}（{period.label}）",
        "sources": sorted({point.source for point in points if point.source}),
        "option": {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "grid": {"left": 96, "right": 56, "top": 8, "bottom": 24},
            "xAxis": {"type": "value", "name": indicator.unit},
            "yAxis": {"type": "category", "inverse": True, "data": [point.region.name for point in points]},
            "series": [
                {
                    "type": "bar",
                    "label": {"show": True, "position": "right"},
                    "data": [
                        {
                            "value": json_number(point.value.rounded),
                            "itemStyle": {"color": ACCENT if point.region.pk == region.pk else MUTED},
                        }
                        for point in points
                    ],
                }
            ],
        },
    }
