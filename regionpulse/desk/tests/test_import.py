"""The desk's two sheets: the request ledger (诉求台账), whose dates say each request's state, and the approval
cases; a bad row refuses the whole file naming the column; an export comes back unchanged; only the
business-environment bureau (and administrators, and the command line) may import.

Dates are on the 2022 calendar around National Day: raised Wed 28 Sep → accept by 29 Sep, reply by Sat 8 Oct,
resolve by 24 Oct (a complex one by 14 Nov); resolved 10 Oct → 5 working days, 20 Oct → 13.

Request columns: A 诉求编号, B 所属地区, C 诉求标题, D 诉求内容, E 类别, F 复杂程度, G 来源, H 企业, I 重大项目编号,
J 承办部门, K 提交日期, L 受理日期, M 办结日期, N 办理结果, O 确认日期, P 满意度.
Approval columns: A 所属地区, B 审批事项, C 申请企业, D 法定时限, E 承诺时限, F 受理日期, G 办结日期.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

import pytest
from django.utils import timezone

from regionpulse.core.actors import acting_as
from regionpulse.core.models import ChangeRecord
from regionpulse.core.tests.importing import exported, refused_import, run
from regionpulse.desk.importers import ApprovalImporter, RequestImporter
from regionpulse.desk.models import ApprovalCase, Category, Event, Request, State
from regionpulse.desk.states import ACCEPT, REOPEN, RESOLVE, START, raise_request, take
from regionpulse.desk.tests.conftest import PROJECT, Desk

DESK_MODELS = (Request, Event, ApprovalCase, ChangeRecord)
# A refused file leaves these tables as they were, history included.
refused = functools.partial(refused_import, models=DESK_MODELS)
TONGWEI = "内蒙古通威高纯晶硅有限公司"


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def request_row(
    number: str,
    raised: str = "2022-09-28",
    accepted: str | None = None,
    resolved: str | None = None,
    resolution: str | None = None,
    confirmed: str | None = None,
    rating: int | None = None,
    *,
    enterprise: str | None = TONGWEI,
    project: str | None = None,
    department: str | None = "昆都仑区财政局",
    complexity: str = "一般",
    region: str = "150203",
) -> list[Any]:
    return [
        number,
        region,
        f"诉求{number}",
        "变电站接入需要协调",
        "用能",
        complexity,
        "企业网上提交",
        enterprise,
        project,
        department,
        raised,
        accepted,
        resolved,
        resolution,
        confirmed,
        rating,
    ]


def approval_row(
    item: str = "建设工程规划许可",
    statutory: int = 20,
    promised: int = 10,
    received: str = "2022-09-28",
    finished: str | None = "2022-10-10",
    applicant: str | None = TONGWEI,
    region: str = "150203",
) -> list[Any]:
    return [region, item, applicant, statutory, promised, received, finished]


LEDGER = [
    request_row("KDL-SQ-2022-001"),
    request_row("KDL-SQ-2022-002", accepted="2022-09-29"),
    request_row("KDL-SQ-2022-003", accepted="2022-09-29", resolved="2022-10-10", resolution="已协调"),
    request_row(
        "KDL-SQ-2022-004",
        accepted="2022-09-29",
        resolved="2022-10-20",
        resolution="已协调",
        confirmed="2022-10-21",
        rating=4,
    ),
    request_row(
        "KDL-SQ-2022-005",
        enterprise=None,
        project=PROJECT,
        department="区营商局",
        complexity="复杂",
        accepted="2022-09-30",
    ),
]


# The request ledger


def test_a_ledger_sheet_imports_with_states_from_the_dates(desk: Desk) -> None:
    result = run(RequestImporter, desk.officer, LEDGER)
    assert (result.created, result.updated, result.unchanged, result.rows) == (5, 0, 0, 5)
    rows = {
        request.number: (request.state, request.accept_by, request.reply_by, request.resolve_by, request.working_days)
        for request in Request.objects.all()
    }
    deadlines = (d("2022-09-29"), d("2022-10-08"), d("2022-10-24"))
    assert rows == {
        "KDL-SQ-2022-001": (State.SUBMITTED, *deadlines, None),
        "KDL-SQ-2022-002": (State.ACCEPTED, *deadlines, None),
        "KDL-SQ-2022-003": (State.RESOLVED, *deadlines, 5),
        "KDL-SQ-2022-004": (State.CONFIRMED, *deadlines, 13),
        "KDL-SQ-2022-005": (State.ACCEPTED, d("2022-09-29"), d("2022-10-08"), d("2022-11-14"), None),
    }
    confirmed = Request.objects.get(number="KDL-SQ-2022-004")
    assert (confirmed.rating, confirmed.resolution, confirmed.category) == (4, "已协调", Category.ENERGY)
    assert confirmed.department == desk.world.finance
    # A project's problem without an enterprise is the project owner's; "区营商局" is the bureau's short name.
    problem = Request.objects.get(number="KDL-SQ-2022-005")
    assert (problem.project, problem.enterprise, problem.department) == (
        desk.project,
        desk.world.enterprise,
        desk.bureau,
    )
    assert ChangeRecord.objects.filter(action="create", via="import").count() == 5


def test_a_row_with_a_known_number_updates_that_request(desk: Desk) -> None:
    run(RequestImporter, desk.officer, LEDGER)
    changed = [
        *LEDGER[:1],
        request_row("KDL-SQ-2022-002", accepted="2022-09-29", resolved="2022-10-10", resolution="已办"),
    ]
    result = run(RequestImporter, desk.officer, [*changed, *LEDGER[2:]])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    request = Request.objects.get(number="KDL-SQ-2022-002")
    assert (request.state, request.resolved_on, request.working_days) == (State.RESOLVED, d("2022-10-10"), 5)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            request_row("X", accepted="2022-09-29", resolved="2022-10-10", resolution="已协调", confirmed="2022-10-11"),
            "第2行 P列（满意度）：已确认的诉求须填写满意度",
        ),
        (
            request_row("X", accepted="2022-09-29", resolved="2022-10-10"),
            "第2行 N列（办理结果）：已办结的诉求须填写办理结果",
        ),
        (
            request_row("X", accepted="2022-09-27"),
            "第2行 L列（受理日期）：受理日期早于提交日期",
        ),
        (
            request_row("X", accepted="2022-10-11", resolved="2022-10-10", resolution="已协调"),
            "第2行 M列（办结日期）：办结日期早于受理日期",
        ),
        (
            request_row(
                "X", accepted="2022-09-29", resolved="2022-10-10", resolution="已协调", confirmed="2022-10-09", rating=5
            ),
            "第2行 O列（确认日期）：确认日期早于办结日期",
        ),
        (
            request_row("X", accepted="2022-09-29", confirmed="2022-10-11", rating=5),
            "第2行 M列（办结日期）：已填写后续日期，办结日期不能为空",
        ),
        (
            request_row("X", resolved="2022-10-10", resolution="已协调"),
            "第2行 L列（受理日期）：已填写后续日期，受理日期不能为空",
        ),
        (
            request_row("X", enterprise=None),
            "第2行 H列（企业）：企业和重大项目至少填写一项",
        ),
        (
            request_row("X", enterprise="不存在的公司"),
            "第2行 H列（企业）：企业名录中没有“不存在的公司”",
        ),
        (
            request_row(
                "X", accepted="2022-09-29", resolved="2022-10-10", resolution="已协调", confirmed="2022-10-11", rating=6
            ),
            "第2行 P列（满意度）：“6”不是1到5分的评价",
        ),
    ],
    ids=[
        "confirmed-without-rating",
        "resolved-without-result",
        "accepted-before-raised",
        "resolved-before-accepted",
        "confirmed-before-resolved",
        "confirmed-without-resolved",
        "resolved-without-accepted",
        "neither-enterprise-nor-project",
        "unknown-enterprise",
        "rating-out-of-range",
    ],
)
def test_a_bad_row_refuses_the_whole_sheet_naming_the_column(desk: Desk, row: list[Any], problem: str) -> None:
    assert refused(RequestImporter, desk.officer, [*LEDGER, row]) == [problem.replace("第2行", "第7行")]


def test_a_date_that_has_not_come_yet_is_refused(desk: Desk) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    later = f"{tomorrow:%Y-%m-%d}"
    assert refused(RequestImporter, desk.officer, [request_row("X", raised=later)]) == [
        f"第2行 K列（提交日期）：{later}还没有到"
    ]
    assert refused(
        RequestImporter,
        desk.officer,
        [
            request_row(
                "X", accepted="2022-09-29", resolved="2022-10-10", resolution="已协调", confirmed=later, rating=5
            )
        ],
    ) == [f"第2行 O列（确认日期）：{later}还没有到"]


def test_an_exported_ledger_imports_back_unchanged(book: Desk) -> None:
    run(RequestImporter, book.officer, LEDGER)
    rows = exported(RequestImporter)
    assert len(rows) == Request.objects.count() == 19
    records = list(Request.objects.order_by("pk").values())
    history = ChangeRecord.objects.count()
    result = run(RequestImporter, None, rows)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 19)
    assert ChangeRecord.objects.count() == history
    assert list(Request.objects.order_by("pk").values()) == records


def test_the_bureaus_export_is_its_districts_and_imports_back_unchanged(book: Desk) -> None:
    rows = exported(RequestImporter, book.officer)
    assert {row[1] for row in rows} == {"150203"}
    assert len(rows) == 12
    result = run(RequestImporter, book.officer, rows)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 12)


def test_an_export_of_requests_worked_on_the_desk_imports_back_unchanged(desk: Desk) -> None:
    """A request 办理中 and one 退回重办 (with its fresh deadline of 1 Nov) are exported and imported back without
    a change: an officer who exports the ledger to correct a title must not send them back to 已受理."""
    world = desk.world
    started, reopened = (
        raise_request(
            Request(
                region=world.district,
                title=title,
                description="变电站接入",
                category=Category.ENERGY,
                enterprise=world.enterprise,
                department=world.finance,
            ),
            world.enterprise_user,
            on=d("2022-09-28"),
        )
        for title in ("办理中的诉求", "退回重办的诉求")
    )
    with acting_as(None, "system"):
        for request in (started, reopened):
            take(request, ACCEPT, world.finance_officer, on=d("2022-09-29"))
        take(started, START, world.finance_officer, "已联系电网公司", on=d("2022-09-30"))
        take(reopened, RESOLVE, world.finance_officer, "已协调", on=d("2022-10-10"))
        take(reopened, REOPEN, world.enterprise_user, "没有解决", on=d("2022-10-11"))

    def states() -> dict[str, tuple[str, datetime.date]]:
        return {request.title: (request.state, request.resolve_by) for request in Request.objects.all()}

    assert states() == {
        "办理中的诉求": (State.IN_PROGRESS, d("2022-10-24")),
        "退回重办的诉求": (State.REOPENED, d("2022-11-01")),
    }
    history = ChangeRecord.objects.count()
    result = run(RequestImporter, desk.officer, exported(RequestImporter, desk.officer))
    assert states() == {
        "办理中的诉求": (State.IN_PROGRESS, d("2022-10-24")),
        "退回重办的诉求": (State.REOPENED, d("2022-11-01")),
    }
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert ChangeRecord.objects.count() == history


@pytest.mark.parametrize("who", ["statistician", "finance_officer", "enterprise_user", "leader", "task_force_member"])
def test_only_the_bureau_imports_the_ledger(desk: Desk, who: str) -> None:
    user = getattr(desk.world, who)
    assert refused(RequestImporter, user, LEDGER[:1]) == ["第2行：企业诉求台账由营商环境部门维护，您的角色不能导入"]


def test_the_bureau_an_administrator_and_the_command_line_may_import(desk: Desk) -> None:
    assert run(RequestImporter, desk.officer, LEDGER[:1]).created == 1
    assert run(RequestImporter, desk.world.admin, LEDGER[1:2]).created == 1
    assert run(RequestImporter, None, LEDGER[2:3]).created == 1


def test_the_neighbours_bureau_cannot_import_into_the_district(desk: Desk) -> None:
    problems = refused(RequestImporter, desk.neighbour_officer, LEDGER[:1])
    assert len(problems) == 1
    assert problems[0].startswith("第2行 B列（所属地区）：未知的地区“150203”")


def test_a_number_of_another_districts_request_does_not_overwrite_it(book: Desk) -> None:
    """青山区's bureau numbers its own ledger; a row of 150204 whose number is that of 昆都仑区's confirmed request
    T-A must be refused (the number is taken, and the request is out of the officer's scope), not written over it."""
    before = Request.objects.filter(number="T-A").values().get()
    row = request_row("T-A", enterprise="包头市青山区某装备制造有限公司", department=None, region="150204")
    problems = refused(RequestImporter, book.neighbour_officer, [row])
    assert len(problems) == 1
    assert problems[0].startswith("第2行")
    assert Request.objects.filter(number="T-A").values().get() == before


# Approval cases


def test_approvals_import_with_their_working_days(desk: Desk) -> None:
    rows = [
        approval_row(),  # 29, 30 Sep, 8, 9, 10 Oct → 5
        approval_row("施工许可", 15, 5, "2023-04-28", "2023-05-08"),  # 4, 5, Sat 6 and 8 May 2023 → 4
        approval_row("环评审批", 30, 15, "2022-10-10", None),  # not finished
    ]
    result = run(ApprovalImporter, desk.officer, rows)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert dict(ApprovalCase.objects.values_list("item", "working_days")) == {
        "建设工程规划许可": 5,
        "施工许可": 4,
        "环评审批": None,
    }
    # Finishing one later updates it and computes its days.
    again = run(
        ApprovalImporter, desk.officer, [*rows[:2], approval_row("环评审批", 30, 15, "2022-10-10", "2022-10-24")]
    )
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    assert ApprovalCase.objects.get(item="环评审批").working_days == 10  # 11-14, 17-21, 24 Oct


def test_a_promise_longer_than_the_statutory_time_is_refused(desk: Desk) -> None:
    assert refused(ApprovalImporter, desk.officer, [approval_row(statutory=10, promised=12)]) == [
        "第2行 E列（承诺时限（工作日））：承诺时限不能长于法定时限"
    ]


def test_an_approval_finished_before_it_was_received_is_refused(desk: Desk) -> None:
    assert refused(ApprovalImporter, desk.officer, [approval_row(received="2022-10-10", finished="2022-10-09")]) == [
        "第2行 G列（办结日期）：办结日期早于受理日期"
    ]


def test_only_the_bureau_imports_approvals(desk: Desk) -> None:
    assert refused(ApprovalImporter, desk.world.statistician, [approval_row()]) == [
        "第2行：审批件由营商环境部门维护，您的角色不能导入"
    ]


def test_an_exported_approval_sheet_imports_back_unchanged(book: Desk) -> None:
    rows = exported(ApprovalImporter)
    assert len(rows) == ApprovalCase.objects.count() == 7
    records = list(ApprovalCase.objects.order_by("pk").values())
    history = ChangeRecord.objects.count()
    result = run(ApprovalImporter, None, rows)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 7)
    assert ChangeRecord.objects.count() == history
    assert list(ApprovalCase.objects.order_by("pk").values()) == records
