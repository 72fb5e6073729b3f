import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, OperationalError

from regionpulse.core import backup
from regionpulse.core.actors import acting_as


class Command(BaseCommand):
    help = (
        "备份整个数据库到一个文件（SQLite：在线一致副本；PostgreSQL：pg_dump 自定义格式），"
        "应用运行时也可备份；FILE 是目录时按时间命名"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="要写入的备份文件，或存放备份的目录")
        parser.add_argument("--overwrite", action="store_true", help="文件已存在时覆盖它")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="数据库别名（默认 default）")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["verbosity"] > 0:
            sys.stderr.write("正在备份……\n")
        try:
            with acting_as(None, "cli"):
                path, manifest = backup.backup(
                    options["file"], using=options["database"], overwrite=options["overwrite"]
                )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        except OperationalError as error:
            raise CommandError(f"无法连接数据库：{error}") from error
        if options["verbosity"] == 0:  # quiet for cron: only a failure prints
            return
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {path}（{manifest.engine_label}，{len(manifest.tables)}张表，"
                f"{manifest.row_count}行，{size / 1024 / 1024:.1f} MB，用时{time.monotonic() - started:.1f}秒）"
            )
        )
