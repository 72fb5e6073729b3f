"""The bulletin's charts as PNG images, drawn from the figures the bulletin was written from.

A published bulletin carries its frozen figures, so its charts are drawn from those and never
from a fresh query: the Word file shows what was published. Matplotlib draws them (the Agg
backend needs no display); labels are Chinese, so a CJK font must be installed (Debian's
fonts-noto-cjk, which `make install` brings). Without one the charts are left out rather than
drawn with empty boxes for characters.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

logger = logging.getLogger(__name__)

CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Noto Sans CJK JP")
ACCENT = "#c0392b"
MUTED = "#8aa1c1"
WIDTH_INCHES = 6.3
DPI = 200
PROMOTION_TARGETS = (
    ("enterprises_engaged", "招商对接企业"),
    ("projects_signed", "招商签约项目"),
    ("signed_amount", "招商签约金额"),
    ("projects_landed", "招商落地项目"),
    ("projects_started", "招商开工项目"),
    ("funds_in_place", "招商到位资金"),
)


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes


@cache
def cjk_font() -> str | None:
    """The family name of an installed CJK font, or None."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    if not installed.intersection(CJK_FAMILIES):
        # Matplotlib's font cache predates a font installed after its first run: look again.
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "wqy" in path:
                font_manager.fontManager.addfont(path)
        installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def charts(figures: dict[str, Any]) -> list[Chart]:
    """Every chart the figures allow, in the order the bulletin's sections come."""
    if cjk_font() is None:
        logger.warning("没有安装中文字体（如 fonts-noto-cjk），简报的图表未生成")
        return []
    drawn = [_growth_chart(figures), _task_force_chart(figures), _targets_chart(figures)]
    return [chart for chart in drawn if chart is not None]


def _growth_chart(figures: dict[str, Any]) -> Chart | None:
    rows = [
        (item.get("short_name") or item["indicator"], item["yoy_pct"])
        for item in figures.get("indicators") or []
        if item.get("yoy_pct") is not None
    ]
    if not rows:
        return None
    title = f"{_where(figures)}主要经济指标同比增长（%）"
    return Chart(title, _horizontal_bars(title, rows, unit="%"))


def _task_force_chart(figures: dict[str, Any]) -> Chart | None:
    groups = (figures.get("major_projects") or {}).get("by_task_force") or []
    rows = [
        (group["name"], group["annual_plan_yi"], group["completed_ytd_yi"])
        for group in groups
        if group.get("annual_plan_yi") is not None and group.get("completed_ytd_yi") is not None
    ]
    if not rows:
        return None
    title = f"{_where(figures)}重大项目分专班投资完成情况（亿元）"
    return Chart(title, _paired_bars(title, rows, ("年度计划投资", "累计完成投资")))


def _targets_chart(figures: dict[str, Any]) -> Chart | None:
    projects = figures.get("major_projects") or {}
    promotion = figures.get("investment_promotion") or {}
    candidates = [("重大项目年度计划投资", projects.get("plan_completion_pct"))] + [
        (label, promotion.get(f"{key}_pct_of_target")) for key, label in PROMOTION_TARGETS
    ]
    rows = [(label, value) for label, value in candidates if value is not None]
    if not rows:
        return None
    title = f"{_where(figures)}年度目标完成情况（%）"
    return Chart(title, _horizontal_bars(title, rows, unit="%", reference=100))


def _where(figures: dict[str, Any]) -> str:
    region = (figures.get("region") or {}).get("name", "")
    period = (figures.get("period") or {}).get("label", "")
    return f"{region}{period}"


def _figure(rows: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    pyplot.rcParams["font.family"] = cjk_font()
    pyplot.rcParams["axes.unicode_minus"] = False
    figure, axes = pyplot.subplots(figsize=(WIDTH_INCHES, 1.2 + 0.45 * rows), dpi=DPI)
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _horizontal_bars(title: str, rows: list[tuple[str, Any]], unit: str, reference: float | None = None) -> bytes:
    figure, axes = _figure(len(rows))
    labels = [label for label, _ in rows]
    values = [float(value) for _, value in rows]
    colours = [ACCENT if value < 0 else MUTED for value in values]
    bars = axes.barh(labels, values, color=colours)
    axes.invert_yaxis()
    axes.bar_label(bars, labels=[f"{value:g}{unit}" for value in values], padding=3, fontsize=9)
    if reference is not None:
        axes.axvline(reference, color="#555555", linewidth=0.8, linestyle="--")
    axes.axvline(0, color="#333333", linewidth=0.6)
    axes.set_title(title, fontsize=11)
    axes.margins(x=0.15)
    return _png(figure)


def _paired_bars(title: str, rows: list[tuple[str, Any, Any]], legend: tuple[str, str]) -> bytes:
    figure, axes = _figure(len(rows) * 1.6)
    positions = range(len(rows))
    height = 0.38
    planned = axes.barh(
        [p - height / 2 for p in positions], [float(r[1]) for r in rows], height, color=MUTED, label=legend[0]
    )
    done = axes.barh(
        [p + height / 2 for p in positions], [float(r[2]) for r in rows], height, color=ACCENT, label=legend[1]
    )
    axes.set_yticks(list(positions), [row[0] for row in rows])
    axes.invert_yaxis()
    for bars in (planned, done):
        axes.bar_label(bars, fmt="%g", padding=3, fontsize=8)
    axes.legend(loc="lower right", fontsize=9, frameon=False)
    axes.set_title(title, fontsize=11)
    axes.margins(x=0.12)
    return _png(figure)


def _png(figure: Any) -> bytes:
    from matplotlib import pyplot

    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png")
    pyplot.close(figure)
    return buffer.getvalue()
