"""Writes a region's bulletin for a period from the figure families, in the house style of
``phrases.py``: an economy paragraph, then the major projects, investment promotion and services.

Numbers come from the figure functions, rounded as published; nothing here queries records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from regionpulse.bulletins.phrases import render
from regionpulse.cockpit.phrases import gap_phrase, growth_phrase, parent_word, rank_phrase
from regionpulse.core.figures import Figure, registry
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.core.units import format_number
from regionpulse.indicators.figures import EconomyFigures, IndicatorFigures
from regionpulse.indicators.models import Indicator

OWN_SENTENCES = {"gdp", "urban_income", "budget_revenue", "industrial_value_added"}


@dataclass(slots=True)
class Section:
    key: str
    title: str
    sentences: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "；".join(self.sentences) + "。" if self.sentences else ""


@dataclass(slots=True)
class Bulletin:
    region: Region
    period: Period
    sections: list[Section]
    figures: dict[str, Any]

    @property
    def title(self) -> str:
        return f"{self.region.name}{self.period.label}经济运行和重点工作情况"

    def markdown(self) -> str:
        parts = [f"# {self.title}", ""]
        for section in self.sections:
            if section.text:
                parts += [f"## {section.title}", "", section.text, ""]
        return "\n".join(parts)


def _written(figure: Figure) -> str | None:
    return None if figure.rounded is None else format_number(figure.value, figure.decimals)  # type: ignore[arg-type]


def _whole_if_round(growth: Figure, points: bool) -> str:
    """同比增长17% rather than 17.0%: a whole rate is written without its decimal."""
    rounded = growth.rounded
    if rounded is None:
        return ""
    decimals = 0 if rounded == rounded.to_integral_value() else growth.decimals
    return growth_phrase(growth.value, decimals, points)


def _indicator_context(item: IndicatorFigures, region: Region) -> dict[str, Any]:
    indicator = item.indicator
    points = indicator.growth_unit == Indicator.GrowthUnit.POINTS
    parent = parent_word(region)
    return {
        "name": indicator.name,
        "short": indicator.display_name,
        "value": _written(item.value),
        "unit": indicator.unit,
        "growth": _written(item.growth),
        "growth_phrase": growth_phrase(item.growth.value, indicator.growth_decimals, points),
        "growth_phrase_whole": _whole_if_round(item.growth, points),
        "share": _written(item.share_of_parent),
        "parent": parent,
        "gap_phrase": gap_phrase(item.vs_parent.value, parent),
        "rank_phrase": rank_phrase(item.rank, parent),
    }


def economy_section(region: Region, period: Period, economy: EconomyFigures) -> Section:
    section = Section("economy", "经济运行")
    sentences = []
    for item in economy.items:
        context = _indicator_context(item, region)
        code = item.indicator.code
        if code in OWN_SENTENCES:
            sentence = render(f"economy.{code}", context)
        elif item.value.present:
            sentence = render("economy.generic_value", context)
        else:
            sentence = render("economy.generic_growth", context)
        if sentence:
            sentences.append(sentence)
    if sentences:
        opening = render("economy.opening", {"period_label": period.label, "region": region.name})
        section.sentences = [f"{opening}{sentences[0]}", *sentences[1:]]
    return section


def _number(value: Any) -> str | None:
    if value is None:
        return None
    return f"{Decimal(str(value)).normalize():f}" if not isinstance(value, int) else str(value)


def projects_section(region: Region, period: Period, data: dict[str, Any]) -> Section:
    section = Section("major_projects", "重大项目建设")
    if not data.get("count"):
        return section
    context = {
        "as_of": period.as_of,
        "region": region.name,
        "count": data["count"],
        "total": _one_decimal(data["total_investment_yi"]),
        "plan": _one_decimal(data["annual_plan_yi"]),
        "done": _one_decimal(data["completed_ytd_yi"]),
        "completion": _one_decimal(data["plan_completion_pct"]),
    }
    sentence = render("projects.summary", context)
    section.sentences = [sentence] if sentence else []
    return section


def _one_decimal(value: Any) -> str | None:
    return None if value is None else format_number(Decimal(str(value)), 1)


def promotion_section(region: Region, period: Period, data: dict[str, Any]) -> Section:
    section = Section("investment_promotion", "招商引资")
    if not data.get("projects_signed") and not data.get("enterprises_engaged"):
        return section
    context = {
        "as_of": period.as_of,
        "region": region.name,
        "engaged": data["enterprises_engaged"],
        "signed": data["projects_signed"],
        "amount": _number(data["signed_amount_yi"]),
        "signed_pct": _number(data.get("projects_signed_pct_of_target")),
        "amount_pct": _number(data.get("signed_amount_pct_of_target")),
        "landed": data["projects_landed"],
        "started": data["projects_started"],
    }
    sentence = render("promotion.summary", context)
    section.sentences = [sentence] if sentence else []
    return section


def services_section(region: Region, period: Period, data: dict[str, Any]) -> Section:
    section = Section("services", "优化营商环境")
    if not data.get("problems_resolved"):
        return section
    context = {
        "resolved": data["problems_resolved_written"],
        "qualifier": data["problems_resolved_qualifier"] or "",
    }
    sentence = render("services.summary", context)
    section.sentences = [sentence] if sentence else []
    return section


def write(region: Region, period: Period) -> Bulletin:
    families = registry.compute(region, period)
    figures = registry.as_json(region, period, families)
    data: dict[str, Any] = figures
    sections = [
        economy_section(region, period, families["indicators"]),  # type: ignore[arg-type]
        projects_section(region, period, data.get("major_projects", {})),
        promotion_section(region, period, data.get("investment_promotion", {})),
        services_section(region, period, data.get("services", {})),
    ]
    return Bulletin(region, period, sections, figures)
