from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regionpulse.core import audit
from regionpulse.core.actors import acting_as
from regionpulse.core.registry import LEDGERS, ledger
from regionpulse.core.spreadsheets import write_workbook


class Command(BaseCommand):
    help = "把台账导出为 .xlsx（与导入模板同样的列，可修改后再导入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"台账类型：{'、'.join(sorted(LEDGERS))}")
        parser.add_argument("file", type=Path, help="要写入的 .xlsx 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            importer_class = ledger(options["kind"])
        except KeyError as error:
            raise CommandError(str(error.args[0])) from error
        rows = importer_class.export_rows(importer_class.export_queryset(None))
        with Path(options["file"]).open("wb") as stream:
            count = write_workbook(stream, importer_class.title, importer_class.columns, rows)
        with acting_as(None, "cli"):
            audit.exported(f"{importer_class.title}（{count}行，写入 {options['file']}）")
        self.stdout.write(self.style.SUCCESS(f"已导出{count}行到 {options['file']}"))
