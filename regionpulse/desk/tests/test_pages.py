"""The service desk's pages as its people use them: the request ledger and its counts, raising a request,
a request's page and its steps, the officer's desk, the approval cases, the messages, the Excel sheets and
the cockpit's service figures.

Every expected number is worked out by hand from the ``book`` fixture (see its conftest's table) and, where
said, from ``counter``: the book plus X, a request of 美科 (the other enterprise) raised today, unassigned,
whose deadline is still to come.

As of today (the book's 2022 deadlines long past), the district's open requests are G, H, J, N and K (all
overdue) and X (not overdue); O alone is resolved and awaits the enterprise's confirmation.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from regionpulse.core.models import ChangeRecord
from regionpulse.core.tests.importing import workbook
from regionpulse.core.tests.responses import messages_of, plain, table_rows, text_of, xlsx_rows
from regionpulse.desk.escalation import escalate
from regionpulse.desk.importers import APPROVAL_COLUMNS, REQUEST_COLUMNS, RequestImporter
from regionpulse.desk.models import (
    ApprovalCase,
    Category,
    Event,
    KeyEnterprise,
    Notification,
    Request,
    Source,
    State,
)
from regionpulse.desk.tests.conftest import Desk, make_request
from regionpulse.desk.workdays import add_working_days
from regionpulse.projects.tests.conftest import make_project

TODAY = timezone.localdate()
DISTRICT = {"A", "B", "C", "D", "E", "O", "G", "H", "I", "J", "N", "K"}
NEIGHBOUR = {"L", "M"}
FINANCE = {"A", "B", "E", "O", "H"}  # assigned to 财政局
STATISTICS = {"C", "I"}  # assigned to 统计局
DESK_MODELS = (Request, Event, Notification, ChangeRecord)
REQUEST_HEADERS = [column.header for column in REQUEST_COLUMNS]
APPROVAL_HEADERS = [column.header for column in APPROVAL_COLUMNS]
TONGWEI = "内蒙古通威高纯晶硅有限公司"
MEIKE = "包头美科硅能源有限公司"


# --- Reading pages ---------------------------------------------------------------------------------


def table_counts() -> list[int]:
    return [model.objects.count() for model in DESK_MODELS]


def client(book: Desk, name: str) -> Client:
    user = getattr(book, name, None) or getattr(book.world, name)
    return book.world.client_for(user)


def keys_by_pk(book: Desk) -> dict[int, str]:
    return {request.pk: key for key, request in book.requests.items()}


def listed(book: Desk, response: Any) -> list[str]:
    """The ledger's rows, as the book's keys, in the page's order."""
    assert response.status_code == 200
    keys = keys_by_pk(book)
    return [keys.get(int(pk), pk) for pk in re.findall(r'data-request="(\d+)"', response.content.decode())]


def steps_offered(response: Any) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'data-step="(\w+)"', response.content.decode())


@pytest.fixture
def counter(book: Desk) -> Desk:
    book.requests["X"] = make_request(
        "T-X",
        book.world.district,
        TODAY.isoformat(),
        category=Category.POLICY,
        enterprise=book.world.other_enterprise,
    )
    return book


# --- The request ledger ----------------------------------------------------------------------------


def test_the_bureau_sees_every_request_of_the_district_newest_first(counter: Desk) -> None:
    page = client(counter, "officer").get("/desk/")
    # By raising date, newest first: X today, K 1 Jul, J 28 Jun, N 23 Jun, G 22 Jun, O 6 Jun, D 1 Jun, I 16 May,
    # C 5 May, B 6 Apr, H 10 Mar, A 1 Mar, E 1 Dec 2021. Not 青山区's L and M.
    assert listed(counter, page) == ["X", "K", "J", "N", "G", "O", "D", "I", "C", "B", "H", "A", "E"]
    assert "企业诉求台账" in text_of(page)


def test_each_persona_sees_only_its_scope(counter: Desk) -> None:
    seen = {
        # 通威 raised every district request of the book; 美科's X is not its own.
        "enterprise_user": DISTRICT,
        "other_user": {"X"},
        "finance_officer": FINANCE,
        "statistician": STATISTICS,
        "leader": DISTRICT | {"X"},
        "neighbour_leader": NEIGHBOUR,
        "neighbour_officer": NEIGHBOUR,  # the neighbour's bureau keeps 青山区's desk only
        "task_force_member": set(),  # no request of the book is on a project of its 专班
    }
    for name, expected in seen.items():
        assert set(listed(counter, client(counter, name).get("/desk/"))) == expected, name


def test_the_enterprise_sees_its_own_ledger_as_my_requests(counter: Desk) -> None:
    text = text_of(client(counter, "other_user").get("/desk/"))
    assert "我的诉求" in text
    assert "诉求T-X" in text
    assert "诉求T-A" not in text


def summary(response: Any) -> str:
    match = re.search(r'<p class="summary">(.*?)</p>', response.content.decode(), re.S)
    assert match is not None
    return plain(match.group(1))


def test_the_counts_line_as_of_today(counter: Desk) -> None:
    # Open: G, H, J, N, K (deadlines in 2022, all overdue) and X (due in 15 working days); awaiting: O.
    assert summary(client(counter, "officer").get("/desk/")) == "办理中6件，其中超期5件；已办结待企业确认1件"
    assert summary(client(counter, "enterprise_user").get("/desk/")) == "办理中5件，其中超期5件；已办结待企业确认1件"
    assert summary(client(counter, "other_user").get("/desk/")) == "办理中1件，其中超期0件；已办结待企业确认0件"
    # 财政局: H open and overdue, O awaiting; A, B, E confirmed.
    assert summary(client(counter, "finance_officer").get("/desk/")) == "办理中1件，其中超期1件；已办结待企业确认1件"
    # 统计局: C and I both confirmed.
    assert summary(client(counter, "statistician").get("/desk/")) == "办理中0件，其中超期0件；已办结待企业确认0件"
    # 青山区: M open since 29 June 2022 (overdue by now); L confirmed.
    assert summary(client(counter, "neighbour_leader").get("/desk/")) == "办理中1件，其中超期1件；已办结待企业确认0件"


def test_the_counts_line_does_not_follow_the_filters(counter: Desk) -> None:
    page = client(counter, "officer").get("/desk/?state=confirmed&category=land")
    assert summary(page) == "办理中6件，其中超期5件；已办结待企业确认1件"


def test_filtering_the_ledger(counter: Desk) -> None:
    officer = client(counter, "officer")
    assert listed(counter, officer.get("/desk/?state=submitted")) == ["X", "K", "J", "N", "G"]
    assert listed(counter, officer.get("/desk/?state=accepted")) == ["H"]
    assert listed(counter, officer.get("/desk/?state=resolved")) == ["O"]
    assert listed(counter, officer.get("/desk/?category=land")) == ["G", "I", "C", "A", "E"]
    assert listed(counter, officer.get("/desk/?category=finance")) == ["O", "B", "H"]
    assert listed(counter, officer.get("/desk/?category=finance&state=accepted")) == ["H"]
    # Overdue today: open past the deadline; X is open but not yet due.
    assert listed(counter, officer.get("/desk/?overdue=true")) == ["K", "J", "N", "G", "H"]
    assert listed(counter, officer.get("/desk/?overdue=true&category=policy")) == ["J", "N"]
    # The text searches the title, the number (in any case) and the enterprise's name.
    assert listed(counter, officer.get("/desk/?q=诉求T-H")) == ["H"]
    assert listed(counter, officer.get("/desk/?q=t-o")) == ["O"]
    assert listed(counter, officer.get("/desk/?q=美科")) == ["X"]
    assert listed(counter, officer.get("/desk/?q=通威&state=resolved")) == ["O"]
    assert listed(counter, officer.get("/desk/?q=没有这个诉求")) == []
    assert "没有符合条件的诉求" in text_of(officer.get("/desk/?q=没有这个诉求"))
    # A value that is not a state or a category filters nothing.
    assert len(listed(counter, officer.get("/desk/?state=lost&category=weather"))) == 13


def test_a_filter_does_not_reach_outside_the_scope(counter: Desk) -> None:
    finance = client(counter, "finance_officer")
    assert listed(counter, finance.get("/desk/?overdue=true")) == ["H"]
    assert listed(counter, finance.get("/desk/?q=T-G")) == []
    assert listed(counter, client(counter, "neighbour_leader").get("/desk/?q=诉求T-")) == ["M", "L"]


@pytest.fixture
def escalated(counter: Desk) -> Desk:
    """G and H are problems of 王志刚's project; escalated today, they go up to him. J, N and K (no project) go
    to the bureau's reviewers, M to 青山区's; X is not overdue."""
    Request.objects.filter(pk__in=[counter.requests["G"].pk, counter.requests["H"].pk]).update(project=counter.project)
    escalate(TODAY)
    return counter


def test_the_leader_finds_the_requests_escalated_to_him(escalated: Desk) -> None:
    wang = client(escalated, "wang")
    page = wang.get("/desk/?escalated=mine")
    assert listed(escalated, page) == ["G", "H"]
    assert page.content.decode().count('<span class="tag late">督办</span>') == 2
    # The header counts them and leads there.
    assert page.context["supervised_requests"] == 2
    assert '<a href="/desk/?escalated=mine" class="badge-link">督办<span class="badge">2</span></a>' in (
        page.content.decode()
    )


def test_the_request_page_says_to_whom_it_was_escalated(escalated: Desk) -> None:
    day = f"{TODAY:%Y-%m-%d}"
    g = client(escalated, "wang").get(f"/desk/{escalated.requests['G'].pk}/")
    assert f"已于{day}超过时限，督办至王志刚" in text_of(g)
    # J has no project: it went to the bureau's reviewers, who were told.
    j = client(escalated, "officer").get(f"/desk/{escalated.requests['J'].pk}/")
    assert f"已于{day}超过时限，督办至部门负责人" in text_of(j)
    assert Notification.objects.filter(user=escalated.reviewer, text__startswith="督办：诉求“诉求T-J”").count() == 1
    assert Notification.objects.filter(user=escalated.wang).count() == 2  # G and H
    # X is not overdue and was not escalated.
    assert "督办至" not in text_of(client(escalated, "officer").get(f"/desk/{escalated.requests['X'].pk}/"))


def test_an_escalated_request_resolved_leaves_the_leaders_list(escalated: Desk) -> None:
    response = client(escalated, "finance_officer").post(
        f"/desk/{escalated.requests['H'].pk}/step/", {"step": "resolve", "note": "已协调银行放款"}, follow=True
    )
    assert "已办结" in messages_of(response)
    page = client(escalated, "wang").get("/desk/?escalated=mine")
    assert listed(escalated, page) == ["G"]
    assert page.context["supervised_requests"] == 1


def test_escalated_mine_lists_nothing_for_one_to_whom_nothing_was_escalated(escalated: Desk) -> None:
    """The district's leader who is no 包联领导 (no Leader linked) and the bureau's officer: nothing was escalated
    to them, so "escalated to me" is empty, not the list of requests that were never escalated."""
    for name in ("leader", "officer"):
        page = client(escalated, name).get("/desk/?escalated=mine")
        assert page.context["supervised_requests"] == 0
        assert listed(escalated, page) == [], name


# --- Raising a request -----------------------------------------------------------------------------


def raise_form(book: Desk, name: str = "enterprise_user", **data: Any) -> Any:
    fields = {
        "title": "厂区双回路供电接入",
        "description": "二期厂房需要双回路供电，请协调供电公司。",
        "category": "energy",
    }
    return client(book, name).post("/desk/new/", fields | data)


def test_the_enterprise_raises_a_request(desk: Desk) -> None:
    world = desk.world
    assert client(desk, "enterprise_user").get("/desk/new/").status_code == 200
    # 美科 given as the enterprise is ignored: an enterprise raises its own.
    response = raise_form(desk, enterprise=str(world.other_enterprise.pk))
    created = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/{created.pk}/"
    assert created.state == State.SUBMITTED
    assert (created.enterprise, created.region, created.raised_by) == (
        world.enterprise,
        world.district,
        world.enterprise_user,
    )
    assert (created.title, created.category, created.source) == ("厂区双回路供电接入", Category.ENERGY, Source.PORTAL)
    assert (created.department, created.project, created.complexity) == (None, None, Request.Complexity.ORDINARY)
    # Deadlines by the calendar's rule (tested in test_workdays): 1, 3 and 15 working days after today.
    assert created.raised_on == TODAY
    assert created.accept_by == add_working_days(TODAY, 1)
    assert created.reply_by == add_working_days(TODAY, 3)
    assert created.resolve_by == add_working_days(TODAY, 15)
    assert TODAY < created.accept_by < created.reply_by < created.resolve_by
    assert created.number.startswith(f"SQ{TODAY:%Y%m%d}-")
    # Its first event, and a message to the bureau (no department is assigned yet).
    assert [(event.source, event.target, event.by, event.on) for event in created.events.all()] == [
        ("", State.SUBMITTED, world.enterprise_user, TODAY)
    ]
    notified = Notification.objects.filter(url=f"/desk/{created.pk}/")
    assert {note.user for note in notified} == {desk.officer, desk.reviewer}
    assert {note.text for note in notified} == {f"新诉求：“厂区双回路供电接入”，请于{created.accept_by:%m月%d日}前受理"}
    page = client(desk, "enterprise_user").get(response["Location"])
    assert page.status_code == 200
    text = text_of(page)
    assert (
        f"受理 {created.accept_by:%Y-%m-%d} · 答复 {created.reply_by:%Y-%m-%d} · 办结 {created.resolve_by:%Y-%m-%d}"
        in text
    )
    assert "新提交" in text
    assert timeline(page) == [f"{TODAY:%Y-%m-%d} 新提交 qiye"]


def test_raising_tells_the_enterprise_when_it_will_be_accepted(desk: Desk) -> None:
    enterprise = client(desk, "enterprise_user")
    fields = {"title": "用工招聘对接", "description": "需要招聘200名产业工人。", "category": "labour"}
    page = enterprise.post("/desk/new/", fields, follow=True)
    created = Request.objects.get()
    assert page.redirect_chain == [(f"/desk/{created.pk}/", 302)]
    assert f"诉求已提交（编号{created.number}），将于{created.accept_by:%m月%d日}前受理" in messages_of(page)


def test_a_request_raised_before_national_day_is_due_after_it(desk: Desk) -> None:
    """Raised on Wed 28 September 2022: accept by Thu 29; reply by the 3rd working day, Sat 8 October (30 Sep, then
    1-7 Oct off, 8 Oct worked); resolve by the 15th, Mon 24 October (Sun 9 Oct worked too); a complex one by
    Mon 14 November, the 30th."""
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2022, 9, 28)):
        page = client(desk, "enterprise_user").post(
            "/desk/new/", {"title": "国庆前的诉求", "description": "请协调。", "category": "other"}, follow=True
        )
        created = Request.objects.get()
        assert f"诉求已提交（编号{created.number}），将于09月29日前受理" in messages_of(page)
        assert "受理 2022-09-29 · 答复 2022-10-08 · 办结 2022-10-24" in text_of(page)
        complex_ = bureau_form(desk, title="复杂诉求", complexity="complex")
        assert complex_.status_code == 302
    assert created.number.startswith("SQ20220928-")
    assert (created.raised_on, created.accept_by, created.reply_by, created.resolve_by) == (
        datetime.date(2022, 9, 28),
        datetime.date(2022, 9, 29),
        datetime.date(2022, 10, 8),
        datetime.date(2022, 10, 24),
    )
    assert Request.objects.get(title="复杂诉求").resolve_by == datetime.date(2022, 11, 14)


def test_a_request_without_a_title_is_shown_again_and_nothing_is_written(desk: Desk) -> None:
    before = table_counts()
    response = raise_form(desk, title="")
    assert response.status_code == 200
    assert "诉求标题:该字段是必填项。" in text_of(response)
    assert response.context["form"].errors["title"]
    assert table_counts() == before


def test_a_task_force_member_logs_a_problem_of_one_of_its_projects(desk: Desk) -> None:
    world = desk.world
    ours = make_project(
        "KDL-D-002", world.district, "30000", (2022,), name="光伏组件项目", owner=world.other_enterprise,
        task_force=world.task_force,
    )  # fmt: skip
    before = table_counts()
    missing = raise_form(desk, "task_force_member")
    assert missing.status_code == 200
    assert "专班记录的问题须选择相关重大项目" in text_of(missing)
    # 王志刚's project is not one of the 专班's: it is not even offered.
    foreign = raise_form(desk, "task_force_member", project=str(desk.project.pk))
    assert foreign.status_code == 200
    assert "选择一个有效的选项" in text_of(foreign)
    assert list(foreign.context["form"].fields["project"].queryset) == [ours]
    assert table_counts() == before
    response = raise_form(desk, "task_force_member", project=str(ours.pk))
    created = Request.objects.get()
    assert response["Location"] == f"/desk/{created.pk}/"
    # The project's owner is the enterprise; a 专班 logs it at its scheduling meeting.
    assert (created.project, created.enterprise, created.region) == (ours, world.other_enterprise, world.district)
    assert (created.source, created.raised_by, created.state) == (
        Source.MEETING,
        world.task_force_member,
        State.SUBMITTED,
    )


def bureau_form(desk: Desk, **data: Any) -> Any:
    fields = {"complexity": "ordinary", "source": Source.VISIT, "enterprise": str(desk.world.enterprise.pk)}
    return raise_form(desk, "officer", **(fields | data))


def test_the_bureau_logs_a_request_for_an_enterprise_and_its_project(desk: Desk) -> None:
    world = desk.world
    page = client(desk, "officer").get("/desk/new/")
    enterprises = list(page.context["form"].fields["enterprise"].queryset)
    # The district's two enterprises, by name; not 青山区's.
    assert enterprises == sorted([world.enterprise, world.other_enterprise], key=lambda e: e.name)
    response = bureau_form(desk, project=str(desk.project.pk), department=str(world.finance.pk), complexity="complex")
    created = Request.objects.get()
    assert response["Location"] == f"/desk/{created.pk}/"
    assert (created.enterprise, created.project, created.department) == (world.enterprise, desk.project, world.finance)
    assert (created.source, created.complexity, created.raised_by) == (Source.VISIT, "complex", desk.officer)
    assert created.resolve_by == add_working_days(TODAY, 30), "a complex request has 30 working days"
    # Assigned to 财政局: its staff are told, not the bureau.
    assert [note.user for note in Notification.objects.all()] == [world.finance_officer]


def test_the_bureau_logs_for_the_other_enterprise(desk: Desk) -> None:
    response = bureau_form(desk, enterprise=str(desk.world.other_enterprise.pk))
    assert response.status_code == 302
    created = Request.objects.get()
    assert (created.enterprise, created.project) == (desk.world.other_enterprise, None)


def test_the_bureau_cannot_pair_an_enterprise_with_another_ones_project(desk: Desk) -> None:
    before = table_counts()
    mismatched = bureau_form(desk, enterprise=str(desk.world.other_enterprise.pk), project=str(desk.project.pk))
    assert mismatched.status_code == 200
    assert f"项目“硅材料配套项目”不属于{MEIKE}" in text_of(mismatched)
    neighbour = bureau_form(desk, enterprise=str(desk.neighbour_enterprise.pk))
    assert "选择一个有效的选项" in text_of(neighbour)
    neither = bureau_form(desk, enterprise="")
    assert "企业和重大项目至少选择一项" in text_of(neither)
    assert table_counts() == before


def test_the_bureau_may_log_a_project_without_naming_the_enterprise(desk: Desk) -> None:
    response = bureau_form(desk, enterprise="", project=str(desk.project.pk))
    assert response.status_code == 302
    created = Request.objects.get()
    assert (created.enterprise, created.project) == (desk.world.enterprise, desk.project)


def test_those_without_the_right_may_not_raise(desk: Desk) -> None:
    before = table_counts()
    for name in ("leader", "wang", "finance_officer"):
        assert client(desk, name).get("/desk/new/").status_code == 403, name
        assert raise_form(desk, name).status_code == 403, name
    assert table_counts() == before
    assert "提交诉求" not in text_of(client(desk, "leader").get("/desk/"))


# --- A request's page ------------------------------------------------------------------------------

IN_SCOPE = [
    ("enterprise_user", "A"),
    ("finance_officer", "H"),
    ("statistician", "C"),
    ("officer", "G"),
    ("leader", "K"),
    ("neighbour_leader", "L"),
    ("neighbour_officer", "M"),
]
OUT_OF_SCOPE = [
    ("other_user", "A"),
    ("finance_officer", "C"),
    ("statistician", "H"),
    ("neighbour_leader", "A"),
    ("neighbour_officer", "G"),
    ("leader", "L"),
    ("officer", "M"),
    ("task_force_member", "A"),
]


def test_a_request_page_opens_within_the_scope(book: Desk) -> None:
    for name, key in IN_SCOPE:
        assert client(book, name).get(f"/desk/{book.requests[key].pk}/").status_code == 200, (name, key)


def test_a_request_page_outside_the_scope_is_not_found(book: Desk) -> None:
    for name, key in OUT_OF_SCOPE:
        assert client(book, name).get(f"/desk/{book.requests[key].pk}/").status_code == 404, (name, key)
    assert client(book, "officer").get("/desk/999999/").status_code == 404


def test_the_request_page_shows_its_deadlines(book: Desk) -> None:
    # H raised Thu 10 March 2022: accept by Fri 11, reply by Tue 15 (11, 14, 15), resolve by 31 March (15th).
    page = client(book, "finance_officer").get(f"/desk/{book.requests['H'].pk}/")
    text = text_of(page)
    assert "受理 2022-03-11 · 答复 2022-03-15 · 办结 2022-03-31" in text
    assert '<span class="deadline late">2022-03-31</span>' in page.content.decode(), "open and past its deadline"
    assert "昆都仑区财政局" in text
    assert "导入的诉求：办理日期见上方" in text, "written straight into the ledger: no events"
    # J is complex: 30 working days from 28 June 2022 is 9 August.
    assert "办结 2022-08-09" in text_of(client(book, "officer").get(f"/desk/{book.requests['J'].pk}/"))
    # D is confirmed: its deadline is no longer marked late; its result, time and rating are shown.
    confirmed = client(book, "officer").get(f"/desk/{book.requests['D'].pk}/")
    assert "deadline late" not in confirmed.content.decode()
    assert "办理结果 已办结 用时12个工作日" in text_of(confirmed)
    assert "满意度 1分" in text_of(confirmed)


def test_the_steps_offered_follow_the_rules(book: Desk) -> None:
    pages = {
        ("officer", "G"): ["accept"],  # 新提交: the bureau accepts
        ("officer", "H"): ["start", "resolve"],  # 已受理
        ("finance_officer", "H"): ["start", "resolve"],  # the assigned department
        ("statistician", "I"): [],  # confirmed: nothing more
        ("enterprise_user", "O"): ["confirm", "reopen"],  # resolved: the enterprise answers
        ("officer", "O"): [],  # raised by no one (imported): the enterprise must answer itself
        ("finance_officer", "O"): [],  # a department never confirms its own work
        ("enterprise_user", "G"): [],
        ("leader", "G"): [],
        ("leader", "O"): [],
    }
    for (name, key), expected in pages.items():
        page = client(book, name).get(f"/desk/{book.requests[key].pk}/")
        assert steps_offered(page) == expected, (name, key)
        assert [step.name for step in page.context["steps"]] == expected, (name, key)
    enterprise = text_of(client(book, "enterprise_user").get(f"/desk/{book.requests['O'].pk}/"))
    assert "确认解决" in enterprise
    assert "退回重办" in enterprise
    assert "不满意的原因" in enterprise


# --- Steps -------------------------------------------------------------------------------------------


def step(book: Desk, name: str, pk: int, action: str, note: str = "", rating: str = "") -> Any:
    response = client(book, name).post(
        f"/desk/{pk}/step/", {"step": action, "note": note, "rating": rating}, follow=True
    )
    assert response.redirect_chain == [(f"/desk/{pk}/", 302)]
    return response


def raised(desk: Desk) -> Request:
    response = raise_form(desk)
    assert response.status_code == 302
    return Request.objects.get(pk=int(response["Location"].split("/")[2]))


def fetched(request: Request) -> Request:
    return Request.objects.get(pk=request.pk)


def test_a_request_worked_to_the_enterprises_confirmation(desk: Desk) -> None:
    world = desk.world
    request = raised(desk)
    pk = request.pk
    assert steps_offered(client(desk, "officer").get(f"/desk/{pk}/")) == ["accept"]

    assert "已受理" in messages_of(step(desk, "officer", pk, "accept", "已转供电公司"))
    request = fetched(request)
    assert (request.state, request.accepted_on) == (State.ACCEPTED, TODAY)

    before = table_counts()
    refused = step(desk, "officer", pk, "resolve", "   ")
    assert "办结须填写办理结果" in messages_of(refused)
    assert table_counts() == before
    assert fetched(request).state == State.ACCEPTED
    assert fetched(request).resolved_on is None

    resolved = step(desk, "officer", pk, "resolve", "已协调供电公司完成接入")
    assert "已办结" in messages_of(resolved)
    request = fetched(request)
    assert (request.state, request.resolved_on, request.resolution, request.working_days) == (
        State.RESOLVED,
        TODAY,
        "已协调供电公司完成接入",
        0,
    )
    # The enterprise that raised it is asked to confirm.
    assert Notification.objects.filter(user=world.enterprise_user).get().text == (
        "诉求“厂区双回路供电接入”办结，请确认是否解决"
    )
    assert steps_offered(client(desk, "enterprise_user").get(f"/desk/{pk}/")) == ["confirm", "reopen"]
    assert steps_offered(client(desk, "officer").get(f"/desk/{pk}/")) == []

    before = table_counts()
    unrated = step(desk, "enterprise_user", pk, "confirm")
    assert "确认解决须给出1到5分的满意度评价" in messages_of(unrated)
    assert table_counts() == before
    assert fetched(request).state == State.RESOLVED

    confirmed = step(desk, "enterprise_user", pk, "confirm", "感谢", "5")
    assert "已确认解决" in messages_of(confirmed)
    request = fetched(request)
    assert (request.state, request.confirmed_on, request.rating) == (State.CONFIRMED, TODAY, 5)
    text = text_of(confirmed)
    assert "已确认" in text
    assert "满意度 5分" in text
    assert "用时0个工作日" in text
    assert [(event.source, event.target, event.note) for event in request.events.all()] == [
        ("", State.SUBMITTED, ""),
        (State.SUBMITTED, State.ACCEPTED, "已转供电公司"),
        (State.ACCEPTED, State.RESOLVED, "已协调供电公司完成接入"),
        (State.RESOLVED, State.CONFIRMED, "感谢"),
    ]
    assert steps_offered(confirmed) == []


def timeline(response: Any) -> list[str]:
    match = re.search(r'<ol class="timeline">(.*?)</ol>', response.content.decode(), re.S)
    assert match is not None
    return [plain(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", match.group(1), re.S)]


def test_a_request_reopened_keeps_its_whole_story(desk: Desk) -> None:
    request = raised(desk)
    pk = request.pk
    step(desk, "officer", pk, "accept")
    step(desk, "officer", pk, "resolve", "已约谈供电公司")
    without_reason = step(desk, "enterprise_user", pk, "reopen")
    assert "退回重办须说明不满意的原因" in messages_of(without_reason)
    assert fetched(request).state == State.RESOLVED

    reopened = step(desk, "enterprise_user", pk, "reopen", "仍未接入")
    assert "已退回重办" in messages_of(reopened)
    request = fetched(request)
    assert (request.state, request.resolved_on, request.resolution, request.working_days) == (
        State.REOPENED,
        None,
        "",
        None,
    )
    assert request.resolve_by == add_working_days(TODAY, 15), "a fresh deadline from today"
    day = f"{TODAY:%Y-%m-%d}"
    assert timeline(reopened) == [
        f"{day} 新提交 qiye",
        f"{day} 已受理 yingshang",
        f"{day} 已办结 yingshang 已约谈供电公司",
        f"{day} 退回重办 qiye 仍未接入",
    ]
    # The bureau is told the enterprise is not satisfied, and works it again.
    assert Notification.objects.filter(user=desk.officer, text__contains="企业不满意，请重新办理").count() == 1
    assert steps_offered(client(desk, "officer").get(f"/desk/{pk}/")) == ["start", "resolve"]
    again = step(desk, "officer", pk, "resolve", "已完成双回路接入")
    assert timeline(again)[-1] == f"{day} 已办结 yingshang 已完成双回路接入"
    assert len(timeline(again)) == 5
    assert fetched(request).resolution == "已完成双回路接入"


def test_a_department_other_than_the_assigned_one_may_not_act(book: Desk) -> None:
    """A department sees only what is assigned to it, so another department's request is not found at all (as
    everywhere out of scope); those who see a request but do not handle it get the permission message."""
    h, c = book.request("H"), book.request("C")
    before = table_counts()
    assert (
        client(book, "statistician").post(f"/desk/{h.pk}/step/", {"step": "resolve", "note": "已办"}).status_code == 404
    )
    assert client(book, "finance_officer").post(f"/desk/{c.pk}/step/", {"step": "start"}).status_code == 404
    for name in ("leader", "wang", "enterprise_user"):
        response = step(book, name, h.pk, "resolve", "已办")
        assert "“办结”须由承办部门操作" in messages_of(response), name
    assert "“受理”须由承办部门操作" in messages_of(step(book, "enterprise_user", book.requests["G"].pk, "accept"))
    assert table_counts() == before
    assert (book.request("H").state, book.request("H").resolution) == (State.ACCEPTED, "")
    assert book.request("G").state == State.SUBMITTED


def test_only_the_enterprise_answers_whether_it_is_solved(book: Desk) -> None:
    o = book.request("O")
    before = table_counts()
    for name in ("finance_officer", "officer"):
        response = step(book, name, o.pk, "confirm", "", "5")
        assert "“确认解决”须由提出诉求的企业操作" in messages_of(response), name
    assert table_counts() == before
    assert book.request("O").state == State.RESOLVED


def test_an_unknown_step_or_a_bad_rating_is_an_error(book: Desk) -> None:
    g = book.request("G")
    before = table_counts()
    assert "请选择操作，满意度为1到5分" in messages_of(step(book, "officer", g.pk, "approve"))
    assert "请选择操作，满意度为1到5分" in messages_of(step(book, "officer", g.pk, ""))
    o = book.request("O")
    assert "请选择操作，满意度为1到5分" in messages_of(step(book, "enterprise_user", o.pk, "confirm", "", "9"))
    # A known step in the wrong state.
    assert "诉求当前为“新提交”，不能办结" in messages_of(step(book, "officer", g.pk, "resolve", "已办"))
    assert table_counts() == before
    assert (book.request("G").state, book.request("O").state) == (State.SUBMITTED, State.RESOLVED)


def test_a_step_outside_the_scope_is_not_found(book: Desk) -> None:
    before = table_counts()
    o = book.request("O")
    assert client(book, "other_user").post(f"/desk/{o.pk}/step/", {"step": "confirm", "rating": "5"}).status_code == 404
    assert (
        client(book, "neighbour_officer").post(f"/desk/{o.pk}/step/", {"step": "reopen", "note": "x"}).status_code
        == 404
    )
    assert client(book, "officer").get(f"/desk/{o.pk}/step/").status_code == 405
    assert table_counts() == before
    assert book.request("O").state == State.RESOLVED


# --- The officer's desk ----------------------------------------------------------------------------


@pytest.fixture
def listings(counter: Desk) -> Desk:
    """通威 is served by the bureau's officer, 美科 by the reviewer."""
    world = counter.world
    KeyEnterprise.objects.create(
        region=world.district, enterprise=world.enterprise, officer=counter.officer, since=2021
    )
    KeyEnterprise.objects.create(
        region=world.district, enterprise=world.other_enterprise, officer=counter.reviewer, since=2022
    )
    return counter


def open_links(book: Desk, response: Any) -> list[str]:
    """The open requests' table, as the book's keys in the page's order."""
    assert response.status_code == 200
    keys = keys_by_pk(book)
    return [keys[int(pk)] for pk in re.findall(r'<a href="/desk/(\d+)/">', response.content.decode())]


def test_the_officer_sees_his_key_enterprises_and_their_open_requests(listings: Desk) -> None:
    page = client(listings, "officer").get("/desk/officer/")
    html = page.content.decode()
    # 通威: open G, H, J, N, K → 5; confirmed A, B, C, D, E, I → 6 (O is resolved, not yet confirmed).
    assert table_rows(html)[0] == [TONGWEI, "yingshang", "5", "6"]
    assert MEIKE not in plain(html)
    # By deadline: H 31 Mar, G 13 Jul, N 14 Jul, K 22 Jul (1 Jul + 15 working days), J 9 Aug (complex, 30).
    assert open_links(listings, page) == ["H", "G", "N", "K", "J"]
    assert html.count('<span class="deadline late">') == 5
    assert [row[0] for row in table_rows(html)[1:]] == ["诉求T-H", "诉求T-G", "诉求T-N", "诉求T-K", "诉求T-J"]


def test_all_key_enterprises(listings: Desk) -> None:
    page = client(listings, "officer").get("/desk/officer/?all=true")
    html = page.content.decode()
    rows = table_rows(html)
    # Most open first: 通威 5, then 美科 with X open.
    assert rows[:2] == [[TONGWEI, "yingshang", "5", "6"], [MEIKE, "yingshang-fuze", "1", "0"]]
    # X is due in 15 working days: last, not late.
    assert open_links(listings, page) == ["H", "G", "N", "K", "J", "X"]
    assert html.count('<span class="deadline late">') == 5
    # The reviewer serves 美科 only.
    reviewer = client(listings, "reviewer").get("/desk/officer/")
    assert [row[0] for row in table_rows(reviewer.content.decode())][:1] == [MEIKE]
    assert open_links(listings, reviewer) == ["X"]


def test_a_department_sees_only_its_own_requests_of_the_key_enterprises(listings: Desk) -> None:
    page = client(listings, "finance_officer").get("/desk/officer/?all=true")
    assert [row[0] for row in table_rows(page.content.decode())[:2]] == [TONGWEI, MEIKE]
    assert open_links(listings, page) == ["H"]
    assert "暂无重点企业" in text_of(client(listings, "finance_officer").get("/desk/officer/"))


# --- Approval cases --------------------------------------------------------------------------------


def approvals(response: Any) -> list[tuple[str, bool]]:
    """Each case's item and whether its time taken is marked late, in the page's order."""
    assert response.status_code == 200
    rows = re.findall(r"<tr><td>(审批\w+)</td>(.*?)</tr>", response.content.decode(), re.S)
    return [(item, "deadline late" in rest) for item, rest in rows]


def test_the_approval_cases_with_the_late_ones_marked(book: Desk) -> None:
    page = client(book, "officer").get("/desk/approvals/")
    # Newest first; late means more working days than promised: P3 18 > 15 and P6 13 > 10 (P2 5 = 5 is on time).
    assert approvals(page) == [
        ("审批P4", False),
        ("审批P5", False),
        ("审批P3", True),
        ("审批P2", False),
        ("审批P1", False),
        ("审批P6", True),
    ]
    assert ["审批P3", "—", "30", "15", "2022-06-01", "2022-06-28", "18"] in table_rows(page.content.decode())
    assert ["审批P5", "—", "10", "10", "2022-06-20", "—", "—"] in table_rows(page.content.decode())
    assert [item for item, _ in approvals(client(book, "neighbour_leader").get("/desk/approvals/"))] == ["审批Q1"]


def test_an_enterprise_sees_only_its_own_applications(book: Desk) -> None:
    world = book.world
    ApprovalCase.objects.filter(pk__in=[book.approvals["P1"].pk, book.approvals["P3"].pk]).update(
        applicant=world.enterprise
    )
    ApprovalCase.objects.filter(pk=book.approvals["P2"].pk).update(applicant=world.other_enterprise)
    assert approvals(client(book, "enterprise_user").get("/desk/approvals/")) == [("审批P3", True), ("审批P1", False)]
    assert approvals(client(book, "other_user").get("/desk/approvals/")) == [("审批P2", False)]
    # A department other than the bureau keeps no approval cases.
    assert approvals(client(book, "finance_officer").get("/desk/approvals/")) == []


# --- Messages ----------------------------------------------------------------------------------------


def messages_for(book: Desk) -> str:
    """Two unread messages and an old, read one for 通威's user; one for 美科's. Returns O's link."""
    world = book.world
    o_url = f"/desk/{book.requests['O'].pk}/"
    Notification.objects.create(user=world.enterprise_user, text="诉求“诉求T-O”办结，请确认是否解决", url=o_url)
    Notification.objects.create(user=world.enterprise_user, text="系统将于周六维护")
    Notification.objects.create(user=world.enterprise_user, text="上月的消息", read_at=timezone.now())
    Notification.objects.create(user=book.other_user, text="美科的消息")
    return o_url


def test_the_messages_are_the_users_own_and_are_read_once_shown(book: Desk) -> None:
    world = book.world
    o_url = messages_for(book)
    enterprise = client(book, "enterprise_user")

    before = enterprise.get("/desk/")
    assert before.context["unread_notifications"] == 2
    assert '消息<span class="badge">2</span>' in before.content.decode()

    page = enterprise.get("/desk/notifications/")
    html = page.content.decode()
    shown = [plain(item) for item in re.findall(r'<li class="panel[^"]*">(.*?)</li>', html, re.S)]
    # Newest first; each with its time.
    assert [text.split(" ", 2)[2] for text in shown] == [
        "上月的消息",
        "系统将于周六维护",
        "诉求“诉求T-O”办结，请确认是否解决",
    ]
    texts = plain(html)
    assert "诉求“诉求T-O”办结，请确认是否解决" in texts
    assert "系统将于周六维护" in texts
    assert "上月的消息" in texts
    assert "美科的消息" not in texts
    assert f'<a href="{o_url}">诉求“诉求T-O”办结，请确认是否解决</a>' in html

    # Read now: the header's badge is gone from the next page.
    assert Notification.objects.filter(user=world.enterprise_user, read_at__isnull=True).count() == 0
    after = enterprise.get("/desk/")
    assert after.context["unread_notifications"] == 0
    assert '消息<span class="badge">' not in after.content.decode()
    # 美科's message is still unread.
    assert client(book, "other_user").get("/desk/").context["unread_notifications"] == 1


# --- Excel sheets ----------------------------------------------------------------------------------


def upload(content: bytes, name: str = "ledger.xlsx") -> io.BytesIO:
    stream = io.BytesIO(content)
    stream.name = name
    return stream


def test_the_exported_ledger_imported_again_changes_nothing(counter: Desk) -> None:
    officer = client(counter, "officer")
    exported = officer.get("/desk/requests/export.xlsx")
    assert "attachment" in exported["Content-Disposition"]
    rows = xlsx_rows(exported)
    assert rows[0] == REQUEST_HEADERS
    # Oldest first: the district's 12 and 美科's X; not 青山区's.
    assert [row[0] for row in rows[1:]] == [
        "T-E", "T-A", "T-H", "T-B", "T-C", "T-I", "T-D", "T-O", "T-G", "T-N", "T-J", "T-K", "T-X",
    ]  # fmt: skip
    o = dict(zip(REQUEST_HEADERS, rows[8], strict=True))
    assert (o["诉求编号"], o["所属地区"], o["类别"], o["企业"], o["承办部门"]) == (
        "T-O",
        "150203",
        "融资",
        TONGWEI,
        "昆都仑区财政局",
    )
    before = table_counts()
    response = officer.post("/desk/requests/import/", {"file": upload(exported.content)}, follow=True)
    assert response.redirect_chain == [("/desk/", 302)]
    assert "企业诉求台账导入完成。共13行：新增0条，更新0条，未变13条" in messages_of(response)
    assert table_counts() == before


def test_the_exported_approvals_imported_again_change_nothing(book: Desk) -> None:
    officer = client(book, "officer")
    exported = officer.get("/desk/approvals/export.xlsx")
    rows = xlsx_rows(exported)
    assert rows[0] == APPROVAL_HEADERS
    assert [row[1] for row in rows[1:]] == ["审批P6", "审批P1", "审批P2", "审批P3", "审批P5", "审批P4"]
    before = [ApprovalCase.objects.count(), ChangeRecord.objects.count()]
    response = officer.post("/desk/approvals/import/", {"file": upload(exported.content)}, follow=True)
    assert "审批件导入完成。共6行：新增0条，更新0条，未变6条" in messages_of(response)
    assert [ApprovalCase.objects.count(), ChangeRecord.objects.count()] == before


def row(number: str, **cells: Any) -> list[Any]:
    values = {
        "诉求编号": number,
        "所属地区": "150203",
        "诉求标题": f"诉求{number}",
        "诉求内容": "变电站接入需要协调",
        "类别": "用能",
        "复杂程度": "一般",
        "来源": "企业网上提交",
        "企业": TONGWEI,
        "提交日期": "2022-09-28",
    } | cells
    return [values.get(header) for header in REQUEST_HEADERS]


def test_a_bad_sheet_lists_its_problems_and_writes_nothing(book: Desk) -> None:
    rows = [
        row("KDL-SQ-2022-001"),
        row("KDL-SQ-2022-002", 类别="快递"),
        row("KDL-SQ-2022-003", 受理日期="2022-09-29", 办结日期="2022-10-10"),
        row(
            "KDL-SQ-2022-004",
            受理日期="2022-09-29",
            办结日期="2022-10-10",
            办理结果="已协调",
            确认日期="2022-10-11",
            满意度=6,
        ),
        row("KDL-SQ-2022-005", 企业="包头某某有限公司"),
    ]
    before = table_counts()
    response = client(book, "officer").post("/desk/requests/import/", {"file": workbook(RequestImporter, rows)})
    text = text_of(response)
    assert "导入未执行：发现4处问题，未写入任何数据。" in text
    assert "第3行 E列（类别）：“快递”不是可选值（审批手续、用地、用能、融资、用工、配套设施、政策兑现、其他）" in text
    assert "第4行 N列（办理结果）：已办结的诉求须填写办理结果" in text
    assert "第5行 P列（满意度）：“6”不是1到5分的评价" in text
    assert "第6行 H列（企业）：企业名录中没有“包头某某有限公司”" in text
    assert table_counts() == before
    assert not Request.objects.filter(number="KDL-SQ-2022-001").exists(), "the good row is not written either"


def test_only_the_bureau_may_import(book: Desk) -> None:
    exported = client(book, "officer").get("/desk/requests/export.xlsx")
    before = table_counts()
    for name in ("finance_officer", "enterprise_user", "leader"):
        response = client(book, name).post("/desk/requests/import/", {"file": upload(exported.content)})
        text = text_of(response)
        assert "导入未执行：发现12处问题，未写入任何数据。" in text, name
        assert "第2行：企业诉求台账由营商环境部门维护，您的角色不能导入" in text, name
    assert table_counts() == before


def test_a_non_keeper_exports_only_its_scope(counter: Desk) -> None:
    finance = xlsx_rows(client(counter, "finance_officer").get("/desk/requests/export.xlsx"))
    assert [row[0] for row in finance[1:]] == ["T-E", "T-A", "T-H", "T-B", "T-O"]
    meike = xlsx_rows(client(counter, "other_user").get("/desk/requests/export.xlsx"))
    assert [row[0] for row in meike[1:]] == ["T-X"]


def test_the_templates_hold_only_the_header(book: Desk) -> None:
    officer = client(book, "officer")
    assert xlsx_rows(officer.get("/desk/requests/template.xlsx")) == [REQUEST_HEADERS]
    assert xlsx_rows(officer.get("/desk/approvals/template.xlsx")) == [APPROVAL_HEADERS]


def test_an_unknown_sheet_is_not_found(book: Desk) -> None:
    officer = client(book, "officer")
    for url in ("/desk/budgets/template.xlsx", "/desk/budgets/export.xlsx", "/desk/budgets/import/"):
        assert officer.get(url).status_code == 404, url


# --- The cockpit's service figures -----------------------------------------------------------------

COCKPIT = "/cockpit/150203/2022-06/services/"


def card(response: Any, figure: str) -> str:
    match = re.search(rf'<article class="card" data-figure="{figure}">(.*?)</article>', response.content.decode(), re.S)
    assert match is not None, figure
    return plain(match.group(1))


def test_the_cockpit_shows_the_districts_service_figures(book: Desk) -> None:
    page = client(book, "leader").get(COCKPIT)
    assert page.status_code == 200
    # Confirmed 1 Jan-30 Jun: A, B, C → 3. Open at 30 June: G, H, I, J, N → 5; overdue then: H, I → 2.
    # Median working days of A, B, C (3, 5, 9) → 5; satisfaction (5 + 4 + 3) / 3 → 4.00.
    assert card(page, "problems_resolved") == "协调解决问题 3项"
    assert card(page, "open") == "办理中 5件"
    assert card(page, "overdue").startswith("超期 2件")
    assert card(page, "median_days") == "办结用时中位数 5.0个工作日"
    assert card(page, "satisfaction") == "满意度 4.00分"
    # Approvals finished in the window: P1, P2, P3; promised 30 of statutory 65 → cut 53.8%; on time 2 of 3.
    assert card(page, "approvals") == "审批承诺时限压缩 53.8% 办结审批件3件按时办结率 66.7%"
    rows = table_rows(page.content.decode())
    assert ["昆都仑区财政局", "2", "1", "1", "4.50"] in rows
    assert ["未分派", "0", "1", "0", "—"] in rows
    assert ["用地", "2", "2", "1", "4.00"] in rows


def test_the_bureau_sees_the_same_figures(book: Desk) -> None:
    page = client(book, "officer").get(COCKPIT)
    assert card(page, "problems_resolved") == "协调解决问题 3项"


def test_the_cockpit_is_not_found_outside_the_district(book: Desk) -> None:
    assert client(book, "neighbour_leader").get(COCKPIT).status_code == 404
    assert client(book, "enterprise_user").get(COCKPIT).status_code == 404
    assert client(book, "neighbour_officer").get(COCKPIT).status_code == 404


def test_the_visit_that_reads_the_messages_shows_which_were_new(book: Desk) -> None:
    """The page marks each message not yet read (``class="panel unread"``) and the visit then marks them read: the
    two new ones are marked on this visit, the old one is not; on the next visit none is."""
    messages_for(book)
    enterprise = client(book, "enterprise_user")
    first = enterprise.get("/desk/notifications/").content.decode()
    assert first.count('class="panel unread"') == 2
    assert first.count('class="panel"') == 1
    second = enterprise.get("/desk/notifications/").content.decode()
    assert second.count('class="panel unread"') == 0


def test_requests_worked_on_the_desk_come_back_unchanged(counter: Desk) -> None:
    """A request being worked (办理中) and one reopened (退回重办) keep their state and their deadline through an
    export and an import, though the sheet's dates alone would say 已受理."""
    worked = raised(counter)
    step(counter, "officer", worked.pk, "accept")
    step(counter, "officer", worked.pk, "start", "已约谈供电公司")
    response = raise_form(counter, title="扩建用地指标")
    assert response.status_code == 302
    reopened = Request.objects.get(title="扩建用地指标")
    step(counter, "officer", reopened.pk, "accept")
    step(counter, "officer", reopened.pk, "resolve", "已协调")
    step(counter, "enterprise_user", reopened.pk, "reopen", "指标仍未落实")
    officer = client(counter, "officer")
    exported = officer.get("/desk/requests/export.xlsx")
    assert len(xlsx_rows(exported)) == 1 + 15
    before = table_counts()
    states_before = dict(Request.objects.values_list("number", "state"))
    deadlines_before = dict(Request.objects.values_list("number", "resolve_by"))
    response = officer.post("/desk/requests/import/", {"file": upload(exported.content)}, follow=True)
    assert "企业诉求台账导入完成。共15行：新增0条，更新0条，未变15条" in messages_of(response)
    assert table_counts() == before
    assert dict(Request.objects.values_list("number", "state")) == states_before
    assert dict(Request.objects.values_list("number", "resolve_by")) == deadlines_before
    assert (fetched(worked).state, fetched(reopened).state) == (State.IN_PROGRESS, State.REOPENED)
