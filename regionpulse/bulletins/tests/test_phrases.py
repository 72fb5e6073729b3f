"""The turns of a bulletin's phrasing: decline, level with the city, below it, second place, a figure
missing, two targets with one over 100%, and an administrator's own wording."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regionpulse.bulletins.models import Phrase
from regionpulse.bulletins.phrases import render
from regionpulse.bulletins.writer import economy_section, promotion_section, services_section
from regionpulse.conftest import World, observe
from regionpulse.core.periods import Period
from regionpulse.indicators.figures import economy

H1 = Period(2022, 6)


def sentence(world: World) -> str:
    return economy_section(world.district, H1, economy(world.district, H1)).text


def gdp(world: World, district: tuple[str, str], city: tuple[str, str], neighbour: str = "100") -> None:
    observe("gdp", world.district, 2022, 6, *district)
    observe("gdp", world.city, 2022, 6, *city)
    observe("gdp", world.neighbour, 2022, 6, neighbour, "5.0")


def test_a_decline_below_the_city_in_second_place(world: World) -> None:
    gdp(world, ("90", "-1.5"), ("400", "2.0"), neighbour="150")
    text = sentence(world)
    assert "地区生产总值达90.00亿元，占全市总量的22.5%，同比下降1.5%，低于全市3.5个百分点，总量位居全市第二位" in text


def test_growth_level_with_the_city(world: World) -> None:
    gdp(world, ("200", "6.8"), ("400", "6.8"))
    assert "同比增长6.8%，与全市持平，总量位居全市首位" in sentence(world)


def test_a_missing_figure_leaves_its_sentence_out_rather_than_writing_a_zero(world: World) -> None:
    observe("fixed_asset_investment", world.district, 2022, 6, None, "31.5")
    text = sentence(world)
    assert text == "2022年上半年，昆都仑区固定资产投资同比增长31.5%。"
    assert "地区生产总值" not in text and "0" not in text.replace("2022", "").replace("31.5", "")


def test_nothing_to_say_writes_no_section(world: World) -> None:
    assert sentence(world) == ""
    assert services_section(world.district, H1, {"problems_resolved": 0}).text == ""


def promotion(signed_pct: int | None, amount_pct: int | None) -> str:
    data = {
        "enterprises_engaged": 775,
        "projects_signed": 135,
        "signed_amount_yi": 1538.248,
        "projects_signed_pct_of_target": signed_pct,
        "signed_amount_pct_of_target": amount_pct,
        "projects_landed": 113,
        "projects_started": 71,
    }
    return promotion_section_text(data)


def promotion_section_text(data: dict[str, object]) -> str:
    from regionpulse.core.models import Region

    region = Region(code="150203", name="昆都仑区", level=Region.Level.COUNTY, path="150000/150200/150203/")
    return promotion_section(region, H1, data).text


def test_two_targets_are_reported_together_one_over_a_hundred_percent(db: None) -> None:
    assert "分别完成全年招商计划的84%、171%，落地项目113个" in promotion(84, 171)


def test_one_target_only_names_which(db: None) -> None:
    text = promotion(84, None)
    assert "签约项目完成全年计划的84%" in text and "分别" not in text


def test_counts_written_approximately_and_exactly(db: None) -> None:
    from regionpulse.core.models import Region

    region = Region(code="150203", name="昆都仑区", level=Region.Level.COUNTY, path="150000/150200/150203/")
    data = {"problems_resolved": 134, "problems_resolved_written": 130, "problems_resolved_qualifier": "余"}
    assert services_section(region, H1, data).text == "累计帮助企业协调解决130余项问题。"
    exact = {"problems_resolved": 130, "problems_resolved_written": 130, "problems_resolved_qualifier": None}
    assert services_section(region, H1, exact).text == "累计帮助企业协调解决130项问题。"


@pytest.mark.django_db
def test_an_administrators_wording_replaces_the_default() -> None:
    Phrase.objects.create(key="services.summary", text="为企业办实事解决问题{{ resolved }}{{ qualifier }}件")
    assert render("services.summary", {"resolved": 130, "qualifier": "余"}) == "为企业办实事解决问题130余件"
    assert render("services.summary", {"resolved": None, "qualifier": ""}) is None


def test_a_whole_growth_is_written_without_its_decimal(world: World) -> None:
    observe("industrial_value_added", world.district, 2022, 6, None, "17.0")
    observe("urban_income", world.district, 2022, 6, "28619", "4.0")
    text = sentence(world)
    assert "规上工业增加值同比增长17%" in text
    # Income keeps its decimal, as the article writes it: its sentence has its own wording.
    assert "同比增长4.0%" in text


def test_decimal_values_keep_their_published_decimals(world: World) -> None:
    observe("budget_revenue", world.district, 2022, 6, "17.1", "8.7")
    assert "一般公共预算收入累计完成17.10亿元" in sentence(world)
    assert Decimal("17.10") == Decimal("17.1")
