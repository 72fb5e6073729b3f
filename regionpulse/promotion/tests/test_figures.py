"""The investment-promotion figures of a region and month, added up by hand from the pipeline in conftest.py.

昆都仑区, 1-6月 2022 (1 January to 30 June; amounts in 万元):

engaged: 通威 (ten contacts, counted once) and 华为云 (met on 30 June) → 2; not 美科 (met 2021-12-20 and
    2022-07-01 only), not 北方稀土 (青山区).
signed: 通威二期 500000 + 美科切片 38248 + 通威研发中心 1237 → 3 deals, 539485万元 = 53.9485亿 → 53.949 (half up);
    not 华为云培训中心 (signed 5 July), not the deals signed in 2021, not 北方稀土永磁 (青山区).
funds in place: 通威二期 16899.99 → 1.689999亿 → 1.690.
landed: 通威二期 (1 April), 宁德储能 (1 February) → 2; 美科硅片 lands on 10 July.
started: 通威二期 (10 May), 宁德储能 (30 June) → 2.  producing: 通威一期 (15 March) → 1.
stalled: 30 June less 180 days is 1 January 2022. Signed by then and not landed by 30 June: 宁德电池包, 美科硅片
    → 2 (not 通威研发中心, signed 2 January, 179 days before the end). Landed by then, not started: 美科单晶 → 1.
completion: 2/3 = 66.67% → 67; 3/8 = 37.5% → 38; 539485/600000 = 89.91% → 90; 2/16 = 12.5% → 13 (half up, not
    to even); 16899.99/20000 = 84.49995% → 84 (the rounded 1.690亿 over 2亿 would give 84.5% → 85);
    no 落地 target, so no 落地 completion.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.management import call_command

from regionpulse.conftest import World
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.promotion.figures import ChainFigures, PromotionFigures, by_chain, by_tag, investment_promotion
from regionpulse.promotion.models import Deal, Stage, Target
from regionpulse.promotion.tests.conftest import DIGITAL, SOLAR, Pipeline, engage, make_investor, set_target

H1 = Period(2022, 6)
Q1 = Period(2022, 3)
WAN_PER_YI = Decimal(10_000)
Metric = Target.Metric

SIGNED_WAN = Decimal("500000") + Decimal("38248") + Decimal("1237")
NEIGHBOUR_SIGNED_WAN = Decimal("88888")


def figures(region: Region, period: Period = H1) -> PromotionFigures:
    return investment_promotion(region, period)


def yi(wan: Decimal) -> Decimal:
    return wan / WAN_PER_YI


def counts(result: PromotionFigures) -> dict[str, int]:
    return {
        "engaged": result.enterprises_engaged,
        "signed": result.projects_signed,
        "landed": result.projects_landed,
        "started": result.projects_started,
        "producing": result.projects_producing,
        "signed_not_landed": result.stalled_unlanded,
        "landed_not_started": result.stalled_unstarted,
    }


def test_the_districts_half_year_counts_each_deal_by_the_date_of_its_own_stage(pipeline: Pipeline) -> None:
    assert counts(figures(pipeline.world.district)) == {
        "engaged": 2,
        "signed": 3,
        "landed": 2,
        "started": 2,
        "producing": 1,
        "signed_not_landed": 2,
        "landed_not_started": 1,
    }


def test_an_enterprise_engaged_ten_times_counts_once(pipeline: Pipeline) -> None:
    district = pipeline.world.district
    tongwei = pipeline.investors["通威股份有限公司"]
    assert tongwei.engagements.filter(date__year=2022, date__month__lte=6).count() == 10
    assert figures(district).enterprises_engaged == 2
    engage(tongwei, "2022-06-15")  # an eleventh contact in the window
    assert figures(district).enterprises_engaged == 2


def test_a_contact_last_year_or_after_the_month_does_not_count(pipeline: Pipeline) -> None:
    district = pipeline.world.district
    meike = pipeline.investors["包头美科硅能源有限公司"]
    # 美科 was met on 2021-12-20 and 2022-07-01 only: not in 1-6月.
    assert figures(district).enterprises_engaged == 2
    # By March, 华为云 (met on 30 June) has not been met either.
    assert figures(district, Q1).enterprises_engaged == 1
    # In 1-7月 the July contact counts.
    assert figures(district, Period(2022, 7)).enterprises_engaged == 3
    engage(meike, "2022-01-01")  # the window's first day
    assert figures(district).enterprises_engaged == 3


def test_signed_amount_is_in_yi_to_three_decimals_rounded_half_up(pipeline: Pipeline) -> None:
    result = figures(pipeline.world.district)
    assert result.signed_amount.value == yi(SIGNED_WAN) == Decimal("53.9485")
    assert result.signed_amount.unit == "亿元"
    # Half up: 53.9485 → 53.949 (rounding to even would write 53.948).
    assert result.signed_amount.rounded == Decimal("53.949")
    assert result.funds_in_place.value == Decimal("1.689999")
    assert result.funds_in_place.rounded == Decimal("1.690")


def test_landed_and_started_follow_their_own_dates_in_the_year_to_date(pipeline: Pipeline) -> None:
    district = pipeline.world.district
    # By March: 宁德储能 has landed (1 February) but not started (30 June); 通威一期 went into production on 15 March.
    assert counts(figures(district, Q1)) == {
        "engaged": 1,
        "signed": 3,
        "landed": 1,
        "started": 0,
        "producing": 1,
        "signed_not_landed": 0,
        "landed_not_started": 1,
    }
    # In 1-7月, 美科硅片 has landed (10 July) and 华为云培训中心 has signed (5 July).
    july = figures(district, Period(2022, 7))
    assert (july.projects_signed, july.projects_landed, july.projects_started) == (4, 3, 2)
    # Next year's figures start again from January: nothing of 2022 counts in 2023's first month.
    january = figures(district, Period(2023, 1))
    assert (january.projects_signed, january.projects_landed, january.projects_started) == (0, 0, 0)


def test_stalled_deals_are_those_signed_more_than_180_days_before_the_end_and_not_landed_by_it(
    pipeline: Pipeline,
) -> None:
    district = pipeline.world.district
    result = figures(district)
    assert (result.stalled_unlanded, result.stalled_unstarted) == (2, 1)
    # 通威研发中心 signed on 2 January: 179 days before 30 June, not yet stalled; 210 days before 31 July it is,
    # while 美科硅片 has landed by then (10 July): 宁德电池包 and 通威研发中心.
    assert figures(district, Period(2022, 7)).stalled_unlanded == 2
    # 宁德电池包 lands on 30 June: landed by the end, no longer stalled; landed so late, it is not yet stalled
    # waiting to start either (美科单晶 still is).
    deal = pipeline.deal("OLDSIGN")
    deal.landed_on = datetime.date(2022, 6, 30)
    deal.stage = Stage.LANDED
    deal.save()
    assert (figures(district).stalled_unlanded, figures(district).stalled_unstarted) == (1, 1)


def test_target_completion_is_a_whole_percent_rounded_half_up_from_unrounded_values(pipeline: Pipeline) -> None:
    result = figures(pipeline.world.district)
    completions = {metric: item.completion.rounded for metric, item in result.targets.items()}
    assert completions == {
        Metric.ENGAGED: Decimal(67),
        Metric.SIGNED: Decimal(38),
        Metric.SIGNED_AMOUNT: Decimal(90),
        Metric.STARTED: Decimal(13),
        Metric.FUNDS: Decimal(84),
    }
    assert result.targets[Metric.FUNDS].completion.value == Decimal("16899.99") / Decimal(20000) * 100
    assert result.targets[Metric.SIGNED_AMOUNT].target.value == Decimal(60)


def test_a_metric_without_a_target_has_no_completion(pipeline: Pipeline) -> None:
    result = figures(pipeline.world.district)
    assert result.completion(Metric.LANDED) is None
    printed = result.as_json()
    assert "projects_landed_pct_of_target" not in printed
    assert "projects_landed" not in printed["annual_targets"]
    assert printed["projects_landed"] == 2
    # 青山区 has no targets at all.
    neighbour = figures(pipeline.world.neighbour).as_json()
    assert neighbour["annual_targets"] == {}
    assert not [key for key in neighbour if key.endswith("_pct_of_target")]


def test_a_target_of_another_year_or_region_is_not_this_years(pipeline: Pipeline) -> None:
    world = pipeline.world
    set_target(world.district, 2021, Metric.LANDED, "4")
    set_target(world.neighbour, 2022, Metric.LANDED, "4")
    assert figures(world.district).completion(Metric.LANDED) is None


def test_the_family_is_one_query(pipeline: Pipeline, django_assert_num_queries: Callable[..., Any]) -> None:
    region = Region.objects.get(code="150203")
    with django_assert_num_queries(1):
        result = investment_promotion(region, H1)
        printed = result.as_json()
    assert printed["projects_signed"] == 3


def test_a_city_sums_its_districts(pipeline: Pipeline) -> None:
    world = pipeline.world
    neighbour = figures(world.neighbour)
    assert counts(neighbour) == {
        "engaged": 1,
        "signed": 1,
        "landed": 1,
        "started": 0,
        "producing": 0,
        "signed_not_landed": 0,
        "landed_not_started": 0,
    }
    city = figures(world.city)
    assert counts(city) == {
        "engaged": 3,
        "signed": 4,
        "landed": 3,
        "started": 2,
        "producing": 1,
        "signed_not_landed": 2,
        "landed_not_started": 1,
    }
    assert city.signed_amount.value == yi(SIGNED_WAN + NEIGHBOUR_SIGNED_WAN)
    assert city.signed_amount.rounded == Decimal("62.837")
    assert city.funds_in_place.rounded == Decimal("1.790")  # (16899.99 + 1000) / 10000
    assert figures(world.province).projects_signed == 4


def test_a_city_is_measured_against_its_own_target_not_a_districts(pipeline: Pipeline) -> None:
    world = pipeline.world
    set_target(world.neighbour, 2022, Metric.SIGNED, "2")
    # 包头市 has set no target of its own: its districts' targets are theirs, so no completion is written.
    assert Metric.SIGNED not in figures(world.city).targets
    set_target(world.city, 2022, Metric.SIGNED, "12")
    city = figures(world.city)
    # 4 deals signed in the city against its own 12 → 33%.
    assert city.targets[Metric.SIGNED].target.value == Decimal(12)
    assert city.targets[Metric.SIGNED].completion.rounded == Decimal(33)


def test_by_chain_counts_each_chains_targets_contacts_and_deals(
    pipeline: Pipeline, django_assert_num_queries: Callable[..., Any]
) -> None:
    district = pipeline.world.district
    with django_assert_num_queries(1):
        chains = by_chain(district, H1)

    def row(chain: ChainFigures) -> tuple[Any, ...]:
        return (chain.name, chain.targets, chain.engaged, chain.signed, chain.signed_amount.rounded, chain.started)

    # 光伏: 通威 (ten contacts) and 美科 targeted; 通威二期 and 美科切片 signed (538248万元); 通威二期 started.
    # 数字经济: 华为云 (met on 30 June) and 宁德 targeted; nothing signed this year; 宁德储能 started on 30 June.
    assert [row(chain) for chain in chains] == [
        (SOLAR, 2, 1, 2, Decimal("53.825"), 1),
        (DIGITAL, 2, 1, 0, Decimal("0.000"), 1),
    ]
    assert chains[0].chain_id == pipeline.chains[SOLAR].pk
    # The city sees 青山区's chain too, with one target and nothing else.
    assert [row(chain) for chain in by_chain(pipeline.world.city, H1)] == [
        (SOLAR, 2, 1, 2, Decimal("53.825"), 1),
        (DIGITAL, 2, 1, 0, Decimal("0.000"), 1),
        ("稀土新材料产业链", 1, 0, 0, Decimal("0.000"), 0),
    ]


def test_by_tag_counts_each_lists_enterprises_contacts_and_signings(
    pipeline: Pipeline, django_assert_num_queries: Callable[..., Any]
) -> None:
    district = pipeline.world.district
    with django_assert_num_queries(1):
        tags = by_tag(district, H1)
    # 世界500强: 通威 (on the 2021 and 2022 lists, counted once) and 宁德; only 通威 was met this year, and
    # signed 通威二期 and 通威研发中心. 中国企业500强: 通威 alone. 专精特新: 美科, not met in 1-6月, signed 美科切片.
    assert [(tag.tag, tag.name, tag.enterprises, tag.engaged, tag.signed) for tag in tags] == [
        ("global500", "世界500强", 2, 1, 2),
        ("china500", "中国企业500强", 1, 1, 2),
        ("specialised", "专精特新", 1, 0, 1),
    ]
    # The city adds 北方稀土 (世界500强 2022, met on 1 March, signed 北方稀土永磁).
    assert [(tag.tag, tag.enterprises, tag.engaged, tag.signed) for tag in by_tag(pipeline.world.city, H1)] == [
        ("global500", 3, 2, 3),
        ("china500", 1, 1, 2),
        ("specialised", 1, 0, 1),
    ]


# The year the district published: "签约项目135个、签约金额1538.248亿元，分别完成全年招商计划的84%、171%".
REFERENCE_SIGNED = 135
REFERENCE_LANDED = 10
REFERENCE_STARTED = 5


def reference_year(world: World) -> None:
    """135 deals signed from January to June for 1538.248亿元 (134 × 100000万元 + 1982480万元); the first ten
    landed on 20 June, five of them started on 29 June; three enterprises met; targets 160 deals and 900亿元."""
    district = world.district
    investors = [make_investor(district, name) for name in ("甲科技有限公司", "乙能源有限公司", "丙材料有限公司")]
    for investor in investors:
        engage(investor, "2022-02-10")
        engage(investor, "2022-04-10")
    deals = []
    for number in range(REFERENCE_SIGNED):
        landed = number < REFERENCE_LANDED
        started = number < REFERENCE_STARTED
        deals.append(
            Deal(
                region=district,
                name=f"招商项目{number:03d}",
                investor=investors[number % 3],
                amount=Decimal("1982480") if number == 0 else Decimal("100000"),
                stage=Stage.STARTED if started else Stage.LANDED if landed else Stage.SIGNED,
                signed_on=datetime.date(2022, 1 + number % 6, 1 + number % 28),
                landed_on=datetime.date(2022, 6, 20) if landed else None,
                started_on=datetime.date(2022, 6, 29) if started else None,
            )
        )
    Deal.objects.bulk_create(deals)
    set_target(district, 2022, Metric.SIGNED, "160")
    set_target(district, 2022, Metric.SIGNED_AMOUNT, "9000000")


def test_the_published_year_reads_84_and_171_percent(world: World) -> None:
    reference_year(world)
    result = figures(world.district)
    assert result.projects_signed == REFERENCE_SIGNED
    assert result.signed_amount.rounded == Decimal("1538.248")
    # 135 / 160 = 84.375% → 84; 15382480 / 9000000 = 170.92% → 171.
    assert result.targets[Metric.SIGNED].completion.rounded == Decimal(84)
    assert result.targets[Metric.SIGNED_AMOUNT].completion.rounded == Decimal(171)


def test_the_figures_command_prints_the_pipeline_as_published(world: World) -> None:
    reference_year(world)
    out = io.StringIO()
    call_command("figures", "150203", "2022-06", "--json", stdout=out)
    printed = json.loads(out.getvalue())["investment_promotion"]
    keys = (
        "enterprises_engaged",
        "projects_signed",
        "signed_amount_yi",
        "annual_targets",
        "projects_signed_pct_of_target",
        "signed_amount_pct_of_target",
        "projects_landed",
        "projects_started",
    )
    assert {key: printed[key] for key in keys} == {
        "enterprises_engaged": 3,
        "projects_signed": 135,
        "signed_amount_yi": 1538.248,
        "annual_targets": {"projects_signed": 160, "signed_amount_yi": 900},
        "projects_signed_pct_of_target": 84,
        "signed_amount_pct_of_target": 171,
        "projects_landed": REFERENCE_LANDED,
        "projects_started": REFERENCE_STARTED,
    }


def test_the_figures_command_writes_whole_targets_and_percents_as_whole_numbers(world: World) -> None:
    reference_year(world)
    out = io.StringIO()
    call_command("figures", "150203", "2022-06", "--json", stdout=out)
    printed = json.loads(out.getvalue())["investment_promotion"]
    # "A target is a round number (900亿元); it is written without trailing decimals": 160 and 900, not 160.0.
    written = {key: repr(value) for key, value in printed["annual_targets"].items()}
    assert written == {"projects_signed": "160", "signed_amount_yi": "900"}
    assert repr(printed["projects_signed_pct_of_target"]) == "84"


def test_a_city_of_the_reference_year_counts_the_district(world: World) -> None:
    reference_year(world)
    neighbour_investor = make_investor(world.neighbour, "丁制造有限公司")
    Deal.objects.create(
        region=world.neighbour,
        name="青山区项目",
        investor=neighbour_investor,
        amount=Decimal("12345.67"),
        stage=Stage.SIGNED,
        signed_on=datetime.date(2022, 6, 30),
    )
    city = figures(world.city)
    assert city.projects_signed == REFERENCE_SIGNED + 1
    # 15382480 + 12345.67 = 15394825.67万元 = 1539.482567亿元 → 1539.483
    assert city.signed_amount.rounded == Decimal("1539.483")
