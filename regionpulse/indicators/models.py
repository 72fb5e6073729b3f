from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from regionpulse.core.locking import ensure_unlocked
from regionpulse.core.models import Function, Tracked
from regionpulse.core.periods import Period
from regionpulse.core.scopes import Match, Scope
from regionpulse.core.units import Unit
from regionpulse.core.versioning import Versioned


class Indicator(Tracked):
    """A catalogue entry: what is measured, in which unit, and how it is published."""

    class Kind(models.TextChoices):
        CUMULATIVE = "cumulative", "累计值（1月至当月）"
        POINT = "point", "时点值"
        MONTHLY = "monthly", "当月值"

    class Publication(models.TextChoices):
        VALUE_AND_GROWTH = "value_and_growth", "发布总量和增速"
        GROWTH_ONLY = "growth_only", "只发布增速"

    class GrowthUnit(models.TextChoices):
        PERCENT = "pct", "同比增长（%）"
        POINTS = "pp", "同比增减（百分点）"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("指标名称", max_length=60, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    aliases = models.CharField("别名", max_length=200, blank=True, help_text="以顿号或逗号分隔，如：GDP、地区GDP")
    unit = models.CharField("计量单位", max_length=10, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField("小数位数", default=2, validators=[MaxValueValidator(4)])
    growth_decimals = models.PositiveSmallIntegerField("增速小数位数", default=1, validators=[MaxValueValidator(2)])
    kind = models.CharField("统计口径", max_length=12, choices=Kind.choices, default=Kind.CUMULATIVE)
    publication = models.CharField(
        "发布方式", max_length=20, choices=Publication.choices, default=Publication.VALUE_AND_GROWTH
    )
    growth_unit = models.CharField("增速单位", max_length=3, choices=GrowthUnit.choices, default=GrowthUnit.PERCENT)
    additive = models.BooleanField(
        "可加总", default=True, help_text="下级地区数值相加等于上级（总量指标）；人均值、比重不可加总，不计算占比"
    )
    # Each district's department of this function reports and reviews the indicator.
    responsible = models.CharField("负责部门职能", max_length=30, choices=Function.choices, default=Function.STATISTICS)
    sort_order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标目录"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def alias_list(self) -> list[str]:
        text = self.aliases.replace("，", "、").replace(",", "、")
        return [alias.strip() for alias in text.split("、") if alias.strip()]


class Observation(Versioned, Tracked):
    """One indicator's figure for a region and a cumulative period, as reported."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        APPROVED = "approved", "已审核"
        # Another region's figure as its own release publishes it, kept to compare against; the
        # figure families count approved observations only, so it never enters a computed figure.
        PUBLISHED = "published", "已公开未核实"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name="指标")
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="地区")
    year = models.PositiveSmallIntegerField("年", validators=[MinValueValidator(1949)])
    month = models.PositiveSmallIntegerField("月", validators=[MinValueValidator(1), MaxValueValidator(12)])
    value = models.DecimalField("数值", max_digits=20, decimal_places=4, null=True, blank=True)
    # As published (可比价); never recomputed from values.
    growth = models.DecimalField("同比增长", max_digits=8, decimal_places=2, null=True, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="审核人"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = Scope(region="region", department=Match("indicator__responsible", "department__function"))
    untracked_fields = frozenset({"updated_at", "version"})

    class Meta:
        verbose_name = "指标数据"
        verbose_name_plural = "指标数据"
        ordering = ["-year", "-month", "region__code", "indicator__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year", "month"], name="observation_unique"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | models.Q(growth__isnull=False),
                name="observation_has_value_or_growth",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "month", "indicator", "status"], name="observation_period_idx"),
            models.Index(fields=["region", "indicator", "year", "month"], name="observation_series_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.period.label} {self.indicator}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Checked here so that no path (page, API, admin, import) can write into a locked period.
        ensure_unlocked(self.region, self.period)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        ensure_unlocked(self.region, self.period)
        return super().delete(*args, **kwargs)
