"""One turn of phrase at a time: what the reader makes of it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regionpulse.claims.extract import extract
from regionpulse.claims.numbers import chinese_integer, parse_number
from regionpulse.claims.regions import Home


def only(text: str, **options: object) -> dict[str, object]:
    claims = extract(text, **options)  # type: ignore[arg-type]
    assert len(claims) == 1, [claim.indicator for claim in claims]
    claim = claims[0]
    return {
        "indicator": claim.indicator,
        "value": claim.value,
        "unit": claim.unit,
        "qualifier": claim.qualifier,
        "yoy": claim.yoy_pct,
        "share": claim.share_of_parent_pct,
        "gap": claim.vs_parent_pp,
        "rank": claim.rank_in_parent,
        "target": claim.target_completion_pct,
        "period": claim.period,
        "region": claim.region,
    }


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("全区地区生产总值达592.48亿元。", "592.48", "亿元"),
        ("一般公共预算收入97950万元。", "97950", "万元"),
        ("城镇常住居民人均可支配收入达到28619元。", "28619", "元"),
        ("粮食总产量达到80.78万吨。", "80.78", "万吨"),
        ("对接洽谈企业775家。", "775", "家"),
        ("签约项目135个。", "135", "个"),
        ("下沉执法权限97项。", "97", "项"),
        ("常住人口城镇化率为87.56%。", "87.56", "%"),
        ("签约金额1,538.248亿元。", "1538.248", "亿元"),
        ("完成生产总值56.7亿,增长7.5%。", "56.7", "亿元"),
        ("签约项目１３５个。", "135", "个"),
    ],
)
def test_a_value_with_its_unit(text: str, value: str, unit: str) -> None:
    claim = only(text)
    assert (claim["value"], claim["unit"]) == (Decimal(value), unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("新增规上企业十二家。", "12", "家"),
        ("签约金额三十五亿元。", "35", "亿元"),
        ("解决问题一百零八项。", "108", "项"),
        ("城镇化率达百分之六十五点三。", "65.3", "%"),
    ],
)
def test_chinese_numerals(text: str, value: str, unit: str) -> None:
    claim = only(text)
    assert (claim["value"], claim["unit"]) == (Decimal(value), unit)


def test_small_chinese_numbers_name_things_rather_than_count_them() -> None:
    assert extract("统分结合、六个专班推进、七项制度保障，围绕三个500强招商。") == []


def test_numeral_parsing() -> None:
    assert chinese_integer("二〇二二") == 2022
    assert chinese_integer("十") == 10
    assert chinese_integer("一千二百") == 1200
    assert parse_number("1,082.3") == Decimal("1082.3")
    assert parse_number("三点五") == Decimal("3.5")


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("累计帮助企业协调解决130余项问题。", "余"),
        ("实地走访企业80多家。", "余"),
        ("招商引资到位资金近12亿元。", "近"),
        ("实际到位外省资金超700亿元。", "超"),
        ("实际到位外省资金突破700亿元。", "超"),
        ("全年产值约3亿元。", "约"),
        ("全年产值3亿元左右。", "约"),
        ("粮食商品率达到85%以上。", "超"),
    ],
)
def test_qualifiers(text: str, qualifier: str) -> None:
    assert only(text)["qualifier"] == qualifier


@pytest.mark.parametrize(
    ("text", "growth"),
    [
        ("固定资产投资同比增长31.5%。", "31.5"),
        ("税收收入同口径下降8.0%。", "-8.0"),
        ("战略性新兴产业占规上工业总产值比重同比提高5.7%。", "5.7"),
        ("工业投资回落3.2%。", "-3.2"),
        ("外贸进出口总额同比持平。", "0"),
        ("工业投资增长2.2倍。", "220"),
        ("工业招商项目实际形成固定资产投资额同比增长-8.92%。", "-8.92"),
    ],
)
def test_growth_with_its_sign(text: str, growth: str) -> None:
    assert only(text)["yoy"] == Decimal(growth)


@pytest.mark.parametrize(
    "text",
    [
        "规模以上工业增加值两年平均增长6.1%。",
        "存款余额比年初增长4.8%。",
        "增速比1-10月提高0.5个百分点。",
        "拉动GDP增长0.2个百分点。",
    ],
)
def test_growth_against_another_base_is_not_a_year_on_year_claim(text: str) -> None:
    assert extract(text) == []


def test_share_of_the_parent() -> None:
    claim = only("地区生产总值达592.48亿元,占全市总量的31.4%。")
    assert claim["share"] == Decimal("31.4")


@pytest.mark.parametrize(
    ("text", "gap"),
    [
        ("高于全市0.1个百分点", "0.1"),
        ("低于全市1.2个百分点", "-1.2"),
        ("比全市高1.7个百分点", "1.7"),
        ("与全市持平", "0"),
    ],
)
def test_gap_to_the_parent(text: str, gap: str) -> None:
    assert only(f"地区生产总值同比增长6.9%,{text}。")["gap"] == Decimal(gap)


@pytest.mark.parametrize(("text", "rank"), [("总量位居全市首位", 1), ("位居全市第三位", 3), ("总量排在全市第10", 10)])
def test_rank_in_the_parent(text: str, rank: int) -> None:
    assert only(f"地区生产总值达592.48亿元,{text}。")["rank"] == rank


def test_a_rank_after_a_growth_ranks_the_growth() -> None:
    assert only("固定资产投资同比增长9.0%,排名全市第四。")["rank"] is None


def test_completion_of_a_target() -> None:
    claim = only("累计完成投资178.3亿元,完成当年计划投资的71.4%。")
    assert claim["target"] == Decimal("71.4")


def test_a_target_written_beside_the_completion_is_kept_for_the_check() -> None:
    claim = extract("招商引资项目共到位资金71.15亿元,完成市政府考核目标61亿元的117%。")[0]
    assert (claim.target_completion_pct, claim.target, claim.target_unit) == (Decimal(117), Decimal(61), "亿元")


def test_a_list_maps_onto_the_figures_before_it_the_last_ones_first() -> None:
    claims = extract("已累计对接洽谈企业775家,签约项目135个,签约金额达1538.248亿元,分别完成全年招商计划的84%、171%。")
    assert [(claim.indicator, claim.target_completion_pct) for claim in claims] == [
        ("对接洽谈企业数", None),
        ("签约项目数", Decimal(84)),
        ("签约金额", Decimal(171)),
    ]


def test_a_list_of_names_takes_a_list_of_values() -> None:
    claims = extract("城乡居民人均可支配收入分别达到18687元、5634元,增长7.8%、9.2%。")
    assert [(c.indicator, c.value, c.yoy_pct) for c in claims] == [
        ("城镇常住居民人均可支配收入", Decimal(18687), Decimal("7.8")),
        ("农村居民人均可支配收入", Decimal(5634), Decimal("9.2")),
    ]


def test_names_share_their_common_words() -> None:
    claims = extract("城镇、乡村消费品零售额各为114135.9万元和2067.5万元,分别增长6.2%和2.5%。")
    assert [(c.name, c.yoy_pct) for c in claims] == [
        ("城镇消费品零售额", Decimal("6.2")),
        ("乡村消费品零售额", Decimal("2.5")),
    ]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2022年上半年,全区地区生产总值达592.48亿元。", "2022-06"),
        ("2022年7月23日。截至6月底,签约项目135个。", "2022-06"),
        ("2021年。1-9月,签约项目135个。", "2021-09"),
        ("2021年。前三季度,签约项目135个。", "2021-09"),
        ("2021年全年,签约项目135个。", "2021-12"),
        ("2021年,元至九月,签约项目135个。", "2021-09"),
        ("签约项目135个。", None),
    ],
)
def test_the_period_phrase_before_a_figure(text: str, period: str | None) -> None:
    assert only(text)["period"] == period


def test_a_target_for_the_whole_year_is_not_a_period() -> None:
    claims = extract("2022年上半年,签约项目135个,完成全年计划的84%,落地项目113个。")
    assert [claim.period for claim in claims] == ["2022-06", "2022-06"]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("我区签约项目135个。", "昆都仑区"),
        ("全区签约项目135个。", "昆都仑区"),
        ("全市规模以上工业增加值同比增长4.9%。", "包头市"),
    ],
)
def test_our_district_is_the_region_the_caller_names(text: str, region: str) -> None:
    assert only(text, home=Home("昆都仑区", parent="包头市"))["region"] == region


def test_a_named_region_wins_over_the_callers() -> None:
    claim = only("青山区签约项目135个。", home=Home("昆都仑区", parent="包头市"), regions={"青山区"})
    assert claim["region"] == "青山区"


@pytest.mark.parametrize(
    "text",
    [
        "总投资45亿元的通威二期5万吨高纯晶硅项目。",
        "投资5000万元以上项目投资增长9%。",
    ],
)
def test_numbers_inside_names_are_not_figures(text: str) -> None:
    assert all(claim.value != 5 and claim.value != 5000 for claim in extract(text))
