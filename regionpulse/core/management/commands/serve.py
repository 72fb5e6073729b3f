from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "在 http://127.0.0.1:PORT 启动平台（单机使用；生产部署见 docs/operations.md）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="端口，默认 8000")
        parser.add_argument("--host", default="127.0.0.1", help="监听地址，默认 127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(f"RegionPulse 正在 http://{address}/ 提供服务（Ctrl+C 停止）")
        # --insecure: static files come from WhiteNoise or the finders, with DEBUG off.
        call_command("runserver", address, use_reloader=False, insecure_serving=True)
