"""The major-project ledger: projects, their annual plans, monthly progress reports and milestones.

Money is kept in 万元 as the ledgers are. Year-to-date and since-start totals are never stored:
they are sums of approved progress reports (see ``figures.py``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from regionpulse.core.locking import ensure_open_from
from regionpulse.core.models import Function, Tracked
from regionpulse.core.periods import Period
from regionpulse.core.scopes import Scope
from regionpulse.core.versioning import Versioned
from regionpulse.projects.classifications import Category, EmergingIndustry, Industry, MilestoneKind, Nature, Stage

NON_NEGATIVE = MinValueValidator(0, "金额不能为负数")
# The development department keeps the district's major-project list and sees all of it.
PROJECT_SCOPE = Scope(
    region="region",
    department="department",
    task_force="task_force",
    enterprise="owner",
    keeper=Function.DEVELOPMENT,
)


def _through_project(scope: Scope) -> Scope:
    def via(path: Any) -> Any:
        return f"project__{path}" if isinstance(path, str) else path

    return Scope(
        region=via(scope.region),
        department=via(scope.department),
        task_force=via(scope.task_force),
        enterprise=via(scope.enterprise),
        keeper=scope.keeper,
    )


class Project(Tracked):
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="所在地区")
    code = models.CharField("项目编号", max_length=30, unique=True)
    name = models.CharField("项目名称", max_length=120)
    owner = models.ForeignKey(
        "core.Enterprise", null=True, blank=True, on_delete=models.PROTECT, verbose_name="业主单位"
    )
    industry = models.CharField("所属行业", max_length=1, choices=Industry.choices)
    emerging_industry = models.CharField("战略性新兴产业", max_length=1, choices=EmergingIndustry.choices, blank=True)
    category = models.CharField("项目类别", max_length=20, choices=Category.choices)
    nature = models.CharField("建设性质", max_length=12, choices=Nature.choices)
    total_investment = models.DecimalField("总投资（万元）", max_digits=16, decimal_places=2, validators=[NON_NEGATIVE])
    location = models.CharField("建设地点", max_length=120, blank=True)
    planned_start = models.DateField("计划开工", null=True, blank=True)
    planned_finish = models.DateField("计划竣工", null=True, blank=True)
    stage = models.CharField("项目阶段", max_length=20, choices=Stage.choices, default=Stage.PLANNING)
    leader = models.ForeignKey("core.Leader", null=True, blank=True, on_delete=models.PROTECT, verbose_name="包联领导")
    task_force = models.ForeignKey(
        "core.TaskForce", null=True, blank=True, on_delete=models.PROTECT, verbose_name="专班"
    )
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.PROTECT, verbose_name="责任部门"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = PROJECT_SCOPE
    untracked_fields = frozenset({"updated_at"})

    class Meta:
        verbose_name = "重大项目"
        verbose_name_plural = "重大项目"
        ordering = ["region__code", "code"]
        indexes = [models.Index(fields=["region", "total_investment"], name="project_region_size_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.planned_start and self.planned_finish and self.planned_finish < self.planned_start:
            raise ValidationError({"planned_finish": "计划竣工日期不能早于计划开工日期"})


def _places(record: Tracked, fields: tuple[str, ...]) -> set[tuple[Any, ...]]:
    """Where a record is now and, if it was loaded from the database, where it was."""
    places = {tuple(getattr(record, name) for name in fields)}
    loaded = record._loaded_values
    if loaded is not None and all(name in loaded for name in fields):
        places.add(tuple(loaded[name] for name in fields))
    return places


def _region_of(record: Any, project_id: int) -> Any:
    if project_id == record.project_id:
        return record.project.region
    return Project.objects.select_related("region").get(pk=project_id).region


class ClosedByLocks(Tracked):
    """A project's record of a year (``year``) or a month (``year``, ``month``) whose figures a lock closes.

    The record feeds every cumulative figure of its year from its month on (January for a year's
    plan or list), so a lock on any of those periods refuses its save and delete. The check runs in
    the model so that no path (page, API, admin, import, review) gets round it, and it covers the
    place a record leaves as well as the one it goes to.
    """

    period_fields: ClassVar[tuple[str, ...]] = ("year",)

    class Meta:
        abstract = True

    def _ensure_open(self) -> None:
        for project_id, year, *month in _places(self, ("project_id", *self.period_fields)):
            ensure_open_from(_region_of(self, project_id), Period(year, month[0] if month else 1))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._ensure_open()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._ensure_open()
        return super().delete(*args, **kwargs)


class Listing(ClosedByLocks):
    """A year in which the project is on the district's major-project list (重大项目清单)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="listings", verbose_name="项目")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2199)])

    scope = _through_project(PROJECT_SCOPE)

    class Meta:
        verbose_name = "列入清单年度"
        verbose_name_plural = "列入清单年度"
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="listing_unique")]
        indexes = [models.Index(fields=["year", "project"], name="listing_year_idx")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年"


class AnnualPlan(ClosedByLocks):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="plans", verbose_name="项目")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2199)])
    planned_investment = models.DecimalField(
        "年度计划投资（万元）", max_digits=16, decimal_places=2, validators=[NON_NEGATIVE]
    )
    milestones = models.CharField("年度计划节点", max_length=300, blank=True)

    scope = _through_project(PROJECT_SCOPE)

    class Meta:
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="annual_plan_unique")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年计划"


class ProgressReport(Versioned, ClosedByLocks):
    """A month's progress as the owner reports it; only approved reports count in figures."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        APPROVED = "approved", "已审核"
        RETURNED = "returned", "已退回"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="reports", verbose_name="项目")
    year = models.PositiveSmallIntegerField("年", validators=[MinValueValidator(2000), MaxValueValidator(2199)])
    month = models.PositiveSmallIntegerField("月", validators=[MinValueValidator(1), MaxValueValidator(12)])
    investment = models.DecimalField("当月完成投资（万元）", max_digits=16, decimal_places=2, validators=[NON_NEGATIVE])
    progress = models.TextField("形象进度", max_length=1000, blank=True)
    stage = models.CharField("项目阶段", max_length=20, choices=Stage.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="填报人",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = _through_project(PROJECT_SCOPE)
    untracked_fields = frozenset({"updated_at", "version"})
    period_fields = ("year", "month")

    class Meta:
        verbose_name = "月度进展"
        verbose_name_plural = "月度进展"
        ordering = ["-year", "-month", "project__code"]
        constraints = [models.UniqueConstraint(fields=["project", "year", "month"], name="progress_unique")]
        indexes = [
            # The year's approved investment of a project is read from the index alone (figures.with_progress).
            models.Index(fields=["project", "year", "status", "month", "investment"], name="progress_ytd_idx"),
            models.Index(fields=["status", "year", "month"], name="progress_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年{self.month}月"

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)

    def clean(self) -> None:
        if self.year and self.month and is_future(self.period):
            raise ValidationError({"month": f"{self.year}年{self.month}月还没有到，不能填报"})


class Milestone(Tracked):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name="项目")
    kind = models.CharField("节点", max_length=20, choices=MilestoneKind.choices)
    planned_date = models.DateField("计划日期", null=True, blank=True)
    actual_date = models.DateField("实际日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    scope = _through_project(PROJECT_SCOPE)

    class Meta:
        verbose_name = "项目节点"
        verbose_name_plural = "项目节点"
        ordering = ["project", "planned_date"]
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="milestone_unique")]

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()}"


def is_future(period: Period) -> bool:
    today = timezone.localdate()
    return period > Period(today.year, today.month)
