from django.contrib import admin

from regionpulse.desk.models import ApprovalCase, Event, KeyEnterprise, Notification, Request


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    readonly_fields = ["source", "target", "note", "by", "on", "at"]


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "category", "enterprise", "department", "state", "raised_on", "resolve_by"]
    list_filter = ["state", "category", "source", "department"]
    search_fields = ["number", "title", "enterprise__name"]
    raw_id_fields = ["enterprise", "project"]
    # States move through the desk, where the rules and the deadlines apply.
    readonly_fields = ["state", "accept_by", "reply_by", "resolve_by", "working_days", "escalated_on", "escalated_to"]
    inlines = [EventInline]


@admin.register(KeyEnterprise)
class KeyEnterpriseAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "officer", "since", "region"]
    raw_id_fields = ["enterprise"]


@admin.register(ApprovalCase)
class ApprovalCaseAdmin(admin.ModelAdmin):
    list_display = [
        "item",
        "applicant",
        "statutory_days",
        "promised_days",
        "received_on",
        "finished_on",
        "working_days",
    ]
    list_filter = ["item"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "text", "created_at", "read_at"]
