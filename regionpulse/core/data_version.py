"""A token that changes whenever a record the figures are computed from is written, so that a page
computed from those records can be kept until then, and not a moment longer.

Triggers in the database change it, not Django's signals: imports (``bulk_create``), the
generator's ``COPY``, ``QuerySet.update()``, the review workflow, the admin and an operator's psql
all write without ``save()``, and every one of them must reach the token.

- The token is a random number, not a counter: a transaction that is rolled back, or a backup that
  is restored, must never bring back a token that once stood for other data.
- SQLite writes one transaction at a time, so a row trigger may set the token directly.
- On PostgreSQL the token is set once per transaction, at commit: the transaction's first write
  queues a deferred constraint trigger, its later writes queue nothing.
  Setting it at the first write would hold the token's row locked for the rest of the transaction:
  a ten-second import would keep every other writer waiting, and two transactions that each hold
  a row the other wants would deadlock on it.
- A reader inside a transaction gets no token (``current`` returns None): its own uncommitted
  writes are invisible to the token on PostgreSQL and may yet be rolled back on SQLite.

The triggers are (re)installed after every ``migrate`` (``install``), because SQLite drops a
table's triggers when a migration rebuilds the table, and a new model needs them from the start.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

TABLE = "core_data_version"
TRIGGER_PREFIX = "data_version_"
FIGURE_APPS = ("core", "indicators", "projects", "promotion", "desk")
# Rows of these apps that no figure reads: accounts, the audit trail and change history (written on
# every sign-in and save) and the desk's notifications (marked read by whoever opens them).
NOT_FIGURE_SOURCES = frozenset({"core.user", "core.auditevent", "core.changerecord", "desk.notification"})

# At most one event is queued a transaction, by its first write (a savepoint rolled back takes the
# event and the mark with it): a queued event is kept in memory and fired at commit, and a large
# import would otherwise queue one for each of its rows.
_POSTGRESQL_FUNCTIONS = (
    """
CREATE OR REPLACE FUNCTION core_data_version_first_write() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF current_setting('regionpulse.data_version_queued', true) = 'yes' THEN
        RETURN false;
    END IF;
    PERFORM set_config('regionpulse.data_version_queued', 'yes', true);
    RETURN true;
END
$$""",
    """
CREATE OR REPLACE FUNCTION core_data_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE core_data_version SET token = floor(random() * 9007199254740991)::bigint;
    RETURN NULL;
END
$$""",
)


def _owner_label(model: type[Model]) -> str:
    # An automatic many-to-many table belongs with the model that declares the relation.
    owner = model._meta.auto_created if isinstance(model._meta.auto_created, type) else model
    return str(owner._meta.label_lower)


def source_tables() -> list[str]:
    """The tables figures are computed from: every table of the figure apps but those listed."""
    tables = set()
    for label in FIGURE_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy and _owner_label(model) not in NOT_FIGURE_SOURCES:
                tables.add(model._meta.db_table)
    return sorted(tables)


def current(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The token; None inside a transaction, whose writes it may not show yet (see above)."""
    connection = connections[using]
    if connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {TABLE}")  # noqa: S608 - a constant table name
        row = cursor.fetchone()
    return int(row[0]) if row else None


def change(using: str = DEFAULT_DB_ALIAS) -> None:
    """A new token, for writes no trigger sees (a restore replaces the database beneath them)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET token = %s", [_random_token()])  # noqa: S608


def _random_token() -> int:
    return secrets.randbits(53)


def _quote(connection: BaseDatabaseWrapper, name: str) -> str:
    return str(connection.ops.quote_name(name))


def _sqlite_triggers(connection: BaseDatabaseWrapper, table: str) -> Iterator[tuple[str, str]]:
    change = "BEGIN UPDATE core_data_version SET token = random(); END"
    for operation in ("insert", "update", "delete"):
        name = f"{TRIGGER_PREFIX}{table}_{operation}"
        on = f"AFTER {operation.upper()} ON {_quote(connection, table)}"
        yield name, f"CREATE TRIGGER {_quote(connection, name)} {on} {change}"


def _postgresql_triggers(connection: BaseDatabaseWrapper, table: str) -> Iterator[tuple[str, str]]:
    quoted = _quote(connection, table)
    name = f"{TRIGGER_PREFIX}{table}"
    yield (
        name,
        f"CREATE CONSTRAINT TRIGGER {_quote(connection, name)} AFTER INSERT OR UPDATE OR DELETE ON {quoted} "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (core_data_version_first_write()) "
        "EXECUTE FUNCTION core_data_version_change()",
    )
    # Django's flush empties tables with TRUNCATE, which row triggers do not see.
    name = f"{TRIGGER_PREFIX}{table}_truncate"
    yield (
        name,
        f"CREATE TRIGGER {_quote(connection, name)} AFTER TRUNCATE ON {quoted} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION core_data_version_change()",
    )


def _installed(connection: BaseDatabaseWrapper, cursor: Any) -> set[str]:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [f"{TRIGGER_PREFIX}%"])
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER_PREFIX}%"])
    return {row[0] for row in cursor.fetchall()}


def install(using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    """Create the triggers a source table lacks (a ``post_migrate`` receiver; quick when none do)."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    triggers = _postgresql_triggers if connection.vendor == "postgresql" else _sqlite_triggers
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if TABLE not in existing:
            return  # before the migration that creates it
        installed = _installed(connection, cursor)
        missing = [
            statement
            for table in source_tables()
            if table in existing
            for name, statement in triggers(connection, table)
            if name not in installed
        ]
        if missing and connection.vendor == "postgresql":
            for function in _POSTGRESQL_FUNCTIONS:
                cursor.execute(function)
        for statement in missing:
            cursor.execute(statement)


@contextmanager
def changed_once(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """For a bulk load inside a transaction: its writes change the token once, at the block's end,
    rather than once a row. SQLite runs a row trigger for each row written, a third of the time of
    the generator's small rows; the triggers are dropped and created again inside the transaction,
    so no other connection ever sees them missing. PostgreSQL's triggers already change it once."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("changed_once() must run inside a transaction")
    with connection.cursor() as cursor:
        for name in sorted(_installed(connection, cursor)):
            cursor.execute(f"DROP TRIGGER {_quote(connection, name)}")
    try:
        yield
    finally:
        install(using)
    change(using)
