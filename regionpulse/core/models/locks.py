from __future__ import annotations

from django.conf import settings
from django.db import models

from regionpulse.core.models.history import Tracked
from regionpulse.core.periods import Period


class PeriodLock(Tracked):
    """An approved period of a region, closed to edits until an administrator unlocks it with a reason."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="地区")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    is_locked = models.BooleanField("已锁定", default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="操作人"
    )
    changed_at = models.DateTimeField("操作时间", auto_now=True)
    reason = models.CharField("原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "期间锁定"
        verbose_name_plural = "期间锁定"
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "month"], name="period_lock_unique"),
        ]

    def __str__(self) -> str:
        state = "已锁定" if self.is_locked else "已解锁"
        return f"{self.region} {self.period.label} {state}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)
