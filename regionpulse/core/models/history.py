"""Change history: every tracked record keeps who changed it, when, and its values before and after."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.base import ModelBase


class Tracked(models.Model):
    """Base for every record whose changes are kept; the signals in core.history write the rows."""

    # Values as loaded from the database, so that an update can record what it replaced.
    _loaded_values: dict[str, Any] | None = None
    untracked_fields: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, **kwargs: Any) -> Any:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance


class Via(models.TextChoices):
    WEB = "web", "页面"
    API = "api", "接口"
    CLI = "cli", "命令行"
    DEMO = "demo", "演示数据"
    SYSTEM = "system", "系统"


class ChangeRecord(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="对象类型")
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200)
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="操作人"
    )
    actor_label = models.CharField("操作人（记录时）", max_length=150, blank=True)
    via = models.CharField("途径", max_length=10, choices=Via.choices, blank=True)
    remote_addr = models.GenericIPAddressField("来源地址", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)

    class Meta:
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="change_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def changed_fields(self, named: Mapping[tuple[Any, str], str] | None = None) -> list[tuple[str, Any, Any]]:
        """(field label, before, after) for each stored field, as a reader sees them: choices by their
        labels and references by the record they name. ``named`` holds those names when a page has
        looked them up for all its records at once (``core.history.readable``)."""
        fields = self.fields_by_column()
        names = [name for name in dict.fromkeys([*(self.before or {}), *(self.after or {})]) if name != "id"]
        rows = []
        for name in names:
            field = fields.get(name)
            label = str(field.verbose_name) if field is not None else name
            before, after = (self.before or {}).get(name), (self.after or {}).get(name)
            rows.append((label, _readable(field, before, named), _readable(field, after, named)))
        return rows

    def fields_by_column(self) -> dict[str, Any]:
        model = self.content_type.model_class()
        return {field.attname: field for field in model._meta.concrete_fields} if model else {}


def _readable(field: Any, value: Any, named: Mapping[tuple[Any, str], str] | None) -> Any:
    if field is None or value is None or value == "":
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.related_model is not None:
        if named is not None:
            return named.get((field.related_model, str(value)), f"#{value}")
        # The record as it is named today; a deleted one keeps its number.
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    return value


def is_tracked(model: type[models.Model] | ModelBase) -> bool:
    return isinstance(model, type) and issubclass(model, Tracked)
