"""The review workflow of indicator figures: draft → submitted → approved, or returned."""

from __future__ import annotations

from typing import Any

from regionpulse.core.models import Role
from regionpulse.core.workflow import Transition
from regionpulse.indicators.models import Observation

Status = Observation.Status


def _is_reviewer(user: Any) -> bool:
    return bool(user is None or user.is_platform_admin or (user.role == Role.DEPARTMENT and user.can_review))


def _is_editor(user: Any) -> bool:
    return bool(user is None or user.is_platform_admin or user.role == Role.DEPARTMENT)


SUBMIT = Transition("submit", "报送", frozenset({Status.DRAFT}), Status.SUBMITTED, allowed=_is_editor)
APPROVE = Transition(
    "approve",
    "审核通过",
    frozenset({Status.SUBMITTED}),
    Status.APPROVED,
    stamp=lambda user, now: {"reviewed_by": user, "reviewed_at": now},
    allowed=_is_reviewer,
)
RETURN = Transition(
    "return",
    "退回修改",
    frozenset({Status.SUBMITTED, Status.APPROVED}),
    Status.DRAFT,
    stamp=lambda user, now: {"reviewed_by": user, "reviewed_at": now},
    allowed=_is_reviewer,
)
TRANSITIONS = {transition.name: transition for transition in (SUBMIT, APPROVE, RETURN)}


def can_edit(user: Any) -> bool:
    return _is_editor(user)
