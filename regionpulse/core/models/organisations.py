"""The people and bodies that records belong to: departments, task forces, leaders, enterprises."""

from django.db import models

from regionpulse.core.credit_code import normalise_credit_code, validate_credit_code
from regionpulse.core.models.history import Tracked
from regionpulse.core.scopes import REGION_WIDE, Scope


class Function(models.TextChoices):
    """What a department does; the same function has a department in every district."""

    DEVELOPMENT = "development", "发展和改革"
    STATISTICS = "statistics", "统计"
    FINANCE = "finance", "财政"
    INDUSTRY = "industry", "工业和信息化"
    PROMOTION = "promotion", "投资促进"
    BUSINESS_ENVIRONMENT = "business_environment", "营商环境与政务服务"
    HOUSING = "housing", "住房和城乡建设"
    NATURAL_RESOURCES = "natural_resources", "自然资源"
    HUMAN_RESOURCES = "human_resources", "人力资源和社会保障"
    COMMERCE = "commerce", "商务"
    OTHER = "other", "其他"


class Department(Tracked):
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="所属地区")
    name = models.CharField("名称", max_length=60)
    short_name = models.CharField("简称", max_length=20, blank=True)
    function = models.CharField("职能", max_length=30, choices=Function.choices, default=Function.OTHER)

    scope = Scope(region="region", department=REGION_WIDE, task_force=REGION_WIDE)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.short_name or self.name


class Leader(Tracked):
    """A county-level leader (县级领导), who answers for the projects he or she 包联."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="所属地区")
    name = models.CharField("姓名", max_length=30)
    title = models.CharField("职务", max_length=60, blank=True)

    scope = Scope(region="region", department=REGION_WIDE, task_force=REGION_WIDE)

    class Meta:
        verbose_name = "县级领导"
        verbose_name_plural = "县级领导"
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name


class TaskForce(Tracked):
    """A task force (专班) that pushes a group of projects, led by a leader and a department."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="所属地区")
    name = models.CharField("名称", max_length=60)
    leader = models.ForeignKey(Leader, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="牵头领导")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="牵头部门"
    )

    scope = Scope(region="region", department=REGION_WIDE, task_force="pk")

    class Meta:
        verbose_name = "专班"
        verbose_name_plural = "专班"
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="task_force_unique_name")]

    def __str__(self) -> str:
        return self.name


class Enterprise(Tracked):
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name="所在地区")
    name = models.CharField("企业名称", max_length=100)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    address = models.CharField("地址", max_length=200, blank=True)

    scope = Scope(region="region", department=REGION_WIDE, task_force=REGION_WIDE, enterprise="pk")

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.credit_code:
            self.credit_code = normalise_credit_code(self.credit_code)
