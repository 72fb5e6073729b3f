"""Period locks: an approved period of a region is closed to edits until unlocked with a reason."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from regionpulse.core.models import AuditEvent, PeriodLock, Region
from regionpulse.core.periods import Period


class PeriodLockedError(ValidationError):
    """Says which stopped the edit: the period's own lock, or a later locked period of the year that
    the edited month counts towards (it is then closed, not locked itself)."""

    def __init__(self, region: Region, period: Period, edited: Period | None = None) -> None:
        closed = ""
        if edited is not None and edited != period:
            closed = f"，{edited.year}年{edited.month}月的数据计入其累计数，已随之关闭"
        super().__init__(
            f"{region.name}{period.label}的数据已锁定{closed}，不能修改；如需更正，请管理员先解锁并填写原因",
            code="period_locked",
        )


def locked_keys(keys: Iterable[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """Which of the (region id, year, month) keys are locked themselves, in one query."""
    return {key for key, month in locked_from_keys(keys).items() if month == key[2]}


def is_locked(region: Region, period: Period) -> bool:
    return PeriodLock.objects.filter(region=region, year=period.year, month=period.month, is_locked=True).exists()


def ensure_unlocked(region: Region, period: Period) -> None:
    if is_locked(region, period):
        raise PeriodLockedError(region, period)


def locked_from(region: Region, period: Period) -> Period | None:
    """The first locked period of the same year at or after ``period``, if any.

    A month's record feeds every cumulative figure of its year from that month on, so it is
    closed once any of those later periods is locked.
    """
    month = (
        PeriodLock.objects.filter(region=region, year=period.year, month__gte=period.month, is_locked=True)
        .order_by("month")
        .values_list("month", flat=True)
        .first()
    )
    return None if month is None else Period(period.year, month)


def ensure_open_from(region: Region, period: Period) -> None:
    locked = locked_from(region, period)
    if locked is not None:
        raise PeriodLockedError(region, locked, edited=period)


def locked_from_keys(keys: Iterable[tuple[int, int, int]]) -> dict[tuple[int, int, int], int]:
    """For each (region id, year, month) key closed by a lock at or after it, the locked month; one query."""
    wanted = set(keys)
    if not wanted:
        return {}
    locks: dict[tuple[int, int], list[int]] = {}
    rows = PeriodLock.objects.filter(
        is_locked=True, region_id__in={key[0] for key in wanted}, year__in={key[1] for key in wanted}
    ).values_list("region_id", "year", "month")
    for region_id, year, month in rows:
        locks.setdefault((region_id, year), []).append(month)
    closed = {}
    for region_id, year, month in wanted:
        later = [locked for locked in locks.get((region_id, year), []) if locked >= month]
        if later:
            closed[(region_id, year, month)] = min(later)
    return closed


def lock(region: Region, period: Period, user: Any | None, reason: str = "") -> PeriodLock:
    record, _ = PeriodLock.objects.get_or_create(
        region=region, year=period.year, month=period.month, defaults={"changed_by": user, "reason": reason}
    )
    if not record.is_locked:
        record.is_locked, record.changed_by, record.reason = True, user, reason
        record.save()
    _audit(AuditEvent.Kind.PERIOD_LOCKED, region, period, user, reason)
    return record


def unlock(region: Region, period: Period, user: Any | None, reason: str) -> PeriodLock:
    if not reason.strip():
        raise ValidationError("解锁必须填写原因", code="reason_required")
    record = PeriodLock.objects.get(region=region, year=period.year, month=period.month)
    record.is_locked, record.changed_by, record.reason = False, user, reason.strip()
    record.save()
    _audit(AuditEvent.Kind.PERIOD_UNLOCKED, region, period, user, reason.strip())
    return record


def _audit(kind: str, region: Region, period: Period, user: Any | None, reason: str) -> None:
    from regionpulse.core import audit

    detail = f"{region.name}{period.year}年{period.month}月" + (f"，原因：{reason}" if reason else "")
    audit.record(kind, detail, {"region": region.code, "period": period.iso}, user=user)
