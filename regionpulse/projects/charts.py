"""ECharts options for the ledger's pages and the cockpit's project section, from figure functions only."""

from __future__ import annotations

from typing import Any

from regionpulse.core.figures import json_number
from regionpulse.core.units import round_half_up
from regionpulse.projects.figures import ProjectFigures, ProjectProgress
from regionpulse.projects.models import Project

ACCENT = "#c0392b"
MUTED = "#8aa1c1"
PLAN = "#2c3e50"


def _wan(value: Any) -> int | float | None:
    return json_number(round_half_up(value, 0)) if value is not None else None


def _percent(value: Any) -> str | None:
    return None if value is None else f"{value:f}"


def plan_vs_actual(project: Project, progress: ProjectProgress) -> dict[str, Any]:
    """Monthly investment as bars; cumulative completion against the plan's time-proportional line."""
    months = [f"{point.month}月" for point in progress.months]
    return {
        "title": f"{progress.year}年计划与完成（万元）",
        "option": {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0, "data": ["当月完成", "累计完成", "按时序应完成"]},
            "grid": {"left": 64, "right": 24, "top": 48, "bottom": 32},
            "xAxis": {"type": "category", "data": months},
            "yAxis": {"type": "value", "name": "万元"},
            "series": [
                {
                    "name": "当月完成",
                    "type": "bar",
                    "itemStyle": {"color": MUTED},
                    "data": [_wan(point.investment) for point in progress.months],
                },
                {
                    "name": "累计完成",
                    "type": "line",
                    "itemStyle": {"color": ACCENT},
                    "data": [_wan(point.cumulative) for point in progress.months],
                },
                {
                    "name": "按时序应完成",
                    "type": "line",
                    "lineStyle": {"type": "dashed"},
                    "itemStyle": {"color": PLAN},
                    "data": [_wan(point.planned_to_date) for point in progress.months],
                },
            ],
        },
    }


def completion_by(figures: ProjectFigures, dimension: str, title: str) -> dict[str, Any]:
    """Each group's plan completion (%), with the time elapsed as a marker line."""
    groups = figures.breakdowns[dimension]
    elapsed = figures.period.month * 100 / 12
    return {
        "title": title,
        "option": {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "grid": {"left": 8, "right": 56, "top": 28, "bottom": 24, "containLabel": True},
            "xAxis": {"type": "value", "name": "%"},
            "yAxis": {"type": "category", "inverse": True, "data": [group.name for group in groups]},
            "series": [
                {
                    "type": "bar",
                    "name": "计划完成率",
                    "label": {"show": True, "position": "right", "formatter": "{c}%"},
                    "itemStyle": {"color": ACCENT},
                    # Strings keep the published decimal: 71.0%, not 71%.
                    "data": [_percent(group.plan_completion.rounded) for group in groups],
                    "markLine": {
                        "symbol": "none",
                        "label": {"formatter": "时序进度 {c}%", "position": "start"},  # the top: the axis is inverted
                        "lineStyle": {"color": PLAN, "type": "dashed"},
                        "data": [{"xAxis": round(elapsed, 1)}],
                    },
                }
            ],
        },
    }


def by_stage(figures: ProjectFigures) -> dict[str, Any]:
    groups = figures.breakdowns["stage"]
    return {
        "title": "项目阶段分布（个）",
        "option": {
            "tooltip": {"trigger": "item", "formatter": "{b}：{c}个（{d}%）"},
            "legend": {"bottom": 0},
            "series": [
                {
                    "type": "pie",
                    "radius": ["40%", "68%"],
                    "label": {"formatter": "{b} {c}"},
                    "data": [{"name": group.name, "value": group.count} for group in groups],
                }
            ],
        },
    }
