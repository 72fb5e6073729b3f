import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string

from regionpulse.bulletins.word import to_docx
from regionpulse.bulletins.writer import write
from regionpulse.core.lookups import find_region
from regionpulse.core.periods import Period, PeriodError


class Command(BaseCommand):
    help = "写出某地区某期间的简报，如：regionpulse bulletin 150203 2022-06 --format md -o 简报.md"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("region", help="行政区划代码或名称，如 150203 或 昆都仑区")
        parser.add_argument("period", help="期间，如 2022-06 或 2022年上半年")
        parser.add_argument(
            "--format", choices=["md", "html", "json", "docx"], default="md", help="md（默认）、html、json 或 docx"
        )
        parser.add_argument("-o", "--output", type=Path, help="写入文件（默认输出到屏幕）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = find_region(options["region"])
            period = Period.parse(options["period"])
        except (LookupError, PeriodError) as error:
            raise CommandError(str(error)) from error
        bulletin = write(region, period)
        if options["format"] == "docx":
            self._write_docx(bulletin, options["output"])
            return
        if options["format"] == "html":
            text: str = render_to_string("bulletins/standalone.html", {"bulletin": bulletin})
        elif options["format"] == "json":
            text = json.dumps(bulletin.as_json(), ensure_ascii=False, indent=1)
        else:
            text = bulletin.markdown()
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"已写入 {options['output']}"))
        else:
            self.stdout.write(text)

    def _write_docx(self, bulletin: Any, output: Path | None) -> None:
        if output is None:
            raise CommandError("Word 文件须用 -o 指定要写入的文件，如 -o 简报.docx")
        sections = [(section.title, section.text) for section in bulletin.sections if section.text]
        output.write_bytes(to_docx(bulletin.title, sections, bulletin.figures))
        self.stdout.write(self.style.SUCCESS(f"已写入 {output}"))
