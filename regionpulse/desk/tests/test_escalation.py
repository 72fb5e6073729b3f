"""督办: requests past their deadline go up once, to the project's 包联领导 or to the department's reviewers.

Every request here is raised on Wed 28 Sep 2022 and accepted on 29 Sep, so its resolution deadline is Mon 24 Oct 2022
(15 working days around National Day); on 24 Oct it is due, on 25 Oct it is overdue.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.management import call_command

from regionpulse.conftest import make_user
from regionpulse.core.models import Role
from regionpulse.desk.escalation import escalate
from regionpulse.desk.models import Notification, Request, State
from regionpulse.desk.tests.conftest import Desk, make_request

DUE = datetime.date(2022, 10, 24)
LATE = datetime.date(2022, 10, 25)


def accepted(desk: Desk, number: str, **fields: Any) -> Request:
    fields.setdefault("enterprise", desk.world.enterprise)
    request = make_request(number, desk.world.district, "2022-09-28", accepted="2022-09-29", **fields)
    assert request.resolve_by == DUE
    return request


def told(user: Any) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def test_an_overdue_project_problem_goes_to_the_projects_leader_once(desk: Desk) -> None:
    world = desk.world
    request = accepted(desk, "ESC-1", project=desk.project, department=world.finance)
    assert escalate(DUE) == 0, "on the deadline itself it is not overdue yet"
    assert escalate(LATE) == 1
    request.refresh_from_db()
    assert (request.escalated_on, request.escalated_to) == (LATE, desk.county_leader)
    assert told(desk.wang) == [f"督办：诉求“{request.title}”已超过办结时限（2022-10-24）"]
    assert Notification.objects.get(user=desk.wang).url.endswith(f"/{request.pk}/")
    # Not the district's other leader, not the department's people: the project has its leader.
    assert Notification.objects.exclude(user=desk.wang).count() == 0
    # Run again (the next day too): nothing new.
    assert escalate(LATE) == 0
    assert escalate(LATE + datetime.timedelta(days=1)) == 0
    assert Notification.objects.count() == 1
    request.refresh_from_db()
    assert request.escalated_on == LATE


def test_a_request_without_a_project_goes_to_its_departments_reviewers(desk: Desk) -> None:
    world = desk.world
    clerk = make_user("tongji-2", Role.DEPARTMENT, world.district, department=world.statistics)
    request = accepted(desk, "ESC-2", department=world.statistics)
    assert escalate(LATE) == 1
    request.refresh_from_db()
    assert (request.escalated_on, request.escalated_to) == (LATE, None)
    assert told(world.statistician) == [f"督办：诉求“{request.title}”已超过办结时限（2022-10-24）"]
    assert told(clerk) == []
    assert told(desk.wang) == []
    assert Notification.objects.count() == 1


def test_an_unassigned_request_goes_to_the_bureaus_reviewers(desk: Desk) -> None:
    """An enterprise's request from the portal has no department (the form does not offer one) and no project:
    the desk's bureau answers for it (as ``notify.department_people`` says), so its reviewers hear of it. Escalated
    to no one, it would be marked escalated and never told to anybody."""
    request = accepted(desk, "ESC-8", department=None)
    assert escalate(LATE) == 1
    request.refresh_from_db()
    assert request.escalated_on == LATE
    assert told(desk.reviewer) == [f"督办：诉求“{request.title}”已超过办结时限（2022-10-24）"]
    assert told(desk.officer) == []


def test_a_project_without_a_leader_goes_to_the_departments_reviewers(desk: Desk) -> None:
    world = desk.world
    desk.project.leader = None
    desk.project.save()
    accepted(desk, "ESC-3", project=desk.project, department=world.statistics)
    assert escalate(LATE) == 1
    assert [notice.user for notice in Notification.objects.all()] == [world.statistician]


def test_a_request_resolved_in_time_or_confirmed_is_not_escalated(desk: Desk) -> None:
    world = desk.world
    in_time = accepted(desk, "ESC-4", project=desk.project, resolved="2022-10-20")
    confirmed = accepted(
        desk, "ESC-5", department=world.statistics, resolved="2022-10-24", confirmed="2022-10-25", rating=5
    )
    assert (in_time.state, confirmed.state) == (State.RESOLVED, State.CONFIRMED)
    assert escalate(LATE) == 0
    assert Notification.objects.count() == 0
    assert Request.objects.filter(escalated_on__isnull=False).count() == 0


def test_a_request_not_even_accepted_is_escalated_past_its_resolution_deadline(desk: Desk) -> None:
    # Raised 28 Sep, to be accepted by 29 Sep and resolved by 24 Oct: overdue (超期) is past the resolution deadline.
    world = desk.world
    request = make_request(
        "ESC-6", world.district, "2022-09-28", enterprise=world.enterprise, department=world.statistics
    )
    assert escalate(datetime.date(2022, 9, 30)) == 0
    assert escalate(DUE) == 0
    assert escalate(LATE) == 1
    request.refresh_from_db()
    assert (request.state, request.escalated_on) == (State.SUBMITTED, LATE)
    assert len(told(world.statistician)) == 1


def test_the_escalate_command_runs(desk: Desk) -> None:
    world = desk.world
    request = accepted(desk, "ESC-7", project=desk.project)
    out = io.StringIO()
    call_command("escalate", stdout=out)
    assert "督办1件超时诉求" in out.getvalue()
    request.refresh_from_db()
    assert request.escalated_to == desk.county_leader
    assert len(told(desk.wang)) == 1
    out = io.StringIO()
    call_command("escalate", stdout=out)
    assert "督办0件超时诉求" in out.getvalue()
    assert told(world.statistician) == []
