"""A request's life on the desk, on the 2022 calendar around National Day (1-7 Oct off, Sat 8 and Sun 9 Oct worked).

Raised on Wed 28 Sep 2022: accept by Thu 29 Sep (1 working day), reply by Sat 8 Oct (3), resolve by Mon 24 Oct
(15: 29, 30 Sep, 8, 9, 10-14, 17-21, 24 Oct), a complex one by Mon 14 Nov (30).
Resolved on Mon 10 Oct: 5 working days (29, 30 Sep, 8, 9, 10 Oct). Reopened on Tue 11 Oct: resolve by Tue 1 Nov
(12-14, 17-21, 24-28, 31 Oct, 1 Nov). Resolved again on Thu 20 Oct: 13 working days since it was raised.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from regionpulse.conftest import make_user
from regionpulse.core.actors import acting_as
from regionpulse.core.models import ChangeRecord, Role
from regionpulse.desk.models import Category, Event, Notification, Request, State
from regionpulse.desk.states import ACCEPT, CONFIRM, REOPEN, RESOLVE, START, Step, allowed_steps, raise_request, take
from regionpulse.desk.tests.conftest import Desk

RAISED = datetime.date(2022, 9, 28)
ACCEPTED = datetime.date(2022, 9, 29)
RESOLVED = datetime.date(2022, 10, 10)
REOPENED = datetime.date(2022, 10, 11)
RESOLVED_AGAIN = datetime.date(2022, 10, 20)
CONFIRMED = datetime.date(2022, 10, 21)


def new_request(desk: Desk, complexity: str = Request.Complexity.ORDINARY, **fields: Any) -> Request:
    world = desk.world
    values: dict[str, Any] = {
        "region": world.district,
        "title": "变电站接入工程审批",
        "description": "二期项目110千伏变电站接入需要协调电网公司和自然资源部门",
        "category": Category.ENERGY,
        "complexity": complexity,
        "enterprise": world.enterprise,
        "department": world.finance,
    }
    return Request(**values | fields)


def raised(desk: Desk, **fields: Any) -> Request:
    return raise_request(new_request(desk, **fields), desk.world.enterprise_user, on=RAISED)


def reload(request: Request) -> Request:
    return Request.objects.get(pk=request.pk)


def step(request: Request, which: Step, user: Any, note: str = "", rating: int | None = None, on: Any = None) -> Event:
    with acting_as(user, "web"):
        return take(request, which, user, note=note, rating=rating, on=on)


def resolved(desk: Desk) -> Request:
    request = raised(desk)
    step(request, ACCEPT, desk.world.finance_officer, on=ACCEPTED)
    step(request, RESOLVE, desk.world.finance_officer, "已协调电网公司完成接入方案批复", on=RESOLVED)
    return reload(request)


def snapshot(request: Request) -> tuple[Any, ...]:
    """Everything a refused step must leave as it was."""
    current = reload(request)
    return (
        current.state,
        current.accepted_on,
        current.resolved_on,
        current.confirmed_on,
        current.rating,
        current.resolution,
        current.working_days,
        current.resolve_by,
        Event.objects.filter(request=request).count(),
        ChangeRecord.objects.count(),
        Notification.objects.count(),
    )


# Raising


def test_raising_sets_the_deadlines_in_working_days_and_records_the_first_event(desk: Desk) -> None:
    request = reload(raised(desk))
    assert request.state == State.SUBMITTED
    assert request.raised_on == RAISED
    assert (request.accept_by, request.reply_by, request.resolve_by) == (
        datetime.date(2022, 9, 29),
        datetime.date(2022, 10, 8),
        datetime.date(2022, 10, 24),
    )
    assert request.raised_by == desk.world.enterprise_user
    assert request.number.startswith("SQ20220928-")
    events = list(request.events.values_list("source", "target", "by", "on"))
    assert events == [("", State.SUBMITTED, desk.world.enterprise_user.pk, RAISED)]


def test_a_complex_request_has_thirty_working_days(desk: Desk) -> None:
    request = reload(raised(desk, complexity=Request.Complexity.COMPLEX))
    assert (request.accept_by, request.reply_by) == (datetime.date(2022, 9, 29), datetime.date(2022, 10, 8))
    assert request.resolve_by == datetime.date(2022, 11, 14)


def test_raising_tells_the_assigned_department_and_no_one_else(desk: Desk) -> None:
    request = raised(desk)
    notices = Notification.objects.all()
    assert [notice.user for notice in notices] == [desk.world.finance_officer]
    assert notices[0].text == "新诉求：“变电站接入工程审批”，请于09月29日前受理"
    assert notices[0].url.endswith(f"/{request.pk}/")


def test_an_unassigned_request_goes_to_the_bureau(desk: Desk) -> None:
    raised(desk, department=None)
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"yingshang", "yingshang-fuze"}


# Refusals change nothing


def test_confirming_a_request_that_is_not_resolved_is_refused_and_changes_nothing(desk: Desk) -> None:
    request = raised(desk)
    step(request, ACCEPT, desk.world.finance_officer, on=ACCEPTED)
    before = snapshot(request)
    with pytest.raises(ValidationError) as refusal:
        step(request, CONFIRM, desk.world.enterprise_user, rating=5, on=CONFIRMED)
    assert refusal.value.messages == ["诉求当前为“已受理”，不能确认解决"]
    assert snapshot(request) == before
    assert reload(request).state == State.ACCEPTED


def test_resolving_without_a_result_is_refused(desk: Desk) -> None:
    request = raised(desk)
    step(request, ACCEPT, desk.world.finance_officer, on=ACCEPTED)
    before = snapshot(request)
    for note in ("", "   \n "):
        with pytest.raises(ValidationError) as refusal:
            step(request, RESOLVE, desk.world.finance_officer, note, on=RESOLVED)
        assert refusal.value.messages == ["办结须填写办理结果"]
    assert snapshot(request) == before


@pytest.mark.parametrize("rating", [None, 0, 6])
def test_confirming_without_a_rating_of_one_to_five_is_refused(desk: Desk, rating: int | None) -> None:
    request = resolved(desk)
    before = snapshot(request)
    with pytest.raises(ValidationError) as refusal:
        step(request, CONFIRM, desk.world.enterprise_user, rating=rating, on=CONFIRMED)
    assert refusal.value.messages == ["确认解决须给出1到5分的满意度评价"]
    assert snapshot(request) == before


def test_reopening_without_a_reason_is_refused(desk: Desk) -> None:
    request = resolved(desk)
    before = snapshot(request)
    with pytest.raises(ValidationError) as refusal:
        step(request, REOPEN, desk.world.enterprise_user, " ", on=REOPENED)
    assert refusal.value.messages == ["退回重办须说明不满意的原因"]
    assert snapshot(request) == before


# Who may take which step


def test_an_enterprise_cannot_accept_its_own_request(desk: Desk) -> None:
    request = raised(desk)
    before = snapshot(request)
    with pytest.raises(PermissionDenied) as refusal:
        step(request, ACCEPT, desk.world.enterprise_user, on=ACCEPTED)
    assert str(refusal.value) == "“受理”须由承办部门操作"
    assert snapshot(request) == before


def test_another_enterprise_cannot_confirm_or_reopen(desk: Desk) -> None:
    request = resolved(desk)
    before = snapshot(request)
    with pytest.raises(PermissionDenied) as refusal:
        step(request, CONFIRM, desk.other_user, rating=5, on=CONFIRMED)
    assert str(refusal.value) == "“确认解决”须由提出诉求的企业操作"
    with pytest.raises(PermissionDenied):
        step(request, REOPEN, desk.other_user, "不是我们的诉求", on=REOPENED)
    assert snapshot(request) == before


def test_only_the_enterprise_confirms_the_request_it_raised(desk: Desk) -> None:
    request = resolved(desk)
    before = snapshot(request)
    for other in (desk.world.finance_officer, desk.officer, desk.world.task_force_member):
        with pytest.raises(PermissionDenied):
            step(request, CONFIRM, other, rating=5, on=CONFIRMED)
    assert snapshot(request) == before
    step(request, CONFIRM, desk.world.enterprise_user, rating=4, on=CONFIRMED)
    assert (reload(request).state, reload(request).rating) == (State.CONFIRMED, 4)


def test_a_problem_logged_by_the_bureau_on_a_visit_is_confirmed_by_the_bureau(desk: Desk) -> None:
    world = desk.world
    request = raise_request(new_request(desk, source="visit"), desk.officer, on=RAISED)
    step(request, ACCEPT, world.finance_officer, on=ACCEPTED)
    step(request, RESOLVE, world.finance_officer, "已办结", on=RESOLVED)
    with pytest.raises(PermissionDenied):
        step(request, CONFIRM, world.finance_officer, rating=5, on=CONFIRMED)
    step(request, CONFIRM, desk.reviewer, "走访时企业口头确认", rating=4, on=CONFIRMED)
    assert (reload(request).state, reload(request).rating) == (State.CONFIRMED, 4)


def test_a_problem_logged_by_a_task_force_is_answered_by_the_bureau(desk: Desk) -> None:
    """At a scheduling meeting a 专班 member logs the project's problem; the enterprise may have no login, so the
    desk's bureau answers on its behalf; the member who logged it does not confirm it."""
    world = desk.world
    request = raise_request(
        new_request(desk, source="meeting", project=desk.project), world.task_force_member, on=RAISED
    )
    step(request, ACCEPT, world.finance_officer, on=ACCEPTED)
    step(request, RESOLVE, world.finance_officer, "已办结", on=RESOLVED)
    assert allowed_steps(reload(request), world.task_force_member) == []
    assert [s.name for s in allowed_steps(reload(request), desk.officer)] == ["confirm", "reopen"]
    step(request, REOPEN, desk.officer, "调度会上项目方反映仍未解决", on=REOPENED)
    assert reload(request).state == State.REOPENED


def test_the_assigned_department_resolves_and_another_department_cannot(desk: Desk) -> None:
    world = desk.world
    request = raised(desk)
    with pytest.raises(PermissionDenied):
        step(request, ACCEPT, world.statistician, on=ACCEPTED)
    step(request, ACCEPT, world.finance_officer, on=ACCEPTED)
    step(request, START, world.finance_officer, "已联系电网公司", on=ACCEPTED)
    before = snapshot(request)
    for outsider in (world.statistician, world.leader, world.task_force_member, world.enterprise_user):
        with pytest.raises(PermissionDenied):
            step(request, RESOLVE, outsider, "已办结", on=RESOLVED)
    assert snapshot(request) == before
    step(request, RESOLVE, world.finance_officer, "已协调电网公司完成接入方案批复", on=RESOLVED)
    request = reload(request)
    assert request.state == State.RESOLVED
    assert request.resolved_on == RESOLVED
    assert request.resolution == "已协调电网公司完成接入方案批复"
    assert request.working_days == 5


def test_the_bureau_and_an_administrator_may_work_any_request(desk: Desk) -> None:
    world = desk.world
    request = raised(desk)
    step(request, ACCEPT, desk.officer, on=ACCEPTED)
    step(request, RESOLVE, world.admin, "管理员代为办结", on=RESOLVED)
    assert reload(request).state == State.RESOLVED


def test_allowed_steps_follow_the_state_and_the_user(desk: Desk) -> None:
    world = desk.world
    request = raised(desk)
    assert [s.name for s in allowed_steps(request, world.finance_officer)] == ["accept"]
    assert allowed_steps(request, world.enterprise_user) == []
    assert allowed_steps(request, world.statistician) == []
    request = resolved(desk)
    assert [s.name for s in allowed_steps(request, world.enterprise_user)] == ["confirm", "reopen"]
    assert allowed_steps(request, desk.other_user) == []
    assert allowed_steps(request, world.finance_officer) == []


# The whole story


def test_a_reopened_request_keeps_its_whole_history(desk: Desk) -> None:
    world = desk.world
    request = raised(desk)
    step(request, ACCEPT, world.finance_officer, "已受理，转电网公司", on=ACCEPTED)
    step(request, RESOLVE, world.finance_officer, "已协调电网公司出具接入意见", on=RESOLVED)
    step(request, REOPEN, world.enterprise_user, "接入意见未明确工期，问题没有解决", on=REOPENED)

    reopened = reload(request)
    assert reopened.state == State.REOPENED
    assert reopened.resolve_by == datetime.date(2022, 11, 1)
    assert (reopened.resolved_on, reopened.working_days) == (None, None)
    assert (reopened.accept_by, reopened.reply_by) == (datetime.date(2022, 9, 29), datetime.date(2022, 10, 8))

    step(request, RESOLVE, world.finance_officer, "电网公司承诺11月底前完成接入", on=RESOLVED_AGAIN)
    step(request, CONFIRM, world.enterprise_user, "满意", rating=5, on=CONFIRMED)

    final = reload(request)
    assert final.state == State.CONFIRMED
    assert final.resolved_on == RESOLVED_AGAIN
    assert final.working_days == 13
    assert final.resolution == "电网公司承诺11月底前完成接入"
    assert (final.confirmed_on, final.rating) == (CONFIRMED, 5)

    events = list(final.events.values_list("source", "target", "note", "by__username", "on"))
    assert events == [
        ("", State.SUBMITTED, "", "qiye", RAISED),
        (State.SUBMITTED, State.ACCEPTED, "已受理，转电网公司", "caizheng", ACCEPTED),
        (State.ACCEPTED, State.RESOLVED, "已协调电网公司出具接入意见", "caizheng", RESOLVED),
        (State.RESOLVED, State.REOPENED, "接入意见未明确工期，问题没有解决", "qiye", REOPENED),
        (State.REOPENED, State.RESOLVED, "电网公司承诺11月底前完成接入", "caizheng", RESOLVED_AGAIN),
        (State.RESOLVED, State.CONFIRMED, "满意", "qiye", CONFIRMED),
    ]

    # The change history of the record tells the same story, each change by the user who made it.
    records = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Request), object_id=str(request.pk)
    ).order_by("at", "id")
    assert [record.action for record in records] == ["create"] + ["update"] * 5
    assert [(record.after or {}).get("state") for record in records[1:]] == [
        State.ACCEPTED,
        State.RESOLVED,
        State.REOPENED,
        State.RESOLVED,
        State.CONFIRMED,
    ]
    assert [record.actor.username for record in records[1:]] == ["caizheng", "caizheng", "qiye", "caizheng", "qiye"]
    reopen = records[3]
    assert reopen.before["resolve_by"] == "2022-10-24"
    assert reopen.after["resolve_by"] == "2022-11-01"
    assert reopen.before["resolved_on"] == "2022-10-10"
    assert reopen.after["resolved_on"] is None


def test_notifications_follow_the_request(desk: Desk) -> None:
    world = desk.world
    request = raised(desk)
    assert list(Notification.objects.filter(user=world.enterprise_user)) == []
    step(request, ACCEPT, world.finance_officer, on=ACCEPTED)
    step(request, RESOLVE, world.finance_officer, "已办结", on=RESOLVED)
    told = list(Notification.objects.filter(user=world.enterprise_user).values_list("text", flat=True))
    assert told == ["诉求“变电站接入工程审批”办结，请确认是否解决"]

    step(request, REOPEN, world.enterprise_user, "没有解决", on=REOPENED)
    department = list(
        Notification.objects.filter(user=world.finance_officer).order_by("id").values_list("text", flat=True)
    )
    assert department == [
        "新诉求：“变电站接入工程审批”，请于09月29日前受理",
        "诉求“变电站接入工程审批”退回重办：企业不满意，请重新办理",
    ]
    # Other departments and other enterprises hear nothing of it.
    others = Notification.objects.exclude(user__in=[world.enterprise_user, world.finance_officer])
    assert list(others) == []


def test_a_request_raised_by_the_bureau_for_an_enterprise_tells_the_bureau_officer_on_resolution(desk: Desk) -> None:
    world = desk.world
    request = raise_request(new_request(desk, source="visit"), desk.officer, on=RAISED)
    step(request, ACCEPT, world.finance_officer, on=ACCEPTED)
    step(request, RESOLVE, world.finance_officer, "已办结", on=RESOLVED)
    assert list(Notification.objects.filter(user=desk.officer).values_list("text", flat=True)) == [
        "诉求“变电站接入工程审批”办结，请确认是否解决"
    ]


def test_an_enterprise_user_of_no_enterprise_is_no_requester(desk: Desk) -> None:
    request = resolved(desk)
    stray = make_user("stray", Role.ENTERPRISE, desk.world.district)
    with pytest.raises(PermissionDenied):
        step(request, CONFIRM, stray, rating=5, on=CONFIRMED)
