"""Backup and restore of the whole database, on SQLite and on PostgreSQL.

A backup file is a tar archive of two members:

- ``regionpulse-backup.json``, the manifest: the format and its version, the engine the data came
  from, when and from which database, the row count of every table, the applied migrations and
  the SHA-256 of the second member;
- the database itself: ``database.sqlite3`` (a consistent copy made with SQLite's online backup
  API; the archive is gzip-compressed) or ``database.pgdump`` (``pg_dump --format=custom``,
  already compressed, taken in the same snapshot as the manifest's row counts).

A restore checks the manifest (a foreign file, a backup of the other engine, a damaged or
truncated file and a backup from a newer version are refused before anything is touched), replaces
the database in one transaction and then checks every table's row count against the manifest.
Both are recorded in the audit trail (a restore in the database it restored).
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import IO, Any

import django
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from regionpulse.core import audit, data_version
from regionpulse.core.models import AuditEvent

FORMAT = "regionpulse-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "regionpulse-backup.json"
MANIFEST_MAX_BYTES = 4 * 1024 * 1024
PAYLOAD_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
COPY_CHUNK = 1024 * 1024
# libpq's environment variables for the OPTIONS a Django PostgreSQL setting may carry.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in the user's language."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    database: str
    server_version: str
    dump_tool: str
    tables: dict[str, int]
    migrations: list[str]
    payload: str
    payload_sha256: str
    payload_bytes: int
    regionpulse_version: str
    django_version: str
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def engine_label(self) -> str:
        return ENGINE_LABELS.get(self.engine, self.engine)

    @property
    def row_count(self) -> int:
        return sum(self.tables.values())

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    seconds: float
    # Migrations of this version of the program that the restored database has not applied yet.
    pending_migrations: list[str] = field(default_factory=list)
    dropped_tables: list[str] = field(default_factory=list)


# --- what both engines share -------------------------------------------------------------------


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor in PAYLOAD_NAMES:
        return connection.vendor
    raise BackupError(f"不支持备份这种数据库：{connection.vendor}（支持 SQLite 和 PostgreSQL）")


def default_file_name(engine: str, now: datetime.datetime | None = None) -> str:
    moment = (now or datetime.datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = ".tar.gz" if engine == "sqlite" else ".tar"
    return f"regionpulse-{moment}-{engine}{suffix}"


def table_names(cursor: Any, engine: str, connection: BaseDatabaseWrapper | None = None) -> list[str]:
    """The database's own tables: SQLite's without its internal ones, PostgreSQL's in the search path."""
    if engine == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        return sorted(row[0] for row in cursor.fetchall())
    assert connection is not None
    return sorted(connection.introspection.table_names(cursor, include_views=False))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - a quoted table name
        counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations(cursor: Any, tables: list[str]) -> list[str]:
    if "django_migrations" not in tables:
        return []
    cursor.execute("SELECT app, name FROM django_migrations")
    return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


def known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def _regionpulse_version() -> str:
    try:
        return importlib.metadata.version("regionpulse")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(COPY_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _live_sqlite_file(connection: BaseDatabaseWrapper) -> Path | None:
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db():  # type: ignore[attr-defined]
        return None
    return Path(name).resolve()


def _target(path: Path, engine: str, connection: BaseDatabaseWrapper, overwrite: bool) -> Path:
    if path.is_dir():
        path = path / default_file_name(engine)
    if not path.parent.is_dir():
        raise BackupError(f"目录不存在：{path.parent}")
    if path.exists() and not overwrite:
        raise BackupError(f"文件 {path} 已存在：请换一个文件名，或加 --overwrite 覆盖它")
    live = _live_sqlite_file(connection) if engine == "sqlite" else None
    if live is not None and path.resolve() in {live, Path(f"{live}-wal"), Path(f"{live}-shm")}:
        raise BackupError(f"{path} 是正在使用的数据库文件本身，不能把备份写在这里")
    return path


def _audit_data(path: Path, manifest: Manifest) -> dict[str, Any]:
    return {
        "file": str(path),
        "engine": manifest.engine,
        "database": manifest.database,
        "created_at": manifest.created_at,
        "tables": len(manifest.tables),
        "rows": manifest.row_count,
        "sha256": manifest.payload_sha256,
    }


def _write_archive(target: Path, workdir: Path, manifest: Manifest, payload: Path) -> None:
    """Write the archive beside the target and move it into place: a failed backup leaves no file."""
    partial = workdir / "archive.partial"
    mode = "w:gz" if manifest.engine == "sqlite" else "w"
    options: dict[str, Any] = {"compresslevel": 6} if manifest.engine == "sqlite" else {}
    with tarfile.open(partial, mode, format=tarfile.PAX_FORMAT, **options) as archive:  # type: ignore[call-overload]
        data = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
        archive.addfile(info, io.BytesIO(data))
        info = archive.gettarinfo(str(payload), arcname=manifest.payload)
        info.uid = info.gid = 0
        info.mode = 0o600
        info.uname = info.gname = ""
        with payload.open("rb") as stream:
            archive.addfile(info, stream)
    # The file holds every record, password hashes included: readable by its owner only.
    partial.chmod(0o600)
    os.replace(partial, target)


@contextmanager
def _workdir(near: Path | None = None) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=".regionpulse-backup-", dir=near) as name:
        yield Path(name)


def _manifest(
    engine: str,
    connection: BaseDatabaseWrapper,
    payload: Path,
    tables: dict[str, int],
    migrations: list[str],
    server_version: str,
    dump_tool: str,
) -> Manifest:
    return Manifest(
        engine=engine,
        created_at=timezone.localtime().isoformat(timespec="seconds"),
        database=str(connection.settings_dict["NAME"]),
        server_version=server_version,
        dump_tool=dump_tool,
        tables=tables,
        migrations=migrations,
        payload=PAYLOAD_NAMES[engine],
        payload_sha256=_sha256(payload),
        payload_bytes=payload.stat().st_size,
        regionpulse_version=_regionpulse_version(),
        django_version=django.get_version(),
    )


# --- backup --------------------------------------------------------------------------------------


def backup(path: Path, *, using: str = DEFAULT_DB_ALIAS, overwrite: bool = False) -> tuple[Path, Manifest]:
    """Write a consistent backup of the database ``using`` to ``path`` (or, when ``path`` is a
    directory, to a file named by the time inside it); returns the file and its manifest."""
    connection = connections[using]
    engine = engine_of(connection)
    if connection.in_atomic_block:
        raise RuntimeError("backup() must run outside a transaction: the copy would miss its uncommitted rows")
    target = _target(Path(path), engine, connection, overwrite)
    try:
        with _workdir(target.parent) as workdir:
            payload = workdir / PAYLOAD_NAMES[engine]
            if engine == "sqlite":
                manifest = _backup_sqlite(connection, payload)
            else:
                manifest = _backup_postgresql(connection, payload, using)
            _write_archive(target, workdir, manifest, payload)
    except OSError as error:
        raise BackupError(f"无法写入备份文件 {target}：{error.strerror or error}") from error
    except sqlite3.Error as error:
        raise BackupError(f"备份失败，没有生成备份文件：{error}") from error
    audit.record(
        AuditEvent.Kind.BACKUP,
        f"备份到 {target}（{manifest.engine_label}，{len(manifest.tables)}张表，{manifest.row_count}行）",
        _audit_data(target, manifest),
    )
    return target, manifest


def sqlite_copy(source: sqlite3.Connection, destination: Path) -> None:
    """Copy the database of ``source`` into a new single file: online, in one step, so the copy is
    one consistent state even while other processes write (WAL readers do not block writers)."""
    with sqlite3.connect(destination) as copy:
        source.backup(copy)
        # The copy is one self-contained file whatever the journal mode of the live database.
        copy.execute("PRAGMA journal_mode=DELETE")
    copy.close()


def _backup_sqlite(connection: BaseDatabaseWrapper, payload: Path) -> Manifest:
    connection.ensure_connection()
    sqlite_copy(connection.connection, payload)
    copy = sqlite3.connect(payload)
    try:
        cursor = copy.cursor()
        names = table_names(cursor, "sqlite")
        tables, migrations = row_counts(cursor, names), applied_migrations(cursor, names)
    finally:
        copy.close()
    return _manifest("sqlite", connection, payload, tables, migrations, sqlite3.sqlite_version, "sqlite3 backup API")


# --- PostgreSQL's client programs ----------------------------------------------------------------


def _pg_env(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    """The environment that points libpq's programs at the connection's database (no password on
    the command line, and no prompt: a scheduled backup fails rather than waits)."""
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in LIBPQ_OPTIONS.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            env[variable] = str(value)
    return env


def client_program(name: str) -> str:
    """The path of a PostgreSQL client program, found on PATH."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"找不到 {name}：PostgreSQL 的备份与恢复需要 PostgreSQL 客户端程序"
            "（Debian/Ubuntu：apt-get install postgresql-client，版本不低于数据库服务器）"
        )
    return found


def client_version(program: str, env: Mapping[str, str]) -> tuple[int, str]:
    """The major version of pg_dump/pg_restore, and its version line (Debian's wrapper picks the
    program's version by the server it is pointed at, so it is asked with the same environment)."""
    result = subprocess.run([program, "--version"], capture_output=True, text=True, env=env, check=False)  # noqa: S603
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", result.stdout)
    if result.returncode != 0 or match is None:
        raise BackupError(f"无法确定 {program} 的版本：{(result.stderr or result.stdout).strip()}")
    return int(match.group(1)), result.stdout.strip()


def check_dump_version(dump_major: int, server_major: int) -> None:
    if dump_major < server_major:
        raise BackupError(
            f"pg_dump 的版本（{dump_major}）低于数据库服务器的版本（{server_major}），无法备份："
            f"请安装 postgresql-client-{server_major}（或把它的 bin 目录放在 PATH 的最前面）"
        )


def check_restore_version(restore_major: int, manifest: Manifest) -> None:
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", manifest.dump_tool)
    dump_major = int(match.group(1)) if match else 0
    if restore_major < dump_major:
        raise BackupError(
            f"备份由 pg_dump {dump_major} 生成，本机的 pg_restore 是 {restore_major}，读不了这个备份："
            f"请安装 postgresql-client-{dump_major}（或把它的 bin 目录放在 PATH 的最前面）"
        )


def _tail(text: str, lines: int = 8) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _run_pg_dump(program: str, env: Mapping[str, str], snapshot: str, payload: Path, server_major: int) -> None:
    command = [program, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={payload}"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        if "version mismatch" in result.stderr:
            raise BackupError(
                f"pg_dump 与数据库服务器（{server_major}）的版本不匹配，无法备份："
                f"请安装 postgresql-client-{server_major}（或把它的 bin 目录放在 PATH 的最前面）"
            )
        raise BackupError(f"pg_dump 失败，没有生成备份：\n{_tail(result.stderr)}")


def _backup_postgresql(connection: BaseDatabaseWrapper, payload: Path, using: str) -> Manifest:
    env = _pg_env(connection.settings_dict)
    program = client_program("pg_dump")
    connection.ensure_connection()
    server_major = int(connection.pg_version) // 10000  # type: ignore[attr-defined]
    dump_major, dump_tool = client_version(program, env)
    check_dump_version(dump_major, server_major)
    # The manifest's counts and pg_dump read one snapshot: the one this transaction exports, kept
    # open until pg_dump is done. The application keeps writing meanwhile.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        names = table_names(cursor, "postgresql", connection)
        tables, migrations = row_counts(cursor, names), applied_migrations(cursor, names)
        _run_pg_dump(program, env, snapshot, payload, server_major)
    return _manifest("postgresql", connection, payload, tables, migrations, server_version, dump_tool)


# --- reading a backup file -----------------------------------------------------------------------


def _not_ours(path: Path) -> BackupError:
    return BackupError(f"备份文件 {path} 不是 RegionPulse 的备份（应是 regionpulse backup 生成的文件）")


def _damaged(path: Path, why: str) -> BackupError:
    return BackupError(f"备份文件 {path} 已损坏或不完整（{why}），没有恢复任何数据")


def _manifest_from(data: dict[str, Any], path: Path) -> Manifest:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _not_ours(path)
    version = data.get("format_version")
    if not isinstance(version, int):
        raise _damaged(path, "说明中缺少格式版本")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"备份文件 {path} 由更新版本的 RegionPulse 生成（格式版本 {version}，"
            f"本程序只认识到版本 {FORMAT_VERSION}）：请先升级程序再恢复"
        )
    names = {item.name for item in fields(Manifest)}
    if not names <= set(data):
        raise _damaged(path, "说明的内容不全")
    # Keys that a later version adds within the same format version are read past.
    manifest = Manifest(**{key: value for key, value in data.items() if key in names})
    if manifest.engine not in PAYLOAD_NAMES or manifest.payload != PAYLOAD_NAMES[manifest.engine]:
        raise _damaged(path, f"说明中的数据库类型不明：{manifest.engine}")
    if not isinstance(manifest.tables, dict) or not all(isinstance(v, int) for v in manifest.tables.values()):
        raise _damaged(path, "说明中的表清单有误")
    return manifest


@contextmanager
def _archive(path: Path) -> Iterator[tuple[tarfile.TarFile, Manifest]]:
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 - closed below, after the caller is done
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise _not_ours(path) from error
    try:
        # The manifest is the first member: read without going through the rest of the file.
        member = archive.next()
        if member is None or member.name != MANIFEST_NAME or not member.isfile() or member.size > MANIFEST_MAX_BYTES:
            raise _not_ours(path)
        stream = archive.extractfile(member)
        assert stream is not None
        try:
            data = json.loads(stream.read().decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise _not_ours(path) from error
        yield archive, _manifest_from(data, path)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise _damaged(path, "读取中断") from error
    finally:
        archive.close()


def read_manifest(path: Path) -> Manifest:
    """The manifest of a backup file; a file that is not a RegionPulse backup is refused."""
    with _archive(Path(path)) as (_, manifest):
        return manifest


def _extract_payload(archive: tarfile.TarFile, manifest: Manifest, path: Path, workdir: Path) -> Path:
    try:
        member = archive.next()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise _damaged(path, "读取中断") from error
    if member is None or member.name != manifest.payload or not member.isfile():
        raise _damaged(path, f"缺少 {manifest.payload}")
    source = archive.extractfile(member)
    assert source is not None
    payload = workdir / manifest.payload
    digest = hashlib.sha256()
    try:
        with payload.open("wb") as target:
            while chunk := source.read(COPY_CHUNK):
                digest.update(chunk)
                target.write(chunk)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise _damaged(path, "读取中断") from error
    if payload.stat().st_size != manifest.payload_bytes or digest.hexdigest() != manifest.payload_sha256:
        raise _damaged(path, "校验和不符")
    return payload


# --- restore -------------------------------------------------------------------------------------


def _check_restorable(manifest: Manifest, path: Path, engine: str) -> None:
    if manifest.engine != engine:
        raise BackupError(
            f"备份文件 {path} 来自 {manifest.engine_label} 数据库，当前数据库是 {ENGINE_LABELS[engine]}："
            "不能跨数据库类型恢复，没有恢复任何数据"
        )
    unknown = sorted(set(manifest.migrations) - known_migrations())
    if unknown:
        raise BackupError(
            f"备份文件 {path} 来自更新版本的 RegionPulse（{manifest.regionpulse_version}），"
            f"本程序不认识它的{len(unknown)}个迁移（{'、'.join(unknown[:3])}{'等' if len(unknown) > 3 else ''}）："
            "请先升级程序再恢复"
        )


def check_restorable(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """The manifest of a backup that ``restore`` would accept for the database ``using``; refuses a
    foreign file, a backup of the other engine and a backup from a newer version of the program."""
    path = Path(path)
    with _archive(path) as (_, manifest):
        _check_restorable(manifest, path, engine_of(connections[using]))
        return manifest


def restore(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Restored:
    """Replace the whole content of the database ``using`` with the backup in ``path``.

    Nothing is changed unless the file is a whole RegionPulse backup of this engine, from a version
    of the program that knows all its migrations; the replacement is one transaction; afterwards
    every table's row count is checked against the manifest."""
    path = Path(path)
    connection = connections[using]
    engine = engine_of(connection)
    started = time.monotonic()
    with _archive(path) as (archive, manifest):
        _check_restorable(manifest, path, engine)
        if connection.in_atomic_block:
            raise RuntimeError("restore() must run outside a transaction")
        with _workdir() as workdir:
            payload = _extract_payload(archive, manifest, path, workdir)
            if engine == "sqlite":
                dropped: list[str] = []
                _restore_sqlite(connection, payload, manifest, path)
            else:
                dropped = _restore_postgresql(connection, payload, manifest, path)
    ContentType.objects.clear_cache()
    with connection.cursor() as cursor:
        counts = row_counts(cursor, table_names(cursor, engine, connection))
    if data_version.TABLE in counts:
        # Pages cached from the data as it was before are not to be served from the restored data.
        data_version.change(using)
    differences = [
        f"{table}：备份 {manifest.tables.get(table, '无此表')}，现在 {counts.get(table, '无此表')}"
        for table in sorted(set(counts) | set(manifest.tables))
        if counts.get(table) != manifest.tables.get(table)
    ]
    pending = sorted(known_migrations() - set(manifest.migrations))
    # Recorded in the restored database, after the check: the one row a restore adds. A backup
    # older than the audit trail's table (or its present columns) records nothing until migrated.
    if AuditEvent._meta.db_table in counts and not any(name.startswith("core.") for name in pending):
        audit.record(
            AuditEvent.Kind.RESTORE,
            f"从 {path} 恢复（备份生成于 {manifest.created_at}，{len(manifest.tables)}张表，{manifest.row_count}行）"
            + ("；核对行数不符" if differences else ""),
            {**_audit_data(path, manifest), "dropped_tables": dropped, "differences": differences},
        )
    if differences:
        raise BackupError("已恢复，但核对行数不符（恢复期间是否有程序在写入？）：\n" + "\n".join(differences))
    return Restored(manifest, time.monotonic() - started, pending, dropped)


def _restore_sqlite(connection: BaseDatabaseWrapper, payload: Path, manifest: Manifest, path: Path) -> None:
    try:
        source = sqlite3.connect(f"{payload.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise _damaged(path, str(error)) from error
    try:
        try:
            cursor = source.cursor()
            check = cursor.execute("PRAGMA quick_check").fetchone()
            counts = row_counts(cursor, table_names(cursor, "sqlite"))
        except sqlite3.DatabaseError as error:
            raise _damaged(path, str(error)) from error
        if check is None or check[0] != "ok":
            raise _damaged(path, f"SQLite 检查未通过：{check[0] if check else ''}")
        if counts != manifest.tables:
            raise _damaged(path, "数据与说明中的行数不符")
        connection.ensure_connection()
        try:
            # One step, under the live database's write lock: readers see the old or the new
            # database, never a mixture; a WAL database stays in WAL mode.
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(f"恢复失败，数据库未改变：{error}") from error
    finally:
        source.close()


def _restore_postgresql(connection: BaseDatabaseWrapper, payload: Path, manifest: Manifest, path: Path) -> list[str]:
    env = _pg_env(connection.settings_dict)
    pg_restore, psql = client_program("pg_restore"), client_program("psql")
    check_restore_version(client_version(pg_restore, env)[0], manifest)
    listing = subprocess.run([pg_restore, "--list", str(payload)], capture_output=True, text=True, check=False)  # noqa: S603
    if listing.returncode != 0:
        raise _damaged(path, _tail(listing.stderr, 2))
    with connection.cursor() as cursor:
        extra = sorted(set(table_names(cursor, "postgresql", connection)) - set(manifest.tables))
    # Our own session must hold no lock on the tables that are about to be dropped.
    connection.close()
    # pg_restore writes the SQL, psql runs it in one transaction that is committed only once
    # pg_restore has written all of it: any failure leaves the database as it was. Tables that
    # the backup does not have (made by a later upgrade) go in the same transaction.
    preamble = ["BEGIN;", "SET client_min_messages = warning;"]
    preamble += [f"DROP TABLE IF EXISTS {_quote(table)} CASCADE;" for table in extra]
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        runner = subprocess.Popen(  # noqa: S603
            [psql, "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1", "--file=-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=env,
        )
        writer = subprocess.Popen(  # noqa: S603
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file=-", str(payload)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            env=env,
        )
        committed = _pipe_in_one_transaction(writer, runner, "\n".join(preamble) + "\n")
        if not committed:
            raise BackupError("恢复失败，数据库未改变：\n" + _tail(_text(psql_errors) + "\n" + _text(restore_errors)))
    connection.close()
    return extra


def _pipe_in_one_transaction(writer: subprocess.Popen[bytes], runner: subprocess.Popen[bytes], preamble: str) -> bool:
    stdin: IO[bytes] | None = runner.stdin
    source: IO[bytes] | None = writer.stdout
    assert stdin is not None and source is not None
    committed = False
    try:
        stdin.write(preamble.encode("utf-8"))
        shutil.copyfileobj(source, stdin, COPY_CHUNK)
        if writer.wait() == 0:
            stdin.write(b"COMMIT;\n")
            committed = True
    except BrokenPipeError:  # psql stopped at an error: its transaction is rolled back
        committed = False
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait()
        source.close()
        try:
            stdin.close()
        except BrokenPipeError:
            committed = False
        # Without the COMMIT, psql's session ends inside the transaction and the server rolls it back.
        committed = runner.wait() == 0 and committed
    return committed


def _text(stream: IO[bytes]) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", errors="replace")
