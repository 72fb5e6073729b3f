import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from regionpulse.core import audit
from regionpulse.core.actors import acting_as
from regionpulse.core.models import AuditEvent

# 等保2.0 三级: audit records are kept for at least six months; no option can shorten that.
MINIMUM_DAYS = 183


class Command(BaseCommand):
    help = (
        "清理早于保留期的审计事件（登录、导出、导入等）。保留期不少于183天（6个月），"
        "默认取 AUDIT_RETENTION_DAYS；数据的变更记录随数据长期保存，不在清理之列"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--keep-days", type=int, default=None, help="保留最近多少天（不少于183）")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args: Any, **options: Any) -> None:
        keep = options["keep_days"] if options["keep_days"] is not None else settings.AUDIT_RETENTION_DAYS
        if keep < MINIMUM_DAYS:
            raise CommandError(f"审计记录至少保留{MINIMUM_DAYS}天（6个月），不能设为{keep}天")
        cutoff = timezone.now() - datetime.timedelta(days=keep)
        old = AuditEvent.objects.filter(at__lt=cutoff)
        if options["dry_run"]:
            self.stdout.write(f"早于 {cutoff:%Y-%m-%d} 的审计事件有{old.count()}条（未删除）")
            return
        with transaction.atomic(), acting_as(None, "cli"):
            deleted, _ = old.delete()
            audit.record(AuditEvent.Kind.PRUNED, f"清理早于{cutoff:%Y-%m-%d}的审计事件{deleted}条", {"keep_days": keep})
        self.stdout.write(self.style.SUCCESS(f"已清理早于 {cutoff:%Y-%m-%d} 的审计事件{deleted}条"))
