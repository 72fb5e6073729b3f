"""The audit trail's events other than record changes (those are ChangeRecords): sign-ins, failed
sign-ins and lock-outs, exports, imports, period locks and unlocks, backups and restores."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKED_OUT = "locked_out", "账号锁定"
        ACCOUNT_UNLOCKED = "account_unlocked", "账号解锁"
        LOGOUT = "logout", "退出"
        PASSWORD_CHANGED = "password_changed", "修改密码"
        SECOND_FACTOR = "second_factor", "双因素认证"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        IMPORT_REFUSED = "import_refused", "导入被拒"
        PERIOD_LOCKED = "period_locked", "期间锁定"
        PERIOD_UNLOCKED = "period_unlocked", "期间解锁"
        BACKUP = "backup", "备份"
        RESTORE = "restore", "恢复"
        PRUNED = "pruned", "清理审计记录"

    kind = models.CharField("事件", max_length=20, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="操作人"
    )
    # The name as entered or as it was at the time: a failed sign-in names no existing user.
    actor_label = models.CharField("操作人（记录时）", max_length=150, blank=True)
    via = models.CharField("途径", max_length=10, blank=True)
    remote_addr = models.GenericIPAddressField("来源地址", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    detail = models.CharField("内容", max_length=500, blank=True)
    data = models.JSONField("详情", null=True, blank=True)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_kind_display()}"
