"""Which indicator a figure's name in the text means: the catalogue's names, short names and aliases,
the ways bulletins write them, and the ledgers' figures (major projects, the pipeline, the desk).

A name that resolves to nothing keeps the words of the text, tidied (区域 prefixes, verbs, brackets
removed), so a reader still sees what the figure is of.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from regionpulse.claims.numbers import MONEY, is_count
from regionpulse.indicators.catalogue import CATALOGUE

# How bulletins write catalogue indicators besides the catalogue's own aliases, by indicator code.
WRITTEN_FORMS: dict[str, tuple[str, ...]] = {
    "gdp": ("地区生产总值(GDP)", "GDP总量", "生产总值", "国内生产总值", "地区GDP"),
    "fixed_asset_investment": ("固定资产投资额", "固定资产投资总额", "全社会固定资产投资额"),
    "industrial_value_added": ("规模工业增加值", "规上工业增加值", "规模以上工业企业增加值", "规模以上工业现价增加值"),
    "retail_sales": ("社会消费品零售总额", "社会消费品零售额"),
    "urban_income": ("城镇居民可支配收入", "城镇常住居民可支配收入", "城镇居民人均可支配收入"),
    "budget_revenue": (
        "地方公共财政预算收入",
        "公共财政预算收入",
        "地方公共预算收入",
        "一般预算收入",
        "地方一般预算收入",
        "一般公共预算收入累计",
    ),
}


@dataclass(frozen=True, slots=True)
class LedgerFigure:
    """A figure of a ledger family, where ``regionpulse figures`` keeps it."""

    name: str
    family: str
    key: str
    unit: str  # the unit of the figure in the family's JSON
    target_key: str | None = None


MAJOR_PROJECT_COUNT = LedgerFigure("重大项目个数", "major_projects", "count", "个")
MAJOR_PROJECT_TOTAL = LedgerFigure("重大项目总投资", "major_projects", "total_investment_yi", "亿元")
MAJOR_PROJECT_PLAN = LedgerFigure("重大项目年度计划投资", "major_projects", "annual_plan_yi", "亿元")
MAJOR_PROJECT_DONE = LedgerFigure(
    "重大项目累计完成投资", "major_projects", "completed_ytd_yi", "亿元", "plan_completion_pct"
)
ENGAGED = LedgerFigure(
    "对接洽谈企业数", "investment_promotion", "enterprises_engaged", "家", "enterprises_engaged_pct_of_target"
)
SIGNED = LedgerFigure("签约项目数", "investment_promotion", "projects_signed", "个", "projects_signed_pct_of_target")
SIGNED_AMOUNT = LedgerFigure(
    "签约金额", "investment_promotion", "signed_amount_yi", "亿元", "signed_amount_pct_of_target"
)
LANDED = LedgerFigure("落地项目数", "investment_promotion", "projects_landed", "个", "projects_landed_pct_of_target")
STARTED = LedgerFigure("开工项目数", "investment_promotion", "projects_started", "个", "projects_started_pct_of_target")
FUNDS = LedgerFigure("到位资金", "investment_promotion", "funds_in_place_yi", "亿元", "funds_in_place_pct_of_target")
RESOLVED = LedgerFigure("协调解决企业问题数", "services", "problems_resolved", "项")

LEDGER_FIGURES = {
    figure.name: figure
    for figure in (
        MAJOR_PROJECT_COUNT,
        MAJOR_PROJECT_TOTAL,
        MAJOR_PROJECT_PLAN,
        MAJOR_PROJECT_DONE,
        ENGAGED,
        SIGNED,
        SIGNED_AMOUNT,
        LANDED,
        STARTED,
        FUNDS,
        RESOLVED,
    )
}

_MAJOR = re.compile(r"重大项目|重点项目|亿元以上项目")
# Every ledger figure's name has one of these; most names (economic indicators) have none.
_LEDGER_HINT = re.compile(r"项目|企业|资金|投资|签约|协议|落地|开工|问题|金额|引资")
_PIPELINE_STAGE = re.compile(r"开工|竣工|投产|签约|落地")
_ENGAGED_NAME = re.compile(r"(?:对接|洽谈|对接洽谈)(?:的)?企业")
_SIGNED_NAME = re.compile(r"(?:新)?签约(?:招商)?项目")
_SIGNED_AMOUNT_NAME = re.compile(r"(?:签约|协议)(?:金额|资金|引资|总金额|总投资)")
_LANDED_NAME = re.compile(r"(?:已)?落地(?:项目)?")
_STARTED_NAME = re.compile(r"(?:已|新)?开工(?:项目)?")
_FUNDS_NAME = re.compile(r"(?:实际)?到位资金")


# A bulletin names the same few figures many times, and each reads through several patterns.
@lru_cache(maxsize=4096)
def _ledger_figure(name: str, unit: str | None, subject: str) -> LedgerFigure | None:
    """The ledger figure a name stands for; ``subject`` is what the sentence counts (…重大项目)."""
    if _LEDGER_HINT.search(name) is None:
        return None
    money = unit in MONEY
    counted = is_count(unit)
    major = bool(_MAJOR.search(name) or _MAJOR.search(subject))
    if major and counted and "项目" in name and not _PIPELINE_STAGE.search(name):
        return MAJOR_PROJECT_COUNT
    if major and money:
        if "计划" in name:
            return MAJOR_PROJECT_PLAN
        if "完成" in name:
            return MAJOR_PROJECT_DONE
        if "总投资" in name:
            return MAJOR_PROJECT_TOTAL
    if counted and _ENGAGED_NAME.fullmatch(name):
        return ENGAGED
    if counted and _SIGNED_NAME.fullmatch(name):
        return SIGNED
    if money and _SIGNED_AMOUNT_NAME.fullmatch(name):
        return SIGNED_AMOUNT
    if counted and _LANDED_NAME.fullmatch(name):
        return LANDED
    if counted and _STARTED_NAME.fullmatch(name):
        return STARTED
    if money and _FUNDS_NAME.fullmatch(name):
        return FUNDS
    if counted and "解决" in name and "问题" in name:
        return RESOLVED
    return None


@dataclass(slots=True)
class Vocabulary:
    """Indicator names: every written form of each catalogue indicator, to its canonical name."""

    forms: dict[str, str] = field(default_factory=dict)
    growth_in_points: set[str] = field(default_factory=set)

    def add(self, canonical: str, written: Iterable[str]) -> None:
        for form in (canonical, *written):
            if form:
                self.forms.setdefault(_key(form), canonical)

    def resolve(self, name: str, unit: str | None = None, subject: str = "", written: str = "") -> str:
        """The canonical name of a written name; the tidied name itself when nothing matches.
        ``written`` keeps the verbs that tell a ledger's plan (计划投资) from what was done (完成投资)."""
        ledger = _ledger_figure(written or name, unit, subject)
        if ledger is not None:
            return ledger.name
        return self.forms.get(_key(name), name)

    def is_catalogue(self, name: str) -> bool:
        return name in set(self.forms.values())


def _key(name: str) -> str:
    if "(" in name or "（" in name or " " in name:
        name = re.sub(r"[（(][^）)]*[）)]|\s", "", name)
    return name.upper()


def _split(aliases: str) -> list[str]:
    return [alias.strip() for alias in re.split(r"[、，,]", aliases) if alias.strip()]


def default_vocabulary() -> Vocabulary:
    """The catalogue as shipped (no database needed): what every deployment has."""
    vocabulary = Vocabulary()
    for code, name, short, aliases, _unit, _decimals, _kind, _publication, growth_unit, *_ in CATALOGUE:
        vocabulary.add(name, [short, *_split(aliases), *WRITTEN_FORMS.get(code, ())])
        if growth_unit == "pp":
            vocabulary.growth_in_points.add(name)
    return vocabulary


def database_vocabulary() -> Vocabulary:
    """The catalogue as the administrator keeps it, with the written forms above."""
    from regionpulse.indicators.models import Indicator

    vocabulary = Vocabulary()
    for indicator in Indicator.objects.all():
        written = [indicator.short_name, *indicator.alias_list(), *WRITTEN_FORMS.get(indicator.code, ())]
        vocabulary.add(indicator.name, written)
        if indicator.growth_unit == Indicator.GrowthUnit.POINTS:
            vocabulary.growth_in_points.add(indicator.name)
    return vocabulary
