"""ECharts options for the cockpit's service section, from the figure functions only."""

from __future__ import annotations

from typing import Any

from regionpulse.desk.figures import ServiceFigures

ACCENT = "#c0392b"


def backlog_by_age(figures: ServiceFigures) -> dict[str, Any]:
    return {
        "title": "办理中诉求的时长分布（件）",
        "option": {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "grid": {"left": 8, "right": 24, "top": 16, "bottom": 24, "containLabel": True},
            "xAxis": {"type": "category", "data": [label for label, _ in figures.backlog_by_age]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [
                {
                    "type": "bar",
                    "itemStyle": {"color": ACCENT},
                    "label": {"show": True, "position": "top"},
                    "data": [count for _, count in figures.backlog_by_age],
                }
            ],
        },
    }
