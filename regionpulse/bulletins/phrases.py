"""The house style of district bulletins, sentence by sentence, as editable templates.

Each sentence names the figures it needs (``requires``); when any is missing the sentence is left
out. Numbers reach the template already rounded and written as published (592.48, 31.4, 130余).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.template import Context, Template


@dataclass(frozen=True, slots=True)
class Default:
    text: str
    requires: tuple[str, ...]
    note: str = ""


# The economy: a sentence an indicator; the generic one serves an indicator without its own.
DEFAULTS: dict[str, Default] = {
    "economy.opening": Default("{{ period_label }}，{{ region }}", ("period_label", "region")),
    "economy.gdp": Default(
        "{{ name }}达{{ value }}{{ unit }}{% if share %}，占{{ parent }}总量的{{ share }}%{% endif %}"
        "{% if growth_phrase %}，{{ growth_phrase }}{% endif %}{% if gap_phrase %}，{{ gap_phrase }}{% endif %}"
        "{% if rank_phrase %}，总量{{ rank_phrase }}{% endif %}",
        ("value",),
    ),
    "economy.urban_income": Default(
        "{{ name }}达到{{ value }}{{ unit }}{% if growth_phrase %}，{{ growth_phrase }}{% endif %}"
        "{% if rank_phrase %}，绝对量{{ rank_phrase }}{% endif %}",
        ("value",),
    ),
    "economy.budget_revenue": Default(
        "{{ name }}累计完成{{ value }}{{ unit }}{% if growth_phrase %}，{{ growth_phrase }}{% endif %}", ("value",)
    ),
    "economy.industrial_value_added": Default(
        "{{ short }}{{ growth_phrase_whole }}", ("growth",), "用简称；整数增速按习惯不写小数点后的0，如17%"
    ),
    "economy.generic_value": Default(
        "{{ name }}{{ value }}{{ unit }}{% if growth_phrase %}，{{ growth_phrase }}{% endif %}", ("value",)
    ),
    "economy.generic_growth": Default("{{ name }}{{ growth_phrase }}", ("growth",)),
    "projects.summary": Default(
        "{{ as_of }}，{{ region }}{{ count }}个投资亿元以上重大项目总投资{{ total }}亿元，年内计划投资{{ plan }}亿元，"
        "累计完成投资{{ done }}亿元{% if completion %}，完成当年计划投资的{{ completion }}%{% endif %}",
        ("count",),
    ),
    "promotion.summary": Default(
        "{{ as_of }}，{{ region }}已累计对接洽谈企业{{ engaged }}家，签约项目{{ signed }}个，签约金额达{{ amount }}亿元"
        "{% if signed_pct and amount_pct %}，分别完成全年招商计划的{{ signed_pct }}%、{{ amount_pct }}%"
        "{% elif signed_pct %}，签约项目完成全年计划的{{ signed_pct }}%{% elif amount_pct %}，签约金额完成全年计划的"
        "{{ amount_pct }}%{% endif %}，落地项目{{ landed }}个、已开工{{ started }}个",
        ("signed",),
        "两项目标都有时写作“分别完成…的84%、171%”",
    ),
    "services.summary": Default("累计帮助企业协调解决{{ resolved }}{{ qualifier }}项问题", ("resolved",)),
}


Wording = Mapping[str, str]


def wording() -> Wording:
    """Every sentence's wording: the administrator's where there is one, else the default; one query."""
    from regionpulse.bulletins.models import Phrase

    return {key: default.text for key, default in DEFAULTS.items()} | dict(Phrase.objects.values_list("key", "text"))


def render(key: str, context: dict[str, object], html: bool = False, words: Wording | None = None) -> str | None:
    """The sentence, or None when a figure it needs is missing; ``html`` escapes all but marked numbers.

    ``words`` is the wording a whole bulletin is written in, read once; without it, it is read now.
    """
    default = DEFAULTS[key]
    if any(context.get(name) in (None, "") for name in default.requires):
        return None
    text = (words or wording())[key]
    return Template(text).render(Context(context, autoescape=html)).strip()
