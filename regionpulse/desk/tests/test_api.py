"""The desk's API as the enterprises', the bureau's and the departments' systems use it: every list
through the caller's scope, requests raised through ``states.raise_request`` and worked on only by
the rules of ``states.take``.

The desk of 昆都仑区 (150203) as this module's ``front`` fixture builds it (not the package conftest's
``desk`` and ``book``), through ``states`` as the pages do; 青山区 has none:

    request  enterprise  category  department  raised       state                          seen by
    POWER    通威         energy    财政局       2022-03-01   新提交 (overdue)                 通威, 财政局
    LAND     通威 (BIG)   land      -           2022-05-10   已办结 (专班调度会, BIG project)    通威, 光伏专班
    LOAN     美科         finance   -           2021-11-15   已确认 (rating 4)                美科
    FRESH    美科         policy    -           today        新提交                           美科

The business-environment bureau (营商环境局, the desk's keeper), the district's leader and the
administrator see all four.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from regionpulse.conftest import World, make_user
from regionpulse.core.models import Department, Enterprise, Function, Role, User
from regionpulse.core.tests.responses import results
from regionpulse.desk import states
from regionpulse.desk.models import ApprovalCase, Category, KeyEnterprise, Notification, Request, Source, State
from regionpulse.desk.workdays import add_working_days
from regionpulse.projects.classifications import Category as ProjectCategory
from regionpulse.projects.classifications import Industry, Nature
from regionpulse.projects.models import Project

TODAY = timezone.localdate()

POWER = "双回路供电接入迟迟未落实"
LAND = "扩建厂区用地指标不足"
LOAN = "流动资金贷款贴息申请"
FRESH = "研发费用加计扣除政策兑现"
ALL = {POWER, LAND, LOAN, FRESH}


@dataclass
class FrontDesk:
    world: World
    bureau: Department  # 营商环境局: keeps the desk
    officer: User  # its staff
    meike_user: User  # 美科's own user
    big: Project  # 通威's, pushed by the 光伏专班
    edge: Project  # 美科's, no 专班
    neighbour_enterprise: Enterprise

    def user(self, name: str) -> User:
        found: User = getattr(self, name, None) or getattr(self.world, name)
        return found


def make_project(code: str, world: World, owner: Enterprise, **fields: Any) -> Project:
    return Project.objects.create(
        region=world.district,
        code=code,
        name=f"{owner.name}{code}项目",
        owner=owner,
        industry=Industry.C,
        category=ProjectCategory.INDUSTRY,
        nature=Nature.NEW,
        total_investment=Decimal("250000"),
        **fields,
    )


def raise_on(day: datetime.date, by: User | None, **fields: Any) -> Request:
    request = Request(description=f"{fields['title']}，请协调解决。", **fields)
    return states.raise_request(request, by, on=day)


@pytest.fixture
def front(world: World) -> FrontDesk:
    bureau = Department.objects.create(
        region=world.district, name="昆都仑区营商环境建设局", function=Function.BUSINESS_ENVIRONMENT
    )
    officer = make_user("yingshang", Role.DEPARTMENT, world.district, department=bureau)
    meike_user = make_user("meike", Role.ENTERPRISE, world.district, enterprise=world.other_enterprise)
    big = make_project("KDL-D-001", world, world.enterprise, task_force=world.task_force)
    edge = make_project("KDL-D-002", world, world.other_enterprise)
    neighbour_enterprise = Enterprise.objects.create(region=world.neighbour, name="包头钢铁（集团）有限责任公司")
    district, tongwei, meike = world.district, world.enterprise, world.other_enterprise

    raise_on(
        datetime.date(2022, 3, 1),
        world.enterprise_user,
        region=district,
        title=POWER,
        category=Category.ENERGY,
        enterprise=tongwei,
        department=world.finance,
    )
    land = raise_on(
        datetime.date(2022, 5, 10),
        world.task_force_member,
        region=district,
        title=LAND,
        category=Category.LAND,
        source=Source.MEETING,
        enterprise=tongwei,
        project=big,
    )
    states.take(land, states.ACCEPT, officer, on=datetime.date(2022, 5, 11))
    states.take(land, states.RESOLVE, officer, "已调剂用地指标120亩", on=datetime.date(2022, 5, 20))
    loan = raise_on(
        datetime.date(2021, 11, 15),
        meike_user,
        region=district,
        title=LOAN,
        category=Category.FINANCE,
        enterprise=meike,
    )
    states.take(loan, states.ACCEPT, officer, on=datetime.date(2021, 11, 16))
    states.take(loan, states.RESOLVE, officer, "已兑现贴息", on=datetime.date(2021, 11, 26))
    states.take(loan, states.CONFIRM, meike_user, rating=4, on=datetime.date(2021, 12, 1))
    raise_on(TODAY, meike_user, region=district, title=FRESH, category=Category.POLICY, enterprise=meike)
    return FrontDesk(
        world=world,
        bureau=bureau,
        officer=officer,
        meike_user=meike_user,
        big=big,
        edge=edge,
        neighbour_enterprise=neighbour_enterprise,
    )


def api(front: FrontDesk, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(front.user(name))
    return client


def titles(response: Any) -> set[str]:
    return {item["title"] for item in results(response)}


def pk(title: str) -> int:
    return Request.objects.get(title=title).pk


# --- Scope -----------------------------------------------------------------------------------------

SEEN = {
    "officer": ALL,  # the desk's keeper
    "leader": ALL,
    "admin": ALL,
    "enterprise_user": {POWER, LAND},  # 通威's own
    "meike_user": {LOAN, FRESH},
    "finance_officer": {POWER},  # assigned to 财政局
    "statistician": set(),  # nothing assigned to 统计局
    "task_force_member": {LAND},  # its 专班's project's problem
    "neighbour_leader": set(),  # 青山区 has no requests
}


def test_each_persona_reads_exactly_its_requests(front: FrontDesk) -> None:
    for persona, expected in SEEN.items():
        assert titles(api(front, persona).get("/api/requests/")) == expected, persona


def test_a_request_outside_the_scope_is_not_found(front: FrontDesk) -> None:
    client = api(front, "enterprise_user")
    assert client.get(f"/api/requests/{pk(POWER)}/").status_code == 200
    assert client.get(f"/api/requests/{pk(LOAN)}/").status_code == 404  # 美科's
    assert client.post(f"/api/requests/{pk(FRESH)}/step/", {"step": "confirm", "rating": 5}).status_code == 404
    assert api(front, "neighbour_leader").get(f"/api/requests/{pk(POWER)}/").status_code == 404
    assert api(front, "statistician").get(f"/api/requests/{pk(POWER)}/").status_code == 404
    assert APIClient().get("/api/requests/").status_code in (401, 403)


def test_a_request_reads_with_its_labels_deadlines_and_story(front: FrontDesk) -> None:
    body = api(front, "enterprise_user").get(f"/api/requests/{pk(LAND)}/").json()
    assert body["number"].startswith("SQ20220510-")
    assert (body["category"], body["category_label"]) == ("land", "用地")
    assert (body["source"], body["source_label"]) == ("meeting", "专班调度会")
    assert (body["state"], body["state_label"]) == ("resolved", "已办结")
    assert (body["enterprise"], body["enterprise_name"]) == (front.world.enterprise.pk, "内蒙古通威高纯晶硅有限公司")
    assert (body["project"], body["department"], body["department_name"]) == ("KDL-D-001", None, None)
    land = Request.objects.get(title=LAND)
    assert (body["raised_on"], body["accept_by"], body["reply_by"], body["resolve_by"]) == (
        "2022-05-10",
        f"{land.accept_by}",
        f"{land.reply_by}",
        f"{land.resolve_by}",
    )
    assert (body["accepted_on"], body["resolved_on"], body["confirmed_on"]) == ("2022-05-11", "2022-05-20", None)
    assert (body["working_days"], body["resolution"], body["rating"], body["escalated_on"]) == (
        land.working_days,
        "已调剂用地指标120亩",
        None,
        None,
    )
    assert [
        (event["source"], event["target"], event["note"], event["on"], event["by"]) for event in body["events"]
    ] == [
        ("", "submitted", "", "2022-05-10", "zhuanban"),
        ("submitted", "accepted", "", "2022-05-11", "yingshang"),
        ("accepted", "resolved", "已调剂用地指标120亩", "2022-05-20", "yingshang"),
    ]
    assert body["steps"] == ["confirm", "reopen"]  # the enterprise's turn
    assert api(front, "task_force_member").get(f"/api/requests/{pk(LAND)}/").json()["steps"] == []
    power = api(front, "finance_officer").get(f"/api/requests/{pk(POWER)}/").json()
    assert (power["department"], power["department_name"], power["steps"]) == (
        front.world.finance.pk,
        "昆都仑区财政局",
        ["accept"],
    )


def test_the_filters_answer_the_desks_questions(front: FrontDesk) -> None:
    client = api(front, "officer")

    def asked(query: str) -> set[str]:
        return titles(client.get(f"/api/requests/?{query}"))

    assert asked("state=submitted") == {POWER, FRESH}
    assert asked("state=confirmed") == {LOAN}
    assert asked("category=finance") == {LOAN}
    assert asked(f"department={front.world.finance.pk}") == {POWER}
    assert asked("overdue=true") == {POWER}  # FRESH is open but not yet due; LAND and LOAN are done
    assert asked("overdue=false") == {LAND, LOAN, FRESH}
    assert asked("year=2021") == {LOAN}
    assert asked("year=2022") == {POWER, LAND} | ({FRESH} if TODAY.year == 2022 else set())
    assert asked("state=submitted&overdue=true") == {POWER}
    assert client.get("/api/requests/?state=closed").status_code == 400
    # Filters narrow the scope, never widen it.
    assert titles(api(front, "enterprise_user").get("/api/requests/?overdue=true")) == {POWER}
    assert titles(api(front, "meike_user").get("/api/requests/?state=submitted")) == {FRESH}


# --- Raising ---------------------------------------------------------------------------------------


def raise_request(front: FrontDesk, persona: str, body: dict[str, Any]) -> Any:
    return api(front, persona).post("/api/requests/", body, format="json")


def test_an_enterprise_raises_a_request_for_itself_only(front: FrontDesk) -> None:
    before = Request.objects.count()
    response = raise_request(
        front,
        "enterprise_user",
        {
            "title": "新建厂房消防验收",
            "description": "新建厂房已竣工，申请尽快安排消防验收。",
            "category": "approval",
            "enterprise": front.world.other_enterprise.pk,  # another's: replaced by its own
            # The bureau's call: ignored.
            "complexity": "complex",
            "source": "visit",
            "department": front.world.finance.pk,
            # Read-only: the desk decides them.
            "number": "KDL-9999",
            "state": "confirmed",
            "raised_on": "2020-01-01",
            "resolve_by": "2099-01-01",
            "rating": 5,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    created = Request.objects.get(pk=body["id"])
    assert Request.objects.count() == before + 1
    assert created.enterprise == front.world.enterprise
    assert (created.region, created.raised_by, created.department) == (
        front.world.district,
        front.world.enterprise_user,
        None,
    )
    assert (created.state, body["state_label"], created.source, created.complexity) == (
        State.SUBMITTED,
        "新提交",
        Source.PORTAL,
        Request.Complexity.ORDINARY,
    )
    assert created.number.startswith(f"SQ{TODAY:%Y%m%d}-") and body["number"] == created.number
    assert created.raised_on == TODAY and created.rating is None
    assert (created.accept_by, created.reply_by, created.resolve_by) == (
        add_working_days(TODAY, 1),
        add_working_days(TODAY, 3),
        add_working_days(TODAY, 15),
    )
    assert body["resolve_by"] == f"{created.resolve_by}"
    assert [(event["source"], event["target"], event["by"]) for event in body["events"]] == [("", "submitted", "qiye")]
    # No department yet: the bureau is told, and finds it in its list.
    assert Notification.objects.filter(user=front.officer, text__contains="新建厂房消防验收").exists()
    assert "新建厂房消防验收" in titles(api(front, "officer").get("/api/requests/"))


def test_an_enterprise_names_only_its_own_projects(front: FrontDesk) -> None:
    body = {"title": "施工许可", "description": "请加快办理施工许可。", "category": "approval"}
    response = raise_request(front, "enterprise_user", {**body, "project": front.big.code})
    assert response.status_code == 201, response.content
    assert (response.json()["project"], response.json()["enterprise"]) == (front.big.code, front.world.enterprise.pk)
    before = Request.objects.count()
    response = raise_request(front, "enterprise_user", {**body, "project": front.edge.code})  # 美科's
    assert response.status_code == 400
    assert response.json()["project"] == ["没有编号为“KDL-D-002”的重大项目，或该项目不在您的范围内"]
    response = raise_request(front, "enterprise_user", {**body, "category": "bribe"})
    assert response.json()["category"] == ["“bribe”不是诉求类别之一"]
    response = raise_request(front, "enterprise_user", {"category": "land"})
    assert set(response.json()) == {"title", "description"}
    assert Request.objects.count() == before


def test_the_bureau_raises_for_any_enterprise_of_its_region(front: FrontDesk) -> None:
    body = {"title": "用工招聘对接", "description": "需招聘技术工人200名。", "category": "labour", "source": "visit"}
    response = raise_request(
        front,
        "officer",
        {
            **body,
            "enterprise": front.world.other_enterprise.pk,
            "department": front.world.finance.pk,
            "complexity": "complex",
        },
    )
    assert response.status_code == 201, response.content
    created = Request.objects.get(pk=response.json()["id"])
    assert (created.enterprise, created.department, created.source, created.region) == (
        front.world.other_enterprise,
        front.world.finance,
        Source.VISIT,
        front.world.district,
    )
    assert created.resolve_by == add_working_days(TODAY, 30)  # complex
    assert created.raised_by == front.officer
    assert Notification.objects.filter(user=front.world.finance_officer, text__contains="用工招聘对接").exists()
    # A project alone names its owner; a project of another enterprise does not fit.
    response = raise_request(front, "officer", {**body, "project": front.edge.code})
    assert response.status_code == 201, response.content
    assert response.json()["enterprise"] == front.world.other_enterprise.pk
    before = Request.objects.count()
    response = raise_request(
        front, "officer", {**body, "enterprise": front.world.enterprise.pk, "project": front.edge.code}
    )
    assert response.json()["project"] == ["重大项目“KDL-D-002”不是“内蒙古通威高纯晶硅有限公司”的项目"]
    assert raise_request(front, "officer", body).json()["enterprise"] == ["企业和重大项目至少填写一项"]
    response = raise_request(front, "officer", {**body, "enterprise": front.neighbour_enterprise.pk})
    assert response.json()["enterprise"] == [
        f"没有编号为“{front.neighbour_enterprise.pk}”的企业，或该企业不在您的范围内"
    ]
    neighbour_statistics = front.world.neighbour_statistics.pk
    response = raise_request(front, "officer", {**body, "enterprise": front.world.enterprise.pk, "department": 0})
    assert response.json()["department"] == ["没有编号为“0”的部门，或该部门不在您的范围内"]
    response = raise_request(
        front, "officer", {**body, "enterprise": front.world.enterprise.pk, "department": neighbour_statistics}
    )
    assert response.status_code == 400  # 青山区's department is not the bureau's to name
    assert Request.objects.count() == before


def test_a_task_force_logs_a_problem_of_its_projects(front: FrontDesk) -> None:
    body = {"title": "施工用电增容", "description": "施工高峰需增容。", "category": "energy", "source": "portal"}
    response = raise_request(
        front, "task_force_member", {**body, "project": front.big.code, "enterprise": front.world.other_enterprise.pk}
    )
    assert response.status_code == 201, response.content
    created = Request.objects.get(pk=response.json()["id"])
    assert (created.project, created.enterprise, created.source) == (front.big, front.world.enterprise, Source.MEETING)
    assert "施工用电增容" in titles(api(front, "task_force_member").get("/api/requests/"))
    before = Request.objects.count()
    response = raise_request(front, "task_force_member", body)
    assert (response.status_code, response.json()) == (400, {"project": ["专班记录的问题须选择相关重大项目"]})
    response = raise_request(front, "task_force_member", {**body, "project": front.edge.code})  # no 专班's
    assert response.status_code == 400
    assert Request.objects.count() == before


def test_only_enterprises_the_bureau_and_task_forces_raise(front: FrontDesk) -> None:
    body = {"title": "x", "description": "x", "category": "other", "enterprise": front.world.enterprise.pk}
    before = Request.objects.count()
    for persona in ("leader", "finance_officer", "statistician", "neighbour_leader"):
        response = raise_request(front, persona, body)
        assert response.status_code == 403, persona
        assert response.json()["detail"] == "您的角色不能提出诉求：企业、营商环境部门和专班成员可以提出"
    assert APIClient().post("/api/requests/", body).status_code in (401, 403)
    assert Request.objects.count() == before


def test_requests_are_not_edited_or_deleted_through_the_api(front: FrontDesk) -> None:
    client = api(front, "officer")
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(f"/api/requests/{pk(POWER)}/", {"title": "改"}).status_code == 405


# --- Steps -----------------------------------------------------------------------------------------


def take(front: FrontDesk, persona: str, title: str, body: dict[str, Any]) -> Any:
    return api(front, persona).post(f"/api/requests/{pk(title)}/step/", body, format="json")


def snapshot(title: str) -> tuple[Any, ...]:
    request = Request.objects.get(title=title)
    return (
        request.state,
        request.accepted_on,
        request.resolved_on,
        request.confirmed_on,
        request.resolution,
        request.rating,
        request.working_days,
        request.events.count(),
        Notification.objects.count(),
    )


def refused(front: FrontDesk, persona: str, title: str, body: dict[str, Any], status: int) -> Any:
    before = snapshot(title)
    response = take(front, persona, title, body)
    assert response.status_code == status, response.content
    assert snapshot(title) == before
    return response.json()


def test_the_round_trip_from_raising_to_confirming(front: FrontDesk) -> None:
    raised = raise_request(
        front,
        "enterprise_user",
        {"title": "蒸汽管网接入", "description": "请协调热电厂接入蒸汽管网。", "category": "facilities"},
    )
    assert raised.status_code == 201, raised.content
    title = "蒸汽管网接入"
    assert raised.json()["steps"] == []

    accepted = take(front, "officer", title, {"step": "accept"})
    assert accepted.status_code == 200, accepted.content
    assert (accepted.json()["state"], accepted.json()["accepted_on"]) == ("accepted", f"{TODAY}")
    assert accepted.json()["steps"] == ["start", "resolve"]

    resolved = take(front, "officer", title, {"step": "resolve", "note": "  已完成管网接入  ", "rating": None})
    assert resolved.status_code == 200, resolved.content
    body = resolved.json()
    assert (body["state"], body["state_label"], body["resolved_on"]) == ("resolved", "已办结", f"{TODAY}")
    assert (body["resolution"], body["working_days"]) == ("已完成管网接入", 0)
    # The enterprise that raised it is told to confirm.
    told = Notification.objects.filter(user=front.world.enterprise_user)
    assert [message.text for message in told] == ["诉求“蒸汽管网接入”办结，请确认是否解决"]

    confirmed = take(front, "enterprise_user", title, {"step": "confirm", "rating": 5})
    assert confirmed.status_code == 200, confirmed.content
    body = confirmed.json()
    assert (body["state"], body["state_label"], body["confirmed_on"], body["rating"]) == (
        "confirmed",
        "已确认",
        f"{TODAY}",
        5,
    )
    assert [(event["source"], event["target"], event["note"], event["by"]) for event in body["events"]] == [
        ("", "submitted", "", "qiye"),
        ("submitted", "accepted", "", "yingshang"),
        ("accepted", "resolved", "已完成管网接入", "yingshang"),
        ("resolved", "confirmed", "", "qiye"),
    ]
    assert body["steps"] == []


def test_an_unhappy_enterprise_sends_it_back(front: FrontDesk) -> None:
    assert refused(front, "enterprise_user", LAND, {"step": "reopen", "note": " "}, 400) == {
        "non_field_errors": ["退回重办须说明不满意的原因"]
    }
    response = take(front, "enterprise_user", LAND, {"step": "reopen", "note": "指标仍不够"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["resolved_on"], body["working_days"]) == ("reopened", None, None)
    assert body["resolve_by"] == f"{add_working_days(TODAY, 15)}"
    assert body["events"][-1]["note"] == "指标仍不够"


def test_confirming_an_unresolved_request_is_refused(front: FrontDesk) -> None:
    assert refused(front, "enterprise_user", POWER, {"step": "confirm", "rating": 5}, 400) == {
        "non_field_errors": ["诉求当前为“新提交”，不能确认解决"]
    }
    assert refused(front, "enterprise_user", LAND, {"step": "confirm"}, 400) == {
        "non_field_errors": ["确认解决须给出1到5分的满意度评价"]
    }
    assert refused(front, "enterprise_user", LAND, {"step": "confirm", "rating": 6}, 400) == {
        "non_field_errors": ["确认解决须给出1到5分的满意度评价"]
    }


def test_resolving_needs_the_result(front: FrontDesk) -> None:
    assert take(front, "finance_officer", POWER, {"step": "accept"}).status_code == 200
    for note in ("", "   "):
        assert refused(front, "finance_officer", POWER, {"step": "resolve", "note": note}, 400) == {
            "non_field_errors": ["办结须填写办理结果"]
        }
    assert Request.objects.get(title=POWER).state == State.ACCEPTED


def test_the_enterprise_cannot_take_the_departments_steps(front: FrontDesk) -> None:
    body = refused(front, "enterprise_user", POWER, {"step": "accept"}, 403)
    assert body == {"detail": "“受理”须由承办部门操作"}
    # Nor a 专班 the enterprise's.
    body = refused(front, "task_force_member", LAND, {"step": "confirm", "rating": 5}, 403)
    assert body == {"detail": "“确认解决”须由提出诉求的企业操作"}


def test_a_step_must_be_one_of_the_five(front: FrontDesk) -> None:
    for body in ({}, {"step": "close"}, {"step": None}):
        response = refused(front, "officer", POWER, body, 400)
        assert response == {"step": ["办理步骤须为 accept、start、resolve、confirm、reopen 之一"]}


# --- Approvals and key enterprises -----------------------------------------------------------------


@pytest.fixture
def approvals(front: FrontDesk) -> FrontDesk:
    world = front.world
    for item, applicant, received, finished in [
        ("企业投资项目备案", world.enterprise, datetime.date(2022, 3, 1), datetime.date(2022, 3, 3)),
        ("建设工程规划许可", world.other_enterprise, datetime.date(2022, 4, 6), None),
        ("建设工程施工许可", world.enterprise, datetime.date(2021, 9, 1), datetime.date(2021, 9, 10)),
    ]:
        ApprovalCase.objects.create(
            region=world.district,
            item=item,
            applicant=applicant,
            statutory_days=20,
            promised_days=5,
            received_on=received,
            finished_on=finished,
        )
    KeyEnterprise.objects.create(region=world.district, enterprise=world.enterprise, officer=front.officer, since=2021)
    return front


def items(response: Any) -> set[str]:
    return {case["item"] for case in results(response)}


def test_approvals_are_read_through_the_scope(approvals: FrontDesk) -> None:
    every = {"企业投资项目备案", "建设工程规划许可", "建设工程施工许可"}
    for persona, expected in {
        "officer": every,
        "leader": every,
        "enterprise_user": {"企业投资项目备案", "建设工程施工许可"},  # as the applicant
        "finance_officer": set(),
        "task_force_member": set(),
        "neighbour_leader": set(),
    }.items():
        assert items(api(approvals, persona).get("/api/approvals/")) == expected, persona
    client = api(approvals, "officer")
    assert items(client.get("/api/approvals/?year=2022")) == {"企业投资项目备案", "建设工程规划许可"}
    assert items(client.get("/api/approvals/?item=建设工程")) == {"建设工程规划许可", "建设工程施工许可"}
    assert items(client.get("/api/approvals/?year=2021&item=建设工程")) == {"建设工程施工许可"}
    case = next(item for item in results(client.get("/api/approvals/")) if item["item"] == "企业投资项目备案")
    assert (case["applicant_name"], case["working_days"], case["promised_days"], case["region"]) == (
        "内蒙古通威高纯晶硅有限公司",
        2,
        5,
        "150203",
    )
    assert client.post("/api/approvals/", {"item": "x"}).status_code == 405


def test_key_enterprises_are_read_through_the_scope(approvals: FrontDesk) -> None:
    for persona, expected in {
        "officer": 1,
        "leader": 1,
        "enterprise_user": 1,
        "meike_user": 0,
        "neighbour_leader": 0,
    }.items():
        assert len(results(api(approvals, persona).get("/api/key-enterprises/"))) == expected, persona
    (listing,) = results(api(approvals, "leader").get("/api/key-enterprises/"))
    assert (listing["enterprise_name"], listing["officer"], listing["since"], listing["region"]) == (
        "内蒙古通威高纯晶硅有限公司",
        "yingshang",
        2021,
        "150203",
    )


# --- Notifications ---------------------------------------------------------------------------------


def test_a_user_reads_only_its_own_messages_and_marks_them_read(front: FrontDesk) -> None:
    mine = [
        Notification.objects.create(user=front.world.enterprise_user, text=f"消息{number}", url="/desk/")
        for number in (1, 2)
    ]
    theirs = Notification.objects.create(user=front.world.leader, text="督办：领导的消息")
    client = api(front, "enterprise_user")
    listed = results(client.get("/api/notifications/"))
    assert {item["id"] for item in listed} == {message.pk for message in mine}
    assert all(item["read"] is False and item["read_at"] is None for item in listed)

    response = client.post(f"/api/notifications/{mine[0].pk}/read/")
    assert response.status_code == 200, response.content
    assert response.json()["read"] is True
    mine[0].refresh_from_db()
    first_read = mine[0].read_at
    assert first_read is not None
    assert client.post(f"/api/notifications/{mine[0].pk}/read/").status_code == 200
    mine[0].refresh_from_db()
    assert mine[0].read_at == first_read  # read once
    assert [item["id"] for item in results(client.get("/api/notifications/?read=false"))] == [mine[1].pk]
    assert [item["id"] for item in results(client.get("/api/notifications/?read=true"))] == [mine[0].pk]

    assert client.get(f"/api/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # The desk's own messages reach their reader alone: the bureau's are not the leader's.
    leader_sees = {item["text"] for item in results(api(front, "leader").get("/api/notifications/"))}
    assert leader_sees == {"督办：领导的消息"}
    assert results(api(front, "officer").get("/api/notifications/"))
    assert APIClient().get("/api/notifications/").status_code in (401, 403)


# --- Schema ----------------------------------------------------------------------------------------


def test_the_schema_describes_the_desk_without_warnings(front: FrontDesk) -> None:
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache] == []
    paths = schema["paths"]
    assert set(paths["/api/requests/"]) == {"get", "post"}
    assert set(paths["/api/requests/{id}/"]) == {"get"}
    assert set(paths["/api/requests/{id}/step/"]) == {"post"}
    assert set(paths["/api/notifications/{id}/read/"]) == {"post"}
    for path in ("/api/approvals/", "/api/key-enterprises/", "/api/notifications/"):
        assert set(paths[path]) == {"get"}
    request = schema["components"]["schemas"]["ServiceRequest"]["properties"]
    read_only = ("number", "state", "raised_on", "accept_by", "reply_by", "resolve_by", "rating", "events")
    assert all(request[field].get("readOnly") for field in read_only)
    parameters = {parameter["name"] for parameter in paths["/api/requests/"]["get"]["parameters"]}
    assert {"state", "category", "department", "overdue", "year"} <= parameters
    assert {"year", "item"} <= {parameter["name"] for parameter in paths["/api/approvals/"]["get"]["parameters"]}
    # The project ledger's CategoryEnum keeps its name.
    assert "CategoryEnum" in schema["components"]["schemas"]
    assert api(front, "leader").get("/api/schema/").status_code == 200
