"""What the header shows on every page: unread messages and, for a leader, open 督办 items."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def desk(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from regionpulse.desk.models import OPEN_STATES, Notification, Request

    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    supervised = (
        Request.objects.filter(escalated_to_id=user.leader_id, state__in=OPEN_STATES).count() if user.leader_id else 0
    )
    return {"unread_notifications": unread, "supervised_requests": supervised}
