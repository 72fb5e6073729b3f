"""How a deal moves through its stages (洽谈 → 签约 → 落地 → 开工 → 投产).

Forward, every stage on the way needs its date, and dates never run backwards: a deal cannot reach
开工 without a 签约 date. Backward, the user says why, and the later stages' dates are cleared. Every
move is a ``StageMove`` beside the deal's own change history. Once a deal is a project of the
major-project ledger, the project's progress moves it to 开工 and 投产 (``follow_projects``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from regionpulse.core.versioning import StaleEdit
from regionpulse.projects.classifications import MilestoneKind
from regionpulse.projects.classifications import Stage as ProjectStage
from regionpulse.promotion.models import STAGE_DATE_FIELDS, Deal, Stage, StageMove

# The deal stage a project's stage means; earlier project stages say nothing about the deal.
FROM_PROJECT: dict[str, Stage] = {
    ProjectStage.CONSTRUCTION: Stage.STARTED,
    ProjectStage.COMPLETED: Stage.STARTED,
    ProjectStage.PRODUCTION: Stage.PRODUCING,
}
FOLLOWS_PROJECT = {Stage.STARTED, Stage.PRODUCING}
REASON_MAX = 200
PROJECT_MILESTONE = {Stage.STARTED: MilestoneKind.START, Stage.PRODUCING: MilestoneKind.PRODUCTION}


def _label(stage: int) -> str:
    return str(Stage(stage).label)


def check_move(deal: Deal, target: Stage, on: datetime.date | None, reason: str = "") -> None:
    """Raise ValidationError, in the user's words, when the move breaks a rule; change nothing."""
    current = Stage(deal.stage)
    if target == current:
        raise ValidationError(f"“{deal}”已处于{_label(target)}阶段")
    if target < current:
        if not reason.strip():
            raise ValidationError(f"从{_label(current)}退回{_label(target)}须填写原因")
        if len(reason.strip()) > REASON_MAX:
            raise ValidationError(f"退回原因不超过{REASON_MAX}字")
        return
    if deal.project_id is not None and target in FOLLOWS_PROJECT:
        raise ValidationError(f"“{deal}”已列入重大项目，开工、投产随项目进展自动更新")
    missing = [_label(stage) for stage in range(current + 1, target) if deal.date_of(stage) is None]
    if missing:
        raise ValidationError(f"推进到{_label(target)}前，须先有{'、'.join(missing)}日期；不能跳过")
    if on is None:
        raise ValidationError(f"推进到{_label(target)}须填写{_label(target)}日期")
    if on > timezone.localdate():
        raise ValidationError(f"{_label(target)}日期{on:%Y-%m-%d}还没有到")
    earlier = [deal.date_of(stage) for stage in range(Stage.NEGOTIATING, target) if deal.date_of(stage)]
    if earlier and on < max(earlier):
        raise ValidationError(f"{_label(target)}日期不能早于前一阶段的日期（{max(earlier):%Y-%m-%d}）")


def move(
    deal: Deal, target: int, on: datetime.date | None, user: Any, reason: str = "", version: int | None = None
) -> StageMove:
    """Move the deal to ``target`` on ``on`` (forward) or back with ``reason``, in one transaction.

    The deal's row is locked and read afresh first, so two people moving it at once cannot both
    pass the rules against the same old stage. ``version`` is the deal's version the mover saw:
    if the deal has been saved since, the move is refused with what changed (core.versioning).
    """
    stage = Stage(target)
    with transaction.atomic():
        current = Deal.objects.select_for_update().get(pk=deal.pk)
        if version is not None and version != current.version:
            raise StaleEdit(current, version)
        check_move(current, stage, on, reason)
        source = Stage(current.stage)
        if stage > source:
            setattr(current, STAGE_DATE_FIELDS[stage], on)
        else:
            for later in range(stage + 1, Stage.PRODUCING + 1):
                setattr(current, STAGE_DATE_FIELDS[Stage(later)], None)
        current.stage = stage
        current.save()
        return StageMove.objects.create(
            deal=current,
            source=source,
            target=stage,
            # A move back is dated the day it is decided.
            on=on if stage > source and on is not None else timezone.localdate(),
            reason=reason.strip(),
            by=user if getattr(user, "is_authenticated", False) else None,
        )


def _project_date(deal: Deal, stage: Stage) -> datetime.date:
    """When the project reached ``stage``: its milestone's actual date, else the first approved month."""
    project = deal.project
    assert project is not None
    milestone = project.milestones.filter(kind=PROJECT_MILESTONE[stage], actual_date__isnull=False).first()
    if milestone is not None:
        return milestone.actual_date  # type: ignore[return-value]
    first = (
        project.reports.filter(status="approved", investment__gt=0)
        .order_by("year", "month")
        .values_list("year", "month")
        .first()
    )
    return datetime.date(*first, 1) if first else timezone.localdate()


def follow_projects(project_ids: Iterable[int]) -> int:
    """Move the deals of these projects on to the stage their projects have reached; never back."""
    moved = 0
    deals = Deal.objects.filter(project_id__in=list(project_ids)).select_related("project")
    for deal in deals:
        assert deal.project is not None
        reached = FROM_PROJECT.get(deal.project.stage)
        if reached is None or reached <= deal.stage:
            continue
        with transaction.atomic():
            source = Stage(deal.stage)
            # A stage the project says nothing of (落地) is dated no later than the one after it.
            later = None
            for stage in range(reached, source, -1):
                if deal.date_of(stage) is None:
                    known = _project_date(deal, Stage(stage)) if stage in PROJECT_MILESTONE else later
                    when = min(known, later) if known and later else known or later
                    setattr(deal, STAGE_DATE_FIELDS[Stage(stage)], when)
                later = deal.date_of(stage)
            # Dates taken from the project never come before the deal's own earlier dates.
            previous = deal.date_of(source)
            for stage in range(source + 1, reached + 1):
                on = deal.date_of(stage)
                if previous is not None and on is not None and on < previous:
                    setattr(deal, STAGE_DATE_FIELDS[Stage(stage)], previous)
                previous = deal.date_of(stage) or previous
            deal.stage = reached
            deal.save()
            StageMove.objects.create(
                deal=deal, source=source, target=reached, on=deal.date_of(reached), reason="随重大项目进展更新"
            )
        moved += 1
    return moved
