from django.contrib import admin

from regionpulse.indicators.models import Indicator, Observation


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "unit", "decimals", "kind", "publication", "growth_unit", "responsible"]
    search_fields = ["name", "short_name", "aliases"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["region", "indicator", "year", "month", "value", "growth", "status", "source"]
    list_filter = ["status", "indicator", "region", "year"]
    list_select_related = ["region", "indicator"]
    readonly_fields = ["reviewed_by", "reviewed_at", "updated_at"]
