"""Backup and restore: a round trip brings back every table exactly, on whichever database the suite
runs against (SQLite, and PostgreSQL when DATABASE_URL points at one); a file that is not a whole
RegionPulse backup of this engine is refused and the database is left as it was."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import sqlite3
import tarfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from rest_framework.authtoken.models import Token

from regionpulse.conftest import World, observe
from regionpulse.core import backup, data_version
from regionpulse.core.models import AuditEvent, Enterprise, Region
from regionpulse.core.models.history import ChangeRecord
from regionpulse.demo.organisations import demo_credit_code
from regionpulse.indicators.catalogue import install
from regionpulse.indicators.models import Indicator, Observation

# The commands work outside the test's transaction (SQLite's backup API, pg_dump and pg_restore
# see committed rows only); serialized_rollback brings back the migrated indicator catalogue.
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ENGINE = connection.vendor
OTHER_ENGINE = "postgresql" if ENGINE == "sqlite" else "sqlite"
on_postgresql = pytest.mark.skipif(ENGINE != "postgresql", reason="PostgreSQL only: DATABASE_URL=postgres://…")


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


def every_table(leave_out: dict[str, set[Any]] | None = None) -> dict[str, tuple[int, str]]:
    """Each table the connection's introspection lists: its row count and a digest of its rows in
    primary-key order (every column, as the driver returns it), but for the rows ``leave_out``
    names by table and primary key."""
    leave_out = leave_out or {}
    result = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=False):
            columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
            key = connection.introspection.get_primary_key_column(cursor, table)
            order = qn(key) if key else ", ".join(qn(column) for column in columns)
            cursor.execute(f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(table)} ORDER BY {order}")  # noqa: S608
            position = columns.index(key) if key else None
            rows = [
                row for row in cursor.fetchall() if position is None or row[position] not in leave_out.get(table, set())
            ]
            digest = hashlib.sha256()
            for row in rows:
                digest.update(repr(tuple(row)).encode("utf-8"))
            result[table] = (len(rows), digest.hexdigest())
    return result


def restored_tables() -> dict[str, tuple[int, str]]:
    """Every table after a restore but the rows the restore itself writes: its audit event, and the
    data version, which it changes (pages cached before it must not be served after it)."""
    tables = every_table(leave_out=restore_events())
    del tables[data_version.TABLE]
    return tables


def restore_events() -> dict[str, set[Any]]:
    """The audit rows a restore adds to the database it restored, by table."""
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.RESTORE).values_list("pk", flat=True)
    return {AuditEvent._meta.db_table: set(events)}


def some_records(world: World) -> None:
    install(Indicator)  # the catalogue is migrated data, and a test that flushed the database took it
    observe("gdp", world.district, 2022, 6, "592.48", "5.1")
    observe("gdp", world.neighbour, 2022, 6, "480.20", "4.3")
    Token.objects.create(user=world.leader)


def take_backup(tmp_path: Path, name: str = "backup.tar") -> Path:
    path = tmp_path / name
    call_command("backup", str(path), verbosity=0, stdout=io.StringIO())
    return path


def restore(path: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(path), interactive=False, verbosity=0, stdout=out)
    return out.getvalue()


def refused(path: Path) -> str:
    with pytest.raises(CommandError) as error:
        restore(path)
    return str(error.value)


def rewrite(source: Path, target: Path, **changes: Any) -> Path:
    """A copy of a backup whose manifest says something else (the payload kept as it is)."""
    with tarfile.open(source, "r:*") as archive:
        manifest = json.loads(archive.extractfile(backup.MANIFEST_NAME).read())  # type: ignore[union-attr]
        payload_name = manifest["payload"]
        payload = archive.extractfile(payload_name).read()  # type: ignore[union-attr]
    manifest.update(changes)
    write_tar(target, {backup.MANIFEST_NAME: json.dumps(manifest).encode(), payload_name: payload})
    return target


def write_tar(target: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(target, "w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return target


def manifest_for(engine: str, **changes: Any) -> dict[str, Any]:
    manifest = backup.Manifest(
        engine=engine,
        created_at="2022-07-01T02:00:00+08:00",
        database="regionpulse",
        server_version="15.20",
        dump_tool="pg_dump (PostgreSQL) 15.20" if engine == "postgresql" else "sqlite3 backup API",
        tables={},
        migrations=[],
        payload=backup.PAYLOAD_NAMES[engine],
        payload_sha256="0" * 64,
        payload_bytes=0,
        regionpulse_version="0.1.0",
        django_version="5.2",
    )
    return {**dataclasses.asdict(manifest), **changes}


@transactional
def test_a_round_trip_brings_back_every_table(world: World, tmp_path: Path) -> None:
    some_records(world)
    before = every_table()
    assert len(before) >= 30 and before["core_changerecord"][0] > 0 and before["indicators_observation"][0] == 2

    path = take_backup(tmp_path)
    manifest = backup.read_manifest(path)
    assert manifest.engine == ENGINE
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.BACKUP).data["sha256"] == manifest.payload_sha256
    assert manifest.tables == {table: count for table, (count, _) in before.items()}

    # Changes of every kind after the backup: an update, deletes, inserts, a whole table emptied.
    world.district.name = "昆都仑区（改）"
    world.district.save()
    Observation.objects.filter(region=world.neighbour).delete()
    Enterprise.objects.create(region=world.district, name="包头新增企业有限公司", credit_code=demo_credit_code(3))
    Token.objects.all().delete()
    ChangeRecord.objects.all().delete()
    changed = every_table()
    assert {table for table in before if changed[table] != before[table]} >= {
        "core_region",
        "core_enterprise",
        "indicators_observation",
        "authtoken_token",
        "core_changerecord",
    }

    token = data_version.current()
    out = restore(path)
    assert data_version.current() not in (None, token)
    del before[data_version.TABLE]

    # The restore records itself in the audit trail of the restored database: the one row it adds.
    (event,) = AuditEvent.objects.filter(kind=AuditEvent.Kind.RESTORE)
    assert event.via == "cli" and str(path) in event.detail and event.data["rows"] == manifest.row_count
    assert restored_tables() == before
    assert f"{manifest.row_count}行" in out
    assert Region.objects.get(pk=world.district.pk).name == "昆都仑区"
    # Ids continue after the restored rows (PostgreSQL's sequences come back with the tables).
    added = Enterprise.objects.create(region=world.district, name="恢复后新增企业", credit_code=demo_credit_code(4))
    assert added.pk > max(Enterprise.objects.exclude(pk=added.pk).values_list("pk", flat=True))
    assert Observation.objects.get(region=world.neighbour).value == Decimal("480.20")


@transactional
def test_a_backup_file_says_what_it_holds(world: World, tmp_path: Path) -> None:
    path = take_backup(tmp_path)
    with tarfile.open(path, "r:*") as archive:
        assert archive.getnames() == [backup.MANIFEST_NAME, backup.PAYLOAD_NAMES[ENGINE]]
    manifest = backup.read_manifest(path)
    assert manifest.format == "regionpulse-backup" and manifest.format_version == backup.FORMAT_VERSION
    assert manifest.database == connection.settings_dict["NAME"]
    assert "core.0001_initial" in manifest.migrations
    assert path.stat().st_mode & 0o077 == 0  # password hashes inside: the owner's only


@transactional
def test_a_backup_never_overwrites_unasked_and_names_itself_in_a_directory(world: World, tmp_path: Path) -> None:
    path = take_backup(tmp_path)
    with pytest.raises(CommandError, match="已存在"):
        take_backup(tmp_path)
    call_command("backup", str(path), overwrite=True, verbosity=0, stdout=io.StringIO())
    folder = tmp_path / "daily"
    folder.mkdir()
    call_command("backup", str(folder), verbosity=0, stdout=io.StringIO())
    (named,) = folder.iterdir()
    assert named.name.startswith("regionpulse-") and ENGINE in named.name
    assert backup.read_manifest(named).engine == ENGINE
    assert not list(tmp_path.glob(".regionpulse-backup-*"))  # no work files left behind


FOREIGN_FILES = {
    "random bytes": bytes(range(256)) * 40,
    "a text file": "项目名称,总投资\n光伏项目,100\n".encode(),
    "an empty file": b"",
    "a gzip of text": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\x00" * 20,
}


@pytest.mark.django_db
@pytest.mark.parametrize("content", FOREIGN_FILES.values(), ids=FOREIGN_FILES.keys())
def test_a_foreign_file_is_refused_and_the_database_is_unchanged(world: World, tmp_path: Path, content: bytes) -> None:
    before = every_table()
    path = tmp_path / "foreign.bak"
    path.write_bytes(content)
    assert refused(path) == f"备份文件 {path} 不是 RegionPulse 的备份（应是 regionpulse backup 生成的文件）"
    assert every_table() == before


@pytest.mark.django_db
def test_other_archives_and_bare_databases_are_refused(world: World, tmp_path: Path) -> None:
    before = every_table()
    bare = tmp_path / "copy.sqlite3"
    with sqlite3.connect(bare) as database:
        database.execute("CREATE TABLE core_region (id integer primary key)")
    database.close()
    someone_elses = write_tar(tmp_path / "other.tar", {"manifest.json": b'{"format": "other"}', "data": b"x"})
    wrong_format = write_tar(tmp_path / "wrong.tar", {backup.MANIFEST_NAME: b'{"format": "other-backup"}'})
    not_json = write_tar(tmp_path / "notjson.tar", {backup.MANIFEST_NAME: b"\x00\x01"})
    for path in (bare, someone_elses, wrong_format, not_json):
        assert "不是 RegionPulse 的备份" in refused(path)
    assert "找不到备份文件" in refused(tmp_path / "missing.tar")
    assert every_table() == before


@pytest.mark.django_db
def test_a_backup_of_the_other_engine_is_refused_naming_both(world: World, tmp_path: Path) -> None:
    before = every_table()
    path = write_tar(
        tmp_path / "other-engine.tar", {backup.MANIFEST_NAME: json.dumps(manifest_for(OTHER_ENGINE)).encode()}
    )
    message = refused(path)
    assert f"来自 {backup.ENGINE_LABELS[OTHER_ENGINE]} 数据库，当前数据库是 {backup.ENGINE_LABELS[ENGINE]}" in message
    assert every_table() == before


@pytest.mark.django_db
def test_a_backup_from_a_newer_version_is_refused(world: World, tmp_path: Path) -> None:
    before = every_table()
    newer_format = manifest_for(ENGINE, format_version=backup.FORMAT_VERSION + 1)
    path = write_tar(tmp_path / "newer.tar", {backup.MANIFEST_NAME: json.dumps(newer_format).encode()})
    assert "由更新版本的 RegionPulse 生成" in refused(path)
    newer_schema = manifest_for(ENGINE, migrations=["core.0001_initial", "core.9999_from_the_future"])
    path = write_tar(tmp_path / "schema.tar", {backup.MANIFEST_NAME: json.dumps(newer_schema).encode()})
    assert "core.9999_from_the_future" in refused(path)
    assert every_table() == before


@pytest.mark.django_db
def test_restore_asks_first_and_a_no_changes_nothing(world: World, tmp_path: Path, monkeypatch: Any) -> None:
    before = every_table()
    path = write_tar(tmp_path / "ours.tar", {backup.MANIFEST_NAME: json.dumps(manifest_for(ENGINE)).encode()})
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="已取消，数据库未改变"):
        call_command("restore", str(path), stdout=out, verbosity=0)
    assert "现有数据会丢失" in out.getvalue()
    assert every_table() == before


@transactional
def test_a_damaged_or_cut_backup_is_refused_and_the_database_is_unchanged(world: World, tmp_path: Path) -> None:
    path = take_backup(tmp_path)
    some_records(world)
    before = every_table()
    content = path.read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(content[: len(content) * 2 // 3])
    flipped = tmp_path / "flipped.tar"
    middle = len(content) * 2 // 3
    flipped.write_bytes(content[:middle] + bytes([content[middle] ^ 0xFF]) + content[middle + 1 :])
    damaged = [cut, flipped]
    if ENGINE == "sqlite":  # the copy inside is checked against the manifest before it replaces anything
        damaged.append(rewrite(path, tmp_path / "lied.tar", tables={"core_region": 999}))
    for file in damaged:
        assert "已损坏或不完整" in refused(file)
    assert every_table() == before


@on_postgresql
@transactional
def test_a_restore_that_fails_half_way_leaves_postgresql_as_it_was(world: World, tmp_path: Path) -> None:
    path = take_backup(tmp_path)
    some_records(world)
    with connection.cursor() as cursor:
        # A view on a table stops pg_restore from dropping that table: the restore fails inside
        # its transaction, after other tables were already dropped and recreated.
        cursor.execute("CREATE VIEW zz_regions AS SELECT * FROM core_region")
    try:
        before = every_table()
        message = refused(path)
        assert message.startswith("恢复失败，数据库未改变")
        assert every_table() == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP VIEW zz_regions")
    restore(path)


@on_postgresql
@transactional
def test_postgresql_tables_the_backup_does_not_have_are_dropped(world: World, tmp_path: Path) -> None:
    before = every_table()  # the backup's own audit event comes after its snapshot
    path = take_backup(tmp_path)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE zz_later (id integer REFERENCES core_region (id))")
        cursor.execute("INSERT INTO zz_later SELECT id FROM core_region")
    out = restore(path)
    assert "zz_later" in out
    del before[data_version.TABLE]
    assert restored_tables() == before


def test_the_sqlite_copy_is_one_consistent_state_while_another_connection_writes(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (id integer primary key, v text)")
    writer.execute("INSERT INTO t (v) VALUES ('committed')")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t (v) VALUES ('not yet')")
    reader = sqlite3.connect(live, isolation_level=None)
    try:
        backup.sqlite_copy(reader, tmp_path / "copy.sqlite3")  # does not wait for the writer
        writer.execute("COMMIT")
        copy = sqlite3.connect(tmp_path / "copy.sqlite3")
        assert copy.execute("SELECT v FROM t").fetchall() == [("committed",)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        copy.close()
    finally:
        reader.close()
        writer.close()


def test_version_mismatches_of_postgresql_clients_are_explained() -> None:
    backup.check_dump_version(16, 15)
    with pytest.raises(backup.BackupError) as error:
        backup.check_dump_version(15, 16)
    assert str(error.value) == (
        "pg_dump 的版本（15）低于数据库服务器的版本（16），无法备份："
        "请安装 postgresql-client-16（或把它的 bin 目录放在 PATH 的最前面）"
    )
    made_by_16 = backup.Manifest(**manifest_for("postgresql", dump_tool="pg_dump (PostgreSQL) 16.4"))
    backup.check_restore_version(16, made_by_16)
    with pytest.raises(backup.BackupError, match="备份由 pg_dump 16 生成，本机的 pg_restore 是 15"):
        backup.check_restore_version(15, made_by_16)


def test_missing_postgresql_clients_are_named_with_their_package(monkeypatch: Any) -> None:
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(backup.BackupError, match=r"找不到 pg_dump.*apt-get install postgresql-client"):
        backup.client_program("pg_dump")
