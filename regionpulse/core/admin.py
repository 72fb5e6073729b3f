from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from regionpulse.core.models import ChangeRecord, Department, Enterprise, Leader, PeriodLock, Region, TaskForce, User


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


@admin.register(PeriodLock)
class PeriodLockAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "month", "is_locked", "reason", "changed_by", "changed_at"]
    list_filter = ["is_locked", "region"]
    readonly_fields = ["changed_by", "changed_at"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)


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
            {"fields": ["role", "region", "department", "task_force", "enterprise", "leader", "can_review"]},
        ),
    ]
