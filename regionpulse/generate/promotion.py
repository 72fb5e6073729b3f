"""A district's generated investment-promotion pipeline: the enterprises it courts, its industry
chains, every contact, the deals with their stage moves, and each year's targets.

The shape: a few enterprises are met again and again and most once or twice; contacts thin out at
the Spring Festival and in December; deals come from the enterprises met most, and most of them
stall early — about four in ten never get past talks, three in ten of the signed never land, and
fewer still start and produce. Stages are dated one after the other and none after the last
generated day, so deals that were still moving then wait at the stage they had reached.
"""

from __future__ import annotations

import datetime
import itertools
import math
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from regionpulse.core.credit_code import check_character
from regionpulse.core.models import Function, Region
from regionpulse.generate.bulk import BulkWriter, column, day, moment, row_fields, table
from regionpulse.generate.calendar import WorkCalendar
from regionpulse.projects.generate import Organisations
from regionpulse.promotion.models import Deal, Engagement, IndustryChain, Investor, Listing, ListTag, Stage, StageMove
from regionpulse.promotion.models import Target as PromotionTarget
from regionpulse.promotion.names import normalise_name

# (chain, what its enterprises make, their industry, the projects they bring)
CHAINS = (
    ("光伏新能源产业链", "新能源科技", "电力、热力生产和供应业", ("光伏组件", "储能电站", "单晶硅片")),
    ("风电装备产业链", "装备制造", "专用设备制造业", ("风机整机", "塔筒制造", "叶片生产")),
    ("稀土新材料产业链", "稀土材料", "有色金属冶炼和压延加工业", ("永磁材料", "抛光材料", "稀土合金")),
    ("钢铁深加工产业链", "钢构", "金属制品业", ("高端板材", "精密钢管", "装配式钢结构")),
    ("数字经济产业链", "数字科技", "软件和信息技术服务业", ("数据中心", "算力中心", "软件园")),
    ("现代服务业产业链", "供应链管理", "商务服务业", ("商贸物流园", "冷链物流", "总部基地")),
)
POLICY = "一业一策：用地、用能、人才和资金支持随项目落地兑现"
CITIES = (
    ("北京", "110000"), ("上海", "310000"), ("深圳", "440300"), ("杭州", "330100"), ("成都", "510100"),
    ("西安", "610100"), ("天津", "120000"), ("苏州", "320500"), ("广州", "440100"), ("武汉", "420100"),
    ("南京", "320100"), ("合肥", "340100"), ("郑州", "410100"), ("济南", "370100"), ("青岛", "370200"),
    ("厦门", "350200"), ("宁波", "330200"), ("无锡", "320200"), ("长沙", "430100"), ("重庆", "500000"),
)  # fmt: skip
CORES = "华中金瑞鑫恒宏泰安德嘉汇博睿星远光明新盛达通海峰源创科信和裕"
SUFFIXES = ("有限公司", "股份有限公司", "集团有限公司")
# The share of the courted enterprises on each list.
TAG_SHARES = {
    ListTag.GLOBAL_500: 0.02,
    ListTag.CHINA_500: 0.03,
    ListTag.PRIVATE_500: 0.05,
    ListTag.LEADER: 0.06,
    ListTag.SPECIALISED: 0.08,
}
MODES = (("visit", 35), ("hosted", 30), ("online", 25), ("fair", 10))
PARTICIPANTS = ("投促局招商一科", "投促局招商二科", "分管副区长、投促局", "产业链专班", "园区管委会")
RESULTS = ("初步了解投资意向", "介绍产业政策和要素保障", "对接项目选址", "商谈合作条件", "达成初步合作意向")
NEXT_STEPS = ("保持联系", "邀请来访考察", "提供项目建议书", "推动签约", "对接用地和能耗指标")
# Contacts by month: the Spring Festival and the year's end are quiet.
CONTACT_MONTHS = (5, 5, 9, 10, 10, 9, 9, 8, 10, 9, 9, 7)
YEAR_GROWTH = 1.18  # each year's work is about this much more than the year before
# The chance of reaching each stage from the one before, and how many days it takes (low, high).
REACH = {
    Stage.SIGNED: (0.60, 20, 150),
    Stage.LANDED: (0.70, 30, 300),
    Stage.STARTED: (0.55, 30, 270),
    Stage.PRODUCING: (0.40, 180, 600),
}
FUNDS = {Stage.LANDED: (0.05, 0.4), Stage.STARTED: (0.2, 0.8), Stage.PRODUCING: (0.6, 1.0)}
# Deal sizes in 万元: a lognormal around 3亿元, capped at 200亿元.
AMOUNT_MEDIAN = 30_000
AMOUNT_SIGMA = 1.3
AMOUNT_CAP = 2_000_000
PROJECT_LINK_SHARE = 0.25  # of the started deals of 1亿元 or more: entered on the major-project list
POPULARITY = 0.9  # the exponent of the enterprises' Zipf-like share of contacts

# Each row gives its model's fields in the model's order. No courted enterprise has registered a local
# company yet, no user moved a generated deal, and deals start at the first version.
INVESTOR_FIELDS = row_fields(Investor, leave=("enterprise",))
ENGAGEMENT_FIELDS = row_fields(Engagement)
DEAL_FIELDS = row_fields(Deal, leave=("version",))
MOVE_FIELDS = row_fields(StageMove, leave=("by",))


@dataclass(frozen=True, slots=True)
class PipelineShape:
    investors: int  # enterprises courted by the district
    engagements: int  # contacts over all the years
    deals: int  # deals opened in a year


@dataclass(slots=True)
class _Deal:
    investor: int  # index into the district's investors
    chain: int
    name: str
    amount: int  # 万元
    dates: dict[int, datetime.date]  # stage → date reached
    project: int | None = None

    @property
    def stage(self) -> int:
        return max(self.dates)

    def funds(self, rng: random.Random) -> Decimal:
        share = FUNDS.get(Stage(self.stage))
        return Decimal(0) if share is None else Decimal(round(self.amount * rng.uniform(*share) * 100)).scaleb(-2)


def _investor_names(rng: random.Random, count: int) -> list[tuple[str, str, int, int]]:
    """``count`` distinct (name, headquarters, chain index, serial) of enterprises a district courts."""
    cores = [first + second for first in CORES for second in CORES if first != second]
    combinations = len(CITIES) * len(cores) * len(CHAINS)
    if count > combinations:
        raise ValueError(f"每个县级单位最多生成{combinations}家招商对象企业")
    chosen = []
    for serial in rng.sample(range(combinations), count):
        city, rest = divmod(serial, len(cores) * len(CHAINS))
        core, chain = divmod(rest, len(CHAINS))
        name = f"{CITIES[city][0]}{cores[core]}{CHAINS[chain][1]}{SUFFIXES[serial % len(SUFFIXES)]}"
        chosen.append((name, CITIES[city][0], chain, serial))
    return chosen


def _credit_code(serial: int) -> str:
    # The same enterprise courted by several districts keeps one code everywhere.
    city = CITIES[serial // (len(CHAINS) * len(CORES) * (len(CORES) - 1))][1]
    first17 = f"91{city}MA{serial:07d}"
    return first17 + check_character(first17)


def _chains(region: Region, orgs: Organisations) -> list[int]:
    chains = IndustryChain.objects.bulk_create(
        [
            IndustryChain(
                region=region,
                name=name,
                policy=POLICY,
                leader_id=orgs.leaders[index % (len(orgs.leaders) - 1) + 1],
                department_id=orgs.departments[str(Function.PROMOTION)],
            )
            for index, (name, *_) in enumerate(CHAINS)
        ]
    )
    return [chain.pk for chain in chains]


def _ids_in_order(cursor: Any, model: type[Any], region: Region) -> list[int]:
    """The ids of a model's rows in ``region``, in the order they were written (the region is new)."""
    quote = connection.ops.quote_name
    pk, where = quote(column(model, "id")), quote(column(model, "region"))
    cursor.execute(f"SELECT {pk} FROM {table(model)} WHERE {where} = %s ORDER BY {pk}", [region.pk])  # noqa: S608
    return [row[0] for row in cursor.fetchall()]


def _weighted_days(
    rng: random.Random, calendar: WorkCalendar, years: tuple[int, ...], count: int
) -> list[datetime.date]:
    """``count`` working days over ``years``, more in later years and in the busy months."""
    cells = [(year, month) for year in years for month in range(1, 13)]
    weights = [YEAR_GROWTH**index * CONTACT_MONTHS[month - 1] for index in range(len(years)) for month in range(1, 13)]
    return [calendar.in_month(rng, *cell) for cell in rng.choices(cells, weights, k=count)]


def _amount(rng: random.Random) -> int:
    return min(AMOUNT_CAP, max(500, round(AMOUNT_MEDIAN * math.exp(rng.gauss(0, AMOUNT_SIGMA)))))


def _deals(
    rng: random.Random,
    calendar: WorkCalendar,
    investors: list[tuple[str, str, int, int]],
    popularity: list[float],
    shape: PipelineShape,
    years: tuple[int, ...],
    end: datetime.date,
) -> list[_Deal]:
    deals = []
    for year in years:
        opened = _weighted_days(rng, calendar, (year,), shape.deals)
        chosen = rng.choices(range(len(investors)), cum_weights=popularity, k=shape.deals)
        for first, index in zip(opened, chosen, strict=True):
            name, _, chain, _ = investors[index]
            product = rng.choice(CHAINS[chain][3])
            dates = {int(Stage.NEGOTIATING): first}
            reached = first
            for stage, (chance, low, high) in REACH.items():
                if rng.random() >= chance:
                    break
                reached = calendar.add(reached, max(1, round(rng.uniform(low, high) * 5 / 7)))
                if reached > end:
                    break
                dates[int(stage)] = reached
            deals.append(_Deal(index, chain, f"{name[:4]}{product}项目", _amount(rng), dates))
    return deals


def _targets(region: Region, deals: list[_Deal], engaged: dict[int, set[int]], rng: random.Random) -> int:
    """Each year's targets, set near what the year came to: some beaten, some missed."""
    metric = PromotionTarget.Metric
    rows = []
    for year, investors in engaged.items():

        def of_year(stage: Stage, year: int = year) -> list[_Deal]:
            return [deal for deal in deals if stage in deal.dates and deal.dates[stage].year == year]

        signed = of_year(Stage.SIGNED)
        actual = {
            metric.ENGAGED: len(investors),
            metric.SIGNED: len(signed),
            metric.SIGNED_AMOUNT: sum(deal.amount for deal in signed),
            metric.LANDED: len(of_year(Stage.LANDED)),
            metric.STARTED: len(of_year(Stage.STARTED)),
            metric.FUNDS: sum(deal.amount for deal in signed) // 4,
        }
        for name, value in actual.items():
            goal = value * rng.uniform(0.8, 1.3)
            # Targets are round numbers: tens of deals, hundreds of thousands of 万元.
            step = 100_000 if name in (metric.SIGNED_AMOUNT, metric.FUNDS) else 10
            rounded = max(step, round(goal / step) * step)
            rows.append(PromotionTarget(region=region, year=year, metric=name, value=Decimal(rounded)))
    PromotionTarget.objects.bulk_create(rows)
    return len(rows)


def write_district_pipeline(
    cursor: Any,
    writer: BulkWriter,
    region: Region,
    orgs: Organisations,
    projects: list[int],
    shape: PipelineShape,
    years: tuple[int, ...],
    calendar: WorkCalendar,
    rng: random.Random,
) -> None:
    """Write the district's pipeline; ``projects`` are ids of its ledger a started deal may become."""
    end = datetime.date(years[-1], 12, 31)
    chains = _chains(region, orgs)
    writer.counts["industry_chains"] = writer.counts.get("industry_chains", 0) + len(chains)
    investors = _investor_names(rng, shape.investors)
    writer.rows(
        cursor,
        "investors",
        Investor,
        INVESTOR_FIELDS,
        [
            (
                region.pk,
                name,
                normalise_name(name),
                _credit_code(serial) if rng.random() < 0.7 else None,
                city,
                CHAINS[chain][2],
            )
            for name, city, chain, serial in investors
        ],
    )
    investor_ids = _ids_in_order(cursor, Investor, region)
    tags = [
        (investor_ids[index], str(tag), years[-1])
        for index in range(len(investors))
        for tag, share in TAG_SHARES.items()
        if rng.random() < share
    ]
    writer.rows(cursor, "investor_tags", Listing, row_fields(Listing), tags)
    through = IndustryChain.targets.through
    targeted = [
        (chains[chain], investor_ids[index]) for index, (*_, chain, _) in enumerate(investors) if rng.random() < 0.6
    ]
    writer.rows(cursor, "chain_targets", through, row_fields(through), targeted)

    # A few enterprises are met again and again, most once or twice.
    order = list(range(len(investors)))
    rng.shuffle(order)
    weights = [0.0] * len(investors)
    for rank, index in enumerate(order, start=1):
        weights[index] = rank**-POPULARITY
    popularity, running = [], 0.0
    for weight in weights:
        running += weight
        popularity.append(running)
    met = rng.choices(range(len(investors)), cum_weights=popularity, k=shape.engagements)
    dates = _weighted_days(rng, calendar, years, shape.engagements)
    dates.sort()
    modes, mode_weights = [mode for mode, _ in MODES], [weight for _, weight in MODES]
    engaged: dict[int, set[int]] = {year: set() for year in years}
    rows = []
    for index, on, mode in zip(met, dates, rng.choices(modes, mode_weights, k=len(met)), strict=True):
        engaged[on.year].add(index)
        chain = investors[index][2]
        rows.append(
            (
                region.pk,
                investor_ids[index],
                day(on),
                mode,
                chains[chain] if rng.random() < 0.85 else None,
                rng.choice(PARTICIPANTS),
                rng.choice(RESULTS),
                rng.choice(NEXT_STEPS),
            )
        )
    writer.rows(cursor, "engagements", Engagement, ENGAGEMENT_FIELDS, rows)

    deals = _deals(rng, calendar, investors, popularity, shape, years, end)
    free = list(projects)
    rng.shuffle(free)
    for deal in deals:
        if Stage.STARTED in deal.dates and deal.amount >= 10_000 and free and rng.random() < PROJECT_LINK_SHARE:
            deal.project = free.pop()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    stage_fields = [Stage.NEGOTIATING, Stage.SIGNED, Stage.LANDED, Stage.STARTED, Stage.PRODUCING]
    writer.rows(
        cursor,
        "deals",
        Deal,
        DEAL_FIELDS,
        [
            (
                region.pk,
                deal.name,
                investor_ids[deal.investor],
                chains[deal.chain],
                Decimal(deal.amount),
                deal.funds(rng),
                deal.stage,
                *(day(deal.dates[stage]) if stage in deal.dates else None for stage in stage_fields),
                deal.project,
                now,
            )
            for deal in deals
        ],
    )
    deal_ids = _ids_in_order(cursor, Deal, region)
    moves = []
    for pk, deal in zip(deal_ids, deals, strict=True):
        stages = sorted(deal.dates)
        for source, target in itertools.pairwise(stages):
            on = deal.dates[target]
            moves.append((pk, source, target, day(on), "", moment(on)))
    writer.rows(cursor, "stage_moves", StageMove, MOVE_FIELDS, moves)
    writer.counts["targets"] = writer.counts.get("targets", 0) + _targets(region, deals, engaged, rng)


def rows_per_district(shape: PipelineShape, years: int) -> int:
    """About how many rows ``write_district_pipeline`` writes (for the progress bar)."""
    return shape.investors * 2 + shape.engagements + shape.deals * years * 3
