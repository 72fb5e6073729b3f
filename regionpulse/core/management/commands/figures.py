import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regionpulse.core.figures import registry
from regionpulse.core.lookups import find_region
from regionpulse.core.periods import Period, PeriodError


class Command(BaseCommand):
    help = "输出某地区某期间的全部数字（与简报所写一致），如：regionpulse figures 150203 2022-06 --json"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("region", help="行政区划代码或名称，如 150203 或 昆都仑区")
        parser.add_argument("period", help="期间，如 2022-06 或 2022年上半年")
        parser.add_argument("--json", action="store_true", help="输出 JSON（默认也是 JSON，此开关为兼容保留）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = find_region(options["region"])
            period = Period.parse(options["period"])
        except (LookupError, PeriodError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(registry.as_json(region, period), ensure_ascii=False, indent=1))
