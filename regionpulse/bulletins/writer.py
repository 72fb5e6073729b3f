"""Writes a region's bulletin for a period from the figure families, in the house style of
``phrases.py``: an economy paragraph, then the major projects, investment promotion and services.

Numbers come from the figure functions, rounded as published; nothing here queries records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from regionpulse.bulletins.phrases import Wording, render, wording
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
    # The same sentences with each number linked to the records behind it and how it was computed.
    linked: list[str] = field(default_factory=list)
    # The clause written for each indicator, by its catalogue name, as the figures document carries it.
    by_indicator: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "；".join(self.sentences) + "。" if self.sentences else ""

    @property
    def html(self) -> str:
        return mark_safe("；".join(self.linked) + "。") if self.linked else ""  # noqa: S308 - built by format_html


class Marks:
    """Numbers as they are written: plain, or linked to the records (``url``) with how (``how``)."""

    def __init__(self, html: bool) -> None:
        self.html = html

    def __call__(self, value: Any, url: str, how: str) -> Any:
        if not self.html or value in (None, ""):
            return value
        return format_html('<a class="figure" href="{}" title="{}">{}</a>', url, how, value)


def _both(key: str, build: Any, words: Wording) -> tuple[str | None, str | None]:
    """A sentence written twice from one context builder: plain, and with linked numbers."""
    return render(key, build(Marks(False)), words=words), render(key, build(Marks(True)), html=True, words=words)


@dataclass(slots=True)
class Written:
    region: Region
    period: Period
    sections: list[Section]
    figures: dict[str, Any]

    @property
    def title(self) -> str:
        return f"{self.region.name}{self.period.label}经济运行和重点工作情况"

    def as_json(self) -> dict[str, Any]:
        """The figures it was written from, each indicator with the clause written for it, and the
        title and text by section."""
        text = {section.key: section.text for section in self.sections if section.text}
        clauses = {name: clause for section in self.sections for name, clause in section.by_indicator.items()}
        indicators = [{**item, "text": clauses.get(item["indicator"])} for item in self.figures.get("indicators") or []]
        return {**self.figures, "indicators": indicators, "title": self.title, "text": text}

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


def _indicator_context(item: IndicatorFigures, region: Region, period: Period, mark: Marks) -> dict[str, Any]:
    indicator = item.indicator
    points = indicator.growth_unit == Indicator.GrowthUnit.POINTS
    parent = parent_word(region)
    url = (
        reverse("indicators:observation-list") + f"?region={region.code}&indicator={indicator.code}&period={period.iso}"
    )

    def how(figure: Figure) -> str:
        return figure.provenance.method if figure.provenance else "本地区已审核的报送值"

    def phrase(text: str, figure: Figure) -> Any:
        return mark(text, url, how(figure)) if text else text

    return {
        "name": indicator.name,
        "short": indicator.display_name,
        "value": mark(_written(item.value), url, how(item.value)),
        "unit": indicator.unit,
        "growth": _written(item.growth),
        "growth_phrase": phrase(growth_phrase(item.growth.value, indicator.growth_decimals, points), item.growth),
        "growth_phrase_whole": phrase(_whole_if_round(item.growth, points), item.growth),
        "share": mark(_written(item.share_of_parent), url, how(item.share_of_parent)),
        "parent": parent,
        "gap_phrase": phrase(gap_phrase(item.vs_parent.value, parent), item.vs_parent),
        "rank_phrase": phrase(rank_phrase(item.rank, parent), item.value),
    }


def _sentence_key(item: IndicatorFigures) -> str:
    code = item.indicator.code
    if code in OWN_SENTENCES:
        return f"economy.{code}"
    return "economy.generic_value" if item.value.present else "economy.generic_growth"


def economy_section(region: Region, period: Period, economy: EconomyFigures, words: Wording | None = None) -> Section:
    section = Section("economy", "经济运行")
    words = words or wording()
    for item in economy.items:
        plain, linked = _both(
            _sentence_key(item), lambda mark, item=item: _indicator_context(item, region, period, mark), words
        )
        if plain and linked:
            section.sentences.append(plain)
            section.linked.append(linked)
            section.by_indicator[item.indicator.name] = plain
    if section.sentences:
        opening = render("economy.opening", {"period_label": period.label, "region": region.name}, words=words) or ""
        section.sentences[0] = f"{opening}{section.sentences[0]}"
        section.linked[0] = format_html("{}{}", opening, mark_safe(section.linked[0]))  # noqa: S308
    return section


def _number(value: Any) -> str | None:
    if value is None:
        return None
    return f"{Decimal(str(value)).normalize():f}" if not isinstance(value, int) else str(value)


def _one_decimal(value: Any) -> str | None:
    return None if value is None else format_number(Decimal(str(value)), 1)


def _single(section: Section, key: str, build: Any, words: Wording | None) -> Section:
    plain, linked = _both(key, build, words or wording())
    if plain and linked:
        section.sentences, section.linked = [plain], [linked]
    return section


def projects_section(region: Region, period: Period, data: dict[str, Any], words: Wording | None = None) -> Section:
    section = Section("major_projects", "重大项目建设")
    if not data.get("count"):
        return section
    url = reverse("projects:project-list") + f"?year={period.year}&major=true&period={period.iso}&sort=-total"

    def build(mark: Marks) -> dict[str, Any]:
        return {
            "as_of": period.as_of,
            "region": region.name,
            "count": mark(data["count"], url, data.get("filter", "")),
            "total": mark(_one_decimal(data["total_investment_yi"]), url, "项目总投资之和（万元÷10000）"),
            "plan": mark(_one_decimal(data["annual_plan_yi"]), url, "各项目当年计划投资之和"),
            "done": mark(_one_decimal(data["completed_ytd_yi"]), url, "1月至当月已审核的月度完成投资之和"),
            "completion": mark(
                _one_decimal(data["plan_completion_pct"]), url, "累计完成投资 ÷ 当年计划投资（未取整值相除）"
            ),
        }

    return _single(section, "projects.summary", build, words)


def promotion_section(region: Region, period: Period, data: dict[str, Any], words: Wording | None = None) -> Section:
    section = Section("investment_promotion", "招商引资")
    if not data.get("projects_signed") and not data.get("enterprises_engaged"):
        return section
    url = reverse("promotion:board") + f"?year={period.year}"
    window = f"{period.year}年1月1日至{period.month}月底"

    def build(mark: Marks) -> dict[str, Any]:
        return {
            "as_of": period.as_of,
            "region": region.name,
            "engaged": mark(
                data["enterprises_engaged"], reverse("promotion:investor-list"), f"{window}对接的企业，每家计一次"
            ),
            "signed": mark(data["projects_signed"], url, f"签约日期在{window}的项目"),
            "amount": mark(_number(data["signed_amount_yi"]), url, "当年签约项目意向投资额之和（万元÷10000）"),
            "signed_pct": mark(_number(data.get("projects_signed_pct_of_target")), url, "签约项目数 ÷ 全年目标"),
            "amount_pct": mark(_number(data.get("signed_amount_pct_of_target")), url, "签约金额 ÷ 全年目标"),
            "landed": mark(data["projects_landed"], url, f"落地日期在{window}的项目"),
            "started": mark(data["projects_started"], url, f"开工日期在{window}的项目"),
        }

    return _single(section, "promotion.summary", build, words)


def services_section(region: Region, period: Period, data: dict[str, Any], words: Wording | None = None) -> Section:
    section = Section("services", "优化营商环境")
    if not data.get("problems_resolved"):
        return section
    url = reverse("desk:request-list") + "?state=confirmed"
    how = f"{period.year}年1月1日至{period.month}月底经企业确认解决的诉求{data['problems_resolved']}项，写作约数"

    def build(mark: Marks) -> dict[str, Any]:
        return {
            "resolved": mark(data["problems_resolved_written"], url, how),
            "qualifier": data["problems_resolved_qualifier"] or "",
        }

    return _single(section, "services.summary", build, words)


def write(region: Region, period: Period) -> Written:
    families = registry.compute(region, period)
    figures = registry.as_json(region, period, families)
    data: dict[str, Any] = figures
    words = wording()
    sections = [
        economy_section(region, period, families["indicators"], words),  # type: ignore[arg-type]
        projects_section(region, period, data.get("major_projects", {}), words),
        promotion_section(region, period, data.get("investment_promotion", {}), words),
        services_section(region, period, data.get("services", {}), words),
    ]
    return Written(region, period, sections, figures)
