"""Telling people: a message in the app and, where the user has an address, an email
(the console in development, the configured mail server in production)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.urls import reverse

from regionpulse.core.models import Function, Role, User


def _link(request: Any) -> str:
    return reverse("desk:request-detail", args=[request.pk])


def notify_users(users: Iterable[User], text: str, request: Any) -> int:
    from regionpulse.desk.models import Notification

    url = _link(request)
    users = list(users)
    Notification.objects.bulk_create([Notification(user=user, text=text, url=url) for user in users])
    for user in users:
        if user.email:
            send_mail(
                "区域高质量发展监测平台",
                f"{text}\n{url}",
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                fail_silently=True,
            )
    return len(users)


def notify_user(user: User, text: str, request: Any) -> int:
    return notify_users([user], text, request)


def department_people(request: Any, heads: bool = False) -> QuerySet[User]:
    """Who answers for a request: its department's staff (``heads``: its reviewers), or the desk's
    bureau's while none is assigned."""
    people = User.objects.filter(is_active=True, role=Role.DEPARTMENT, region_id=request.region_id)
    if heads:
        people = people.filter(can_review=True)
    if request.department_id is not None:
        return people.filter(department_id=request.department_id)
    return people.filter(department__function=Function.BUSINESS_ENVIRONMENT)


def notify_department(request: Any, text: str) -> int:
    return notify_users(department_people(request), text, request)
