"""The service desk: enterprise requests and project problems on one desk, worked to the end on
working-day deadlines (接诉即办), the key-enterprise service zone and the approval cases of 一枚印章管审批.

Deadlines and working-day durations are derived from the Chinese calendar when a request is raised
or resolved (``states.py``), never typed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from regionpulse.core.models import Function, Tracked
from regionpulse.core.scopes import REGION_WIDE, Scope

# The business-environment bureau runs the desk; a department sees what is assigned to it, a 专班
# its projects' problems, an enterprise its own requests.
DESK_SCOPE = Scope(
    region="region",
    department="department",
    task_force="project__task_force",
    enterprise="enterprise",
    keeper=Function.BUSINESS_ENVIRONMENT,
)


class Category(models.TextChoices):
    APPROVAL = "approval", "审批手续"
    LAND = "land", "用地"
    ENERGY = "energy", "用能"
    FINANCE = "finance", "融资"
    LABOUR = "labour", "用工"
    FACILITIES = "facilities", "配套设施"
    POLICY = "policy", "政策兑现"
    OTHER = "other", "其他"


class Source(models.TextChoices):
    PORTAL = "portal", "企业网上提交"
    SERVICE_ZONE = "service_zone", "重点企业服务专区"
    VISIT = "visit", "领导走访"
    MEETING = "meeting", "专班调度会"


class State(models.TextChoices):
    SUBMITTED = "submitted", "新提交"
    ACCEPTED = "accepted", "已受理"
    IN_PROGRESS = "in_progress", "办理中"
    RESOLVED = "resolved", "已办结"
    CONFIRMED = "confirmed", "已确认"
    REOPENED = "reopened", "退回重办"


OPEN_STATES = (State.SUBMITTED, State.ACCEPTED, State.IN_PROGRESS, State.REOPENED)


def overdue(on: datetime.date) -> models.Q:
    """Open past its resolution deadline (超期): the one meaning the ledger, the API and 督办 share."""
    return models.Q(state__in=OPEN_STATES, resolve_by__lt=on)


class Request(Tracked):
    """An enterprise's request or a project's problem, from intake to the enterprise's confirmation."""

    class Complexity(models.TextChoices):
        ORDINARY = "ordinary", "一般"
        COMPLEX = "complex", "复杂"

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="地区")
    number = models.CharField("诉求编号", max_length=30, unique=True)
    title = models.CharField("诉求标题", max_length=120)
    description = models.TextField("诉求内容", max_length=4000)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    complexity = models.CharField("复杂程度", max_length=10, choices=Complexity.choices, default=Complexity.ORDINARY)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.PORTAL)
    enterprise = models.ForeignKey(
        "core.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="requests", verbose_name="企业"
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
        verbose_name="重大项目",
    )
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.PROTECT, verbose_name="承办部门"
    )
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.SUBMITTED)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="提交人",
    )
    raised_on = models.DateField("提交日期")
    accept_by = models.DateField("受理时限")
    reply_by = models.DateField("答复时限")
    resolve_by = models.DateField("办结时限")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    # Working days from raising to resolving, by the calendar, kept so that figures can aggregate it.
    working_days = models.PositiveSmallIntegerField("办理用时（工作日）", null=True, blank=True)
    resolution = models.TextField("办理结果", max_length=4000, blank=True)
    rating = models.PositiveSmallIntegerField(
        "满意度评价", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    escalated_on = models.DateField("督办日期", null=True, blank=True)
    escalated_to = models.ForeignKey(
        "core.Leader", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="督办领导"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = DESK_SCOPE
    untracked_fields = frozenset({"updated_at"})

    class Meta:
        verbose_name = "企业诉求"
        verbose_name_plural = "企业诉求"
        ordering = ["-raised_on", "-id"]
        indexes = [
            models.Index(fields=["region", "confirmed_on"], name="request_confirmed_idx"),
            models.Index(fields=["region", "state", "resolve_by"], name="request_open_idx"),
            models.Index(fields=["region", "raised_on"], name="request_raised_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class Event(models.Model):
    """One step of a request's life with its note: the whole story stays, reopenings included."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events", verbose_name="诉求")
    source = models.CharField("原状态", max_length=20, choices=State.choices, blank=True)
    target = models.CharField("新状态", max_length=20, choices=State.choices)
    note = models.TextField("说明", max_length=4000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="操作人"
    )
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request}：{self.get_target_display()}"


class KeyEnterprise(Tracked):
    """An enterprise on the key-enterprise list (重点企业名录), with its service officer (服务专员)."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="地区")
    enterprise = models.OneToOneField(
        "core.Enterprise", on_delete=models.CASCADE, related_name="key_listing", verbose_name="企业"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_enterprises",
        verbose_name="服务专员",
    )
    since = models.PositiveSmallIntegerField("列入年度")

    scope = Scope(region="region", department=REGION_WIDE, task_force=REGION_WIDE, enterprise="enterprise")

    class Meta:
        verbose_name = "重点企业"
        verbose_name_plural = "重点企业名录"
        ordering = ["enterprise__name"]

    def __str__(self) -> str:
        return str(self.enterprise)


class ApprovalCase(Tracked):
    """An approval handled at the one-seal bureau (一枚印章管审批): statutory and promised time, time taken."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="地区")
    item = models.CharField("审批事项", max_length=120)
    applicant = models.ForeignKey(
        "core.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, verbose_name="申请企业"
    )
    statutory_days = models.PositiveSmallIntegerField("法定时限（工作日）")
    promised_days = models.PositiveSmallIntegerField("承诺时限（工作日）")
    received_on = models.DateField("受理日期")
    finished_on = models.DateField("办结日期", null=True, blank=True)
    working_days = models.PositiveSmallIntegerField("实际用时（工作日）", null=True, blank=True, editable=False)

    scope = Scope(region="region", keeper=Function.BUSINESS_ENVIRONMENT, enterprise="applicant")

    class Meta:
        verbose_name = "审批件"
        verbose_name_plural = "审批件"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["region", "finished_on"], name="approval_finished_idx")]

    def __str__(self) -> str:
        return f"{self.item}（{self.received_on:%Y-%m-%d}）"

    def save(self, *args: object, **kwargs: object) -> None:
        from regionpulse.desk.workdays import working_days_between

        self.working_days = working_days_between(self.received_on, self.finished_on) if self.finished_on else None
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Notification(models.Model):
    """A message in the app for one user (督办, a request assigned, a request resolved)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="用户"
    )
    text = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text
