from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from regionpulse.core.locking import lock, unlock
from regionpulse.core.models import (
    AuditEvent,
    ChangeRecord,
    Department,
    Enterprise,
    Leader,
    PeriodLock,
    Region,
    TaskForce,
    User,
)
from regionpulse.core.periods import Period


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "function", "region"]
    list_filter = ["function", "region"]
    search_fields = ["name"]


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "region"]
    search_fields = ["name"]


@admin.register(TaskForce)
class TaskForceAdmin(admin.ModelAdmin):
    list_display = ["name", "leader", "department", "region"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "region"]
    search_fields = ["name", "credit_code"]


class PeriodLockForm(forms.ModelForm):
    class Meta:
        model = PeriodLock
        fields = ["region", "year", "month", "is_locked", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None and not data.get("is_locked"):
            raise forms.ValidationError("新建的期间锁只能是“锁定”；解锁请修改已有的锁")
        if self.instance.pk is not None and not data.get("is_locked") and not (data.get("reason") or "").strip():
            raise forms.ValidationError({"reason": "解锁必须填写原因"})
        return data


@admin.register(PeriodLock)
class PeriodLockAdmin(admin.ModelAdmin):
    """Locks and unlocks go through core.locking, so each is recorded in the audit trail; a lock
    is never deleted (that would be an unlock without a reason)."""

    form = PeriodLockForm
    list_display = ["region", "year", "month", "is_locked", "reason", "changed_by", "changed_at"]
    list_filter = ["is_locked", "region"]
    readonly_fields = ["changed_by", "changed_at"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        fixed = ["region", "year", "month"] if obj is not None else []
        return [*fixed, *self.readonly_fields]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        period = Period(obj.year, obj.month)
        if obj.is_locked:
            saved = lock(obj.region, period, request.user, obj.reason)
        else:
            saved = unlock(obj.region, period, request.user, obj.reason)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only, like the change history: nobody edits or erases the trail here."""

    list_display = ["at", "kind", "actor_label", "via", "remote_addr", "detail"]
    list_filter = ["kind", "via"]
    search_fields = ["actor_label", "detail"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    """The history is read-only: nobody edits or erases it here."""

    list_display = ["at", "action", "object_repr", "actor_label", "via", "remote_addr"]
    list_filter = ["action", "via", "content_type"]
    search_fields = ["object_repr", "actor_label"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "role", "region", "department", "is_active"]
    list_filter = ["role", "region", "is_active"]
    fieldsets = [
        *(BaseUserAdmin.fieldsets or ()),
        (
            "角色与范围",
            {
                "fields": [
                    "role",
                    "region",
                    "department",
                    "task_force",
                    "enterprise",
                    "leader",
                    "can_review",
                    "must_change_password",
                ]
            },
        ),
    ]

    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        ("角色与范围", {"fields": ("role", "region", "department", "task_force", "enterprise", "leader")}),
    )

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not change:
            # The administrator chose this password: the user replaces it at the first sign-in.
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):  # type: ignore[no-untyped-def]
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and str(request.user.pk) != str(id):
            User.objects.filter(pk=id).update(must_change_password=True)
        return response
