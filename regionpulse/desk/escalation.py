"""督办: requests past their deadline go up to the project's 包联领导, or to the department's reviewers.

Run daily (``regionpulse escalate``); each overdue request is escalated once, and the leader finds
it on the home page and in the messages.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from regionpulse.core.models import Function, Role, User
from regionpulse.desk.models import OPEN_STATES, Request
from regionpulse.desk.notify import notify_users


def overdue(on: datetime.date) -> Q:
    """Open past its resolution deadline (超期): the one meaning the ledger, the API and 督办 share."""
    return Q(state__in=OPEN_STATES, resolve_by__lt=on)


def reviewers(request: Request) -> QuerySet[User]:
    """The heads who answer for a request: its department's reviewers, or the bureau's while unassigned."""
    heads = User.objects.filter(is_active=True, role=Role.DEPARTMENT, can_review=True, region=request.region)
    if request.department_id is not None:
        return heads.filter(department_id=request.department_id)
    return heads.filter(department__function=Function.BUSINESS_ENVIRONMENT)


def escalate(on: datetime.date) -> int:
    due = Request.objects.filter(overdue(on), escalated_on__isnull=True).select_related("project__leader", "department")
    count = 0
    for request in due:
        with transaction.atomic():
            leader = request.project.leader if request.project is not None else None
            request.escalated_on, request.escalated_to = on, leader
            request.save(update_fields=["escalated_on", "escalated_to", "updated_at"])
            people = User.objects.filter(is_active=True, leader=leader) if leader else reviewers(request)
            notify_users(people, f"督办：诉求“{request.title}”已超过办结时限（{request.resolve_by:%Y-%m-%d}）", request)
        count += 1
    return count
