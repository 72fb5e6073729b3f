"""昆都仑区's major-project ledger, 2021–2022, loaded through the ledger's own importers.

The 2022 list holds 117 projects of at least 1亿元 whose totals, plans and approved progress to June
add up to the published 1082.3 / 249.7 / 178.3亿元, with the three projects the bulletin names among
them; a few smaller projects sit on the list too, for the 亿元 filter to leave out. Every other
amount is illustrative. July's reports wait in the review queue.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from regionpulse.core import workflow
from regionpulse.core.models import Enterprise, Function, Region
from regionpulse.demo.organisations import Organisations, demo_credit_code
from regionpulse.projects.classifications import Category, EmergingIndustry, Industry, Nature, Stage
from regionpulse.projects.importers import (
    PLAN_COLUMNS,
    PROGRESS_COLUMNS,
    PROJECT_COLUMNS,
    PlanImporter,
    ProgressImporter,
    ProjectImporter,
)
from regionpulse.projects.models import Milestone, ProgressReport, Project
from regionpulse.projects.review import APPROVE

# The published H1 2022 totals, in 万元.
TOTAL_2022 = 10_823_000
PLAN_2022 = 2_497_000
DONE_H1_2022 = 1_783_000
LISTED_COUNT = 117
SMALL_COUNT = 14
ONLY_2021_COUNT = 18
# Winter stops most building work in 包头: little is done in January and February.
MONTH_WEIGHTS = {1: 3, 2: 5, 3: 12, 4: 18, 5: 22, 6: 24, 7: 24, 8: 24, 9: 22, 10: 18, 11: 9, 12: 4}
PENDING_MONTH = 7  # 2022-07: reported, not yet reviewed


@dataclass
class Plan:
    code: str
    name: str
    owner: str
    task_force: int  # index into the demo's task forces
    industry: str
    emerging: str
    category: str
    nature: str
    total: int  # 万元
    stage: str
    progress: str = "按计划推进"
    location: str = "昆都仑区"
    plan_2022: int = 0
    done_2022: dict[int, int] = field(default_factory=dict)
    years: tuple[int, ...] = (2022,)


NAMED = [
    Plan(
        "KDL-2022-001",
        "通威二期5万吨高纯晶硅项目",
        "内蒙古通威高纯晶硅有限公司",
        0,
        Industry.C,
        EmergingIndustry.NEW_ENERGY,
        Category.INDUSTRY,
        Nature.CONTINUING,
        450_000,
        Stage.CONSTRUCTION,
        "土建及设备安装已完成，设备调试、投产前准备",
        "金属深加工园区",
        years=(2021, 2022),
    ),
    Plan(
        "KDL-2022-002",
        "美科硅能源单晶拉棒项目",
        "包头美科硅能源有限公司",
        0,
        Industry.C,
        EmergingIndustry.NEW_ENERGY,
        Category.INDUSTRY,
        Nature.CONTINUING,
        300_000,
        Stage.PRODUCTION,
        "一期已落地投产，二期设备陆续进场",
        "金属深加工园区",
        years=(2021, 2022),
    ),
    Plan(
        "KDL-2022-003",
        "龙马高端风电装备制造产业园",
        "包头龙马风电装备有限公司",
        1,
        Industry.C,
        EmergingIndustry.EQUIPMENT,
        Category.INDUSTRY,
        Nature.CONTINUING,
        200_000,
        Stage.PRODUCTION,
        "塔筒、叶片车间已落地投产",
        "昆河以西装备制造园",
        years=(2021, 2022),
    ),
]

# What each task force's projects look like: name patterns, industry, emerging category, category.
KINDS = {
    0: (["年产{n}万吨工业硅项目", "{n}GW光伏组件项目", "{n}MW分布式光伏项目", "光伏玻璃深加工项目"], Industry.C, "6"),
    1: (["风电塔筒制造项目", "风机叶片生产基地项目", "风电主轴轴承项目", "{n}MW风电场配套项目"], Industry.C, "2"),
    2: (["稀土永磁材料项目", "高性能钢材深加工项目", "钢铁超低排放改造项目", "稀土抛光粉生产线项目"], Industry.C, "3"),
    3: (["商贸物流园项目", "文旅综合体项目", "数字经济产业园项目", "冷链物流中心项目"], Industry.F, ""),
    4: (
        ["老旧小区改造工程", "城市道路改造工程", "供热管网改造工程", "中小学校建设项目", "社区卫生服务中心建设项目"],
        Industry.N,
        "",
    ),
    5: (["氢能装备制造项目", "新材料科技园项目", "总部经济大厦项目", "智能制造产业园项目"], Industry.C, "2"),
}
# The department that answers for each task force's projects and reviews their reports.
RESPONSIBLE = {
    0: Function.INDUSTRY,
    1: Function.INDUSTRY,
    2: Function.INDUSTRY,
    3: Function.COMMERCE,
    4: Function.HOUSING,
    5: Function.PROMOTION,
}
PLACES = ["金属深加工园区", "昆河以西装备制造园", "阿尔丁大街沿线", "友谊大街片区", "卜尔汉图镇", "昆北片区"]
# Illustrative owners, by the task force whose kind of project they build.
OWNERS = {
    0: ["包头博瑞光伏材料有限公司", "内蒙古北辰能源科技有限公司", "包头瑞晶新材料有限公司"],
    1: ["包头天工装备制造有限公司", "内蒙古华锐钢构有限公司"],
    2: ["包头鑫海稀土科技有限公司", "内蒙古华锐钢构有限公司", "包头瑞晶新材料有限公司"],
    3: ["包头弘达物流有限公司", "包头金鹿文旅发展有限公司", "包头云帆数字科技有限公司"],
    4: ["包头昆城建设投资有限公司", "包头宏远热力有限公司"],
    5: ["内蒙古德润氢能有限公司", "包头云帆数字科技有限公司", "包头天工装备制造有限公司"],
}


def _split(total: int, weights: list[float]) -> list[int]:
    """Whole 万元 amounts in proportion to ``weights`` that add up to ``total`` exactly."""
    scale = sum(weights)
    parts = [int(total * weight / scale) for weight in weights]
    parts[max(range(len(parts)), key=lambda index: weights[index])] += total - sum(parts)
    return parts


def _generated(rng: random.Random) -> list[Plan]:
    plans = []
    for serial in range(len(NAMED) + 1, LISTED_COUNT + SMALL_COUNT + 1):
        task_force = rng.randrange(6)
        patterns, industry, emerging = KINDS[task_force]
        name = rng.choice(patterns).format(n=rng.choice([2, 5, 10, 20, 50]))
        social = task_force == 4
        plans.append(
            Plan(
                code=f"KDL-2022-{serial:03d}",
                name=f"{rng.choice(['', '包头', '昆区'])}{name}",
                owner=rng.choice(OWNERS[task_force]),
                task_force=task_force,
                industry=industry,
                emerging=emerging,
                category=rng.choice([Category.INFRASTRUCTURE, Category.SOCIAL]) if social else Category.INDUSTRY,
                nature=rng.choice([Nature.NEW, Nature.CONTINUING, Nature.CONTINUING]),
                total=0,
                stage=rng.choices(
                    [Stage.PREPARATION, Stage.CONSTRUCTION, Stage.COMPLETED, Stage.PRODUCTION],
                    [2, 12, 2, 0] if social else [2, 12, 1, 1],
                )[0],
                location=rng.choice(PLACES),
            )
        )
        if plans[-1].nature == Nature.CONTINUING:
            plans[-1].years = (2021, 2022)
    return plans


def _amounts(rng: random.Random, listed: list[Plan], small: list[Plan]) -> None:
    """Totals, plans and H1 progress whose sums over the listed projects are the published ones."""
    others = listed[len(NAMED) :]
    remaining = TOTAL_2022 - sum(plan.total for plan in NAMED)
    floor = 10_000 * len(others)
    # Project sizes are skewed: many near the threshold, a few very large.
    sizes = _split(remaining - floor, [min(rng.paretovariate(1.4), 12) for _ in others])
    for plan, size in zip(others, sizes, strict=True):
        plan.total = 10_000 + size
    for plan in small:
        plan.total = rng.randrange(1_500, 9_900, 100)
    shares = [rng.uniform(0.12, 0.34) if plan.stage != Stage.PREPARATION else 0.05 for plan in listed]
    for plan, amount in zip(
        listed, _split(PLAN_2022, [plan.total * s for plan, s in zip(listed, shares, strict=True)]), strict=True
    ):
        plan.plan_2022 = amount
    for plan in small:
        plan.plan_2022 = plan.total // 3
    # Most projects run ahead of the calendar; about one in eight falls well behind it.
    rates = [
        0.0 if plan.stage == Stage.PREPARATION else rng.choice([rng.uniform(0.6, 0.95)] * 7 + [rng.uniform(0.1, 0.3)])
        for plan in listed
    ]
    done = _split(DONE_H1_2022, [plan.plan_2022 * rate for plan, rate in zip(listed, rates, strict=True)])
    for plan, amount in zip(listed, done, strict=True):
        plan.done_2022 = dict(enumerate(_split(amount, [MONTH_WEIGHTS[m] for m in range(1, 7)]), start=1))
    for plan in small:
        half = plan.plan_2022 // 2
        plan.done_2022 = dict(enumerate(_split(half, [MONTH_WEIGHTS[m] for m in range(1, 7)]), start=1))


def _only_2021(rng: random.Random) -> list[Plan]:
    plans = []
    for serial in range(1, ONLY_2021_COUNT + 1):
        task_force = rng.randrange(6)
        patterns, industry, emerging = KINDS[task_force]
        plans.append(
            Plan(
                code=f"KDL-2021-{serial:03d}",
                name=rng.choice(patterns).format(n=rng.choice([2, 5, 10])),
                owner=rng.choice(OWNERS[task_force]),
                task_force=task_force,
                industry=industry,
                emerging=emerging,
                category=Category.INDUSTRY if task_force != 4 else Category.INFRASTRUCTURE,
                nature=Nature.NEW,
                total=rng.randrange(12_000, 160_000, 1_000),
                stage=Stage.PRODUCTION if task_force != 4 else Stage.COMPLETED,
                progress="已竣工投用",
                location=rng.choice(PLACES),
                years=(2021,),
            )
        )
    return plans


@dataclass
class Ledger:
    plans: list[Plan]

    def project_rows(self, home: Region, orgs: Organisations) -> Iterator[list[Any]]:
        yield [column.header for column in PROJECT_COLUMNS]
        for plan in self.plans:
            task_force = orgs.task_forces[plan.task_force]
            leader = task_force.leader
            department = orgs.departments[RESPONSIBLE[plan.task_force]]
            start = datetime.date(min(plan.years), 3 + int(plan.code[-1]) % 4, 1)
            yield [
                plan.code,
                plan.name,
                home.code,
                plan.owner,
                plan.industry,
                plan.emerging or None,
                plan.category,
                plan.nature,
                plan.total,
                plan.location,
                start,
                start.replace(year=start.year + 2),
                plan.stage,
                leader.name if leader else None,
                task_force.name,
                department.name,
                "、".join(str(year) for year in plan.years),
            ]

    def plan_rows(self, rng: random.Random) -> Iterator[list[Any]]:
        yield [column.header for column in PLAN_COLUMNS]
        for plan in self.plans:
            if 2021 in plan.years:
                yield [plan.code, 2021, _plan_2021(plan), "全年完成主体工程"]
            if 2022 in plan.years:
                yield [plan.code, 2022, plan.plan_2022, "按季度推进"]

    def progress_rows(self, rng: random.Random) -> Iterator[list[Any]]:
        yield [column.header for column in PROGRESS_COLUMNS]
        for plan in self.plans:
            if 2021 in plan.years:
                done_2021 = _plan_2021(plan) * rng.uniform(0.85, 1.05)
                stage_2021 = Stage.CONSTRUCTION if 2022 in plan.years else plan.stage
                months = _split(int(done_2021), list(MONTH_WEIGHTS.values()))
                for month, amount in enumerate(months, start=1):
                    progress = plan.progress if month == 12 and 2022 not in plan.years else "按计划推进"
                    yield [plan.code, f"2021-{month:02d}", amount, progress, stage_2021]
            if 2022 in plan.years:
                for month, amount in plan.done_2022.items():
                    progress = plan.progress if month == 6 else "按计划推进"
                    yield [plan.code, f"2022-{month:02d}", amount, progress, plan.stage]

    def pending_rows(self, rng: random.Random) -> Iterator[list[Any]]:
        """July's reports of a few projects, waiting for the department's review."""
        yield [column.header for column in PROGRESS_COLUMNS]
        for plan in self.plans[3:15]:
            if 2022 in plan.years and plan.stage == Stage.CONSTRUCTION:
                amount = round(plan.plan_2022 * MONTH_WEIGHTS[PENDING_MONTH] / 180)
                yield [plan.code, f"2022-{PENDING_MONTH:02d}", amount, "主体施工", plan.stage]


def _plan_2021(plan: Plan) -> int:
    return round(plan.total * 0.3)


def ledger() -> Ledger:
    rng = random.Random("regionpulse-demo-projects")
    generated = _generated(rng)
    listed, small = NAMED + generated[: LISTED_COUNT - len(NAMED)], generated[LISTED_COUNT - len(NAMED) :]
    _amounts(rng, listed, small)
    return Ledger(listed + small + _only_2021(rng))


def _enterprises(home: Region, owners: set[str]) -> None:
    known = set(Enterprise.objects.filter(name__in=owners).values_list("name", flat=True))
    for serial, name in enumerate(sorted(owners - known), start=100):
        Enterprise.objects.create(name=name, region=home, credit_code=demo_credit_code(serial))


MILESTONES: dict[str, list[tuple[str, str, str | None]]] = {
    "KDL-2022-001": [
        ("start", "2021-04-01", "2021-04-08"),
        ("main_works", "2021-12-31", "2022-01-20"),
        ("equipment", "2022-04-30", "2022-05-28"),
        ("commissioning", "2022-07-31", None),
        ("production", "2022-10-31", None),
    ],
    "KDL-2022-002": [("start", "2021-03-01", "2021-03-15"), ("production", "2022-05-31", "2022-05-20")],
    "KDL-2022-003": [("start", "2021-05-01", "2021-05-10"), ("production", "2022-06-30", "2022-06-18")],
}


def _milestones() -> None:
    projects = Project.objects.in_bulk(list(MILESTONES), field_name="code")
    for code, steps in MILESTONES.items():
        for kind, planned, actual in steps:
            Milestone.objects.create(
                project=projects[code],
                kind=kind,
                planned_date=datetime.date.fromisoformat(planned),
                actual_date=datetime.date.fromisoformat(actual) if actual else None,
            )


def load(home: Region, orgs: Organisations) -> int:
    if Project.objects.filter(region=home).exists():
        return 0
    rng = random.Random("regionpulse-demo-progress")
    demo = ledger()
    _enterprises(home, {plan.owner for plan in demo.plans})
    ProjectImporter(None).run(demo.project_rows(home, orgs))
    PlanImporter(None).run(demo.plan_rows(rng))
    result = ProgressImporter(None).run(demo.progress_rows(rng))
    pending = list(
        ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED, project__region=home).select_related(
            "project__region"
        )
    )
    workflow.apply(pending, APPROVE, None)
    ProgressImporter(None).run(demo.pending_rows(rng))
    _milestones()
    return result.rows
