from django.contrib import admin

from regionpulse.promotion.models import Deal, Engagement, IndustryChain, Investor, Listing, StageMove, Target


class ListingInline(admin.TabularInline):
    model = Listing
    extra = 0


@admin.register(Investor)
class InvestorAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "headquarters", "industry", "region"]
    search_fields = ["name", "credit_code"]
    inlines = [ListingInline]


@admin.register(IndustryChain)
class IndustryChainAdmin(admin.ModelAdmin):
    list_display = ["name", "leader", "department", "region"]
    filter_horizontal = ["targets"]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["date", "investor", "mode", "chain", "region"]
    list_filter = ["mode", "chain"]
    search_fields = ["investor__name"]
    raw_id_fields = ["investor"]


class MoveInline(admin.TabularInline):
    model = StageMove
    extra = 0
    readonly_fields = ["source", "target", "on", "reason", "by", "at"]
    can_delete = False


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ["name", "investor", "chain", "amount", "stage", "signed_on", "region"]
    list_filter = ["stage", "chain"]
    search_fields = ["name", "investor__name"]
    raw_id_fields = ["investor", "project"]
    # Stages move through the pipeline board, where the rules apply.
    readonly_fields = ["stage", "negotiating_on", "signed_on", "landed_on", "started_on", "producing_on"]
    inlines = [MoveInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "metric", "value"]
    list_filter = ["year", "metric"]
