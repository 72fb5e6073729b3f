"""A small major-project ledger of 昆都仑区 (and one project of 青山区) that the tests add up by hand.

Amounts are in 万元 as the ledger keeps them. Projects (district 150203 unless noted):

    code       total      lists      plan 2022  task force  leader  department  owner             stage
    BIG        250000     2021,2022  60000      光伏专班     王志刚   工信局       通威(enterprise)    在建
    EDGE       10000      2022       8000       -           王志刚   发改委       美科(other)        前期
    SLOW       45678.90   2022       12000      光伏专班     -       工信局       -                 在建
    FRESH      20000      2022       -          -           -       发改委       -                 谋划
    SMALL      9999.99    2022       3000       -           -       工信局       通威(enterprise)    在建
    OLD        80000      2021       5000       光伏专班     -       发改委       美科(other)        投产
    NEIGHBOUR  150000     2022       30000      -           -       -           -                 在建   (150204)

Reports: see ``_reports``; only approved ones from January to the month count in figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from regionpulse.conftest import World, make_user
from regionpulse.core.models import Department, Function, Leader, Region, Role, User
from regionpulse.projects.classifications import Category, Industry, Nature, Stage
from regionpulse.projects.models import AnnualPlan, Listing, ProgressReport, Project

Status = ProgressReport.Status

BIG = "KDL-T-001"
EDGE = "KDL-T-002"
SLOW = "KDL-T-003"
FRESH = "KDL-T-004"
SMALL = "KDL-T-005"
OLD = "KDL-T-006"
NEIGHBOUR = "QS-T-001"
DISTRICT_CODES = {BIG, EDGE, SLOW, FRESH, SMALL, OLD}


@dataclass
class Ledger:
    world: World
    development: Department
    industry: Department
    developer: User  # 发改委 staff who may review: the keeper of the whole list
    industry_reviewer: User  # 工信局 reviewer: sees only the projects the bureau answers for
    county_leader: Leader  # 包联领导 of BIG and EDGE
    projects: dict[str, Project] = field(default_factory=dict)

    def project(self, code: str) -> Project:
        return Project.objects.get(code=code)

    def report(self, code: str, year: int, month: int) -> ProgressReport:
        return ProgressReport.objects.get(project__code=code, year=year, month=month)


def make_project(code: str, region: Region, total: str, years: tuple[int, ...], **fields: Any) -> Project:
    defaults: dict[str, Any] = {
        "name": f"{code}项目",
        "industry": Industry.C,
        "category": Category.INDUSTRY,
        "nature": Nature.NEW,
        "stage": Stage.CONSTRUCTION,
    }
    project = Project.objects.create(code=code, region=region, total_investment=Decimal(total), **defaults | fields)
    for year in years:
        Listing.objects.create(project=project, year=year)
    return project


def make_plan(project: Project, year: int, amount: str) -> AnnualPlan:
    return AnnualPlan.objects.create(project=project, year=year, planned_investment=Decimal(amount))


def make_report(
    project: Project, year: int, month: int, amount: str, status: str = Status.APPROVED, stage: str | None = None
) -> ProgressReport:
    return ProgressReport.objects.create(
        project=project,
        year=year,
        month=month,
        investment=Decimal(amount),
        stage=stage or project.stage,
        status=status,
    )


def _projects(ledger: Ledger) -> dict[str, Project]:
    world = ledger.world
    district, leader = world.district, ledger.county_leader
    development, industry = ledger.development, ledger.industry
    return {
        BIG: make_project(
            BIG,
            district,
            "250000",
            (2021, 2022),
            name="年产10万吨高纯晶硅项目",
            owner=world.enterprise,
            emerging_industry="6",
            nature=Nature.CONTINUING,
            location="金属深加工园区",
            planned_start=datetime.date(2021, 4, 1),
            planned_finish=datetime.date(2023, 4, 1),
            task_force=world.task_force,
            leader=leader,
            department=industry,
        ),
        EDGE: make_project(
            EDGE,
            district,
            "10000",
            (2022,),
            owner=world.other_enterprise,
            industry=Industry.F,
            stage=Stage.PREPARATION,
            leader=leader,
            department=development,
        ),
        SLOW: make_project(SLOW, district, "45678.90", (2022,), task_force=world.task_force, department=industry),
        FRESH: make_project(FRESH, district, "20000", (2022,), stage=Stage.PLANNING, department=development),
        SMALL: make_project(SMALL, district, "9999.99", (2022,), owner=world.enterprise, department=industry),
        OLD: make_project(
            OLD,
            district,
            "80000",
            (2021,),
            owner=world.other_enterprise,
            stage=Stage.PRODUCTION,
            task_force=world.task_force,
            department=development,
        ),
        NEIGHBOUR: make_project(NEIGHBOUR, world.neighbour, "150000", (2022,)),
    }


def _plans(projects: dict[str, Project]) -> None:
    make_plan(projects[BIG], 2021, "50000")
    for code, amount in [(BIG, "60000"), (EDGE, "8000"), (SLOW, "12000"), (SMALL, "3000"), (OLD, "5000")]:
        make_plan(projects[code], 2022, amount)
    make_plan(projects[NEIGHBOUR], 2022, "30000")


def _reports(projects: dict[str, Project]) -> None:
    big, edge, slow = projects[BIG], projects[EDGE], projects[SLOW]
    make_report(big, 2021, 12, "3000")  # last year: not in 2022's year-to-date
    make_report(big, 2022, 1, "5000")
    make_report(big, 2022, 2, "6000")
    make_report(big, 2022, 3, "7000")
    make_report(big, 2022, 4, "8000", Status.SUBMITTED)
    make_report(big, 2022, 5, "100", Status.DRAFT)
    make_report(big, 2022, 6, "9000")
    make_report(big, 2022, 7, "9999")  # after June: not in 1-6月
    make_report(edge, 2022, 1, "300")
    make_report(edge, 2022, 2, "400", Status.RETURNED)
    make_report(slow, 2022, 3, "2500")
    make_report(slow, 2022, 6, "1500", Status.SUBMITTED, Stage.COMPLETED)
    make_report(projects[SMALL], 2022, 1, "1000")
    make_report(projects[OLD], 2022, 1, "2000")
    make_report(projects[NEIGHBOUR], 2022, 1, "7000")


@pytest.fixture
def ledger(world: World) -> Ledger:
    district = world.district
    development = Department.objects.create(
        region=district, name="昆都仑区发展和改革委员会", short_name="区发改委", function=Function.DEVELOPMENT
    )
    industry = Department.objects.create(
        region=district, name="昆都仑区工业和信息化局", short_name="区工信局", function=Function.INDUSTRY
    )
    result = Ledger(
        world=world,
        development=development,
        industry=industry,
        developer=make_user("fagai", Role.DEPARTMENT, district, department=development, can_review=True),
        industry_reviewer=make_user("gongxin", Role.DEPARTMENT, district, department=industry, can_review=True),
        county_leader=Leader.objects.create(region=district, name="王志刚", title="副区长"),
    )
    result.projects = _projects(result)
    _plans(result.projects)
    _reports(result.projects)
    return result
