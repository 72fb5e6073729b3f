"""One FilterSet for the observations list page, the API and the export."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from regionpulse.core.forms import PeriodField
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.indicators.models import Indicator, Observation


class PeriodFilter(django_filters.Filter):
    field_class = PeriodField


class ObservationFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label="地区", queryset=Region.objects.all(), to_field_name="code", field_name="region"
    )
    indicator = django_filters.ModelChoiceFilter(
        label="指标", queryset=Indicator.objects.all(), to_field_name="code", field_name="indicator"
    )
    period = PeriodFilter(label="期间", method="filter_period", help_text="如 2022-06 或 2022年上半年")
    year = django_filters.NumberFilter(label="年")
    status = django_filters.ChoiceFilter(label="状态", choices=Observation.Status.choices)

    class Meta:
        model = Observation
        fields = ["region", "indicator", "period", "year", "status"]

    def filter_period(self, queryset: QuerySet[Observation], name: str, value: Any) -> QuerySet[Observation]:
        period: Period = value
        return queryset.filter(year=period.year, month=period.month)
