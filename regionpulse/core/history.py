"""Writes the change history of tracked records, one row per create, update or delete.

Saves and deletes through the ORM are caught by signals; bulk writes (imports) call
``record_bulk`` themselves, inside the same transaction, so history never lags the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import DEFERRED, Model
from django.db.models.signals import post_delete, post_save

from regionpulse.core.actors import current_actor
from regionpulse.core.models.history import ChangeRecord, Tracked

INSERT_BATCH = 2000


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Normalised so that 592.4800 from the database and 592.48 typed in are the same value.
        return format(value.normalize(), "f")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def snapshot(instance: Model) -> dict[str, Any]:
    """The record's stored values, by column name, as JSON-safe values."""
    skip: frozenset[str] = getattr(instance, "untracked_fields", frozenset())
    return {
        field.attname: _json_value(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in skip
    }


def _loaded_snapshot(instance: Tracked) -> dict[str, Any] | None:
    if instance._loaded_values is None:
        return None
    return {key: _json_value(value) for key, value in instance._loaded_values.items() if value is not DEFERRED}


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = [key for key in after if key in before and before[key] != after[key]]
    return {key: before[key] for key in changed}, {key: after[key] for key in changed}


def _record(instance: Model, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> ChangeRecord:
    actor = current_actor()
    return ChangeRecord(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        action=action,
        actor=actor.user if actor.user is not None and actor.user.is_authenticated else None,
        actor_label=actor.label,
        via=actor.via,
        remote_addr=actor.remote_addr,
        before=before,
        after=after,
    )


def _change_for(instance: Tracked, created: bool) -> ChangeRecord | None:
    after = snapshot(instance)
    loaded = _loaded_snapshot(instance)
    instance._loaded_values = dict(after)
    if created or loaded is None:
        return _record(instance, ChangeRecord.Action.CREATE, None, after)
    before_changed, after_changed = _changes(loaded, after)
    if not after_changed:
        return None
    return _record(instance, ChangeRecord.Action.UPDATE, before_changed, after_changed)


def _on_save(sender: Any, instance: Model, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not isinstance(instance, Tracked):  # fixtures loaded as-is are not anybody's change
        return
    record = _change_for(instance, created)
    if record is not None:
        record.save()


def _on_delete(sender: Any, instance: Model, **kwargs: Any) -> None:
    if not isinstance(instance, Tracked):
        return
    _record(instance, ChangeRecord.Action.DELETE, snapshot(instance), None).save()


def record_bulk(created: Sequence[Tracked], updated: Iterable[Tracked]) -> int:
    """Record the history of records written with bulk_create / bulk_update; returns rows written."""
    records = []
    for obj in created:
        after = snapshot(obj)
        records.append(_record(obj, ChangeRecord.Action.CREATE, None, after))
        obj._loaded_values = dict(after)
    for obj in updated:
        change = _change_for(obj, created=False)
        if change is not None:
            records.append(change)
    _insert(records)
    return len(records)


def _insert(records: Sequence[ChangeRecord]) -> None:
    """``bulk_create`` of many change records, with one INSERT statement executed for each record
    rather than a statement composed for each batch (most of an import's time went into composing)."""
    if not records:
        return
    meta = ChangeRecord._meta
    connection = connections[router.db_for_write(ChangeRecord)]
    quote = connection.ops.quote_name
    fields = [field for field in meta.local_concrete_fields if not field.primary_key]
    columns = ", ".join(quote(str(field.column)) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        for start in range(0, len(records), INSERT_BATCH):
            cursor.executemany(
                sql,
                [
                    [field.get_db_prep_save(field.pre_save(record, True), connection) for field in fields]
                    for record in records[start : start + INSERT_BATCH]
                ],
            )


def history_of(instance: Model) -> Any:
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
    ).select_related("actor", "content_type")


def readable(records: Iterable[ChangeRecord]) -> list[ChangeRecord]:
    """The records with their changed fields (``record.fields``) as a reader sees them, the records
    they refer to named with one query per referred model, however many records and fields."""
    records = list(records)
    wanted: dict[Any, set[str]] = {}
    for record in records:
        fields = record.fields_by_column()
        for values in (record.before or {}, record.after or {}):
            for name, value in values.items():
                field = fields.get(name)
                if (
                    field is not None
                    and field.is_relation
                    and field.related_model is not None
                    and value not in (None, "")
                ):
                    wanted.setdefault(field.related_model, set()).add(str(value))
    named = {
        (model, str(pk)): str(item)
        for model, keys in wanted.items()
        for pk, item in model._default_manager.in_bulk(list(keys)).items()
    }
    for record in records:
        record.fields = record.changed_fields(named)  # type: ignore[attr-defined]
    return records


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="regionpulse.history.save")
    post_delete.connect(_on_delete, dispatch_uid="regionpulse.history.delete")
