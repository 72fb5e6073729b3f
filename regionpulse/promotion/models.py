"""The investment-promotion pipeline: the enterprises a district courts, the industry chains it courts
them for, every contact, the deals from 洽谈 to 投产, and the year's targets.

A deal walks one way through its stages, each with its date; once it enters the major-project list
it links to its project, and the project's progress moves it on (see ``stages.py``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from regionpulse.core.credit_code import normalise_credit_code, validate_credit_code
from regionpulse.core.models import Function, Tracked
from regionpulse.core.scopes import REGION_WIDE, Scope
from regionpulse.core.versioning import Versioned
from regionpulse.promotion.names import normalise_name

NON_NEGATIVE = MinValueValidator(0, "金额不能为负数")
# The promotion bureau keeps the pipeline; leaders see it all; others see it through the cockpit.
PIPELINE_SCOPE = Scope(region="region", keeper=Function.PROMOTION, task_force=REGION_WIDE)


class ListTag(models.TextChoices):
    GLOBAL_500 = "global500", "世界500强"
    CHINA_500 = "china500", "中国企业500强"
    PRIVATE_500 = "private500", "中国民营企业500强"
    LEADER = "leader", "行业领军"
    SPECIALISED = "specialised", "专精特新"


class Investor(Tracked):
    """An enterprise the district courts (招商对象), deduplicated by credit code and by normalised name."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="招商地区")
    name = models.CharField("企业名称", max_length=120)
    normalised_name = models.CharField("规范化名称", max_length=120, editable=False)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, null=True, blank=True, validators=[validate_credit_code]
    )
    headquarters = models.CharField("总部所在地", max_length=60, blank=True)
    industry = models.CharField("所属行业", max_length=60, blank=True)
    # Once it registers a company in the district, the local enterprise it became.
    enterprise = models.ForeignKey(
        "core.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, verbose_name="落地注册企业"
    )

    scope = PIPELINE_SCOPE

    class Meta:
        verbose_name = "招商对象企业"
        verbose_name_plural = "招商对象企业"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "normalised_name"], name="investor_unique_name"),
            models.UniqueConstraint(fields=["region", "credit_code"], name="investor_unique_credit_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = self.name.strip()
        self.normalised_name = normalise_name(self.name)
        if self.credit_code:
            self.credit_code = normalise_credit_code(self.credit_code)
        else:
            self.credit_code = None
        super().save(*args, **kwargs)


class Listing(Tracked):
    """A list the enterprise is on, and the year of that list (世界500强 2022)."""

    investor = models.ForeignKey(Investor, on_delete=models.CASCADE, related_name="tags", verbose_name="企业")
    tag = models.CharField("榜单", max_length=20, choices=ListTag.choices)
    year = models.PositiveSmallIntegerField("榜单年度")

    scope = Scope(region="investor__region", keeper=Function.PROMOTION, task_force=REGION_WIDE)

    class Meta:
        verbose_name = "榜单标签"
        verbose_name_plural = "榜单标签"
        ordering = ["investor", "tag", "-year"]
        constraints = [models.UniqueConstraint(fields=["investor", "tag", "year"], name="promotion_listing_unique")]

    def __str__(self) -> str:
        return f"{self.get_tag_display()}（{self.year}）"


class IndustryChain(Tracked):
    """An industry chain the district builds (一业一策): its policy, its lead, the enterprises it targets."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="地区")
    name = models.CharField("产业链", max_length=60)
    policy = models.TextField("政策措施（一业一策）", blank=True)
    leader = models.ForeignKey(
        "core.Leader", null=True, blank=True, on_delete=models.SET_NULL, verbose_name="链长（牵头领导）"
    )
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.SET_NULL, verbose_name="牵头部门"
    )
    targets = models.ManyToManyField(Investor, blank=True, related_name="chains", verbose_name="目标企业")

    scope = PIPELINE_SCOPE

    class Meta:
        verbose_name = "产业链"
        verbose_name_plural = "产业链"
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="chain_unique_name")]

    def __str__(self) -> str:
        return self.name


class Engagement(Tracked):
    """One contact with an enterprise (对接洽谈)."""

    class Mode(models.TextChoices):
        VISIT = "visit", "外出拜访"
        HOSTED = "hosted", "来访考察"
        ONLINE = "online", "线上对接"
        FAIR = "fair", "展会推介"

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="地区")
    investor = models.ForeignKey(Investor, on_delete=models.PROTECT, related_name="engagements", verbose_name="企业")
    date = models.DateField("日期")
    mode = models.CharField("方式", max_length=10, choices=Mode.choices)
    chain = models.ForeignKey(IndustryChain, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="产业链")
    participants = models.CharField("参与人员", max_length=200, blank=True)
    result = models.TextField("洽谈结果", blank=True)
    next_step = models.CharField("下一步", max_length=200, blank=True)

    scope = PIPELINE_SCOPE

    class Meta:
        verbose_name = "对接洽谈"
        verbose_name_plural = "对接洽谈"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["region", "date", "investor"], name="engagement_period_idx")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.investor}（{self.get_mode_display()}）"


class Stage(models.IntegerChoices):
    """A deal's stages in their order; each has a date field of the same name on the deal."""

    NEGOTIATING = 1, "洽谈"
    SIGNED = 2, "签约"
    LANDED = 3, "落地"
    STARTED = 4, "开工"
    PRODUCING = 5, "投产"


STAGE_DATE_FIELDS = {
    Stage.NEGOTIATING: "negotiating_on",
    Stage.SIGNED: "signed_on",
    Stage.LANDED: "landed_on",
    Stage.STARTED: "started_on",
    Stage.PRODUCING: "producing_on",
}


class Deal(Versioned, Tracked):
    """A project the district is winning, from first talks to production, with the date of each stage."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="地区")
    name = models.CharField("项目名称", max_length=120)
    investor = models.ForeignKey(Investor, on_delete=models.PROTECT, related_name="deals", verbose_name="投资企业")
    chain = models.ForeignKey(
        IndustryChain, null=True, blank=True, on_delete=models.SET_NULL, related_name="deals", verbose_name="产业链"
    )
    amount = models.DecimalField("意向投资额（万元）", max_digits=16, decimal_places=2, validators=[NON_NEGATIVE])
    funds_in_place = models.DecimalField(
        "到位资金（万元）", max_digits=16, decimal_places=2, default=0, validators=[NON_NEGATIVE]
    )
    stage = models.PositiveSmallIntegerField("阶段", choices=Stage.choices, default=Stage.NEGOTIATING)
    negotiating_on = models.DateField("洽谈日期", null=True, blank=True)
    signed_on = models.DateField("签约日期", null=True, blank=True)
    landed_on = models.DateField("落地（注册）日期", null=True, blank=True)
    started_on = models.DateField("开工日期", null=True, blank=True)
    producing_on = models.DateField("投产日期", null=True, blank=True)
    project = models.OneToOneField(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deal",
        verbose_name="重大项目",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope = PIPELINE_SCOPE
    untracked_fields = frozenset({"updated_at", "version"})

    class Meta:
        verbose_name = "招商项目"
        verbose_name_plural = "招商项目"
        ordering = ["-signed_on", "name"]
        indexes = [
            models.Index(fields=["region", "signed_on"], name="deal_signed_idx"),
            models.Index(fields=["region", "stage"], name="deal_stage_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def date_of(self, stage: int) -> Any:
        return getattr(self, STAGE_DATE_FIELDS[Stage(stage)])

    @property
    def current_date(self) -> Any:
        """The date the deal reached its stage."""
        return self.date_of(self.stage)


class StageMove(models.Model):
    """Each move of a deal between stages: the dates live on the deal, the why lives here."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="moves", verbose_name="招商项目")
    source = models.PositiveSmallIntegerField("原阶段", choices=Stage.choices)
    target = models.PositiveSmallIntegerField("新阶段", choices=Stage.choices)
    on = models.DateField("日期")
    reason = models.CharField("原因", max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="操作人"
    )
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "阶段变更"
        verbose_name_plural = "阶段变更"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.deal}：{self.get_source_display()} → {self.get_target_display()}"


class Target(Tracked):
    """The year's target of a region for one metric (全年招商计划)."""

    class Metric(models.TextChoices):
        ENGAGED = "enterprises_engaged", "对接洽谈企业（家）"
        SIGNED = "projects_signed", "签约项目（个）"
        SIGNED_AMOUNT = "signed_amount", "签约金额（万元）"
        LANDED = "projects_landed", "落地项目（个）"
        STARTED = "projects_started", "开工项目（个）"
        FUNDS = "funds_in_place", "到位资金（万元）"

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="地区")
    year = models.PositiveSmallIntegerField("年度")
    metric = models.CharField("指标", max_length=30, choices=Metric.choices)
    value = models.DecimalField("目标值", max_digits=16, decimal_places=2, validators=[NON_NEGATIVE])

    scope = PIPELINE_SCOPE

    class Meta:
        verbose_name = "年度招商目标"
        verbose_name_plural = "年度招商目标"
        ordering = ["region__code", "-year", "metric"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "metric"], name="target_unique")]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年 {self.get_metric_display()}"
