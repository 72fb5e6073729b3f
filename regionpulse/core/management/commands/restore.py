import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

from regionpulse.core import backup
from regionpulse.core.actors import acting_as


class Command(BaseCommand):
    help = (
        "用 regionpulse backup 生成的备份替换整个数据库（在一个事务中完成，失败则数据库不变；"
        "恢复后逐表核对行数）。恢复前请停止应用"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="备份文件")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="不询问确认（用于脚本）"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="数据库别名（默认 default）")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        database = connections[options["database"]].settings_dict["NAME"]
        try:
            manifest = backup.check_restorable(path, using=options["database"])
            if options["interactive"]:
                self.stdout.write(
                    f"备份文件：{path}\n"
                    f"  来自 {manifest.engine_label} 数据库 {manifest.database}，生成于 {manifest.created_at}，"
                    f"{len(manifest.tables)}张表，{manifest.row_count}行\n"
                    f"将用它替换数据库 {database} 的全部内容，现有数据会丢失。"
                )
                if input("输入 yes 继续：").strip().lower() != "yes":
                    raise CommandError("已取消，数据库未改变")
            if options["verbosity"] > 0:
                sys.stderr.write("正在恢复……\n")
            with acting_as(None, "cli"):
                restored = backup.restore(path, using=options["database"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        except OperationalError as error:
            raise CommandError(f"无法连接数据库：{error}") from error
        manifest = restored.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"已恢复：{len(manifest.tables)}张表，{manifest.row_count}行，逐表核对行数一致"
                f"（备份生成于 {manifest.created_at}，用时{restored.seconds:.1f}秒）"
            )
        )
        if restored.dropped_tables:
            self.stdout.write(f"已删除备份中没有的表：{'、'.join(restored.dropped_tables)}")
        if restored.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"备份早于当前程序版本（有{len(restored.pending_migrations)}个迁移未应用）："
                    "请运行 regionpulse migrate"
                )
            )
