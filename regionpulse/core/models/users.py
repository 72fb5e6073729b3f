from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    LEADER = "leader", "区领导"
    DEPARTMENT = "department", "部门人员"
    TASK_FORCE = "task_force", "专班成员"
    ENTERPRISE = "enterprise", "企业用户"
    ADMIN = "admin", "系统管理员"
    # 三员分立: the security officer manages accounts' locks; the auditor reads the audit trail.
    # Neither sees or changes the ledgers.
    SECURITY = "security", "安全管理员"
    AUDITOR = "auditor", "安全审计员"


# The organisation a role's records hang from; the user must name one of these.
ROLE_ORGANISATION = {
    Role.DEPARTMENT: "department",
    Role.TASK_FORCE: "task_force",
    Role.ENTERPRISE: "enterprise",
    Role.LEADER: "leader",
}


class User(AbstractUser):
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.DEPARTMENT)
    region = models.ForeignKey("core.Region", null=True, blank=True, on_delete=models.PROTECT, verbose_name="所属地区")
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.PROTECT, verbose_name="部门"
    )
    task_force = models.ForeignKey(
        "core.TaskForce", null=True, blank=True, on_delete=models.PROTECT, verbose_name="专班"
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", null=True, blank=True, on_delete=models.PROTECT, verbose_name="企业"
    )
    leader = models.ForeignKey(
        "core.Leader", null=True, blank=True, on_delete=models.PROTECT, verbose_name="对应县级领导"
    )
    can_review = models.BooleanField("可审核", default=False, help_text="部门负责人：可审核本部门收到的报送数据")
    must_change_password = models.BooleanField(
        "须修改密码", default=False, help_text="管理员设置的初始密码或重置的密码，用户登录后须先修改"
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def reads_audit(self) -> bool:
        return self.role in (Role.AUDITOR, Role.SECURITY)

    @property
    def keeps_accounts(self) -> bool:
        """Who may lift a sign-in lock-out: the security officer (and a superuser)."""
        return self.is_superuser or self.role == Role.SECURITY

    def clean(self) -> None:
        super().clean()
        if self.is_platform_admin or self.role in (Role.SECURITY, Role.AUDITOR):
            return
        if self.region_id is None:
            raise ValidationError({"region": "除系统管理员外，每个用户都要指定所属地区"})
        field = ROLE_ORGANISATION.get(Role(self.role))
        if field and field != "leader" and getattr(self, f"{field}_id") is None:
            label = User._meta.get_field(field).verbose_name  # type: ignore[union-attr]
            raise ValidationError({field: f"角色“{self.get_role_display()}”需要指定{label}"})
