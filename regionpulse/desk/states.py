"""A request's life: 新提交 → 已受理 → 办理中 → 已办结 → 已确认, or 退回重办 when the enterprise is not
satisfied; the deadlines of 接诉即办 in working days; who may take each step.

Every step is an ``Event`` with its note, so a request reopened and resolved again keeps its whole
story. Each function checks first and writes after, in one transaction.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from regionpulse.core.models import Function, Role
from regionpulse.core.scopes import keeps, restrict
from regionpulse.desk.models import Event, Request, State
from regionpulse.desk.notify import notify_department, notify_user
from regionpulse.desk.workdays import add_working_days, working_days_between
from regionpulse.projects.models import Project

# 接诉即办: start within 1 working day, reply within 3, resolve within 15 (complex cases 30).
ACCEPT_DAYS = 1
REPLY_DAYS = 3
RESOLVE_DAYS = {Request.Complexity.ORDINARY: 15, Request.Complexity.COMPLEX: 30}


def set_deadlines(request: Request, start: datetime.date) -> None:
    request.accept_by = add_working_days(start, ACCEPT_DAYS)
    request.reply_by = add_working_days(start, REPLY_DAYS)
    request.resolve_by = add_working_days(start, RESOLVE_DAYS[Request.Complexity(request.complexity)])


def is_handler(user: Any, request: Request | None = None) -> bool:
    """Those who work requests: the desk's bureau, the assigned department, administrators."""
    if keeps(user, Function.BUSINESS_ENVIRONMENT):
        return True
    if user.role != Role.DEPARTMENT or user.department is None:
        return False
    return request is None or request.department_id == user.department_id


def is_requester(user: Any, request: Request) -> bool:
    """Who answers whether it is solved: the enterprise's own users; for a problem the desk or a 专班
    logged (on a visit, at a scheduling meeting), the desk's bureau may answer on the enterprise's
    behalf, since the enterprise may have no login. A department never confirms its own work."""
    if user is None or user.is_platform_admin:
        return True
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id is not None and user.enterprise_id == request.enterprise_id
    raiser = request.raised_by
    if raiser is None or raiser.role == Role.ENTERPRISE:
        return False
    return keeps(user, Function.BUSINESS_ENVIRONMENT)


def may_raise(user: Any) -> bool:
    """Enterprises (for themselves), 专班 members (for their projects) and the desk's keepers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if keeps(user, Function.BUSINESS_ENVIRONMENT):
        return True
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id is not None
    return bool(user.role == Role.TASK_FORCE and user.task_force_id is not None)


def desk_projects(user: Any) -> QuerySet[Project]:
    """The projects a request raised by ``user`` may name.

    An enterprise's own, a 专班's own (the projects' scope); the desk's keeper, which answers for
    every request of its region, any project of the region.
    """
    projects = Project.objects.select_related("region", "owner")
    if keeps(user, Function.BUSINESS_ENVIRONMENT) and not user.is_platform_admin:
        return projects.filter(region__path__startswith=user.region.path) if user.region_id else projects.none()
    return restrict(projects, user)


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    by_requester: bool = False  # the enterprise's step, not the department's
    needs_note: str = ""  # the message when the note is missing
    needs_rating: bool = False


ACCEPT = Step("accept", "受理", (State.SUBMITTED,), State.ACCEPTED)
START = Step("start", "开始办理", (State.ACCEPTED, State.REOPENED), State.IN_PROGRESS)
RESOLVE = Step(
    "resolve",
    "办结",
    (State.ACCEPTED, State.IN_PROGRESS, State.REOPENED),
    State.RESOLVED,
    needs_note="办结须填写办理结果",
)
CONFIRM = Step("confirm", "确认解决", (State.RESOLVED,), State.CONFIRMED, by_requester=True, needs_rating=True)
REOPEN = Step(
    "reopen", "退回重办", (State.RESOLVED,), State.REOPENED, by_requester=True, needs_note="退回重办须说明不满意的原因"
)
STEPS = {step.name: step for step in (ACCEPT, START, RESOLVE, CONFIRM, REOPEN)}


def allowed_steps(request: Request, user: Any) -> list[Step]:
    return [step for step in STEPS.values() if request.state in step.sources and _may(step, request, user)]


def _may(step: Step, request: Request, user: Any) -> bool:
    return is_requester(user, request) if step.by_requester else is_handler(user, request)


def check(request: Request, step: Step, user: Any, note: str, rating: int | None) -> None:
    if not _may(step, request, user):
        who = "提出诉求的企业" if step.by_requester else "承办部门"
        raise PermissionDenied(f"“{step.label}”须由{who}操作")
    if request.state not in step.sources:
        raise ValidationError(f"诉求当前为“{request.get_state_display()}”，不能{step.label}")
    if step.needs_note and not note.strip():
        raise ValidationError(step.needs_note)
    if step.needs_rating and rating not in range(1, 6):
        raise ValidationError("确认解决须给出1到5分的满意度评价")


def take(request: Request, step: Step, user: Any, note: str = "", rating: int | None = None, on: Any = None) -> Event:
    """Take ``step`` on ``request`` (on ``on``, default today) after checking every rule."""
    day = on or timezone.localdate()
    with transaction.atomic():
        current = Request.objects.select_for_update().get(pk=request.pk)
        check(current, step, user, note, rating)
        source = current.state
        current.state = step.target
        if step is ACCEPT:
            current.accepted_on = day
        elif step is RESOLVE:
            current.resolved_on = day
            current.resolution = note.strip()
            current.working_days = working_days_between(current.raised_on, day)
        elif step is CONFIRM:
            current.confirmed_on = day
            current.rating = rating
        elif step is REOPEN:
            # Worked again from today, on a fresh deadline (and 督办 again if it misses it); the first
            # resolution stays in the events and the change history.
            current.resolved_on, current.working_days, current.resolution = None, None, ""
            current.escalated_on, current.escalated_to = None, None
            current.resolve_by = add_working_days(day, RESOLVE_DAYS[Request.Complexity(current.complexity)])
        current.save()
        event = Event.objects.create(
            request=current,
            source=source,
            target=step.target,
            note=note.strip(),
            by=user if getattr(user, "is_authenticated", False) else None,
            on=day,
        )
        _tell(current, step)
    return event


def _tell(request: Request, step: Step) -> None:
    text = f"诉求“{request.title}”{step.label}"
    if step in (RESOLVE,) and request.raised_by is not None:
        notify_user(request.raised_by, f"{text}，请确认是否解决", request)
    elif step is REOPEN:
        notify_department(request, f"{text}：企业不满意，请重新办理")


def raise_request(request: Request, user: Any, on: Any = None) -> Request:
    """Register a new request with its deadlines and its first event; tell the department."""
    day = on or timezone.localdate()
    request.raised_on = day
    request.number = request.number or f"SQ{day:%Y%m%d}-{uuid.uuid4().hex[:6].upper()}"
    request.state = State.SUBMITTED
    request.raised_by = user if getattr(user, "is_authenticated", False) else None
    set_deadlines(request, day)
    with transaction.atomic():
        request.full_clean()
        request.save()
        Event.objects.create(request=request, source="", target=State.SUBMITTED, note="", by=request.raised_by, on=day)
        notify_department(request, f"新诉求：“{request.title}”，请于{request.accept_by:%m月%d日}前受理")
    return request
