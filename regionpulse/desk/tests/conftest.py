"""The service desk of 昆都仑区: its bureau (营商环境局) and a small book of requests and approvals that the
tests add up by hand.

People (on top of ``world``): 营商环境局 staff ``officer`` (the desk's keeper), ``reviewer`` (a 营商环境局
reviewer), ``other_user`` (an enterprise user of 美科, the other enterprise), the neighbour's 青山区营商环境局 with
its officer and an enterprise of 青山区 (the requester of L and M), and ``wang``, the user of 包联领导 王志刚
(Leader), whose project ``KDL-D-001`` is handled by 财政局.

The book (``book`` fixture), working days by the 2022 calendar (Qingming 3-5 Apr, Labour Day 30 Apr-4 May with
Sun 24 Apr and Sat 7 May worked, Dragon Boat 3 Jun); the period is 2022-06 (1 January to 30 June):

    key  region   category  department  raised      accepted    resolved    confirmed   rating  wd  resolve_by
    A    150203   用地       财政局       2022-03-01  2022-03-02  2022-03-04  2022-03-07  5       3   -
    B    150203   融资       财政局       2022-04-06  2022-04-07  2022-04-13  2022-04-15  4       5   -
    C    150203   用地       统计局       2022-05-05  2022-05-06  2022-05-17  2022-05-20  3       9   -
    D    150203   用能       营商环境局   2022-06-01  2022-06-02  2022-06-20  2022-07-04  1       12  -
    E    150203   用地       财政局       2021-12-01  2021-12-02  2021-12-10  2021-12-15  2       7   -
    O    150203   融资       财政局       2022-06-06  2022-06-07  2022-06-24  -           -       14  -
    G    150203   用地       -           2022-06-22  -           -           -           -       -   2022-07-13
    H    150203   融资       财政局       2022-03-10  2022-03-11  -           -           -       -   2022-03-31
    I    150203   用地       统计局       2022-05-16  2022-05-17  2022-07-05  2022-07-06  5       35  2022-06-07
    J    150203   政策兑现    营商环境局   2022-06-28  -           -           -           -       -   2022-08-09 (复杂)
    N    150203   政策兑现    营商环境局   2022-06-23  -           -           -           -       -   2022-07-14
    K    150203   其他       营商环境局   2022-07-01  -           -           -           -       -   -
    L    150204   用地       -           2022-02-08  2022-02-09  2022-02-10  2022-02-11  1       2   -
    M    150204   用地       -           2022-06-29  -           -           -           -       -   -

wd: working days from raising to resolving; resolve_by (15 working days, 30 for the complex J) is shown for the
requests still open at 30 June.

Approval cases (``book``):

    key  region  statutory  promised  received    finished    wd
    P1   150203  20         10        2022-03-01  2022-03-08  5
    P2   150203  15         5         2022-04-28  2022-05-09  5   (29 Apr, 5, 6, Sat 7 and 9 May)
    P3   150203  30         15        2022-06-01  2022-06-28  18  (late)
    P4   150203  10         10        2022-06-27  2022-07-05  -   (finished after June)
    P5   150203  10         10        2022-06-20  -           -   (not finished)
    P6   150203  10         10        2021-12-01  2021-12-20  -   (finished last year)
    Q1   150204  20         20        2022-05-05  2022-05-10  4
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from regionpulse.conftest import World, make_user
from regionpulse.core.models import Department, Enterprise, Function, Leader, Region, Role, User
from regionpulse.desk.models import ApprovalCase, Category, Request, State
from regionpulse.desk.states import set_deadlines
from regionpulse.desk.workdays import working_days_between
from regionpulse.projects.models import Project
from regionpulse.projects.tests.conftest import make_project

PROJECT = "KDL-D-001"


def day(text: str | None) -> datetime.date | None:
    return None if text is None else datetime.date.fromisoformat(text)


@dataclass
class Desk:
    world: World
    bureau: Department
    officer: User  # 营商环境局 staff: the desk's keeper
    reviewer: User  # 营商环境局 reviewer
    other_user: User  # 美科's enterprise user
    neighbour_bureau: Department
    neighbour_officer: User
    neighbour_enterprise: Enterprise
    county_leader: Leader  # 王志刚, 包联 of PROJECT
    wang: User  # the user who is 王志刚
    project: Project
    requests: dict[str, Request] = field(default_factory=dict)
    approvals: dict[str, ApprovalCase] = field(default_factory=dict)

    def request(self, key: str) -> Request:
        return Request.objects.get(pk=self.requests[key].pk)


def make_request(
    number: str,
    region: Region,
    raised: str,
    *,
    accepted: str | None = None,
    resolved: str | None = None,
    confirmed: str | None = None,
    rating: int | None = None,
    category: str = Category.OTHER,
    department: Department | None = None,
    enterprise: Enterprise | None = None,
    project: Project | None = None,
    complex_: bool = False,
    raised_by: User | None = None,
    **fields: Any,
) -> Request:
    """A request written straight into the ledger (as an import would): state from the dates, deadlines and
    working days from the calendar."""
    state = State.SUBMITTED
    for date, reached in ((accepted, State.ACCEPTED), (resolved, State.RESOLVED), (confirmed, State.CONFIRMED)):
        if date is not None:
            state = reached
    request = Request(
        region=region,
        number=number,
        title=f"诉求{number}",
        description=f"诉求{number}的内容",
        category=category,
        complexity=Request.Complexity.COMPLEX if complex_ else Request.Complexity.ORDINARY,
        enterprise=enterprise,
        project=project,
        department=department,
        state=state,
        raised_by=raised_by,
        raised_on=day(raised),
        accepted_on=day(accepted),
        resolved_on=day(resolved),
        confirmed_on=day(confirmed),
        resolution="已办结" if resolved else "",
        rating=rating,
        **fields,
    )
    set_deadlines(request, request.raised_on)
    if request.resolved_on is not None:
        request.working_days = working_days_between(request.raised_on, request.resolved_on)
    request.save()
    return request


def make_approval(region: Region, item: str, statutory: int, promised: int, received: str, finished: str | None):
    return ApprovalCase.objects.create(
        region=region,
        item=item,
        statutory_days=statutory,
        promised_days=promised,
        received_on=day(received),
        finished_on=day(finished),
    )


@pytest.fixture
def desk(world: World) -> Desk:
    district = world.district
    bureau = Department.objects.create(
        region=district, name="昆都仑区营商环境局", short_name="区营商局", function=Function.BUSINESS_ENVIRONMENT
    )
    neighbour_bureau = Department.objects.create(
        region=world.neighbour, name="青山区营商环境局", function=Function.BUSINESS_ENVIRONMENT
    )
    leader = Leader.objects.create(region=district, name="王志刚", title="副区长")
    project = make_project(
        PROJECT,
        district,
        "50000",
        (2022,),
        name="硅材料配套项目",
        owner=world.enterprise,
        leader=leader,
        department=world.finance,
    )
    return Desk(
        world=world,
        bureau=bureau,
        officer=make_user("yingshang", Role.DEPARTMENT, district, department=bureau),
        reviewer=make_user("yingshang-fuze", Role.DEPARTMENT, district, department=bureau, can_review=True),
        other_user=make_user("meike", Role.ENTERPRISE, district, enterprise=world.other_enterprise),
        neighbour_bureau=neighbour_bureau,
        neighbour_officer=make_user("qs-yingshang", Role.DEPARTMENT, world.neighbour, department=neighbour_bureau),
        neighbour_enterprise=Enterprise.objects.create(region=world.neighbour, name="包头市青山区某装备制造有限公司"),
        county_leader=leader,
        wang=make_user("wangzhigang", Role.LEADER, district, leader=leader),
        project=project,
    )


@pytest.fixture
def book(desk: Desk) -> Desk:
    world = desk.world
    kdl, qs = world.district, world.neighbour
    finance, statistics, bureau = world.finance, world.statistics, desk.bureau
    land, money, energy, policy = Category.LAND, Category.FINANCE, Category.ENERGY, Category.POLICY
    rows = {
        "A": (kdl, "2022-03-01", "2022-03-02", "2022-03-04", "2022-03-07", 5, land, finance),
        "B": (kdl, "2022-04-06", "2022-04-07", "2022-04-13", "2022-04-15", 4, money, finance),
        "C": (kdl, "2022-05-05", "2022-05-06", "2022-05-17", "2022-05-20", 3, land, statistics),
        "D": (kdl, "2022-06-01", "2022-06-02", "2022-06-20", "2022-07-04", 1, energy, bureau),
        "E": (kdl, "2021-12-01", "2021-12-02", "2021-12-10", "2021-12-15", 2, land, finance),
        "O": (kdl, "2022-06-06", "2022-06-07", "2022-06-24", None, None, money, finance),
        "G": (kdl, "2022-06-22", None, None, None, None, land, None),
        "H": (kdl, "2022-03-10", "2022-03-11", None, None, None, money, finance),
        "I": (kdl, "2022-05-16", "2022-05-17", "2022-07-05", "2022-07-06", 5, land, statistics),
        "J": (kdl, "2022-06-28", None, None, None, None, policy, bureau),
        "N": (kdl, "2022-06-23", None, None, None, None, policy, bureau),
        "K": (kdl, "2022-07-01", None, None, None, None, Category.OTHER, bureau),
        "L": (qs, "2022-02-08", "2022-02-09", "2022-02-10", "2022-02-11", 1, land, None),
        "M": (qs, "2022-06-29", None, None, None, None, land, None),
    }
    for key, (region, raised, accepted, resolved, confirmed, rating, category, department) in rows.items():
        desk.requests[key] = make_request(
            f"T-{key}",
            region,
            raised,
            accepted=accepted,
            resolved=resolved,
            confirmed=confirmed,
            rating=rating,
            category=category,
            department=department,
            enterprise=world.enterprise if region == kdl else desk.neighbour_enterprise,
            complex_=key == "J",
        )
    cases = {
        "P1": (kdl, 20, 10, "2022-03-01", "2022-03-08"),
        "P2": (kdl, 15, 5, "2022-04-28", "2022-05-09"),
        "P3": (kdl, 30, 15, "2022-06-01", "2022-06-28"),
        "P4": (kdl, 10, 10, "2022-06-27", "2022-07-05"),
        "P5": (kdl, 10, 10, "2022-06-20", None),
        "P6": (kdl, 10, 10, "2021-12-01", "2021-12-20"),
        "Q1": (qs, 20, 20, "2022-05-05", "2022-05-10"),
    }
    for key, (region, statutory, promised, received, finished) in cases.items():
        desk.approvals[key] = make_approval(region, f"审批{key}", statutory, promised, received, finished)
    return desk
