import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from regionpulse.core import audit
from regionpulse.core.actors import acting_as
from regionpulse.core.importing import ImportFailed
from regionpulse.core.registry import LEDGERS, ledger
from regionpulse.core.spreadsheets import read_rows

BAR_WIDTH = 30


def progress_bar(total: int, stream: TextIO) -> Callable[[int], None]:
    """A one-line bar on ``stream`` (stderr), redrawn each 1% of the rows, for long imports."""
    step = max(total // 100, 1)

    def show(done: int) -> None:
        if done % step and done != total:
            return
        filled = BAR_WIDTH * done // max(total, 1)
        stream.write(f"\r校验 [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}行")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


class Command(BaseCommand):
    help = "从 .xlsx 导入台账：全部行校验通过才写入，否则列出每处问题（第N行 X列）且不写入任何数据"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"台账类型：{'、'.join(sorted(LEDGERS))}")
        parser.add_argument("file", type=Path, help=".xlsx 文件")
        parser.add_argument("--quiet", action="store_true", help="不显示进度条")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            importer_class = ledger(options["kind"])
        except KeyError as error:
            raise CommandError(str(error.args[0])) from error
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        with acting_as(None, "cli"):
            try:
                with path.open("rb") as stream:
                    rows = list(read_rows(stream, settings.IMPORT_MAX_BYTES))
                bar = None if options["quiet"] else progress_bar(max(len(rows) - 1, 0), sys.stderr)
                result = importer_class(user=None).run(rows, progress=bar)
            except ImportFailed as failure:
                audit.import_refused(importer_class.title, failure.problems)
                raise CommandError(str(failure)) from failure
            audit.imported(importer_class.title, result)
        self.stdout.write(self.style.SUCCESS(f"导入完成：{result}"))
