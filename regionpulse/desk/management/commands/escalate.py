from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from regionpulse.core.actors import acting_as
from regionpulse.desk.escalation import escalate


class Command(BaseCommand):
    help = "督办：把超过时限的企业诉求上报包联领导或部门负责人并发送消息（每天运行一次）"

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(None, "system"):
            count = escalate(timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"督办{count}件超时诉求"))
