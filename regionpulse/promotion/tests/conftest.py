"""A small investment-promotion pipeline of 昆都仑区 (and one deal of 青山区) that the tests add up by hand.

Amounts are in 万元 as the pipeline keeps them. Enterprises (150203 unless noted):

    key       name                         lists                                   chains
    TONGWEI   通威股份有限公司              世界500强 2022 and 2021, 中国企业500强 2021  光伏
    MEIKE     包头美科硅能源有限公司         专精特新 2021                              光伏
    HUAWEI    华为云计算技术有限公司         -                                        数字经济
    CATL      宁德时代新能源科技股份有限公司   世界500强 2021                            数字经济
    NORTH     北方稀土（青山）有限公司 (150204) 世界500强 2022                            -

Engagements: TONGWEI ten times from January to June 2022 (光伏) and once on 2021-12-31; MEIKE on
2021-12-20 and 2022-07-01 only; HUAWEI on 2022-06-30 (数字经济); NORTH (青山区) on 2022-03-01.

Deals:

    key      investor  chain     amount     funds      signed      landed      started     producing   stage
    PHASE2   TONGWEI   光伏       500000     16899.99   2022-02-15  2022-04-01  2022-05-10  -           开工
    WAFER    MEIKE     光伏       38248      0          2022-03-01  -           -           -           签约
    CLOUD    HUAWEI    数字经济    100000     0          -           -           -           -           洽谈 (5月1日)
    OLDSIGN  CATL      -         200000     0          2021-11-01  -           -           -           签约
    IDLE     MEIKE     -         50000      0          2021-06-01  2021-09-01  -           -           落地
    JULY     HUAWEI    -         999        0          2022-07-05  -           -           -           签约
    FRESH    TONGWEI   -         1237       0          2022-01-02  -           -           -           签约
    BATTERY  CATL      数字经济    300000     0          2021-10-01  2022-02-01  2022-06-30  -           开工
    RUNNING  TONGWEI   -         80000      0          2021-01-10  2021-03-01  2021-05-01  2022-03-15  投产
    LATE     MEIKE     -         20000      0          2021-12-01  2022-07-10  -           -           落地
    RAREEARTH NORTH    -         88888      1000       2022-03-01  2022-04-01  -           -           落地  (150204)

2022 targets of 昆都仑区: 对接企业 3家, 签约项目 8个, 签约金额 600000万元, 开工项目 16个, 到位资金 20000万元;
none for 落地项目.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from regionpulse.conftest import World, make_user
from regionpulse.core.models import Department, Function, Region, Role, User
from regionpulse.promotion.models import Deal, Engagement, IndustryChain, Investor, Listing, Stage, Target

TONGWEI = "通威股份有限公司"
MEIKE = "包头美科硅能源有限公司"
HUAWEI = "华为云计算技术有限公司"
CATL = "宁德时代新能源科技股份有限公司"
NORTH = "北方稀土（青山）有限公司"

SOLAR = "光伏新能源产业链"
DIGITAL = "数字经济产业链"


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@dataclass
class Pipeline:
    world: World
    bureau: Department
    officer: User  # 投资促进局 staff: the pipeline's keeper
    chains: dict[str, IndustryChain] = field(default_factory=dict)
    investors: dict[str, Investor] = field(default_factory=dict)
    deals: dict[str, Deal] = field(default_factory=dict)

    def deal(self, key: str) -> Deal:
        return Deal.objects.get(pk=self.deals[key].pk)


def make_investor(region: Region, name: str, tags: tuple[tuple[str, int], ...] = (), **fields: Any) -> Investor:
    investor = Investor.objects.create(region=region, name=name, **fields)
    for tag, year in tags:
        Listing.objects.create(investor=investor, tag=tag, year=year)
    return investor


def make_deal(name: str, investor: Investor, amount: str, stage: Stage, funds: str = "0", **dates: Any) -> Deal:
    return Deal.objects.create(
        region=investor.region,
        name=name,
        investor=investor,
        amount=Decimal(amount),
        funds_in_place=Decimal(funds),
        stage=stage,
        **{key: day(value) if isinstance(value, str) else value for key, value in dates.items()},
    )


def engage(investor: Investor, on: str, chain: IndustryChain | None = None) -> Engagement:
    return Engagement.objects.create(
        region=investor.region, investor=investor, date=day(on), mode=Engagement.Mode.VISIT, chain=chain
    )


def set_target(region: Region, year: int, metric: str, value: str) -> Target:
    return Target.objects.create(region=region, year=year, metric=metric, value=Decimal(value))


@pytest.fixture
def bureau(world: World) -> Department:
    return Department.objects.create(region=world.district, name="昆都仑区投资促进局", function=Function.PROMOTION)


@pytest.fixture
def officer(world: World, bureau: Department) -> User:
    return make_user("touzi", Role.DEPARTMENT, world.district, department=bureau)


def _investors(world: World) -> dict[str, Investor]:
    district = world.district
    return {
        TONGWEI: make_investor(
            district, TONGWEI, (("global500", 2022), ("global500", 2021), ("china500", 2021)), industry="光伏"
        ),
        MEIKE: make_investor(district, MEIKE, (("specialised", 2021),)),
        HUAWEI: make_investor(district, HUAWEI),
        CATL: make_investor(district, CATL, (("global500", 2021),)),
        NORTH: make_investor(world.neighbour, NORTH, (("global500", 2022),)),
    }


def _engagements(investors: dict[str, Investor], chains: dict[str, IndustryChain]) -> None:
    tongwei = investors[TONGWEI]
    for month, day_of_month in [(1, 5), (1, 20), (2, 8), (2, 25), (3, 3), (3, 30), (4, 12), (5, 6), (6, 1), (6, 30)]:
        engage(tongwei, f"2022-{month:02d}-{day_of_month:02d}", chains[SOLAR])
    engage(tongwei, "2021-12-31")  # last year
    engage(investors[MEIKE], "2021-12-20")  # last year
    engage(investors[MEIKE], "2022-07-01")  # after June
    engage(investors[HUAWEI], "2022-06-30", chains[DIGITAL])  # the window's last day
    engage(investors[NORTH], "2022-03-01")  # 青山区


def _deals(investors: dict[str, Investor], chains: dict[str, IndustryChain]) -> dict[str, Deal]:
    tongwei, meike, huawei, catl = investors[TONGWEI], investors[MEIKE], investors[HUAWEI], investors[CATL]
    solar, digital = chains[SOLAR], chains[DIGITAL]
    return {
        "PHASE2": make_deal(
            "通威二期",
            tongwei,
            "500000",
            Stage.STARTED,
            funds="16899.99",
            chain=solar,
            signed_on="2022-02-15",
            landed_on="2022-04-01",
            started_on="2022-05-10",
        ),
        "WAFER": make_deal("美科切片", meike, "38248", Stage.SIGNED, chain=solar, signed_on="2022-03-01"),
        "CLOUD": make_deal(
            "华为云数据中心", huawei, "100000", Stage.NEGOTIATING, chain=digital, negotiating_on="2022-05-01"
        ),
        "OLDSIGN": make_deal("宁德电池包", catl, "200000", Stage.SIGNED, signed_on="2021-11-01"),
        "IDLE": make_deal("美科单晶", meike, "50000", Stage.LANDED, signed_on="2021-06-01", landed_on="2021-09-01"),
        "JULY": make_deal("华为云培训中心", huawei, "999", Stage.SIGNED, signed_on="2022-07-05"),
        "FRESH": make_deal("通威研发中心", tongwei, "1237", Stage.SIGNED, signed_on="2022-01-02"),
        "BATTERY": make_deal(
            "宁德储能",
            catl,
            "300000",
            Stage.STARTED,
            chain=digital,
            signed_on="2021-10-01",
            landed_on="2022-02-01",
            started_on="2022-06-30",
        ),
        "RUNNING": make_deal(
            "通威一期",
            tongwei,
            "80000",
            Stage.PRODUCING,
            signed_on="2021-01-10",
            landed_on="2021-03-01",
            started_on="2021-05-01",
            producing_on="2022-03-15",
        ),
        "LATE": make_deal("美科硅片", meike, "20000", Stage.LANDED, signed_on="2021-12-01", landed_on="2022-07-10"),
        "RAREEARTH": make_deal(
            "北方稀土永磁",
            investors[NORTH],
            "88888",
            Stage.LANDED,
            funds="1000",
            signed_on="2022-03-01",
            landed_on="2022-04-01",
        ),
    }


@pytest.fixture
def pipeline(world: World, bureau: Department, officer: User) -> Pipeline:
    result = Pipeline(world=world, bureau=bureau, officer=officer)
    district = world.district
    result.investors = _investors(world)
    solar = IndustryChain.objects.create(region=district, name=SOLAR, department=bureau)
    digital = IndustryChain.objects.create(region=district, name=DIGITAL)
    rare_earth = IndustryChain.objects.create(region=world.neighbour, name="稀土新材料产业链")
    solar.targets.add(result.investors[TONGWEI], result.investors[MEIKE])
    digital.targets.add(result.investors[HUAWEI], result.investors[CATL])
    rare_earth.targets.add(result.investors[NORTH])
    result.chains = {SOLAR: solar, DIGITAL: digital}
    _engagements(result.investors, result.chains)
    result.deals = _deals(result.investors, result.chains)
    for metric, value in [
        (Target.Metric.ENGAGED, "3"),
        (Target.Metric.SIGNED, "8"),
        (Target.Metric.SIGNED_AMOUNT, "600000"),
        (Target.Metric.STARTED, "16"),
        (Target.Metric.FUNDS, "20000"),
    ]:
        set_target(district, 2022, metric, value)
    return result
