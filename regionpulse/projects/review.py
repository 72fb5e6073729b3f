"""The review of monthly progress: the owner reports, the responsible department approves or returns.

Who may act on which report is the scope's business (a department sees the reports of its own
projects); these rules say which roles may take each step at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import OuterRef, Subquery

from regionpulse.core.models import Role
from regionpulse.core.workflow import Transition
from regionpulse.projects.models import ProgressReport, Project
from regionpulse.projects.signals import stage_changed

Status = ProgressReport.Status
REPORTING_ROLES = {Role.ENTERPRISE, Role.DEPARTMENT, Role.TASK_FORCE}


def can_report(user: Any) -> bool:
    return bool(user is None or user.is_platform_admin or user.role in REPORTING_ROLES)


def can_review(user: Any) -> bool:
    return bool(user is None or user.is_platform_admin or (user.role == Role.DEPARTMENT and user.can_review))


def take_reported_stage(reports: Sequence[ProgressReport]) -> None:
    """Each project of ``reports`` takes the stage its latest approved report gives."""
    latest = ProgressReport.objects.filter(project=OuterRef("pk"), status=Status.APPROVED).order_by("-year", "-month")
    projects = Project.objects.filter(pk__in={report.project_id for report in reports}).annotate(
        reported_stage=Subquery(latest.values("stage")[:1])
    )
    changed = []
    for project in projects:
        if project.reported_stage and project.reported_stage != project.stage:
            project.stage = project.reported_stage
            project.save(update_fields=["stage", "updated_at"])
            changed.append(project.pk)
    if changed:
        stage_changed.send(sender=Project, project_ids=changed)


def _reviewed(user: Any, now: Any) -> dict[str, Any]:
    return {"reviewed_by": user, "reviewed_at": now}


SUBMIT = Transition(
    "submit",
    "报送",
    frozenset({Status.DRAFT, Status.RETURNED}),
    Status.SUBMITTED,
    stamp=lambda user, now: {"reported_by": user, "review_note": ""},
    allowed=can_report,
)
APPROVE = Transition(
    "approve",
    "审核通过",
    frozenset({Status.SUBMITTED}),
    Status.APPROVED,
    stamp=_reviewed,
    allowed=can_review,
    after=take_reported_stage,
)
RETURN = Transition(
    "return",
    "退回修改",
    frozenset({Status.SUBMITTED, Status.APPROVED}),
    Status.RETURNED,
    stamp=_reviewed,
    allowed=can_review,
    after=take_reported_stage,
)
TRANSITIONS = {transition.name: transition for transition in (SUBMIT, APPROVE, RETURN)}
