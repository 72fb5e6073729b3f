"""Optimistic version checks: two people editing one record never lose an update.

A versioned record carries a number that every save raises. An edit form (or API call) sends
back the number it was opened on; saving it is one conditional UPDATE on that number, so the
second of two concurrent saves finds the number moved on and is refused with what the first one
changed, read from the change history. Nothing is locked while someone has a form open.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from regionpulse.core.history import history_of, readable
from regionpulse.core.models import ChangeRecord

MAX_CHANGES_SHOWN = 5


class Versioned(models.Model):
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    # The version an edit was made on, set by the form or serializer that made it.
    edited_version: int | None = None
    # The version number is bookkeeping, not a change a reader needs to see in the history.
    untracked_fields: ClassVar[frozenset[str]] = frozenset({"version"})

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        expected, self.edited_version = self.edited_version, None
        if expected is None:
            self.version += 1
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            moved = type(self)._default_manager.filter(pk=self.pk, version=expected).update(version=expected + 1)
            if not moved:
                raise StaleEdit(self, expected)
            self.version = expected + 1
            super().save(*args, **kwargs)


class StaleEdit(ValidationError):
    """The record was saved by someone else after the edit began."""

    def __init__(self, record: Versioned, edited_version: int) -> None:
        current = type(record)._default_manager.filter(pk=record.pk).values_list("version", flat=True).first()
        self.current_version = current
        self.changes = changes_since(record, edited_version, current or edited_version)
        lines = [
            f"{change['by']}于{change['at']}把“{change['field']}”由“{change['before']}”改为“{change['after']}”"
            for change in self.changes
        ]
        detail = "；".join(lines) if lines else "（修改内容见这条记录的变更历史）"
        super().__init__(
            f"这条记录在您打开之后已被修改（您修改的是第{edited_version}版，现在是第{current}版）：{detail}。"
            "您的修改没有保存，请查看最新内容后重新修改。",
            code="stale",
        )


def changes_since(record: Versioned, edited_version: int, current_version: int) -> list[dict[str, Any]]:
    """The field changes made by the saves after ``edited_version``: each save that raised the
    version left one update in the change history."""
    count = max(current_version - edited_version, 0)
    if not count:
        return []
    updates = history_of(record).filter(action=ChangeRecord.Action.UPDATE).order_by("-at", "-id")[:count]
    changes = []
    for update in reversed(readable(updates)):
        for label, before, after in update.fields:  # type: ignore[attr-defined]
            changes.append(
                {
                    "by": update.actor_label,
                    "at": timezone.localtime(update.at).strftime("%H:%M"),
                    "field": label,
                    "before": "" if before is None else before,
                    "after": "" if after is None else after,
                }
            )
    return changes[-MAX_CHANGES_SHOWN:]


class VersionedForm(forms.ModelForm):
    """A model form that sends back the version it was opened on and refuses a stale save."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        edited = data.get("version")
        if self.instance.pk is not None and edited is not None:
            self.instance.edited_version = edited
            current = type(self.instance)._default_manager.filter(pk=self.instance.pk).values("version").first()
            if current is not None and current["version"] != edited:
                # Said now where possible; the save itself refuses the race this check cannot see.
                raise StaleEdit(self.instance, edited)
        return data
