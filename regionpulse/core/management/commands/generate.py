from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regionpulse.generate.bulk import ProgressLine
from regionpulse.generate.province import SCALES, delete, describe, generate
from regionpulse.projects.generate import PROVINCE_CODE, LedgerExistsError


class Command(BaseCommand):
    help = (
        "生成一个合成的示例省（仅用于性能测试和压力测试，数据均为虚构），"
        "如：regionpulse generate --scale province（100个县级单位、约900万行）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="district",
            help="规模：district（1个县级单位）、city（10个）、province（100个）",
        )
        parser.add_argument("--districts", type=int, help="县级单位个数（覆盖 --scale 的默认值）")
        parser.add_argument("--province", default=PROVINCE_CODE, help=f"省级代码（默认 {PROVINCE_CODE}）")
        parser.add_argument("--seed", default="regionpulse-synthetic", help="随机种子：同一种子生成相同的数据")
        parser.add_argument("--replace", action="store_true", help="先删除已生成的同一省份")
        parser.add_argument("--delete", action="store_true", help="只删除已生成的省份，不再生成")

    def handle(self, *args: Any, **options: Any) -> None:
        province = options["province"]
        if options["delete"] or options["replace"]:
            removed = delete(province)
            self.stderr.write(f"已删除合成省份{province}：{removed:,}行")
            if options["delete"]:
                return
        scale = SCALES[options["scale"]]
        if options["districts"] is not None:
            if options["districts"] < 1:
                raise CommandError("--districts 至少为1")
            scale = scale.with_districts(options["districts"])
        try:
            generated = generate(scale, ProgressLine("生成合成数据"), seed=options["seed"], province=province)
        except (LedgerExistsError, ValueError) as error:
            raise CommandError(f"{error}（或使用 --replace）") from error
        for name, value in describe(generated):
            self.stdout.write(f"{name:<20}{value:>14,}" if isinstance(value, int) else f"{name:<20}{value!s:>14}")
