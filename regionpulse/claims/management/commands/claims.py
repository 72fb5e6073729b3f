import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regionpulse.claims.review import NOT_TEXT, Reading, decode, read
from regionpulse.core.lookups import find_region


class Command(BaseCommand):
    help = "读出简报或新闻稿中的每个数字并核对，如：regionpulse claims article.txt --region 150203 --json"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="文本文件（UTF-8或GB18030），- 表示标准输入")
        parser.add_argument("--region", help="“我区”“全区”所指的地区：行政区划代码或名称，如 150203")
        parser.add_argument("--json", action="store_true", help="输出 JSON（默认输出便于阅读的文字）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = find_region(options["region"]) if options["region"] else None
        except LookupError as error:
            raise CommandError(str(error)) from error
        reading = read(self._text(options["file"]), region)
        if reading.message and not reading.claims:
            raise CommandError(reading.message)
        if options["json"]:
            self.stdout.write(json.dumps(reading.as_json(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(_plain(reading))

    def _text(self, name: str) -> str:
        import sys

        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件“{name}”：{error.strerror}") from error
        text = decode(data)
        if text is None:
            raise CommandError(NOT_TEXT)
        return text


MARKS = {"agrees": "✓ 一致", "disagrees": "✗ 不一致", "unknown": "? 未核对"}


def _plain(reading: Reading) -> str:
    lines = []
    for number, claim in enumerate(reading.claims, start=1):
        where = " ".join(part for part in (claim.region, claim.period) if part)
        lines.append(
            f"{number}. [{MARKS[claim.status]}] {claim.indicator}（{where}）：{reading.text[claim.start : claim.end]}"
        )
        lines.extend(f"   - {check.reason}" for check in claim.checks)
    return "\n".join(lines)
