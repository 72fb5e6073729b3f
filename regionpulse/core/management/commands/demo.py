from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from regionpulse.demo.load import load_all
from regionpulse.demo.users import PASSWORD


class Command(BaseCommand):
    help = "迁移数据库并载入演示数据（包头市及各旗县区，昆都仑区2022年上半年公开数据），打印演示账号"

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("数据库已迁移，正在载入演示数据……")
        logins = load_all()
        self.stdout.write(self.style.SUCCESS(f"演示数据已载入。演示账号（密码均为 {PASSWORD}）："))
        for login in logins:
            self.stdout.write(f"  {login.username:<10} {login.role.label:<6} {login.note}")
