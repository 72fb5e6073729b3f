"""昆都仑区's investment-promotion pipeline, 2021 to June 2022, loaded through the pipeline's importers.

2022 to June: 775 enterprises engaged (many met more than once), 135 deals signed worth 1538.248亿元
against targets of 160 deals and 900亿元, 113 landed and 71 started, 包头数字经济研究院 among the
signed; some of the started deals are projects of the ledger and link to them. Every other amount,
name and date is illustrative.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from regionpulse.core.models import Leader, Region
from regionpulse.demo.organisations import Organisations
from regionpulse.projects.classifications import Category, Nature
from regionpulse.projects.classifications import Stage as ProjectStage
from regionpulse.projects.models import Project
from regionpulse.promotion.importers import (
    DEAL_COLUMNS,
    ENGAGEMENT_COLUMNS,
    INVESTOR_COLUMNS,
    TARGET_COLUMNS,
    DealImporter,
    EngagementImporter,
    InvestorImporter,
    TargetImporter,
)
from regionpulse.promotion.models import Deal, Engagement, IndustryChain, Investor

ENGAGED_2022 = 775
SIGNED_2022 = 135
SIGNED_AMOUNT_2022 = 15_382_480  # 万元 = 1538.248亿元
LANDED_2022 = 113
STARTED_2022 = 71
PRODUCING_2022 = 4
NEGOTIATING = 60
LINKED = 10  # started deals that are projects of the ledger
ONLY_2021 = 150
H1_END = datetime.date(2022, 6, 30)
YEAR_START = datetime.date(2022, 1, 1)
TARGETS = {
    2022: {"对接洽谈企业（家）": 900, "签约项目（个）": 160, "签约金额（万元）": 9_000_000, "落地项目（个）": 130,
           "开工项目（个）": 100, "到位资金（万元）": 2_500_000},
    2021: {"对接洽谈企业（家）": 800, "签约项目（个）": 120, "签约金额（万元）": 6_000_000, "落地项目（个）": 100,
           "开工项目（个）": 80, "到位资金（万元）": 2_000_000},
}  # fmt: skip
# 一业一策: each chain with its lead leader (index into the demo's leaders).
CHAINS = [
    ("光伏新能源产业链", 1, "设立光伏产业发展基金，对落地的多晶硅、单晶硅、组件项目给予用能、用地保障"),
    ("风电装备产业链", 2, "围绕整机制造引进塔筒、叶片、轴承等配套企业，实施首台套奖励"),
    ("稀土新材料产业链", 3, "依托稀土资源优势，引进永磁材料、抛光材料等下游应用项目"),
    ("钢铁深加工产业链", 3, "推动钢铁产品向高端板材、型材和装备部件延伸"),
    ("数字经济产业链", 4, "建设数字经济产业园，对数据中心、软件企业给予房租和人才补贴"),
    ("现代服务业产业链", 0, "发展商贸物流、文旅康养和总部经济"),
]
CITIES = ["北京", "上海", "深圳", "杭州", "成都", "西安", "天津", "苏州", "广州", "武汉", "南京", "合肥",
          "呼和浩特", "鄂尔多斯", "郑州", "济南", "青岛", "厦门", "宁波", "无锡", "长沙", "重庆"]  # fmt: skip
CORES = ["华", "中", "金", "瑞", "鑫", "恒", "宏", "泰", "安", "德", "嘉", "汇", "博", "睿", "星", "远", "光",
         "明", "新", "盛", "达", "通", "海", "峰", "源", "创", "科", "信", "和", "裕"]  # fmt: skip
# What each prospect makes (a word of its name), the chain that courts it, and its industry.
TRADES = [
    ("新能源科技", "光伏新能源产业链", "电力、热力生产和供应业"),
    ("装备制造", "风电装备产业链", "专用设备制造业"),
    ("稀土材料", "稀土新材料产业链", "有色金属冶炼和压延加工业"),
    ("钢构", "钢铁深加工产业链", "金属制品业"),
    ("数字科技", "数字经济产业链", "软件和信息技术服务业"),
    ("供应链管理", "现代服务业产业链", "商务服务业"),
]
SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司"]
TAGS = ["世界500强", "中国企业500强", "中国民营企业500强", "行业领军", "专精特新"]
MODES = ["外出拜访", "来访考察", "线上对接", "展会推介"]
CHAIN_OF_EMERGING = {"6": "光伏新能源产业链", "2": "风电装备产业链", "3": "稀土新材料产业链"}
DIGITAL_INSTITUTE = ("包头数字经济研究院", "包头数字经济研究院有限公司")


@dataclass
class Prospect:
    name: str
    city: str
    trade: int  # index into TRADES
    tags: str = ""

    def project_name(self, word: str = "项目") -> str:
        base = next((self.name.removesuffix(suffix) for suffix in SUFFIXES[::-1] if self.name.endswith(suffix)), "")
        return f"{base or self.name}{word}"


def _prospects(rng: random.Random, count: int) -> list[Prospect]:
    names: set[str] = set()
    prospects: list[Prospect] = []
    while len(prospects) < count:
        city, trade = rng.choice(CITIES), rng.randrange(len(TRADES))
        base = f"{city}{rng.choice(CORES)}{rng.choice(CORES)}{TRADES[trade][0]}"
        if base not in names:
            names.add(base)
            prospects.append(Prospect(f"{base}{rng.choice(SUFFIXES)}", city, trade))
    for prospect in rng.sample(prospects, 40):
        prospect.tags = f"{rng.choice(TAGS)}{rng.choice([2021, 2022])}"
    return prospects


def _split(total: int, weights: list[float]) -> list[int]:
    scale = sum(weights)
    parts = [int(total * weight / scale) for weight in weights]
    parts[max(range(len(parts)), key=lambda index: weights[index])] += total - sum(parts)
    return parts


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _after(rng: random.Random, start: datetime.date, low: int, high: int, cap: datetime.date) -> datetime.date:
    return min(start + datetime.timedelta(days=rng.randint(low, high)), cap)


@dataclass
class DealRow:
    name: str
    investor: str
    chain: str
    amount: int
    negotiating_on: datetime.date | None
    signed_on: datetime.date | None = None
    landed_on: datetime.date | None = None
    started_on: datetime.date | None = None
    producing_on: datetime.date | None = None
    funds: int = 0
    project: str | None = None


class Pipeline:
    def __init__(self, home: Region, linked: list[Project]) -> None:
        rng = random.Random("regionpulse-demo-promotion")
        self.rng = rng
        self.home = home
        self.prospects = _prospects(rng, ENGAGED_2022 + ONLY_2021)
        institute = Prospect(DIGITAL_INSTITUTE[1], "包头", 4)
        owners = [Prospect(project.owner.name, "包头", 0) for project in linked if project.owner]
        known = {prospect.name for prospect in self.prospects}
        extra = list({p.name: p for p in [institute, *owners] if p.name not in known}.values())
        # The first 775 are engaged in 2022; the owners of linked projects and the institute among them.
        self.engaged = extra + self.prospects[: ENGAGED_2022 - len(extra)]
        self.earlier = self.prospects[ENGAGED_2022 - len(extra) :]
        self.deals_2022 = self._deals_2022(linked, institute)

    def _deals_2022(self, linked: list[Project], institute: Prospect) -> list[DealRow]:
        rng = self.rng
        signers = self.engaged[: SIGNED_2022 + NEGOTIATING]
        rows: list[DealRow] = []
        for project in linked:
            owner = project.owner.name if project.owner else signers[0].name
            chain = CHAIN_OF_EMERGING.get(project.emerging_industry, "现代服务业产业链")
            rows.append(DealRow(project.name, owner, chain, int(project.total_investment), None, project=project.code))
        rows.append(DealRow(DIGITAL_INSTITUTE[0], institute.name, "数字经济产业链", 50_000, None))
        others = [prospect for prospect in signers if prospect.name not in {row.investor for row in rows}]
        for prospect in others[: SIGNED_2022 - len(rows)]:
            rows.append(DealRow(prospect.project_name(), prospect.name, TRADES[prospect.trade][1], 0, None))
        fixed = sum(row.amount for row in rows if row.amount)
        free = [row for row in rows if not row.amount]
        # Skewed: a few deals of 100亿元 and more, most of a few 亿元.
        for row, amount in zip(free, _split(SIGNED_AMOUNT_2022 - fixed - 5_000 * len(free),
                                            [min(rng.paretovariate(1.2), 40) for _ in free]), strict=True):  # fmt: skip
            row.amount = 5_000 + amount
        signed_days = sorted(_day(rng, datetime.date(2022, 1, 6), datetime.date(2022, 6, 28)) for _ in rows)
        # The linked projects started this year: they were signed first.
        for row, day in zip(rows, signed_days, strict=True):
            row.signed_on = day
            row.negotiating_on = day - datetime.timedelta(days=rng.randint(20, 200))
        # Linked projects first (they are building now), then by signing date; the institute has
        # registered (签约落户) but not started building.
        registered_only = next(row for row in rows if row.name == DIGITAL_INSTITUTE[0])
        by_signing = sorted(rows, key=lambda row: (row.project is None and row is not registered_only, row.signed_on))
        landed = by_signing[:LANDED_2022]
        for row in landed:
            assert row.signed_on is not None
            row.landed_on = _after(rng, row.signed_on, 3, 45, H1_END)
            row.funds = int(row.amount * rng.uniform(0.05, 0.35))
        builders = sorted(
            (row for row in landed if row is not registered_only), key=lambda row: (row.project is None, row.landed_on)
        )
        for row in builders[:STARTED_2022]:
            assert row.landed_on is not None
            row.started_on = _after(rng, row.landed_on, 5, 40, H1_END)
        started = sorted(
            (row for row in builders[:STARTED_2022] if row.project is None), key=lambda row: row.landed_on or H1_END
        )
        for row in started[:PRODUCING_2022]:
            assert row.started_on is not None
            row.producing_on = _after(rng, row.started_on, 30, 60, H1_END)
        signed_by = {row.investor for row in rows}
        for prospect in [prospect for prospect in signers if prospect.name not in signed_by][:NEGOTIATING]:
            rows.append(
                DealRow(
                    prospect.project_name("意向项目"),
                    prospect.name,
                    TRADES[prospect.trade][1],
                    rng.randrange(5_000, 300_000, 1_000),
                    _day(rng, datetime.date(2022, 2, 1), H1_END),
                )
            )
        return rows

    def deals_2021(self) -> list[DealRow]:
        """Last year's deals: signed, landed and started in 2021; a few stalled since."""
        rng = self.rng
        rows = []
        for index, prospect in enumerate(self.earlier[:100]):
            signed = _day(rng, datetime.date(2021, 1, 10), datetime.date(2021, 12, 20))
            row = DealRow(
                prospect.project_name(),
                prospect.name,
                TRADES[prospect.trade][1],
                rng.randrange(5_000, 400_000, 1_000),
                signed - datetime.timedelta(days=rng.randint(20, 150)),
                signed,
            )
            if index % 12:  # one in twelve still has not landed: stalled
                row.landed_on = _after(rng, signed, 5, 40, datetime.date(2021, 12, 31))
                row.funds = int(row.amount * rng.uniform(0.2, 0.6))
                if index % 5:
                    row.started_on = _after(rng, row.landed_on, 5, 40, datetime.date(2021, 12, 31))
            rows.append(row)
        return rows

    def investor_rows(self) -> Iterator[list[Any]]:
        yield [column.header for column in INVESTOR_COLUMNS]
        for prospect in self.engaged + self.earlier:
            yield [prospect.name, self.home.code, None, prospect.city, TRADES[prospect.trade][2], prospect.tags or None]

    def engagement_rows(self) -> Iterator[list[Any]]:
        rng = self.rng
        yield [column.header for column in ENGAGEMENT_COLUMNS]
        signed_on = {row.investor: row.signed_on for row in self.deals_2022 if row.signed_on}
        for prospect in self.engaged:
            last = signed_on.get(prospect.name) or H1_END
            # Many are met more than once; each counts once as an enterprise engaged.
            days = (last - YEAR_START).days + 1
            meetings = sorted(rng.sample(range(days), min(days, rng.choice([1, 1, 1, 2, 2, 3]))))
            for offset in meetings:
                yield [
                    YEAR_START + datetime.timedelta(days=offset),
                    self.home.code,
                    prospect.name,
                    rng.choice(MODES),
                    TRADES[prospect.trade][1],
                    "投促局招商小分队",
                    "已对接，企业有投资意向" if prospect.name in signed_on else "介绍投资环境，保持联系",
                    "推进签约" if prospect.name not in signed_on else "跟进落地",
                ]
        for prospect in self.earlier:
            yield [
                _day(rng, datetime.date(2021, 2, 1), datetime.date(2021, 12, 20)),
                self.home.code,
                prospect.name,
                rng.choice(MODES),
                TRADES[prospect.trade][1],
                "投促局招商小分队",
                "介绍投资环境",
                "保持联系",
            ]

    def deal_rows(self) -> Iterator[list[Any]]:
        yield [column.header for column in DEAL_COLUMNS]
        for row in [*self.deals_2021(), *self.deals_2022]:
            yield [
                row.name,
                self.home.code,
                row.investor,
                row.chain,
                row.amount,
                row.funds,
                row.negotiating_on,
                row.signed_on,
                row.landed_on,
                row.started_on,
                row.producing_on,
                row.project,
            ]

    def target_rows(self) -> Iterator[list[Any]]:
        yield [column.header for column in TARGET_COLUMNS]
        for year, targets in TARGETS.items():
            for metric, value in targets.items():
                yield [self.home.code, year, metric, value]


def _linked_projects(home: Region) -> list[Project]:
    """New projects of this year's list, under construction: the deals that became ledger projects."""
    candidates = Project.objects.filter(
        region=home,
        listings__year=2022,
        nature=Nature.NEW,
        stage=ProjectStage.CONSTRUCTION,
        category=Category.INDUSTRY,
        owner__isnull=False,
    ).select_related("owner")
    by_name = {project.name: project for project in candidates.order_by("-code")}  # one project a name
    return sorted(by_name.values(), key=lambda project: project.code)[:LINKED]


def _chains(home: Region, leaders: list[Leader]) -> None:
    for name, leader, policy in CHAINS:
        IndustryChain.objects.get_or_create(
            region=home, name=name, defaults={"leader": leaders[leader], "policy": policy}
        )


def _chain_targets(home: Region) -> None:
    """Each chain targets the listed enterprises of its trade (一业一策's target list)."""
    chains = {chain.name: chain for chain in IndustryChain.objects.filter(region=home)}
    trade_chain = {trade: chain for trade, chain, _ in TRADES}
    for investor in Investor.objects.filter(region=home, tags__isnull=False).distinct():
        for trade, chain in trade_chain.items():
            if trade in investor.name:
                chains[chain].targets.add(investor)


def _enterprise_links(linked: list[Project]) -> None:
    for project in linked:
        Investor.objects.filter(name=project.owner.name).update(enterprise=project.owner)  # type: ignore[union-attr]


def load(home: Region, orgs: Organisations) -> int:
    if Deal.objects.filter(region=home).exists():
        return 0
    _chains(home, orgs.leaders)
    linked = _linked_projects(home)
    pipeline = Pipeline(home, linked)
    InvestorImporter(None).run(pipeline.investor_rows())
    EngagementImporter(None).run(pipeline.engagement_rows())
    result = DealImporter(None).run(pipeline.deal_rows())
    TargetImporter(None).run(pipeline.target_rows())
    _chain_targets(home)
    _enterprise_links(linked)
    return result.rows + Engagement.objects.filter(region=home).count()
