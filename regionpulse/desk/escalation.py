"""督办: requests past their deadline go up to the project's 包联领导, or to the department's reviewers.

Run daily (``regionpulse escalate``); each overdue request is escalated once, and the leader finds
it on the home page and in the messages.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from regionpulse.core.models import User
from regionpulse.desk.models import Request, overdue
from regionpulse.desk.notify import department_people, notify_users


def escalate(on: datetime.date) -> int:
    due = Request.objects.filter(overdue(on), escalated_on__isnull=True).select_related("project__leader", "department")
    count = 0
    for request in due:
        with transaction.atomic():
            leader = request.project.leader if request.project is not None else None
            request.escalated_on, request.escalated_to = on, leader
            request.save(update_fields=["escalated_on", "escalated_to", "updated_at"])
            if leader is not None:
                people = User.objects.filter(is_active=True, leader=leader)
            else:
                people = department_people(request, heads=True)
            notify_users(people, f"督办：诉求“{request.title}”已超过办结时限（{request.resolve_by:%Y-%m-%d}）", request)
        count += 1
    return count
