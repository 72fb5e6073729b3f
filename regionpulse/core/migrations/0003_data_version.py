"""The data version's one-row table (``core/data_version.py``); its triggers follow every migrate."""

from django.db import migrations


def create(apps, schema_editor):
    column = "bigint" if schema_editor.connection.vendor == "postgresql" else "integer"
    schema_editor.execute(f"CREATE TABLE core_data_version (token {column} NOT NULL)")
    schema_editor.execute("INSERT INTO core_data_version (token) VALUES (1)")


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE core_data_version")
        schema_editor.execute("DROP FUNCTION IF EXISTS core_data_version_change() CASCADE")
        schema_editor.execute("DROP FUNCTION IF EXISTS core_data_version_first_write() CASCADE")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'data_version_%'")
        triggers = [row[0] for row in cursor.fetchall()]
    for name in triggers:
        schema_editor.execute(f'DROP TRIGGER "{name}"')
    schema_editor.execute("DROP TABLE core_data_version")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_and_accounts")]

    operations = [migrations.RunPython(create, drop)]
