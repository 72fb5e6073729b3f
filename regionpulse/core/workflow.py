"""Declared state transitions (review, stages, request states) and the one function that applies them.

``apply`` checks every record first — allowed source state, the user's right, locked periods —
and then writes all of them with their history, or none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from regionpulse.core.models import Tracked


@dataclass(frozen=True, slots=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    # Extra fields to stamp on the record, given the acting user and the time.
    stamp: Callable[[Any, Any], dict[str, Any]] = field(default=lambda user, now: {})
    allowed: Callable[[Any], bool] = field(default=lambda user: True)
    # What else follows once every record has moved (a project takes the stage its approved report gives).
    after: Callable[[Sequence[Any]], None] | None = None


def apply(
    records: Sequence[Tracked],
    transition: Transition,
    user: Any,
    state_field: str = "status",
    extra: Mapping[str, Any] | None = None,
) -> int:
    """Move every record, or none; ``extra`` holds fields the user gave with the move (a return's reason)."""
    if not transition.allowed(user):
        raise PermissionDenied(f"您没有“{transition.label}”的权限")
    wrong = [record for record in records if getattr(record, state_field) not in transition.sources]
    if wrong:
        names = "、".join(str(record) for record in wrong[:5])
        more = f"等{len(wrong)}条" if len(wrong) > 5 else ""
        raise ValidationError(f"“{transition.label}”不适用于当前状态的记录：{names}{more}；未做任何修改")
    now = timezone.now()
    changes = {state_field: transition.target, **transition.stamp(user, now), **(extra or {})}
    # Saved one by one so that each record's own guards (locked periods) and history apply.
    with transaction.atomic():
        for record in records:
            for name, value in changes.items():
                setattr(record, name, value)
            record.save(update_fields=[*changes.keys()])
        if transition.after is not None:
            transition.after(records)
    return len(records)
