from django.contrib import admin

from regionpulse.projects.models import AnnualPlan, Listing, Milestone, ProgressReport, Project


class ListingInline(admin.TabularInline):
    model = Listing
    extra = 0


class PlanInline(admin.TabularInline):
    model = AnnualPlan
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "owner", "total_investment", "stage", "task_force", "leader", "region"]
    list_filter = ["stage", "category", "nature", "industry", "task_force", "region"]
    search_fields = ["code", "name", "owner__name"]
    autocomplete_fields = ["owner"]
    inlines = [ListingInline, PlanInline, MilestoneInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["project", "year", "month", "investment", "stage", "status"]
    list_filter = ["status", "year", "month"]
    search_fields = ["project__code", "project__name"]
    raw_id_fields = ["project"]
