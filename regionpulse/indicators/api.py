from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from regionpulse.core.scopes import restrict
from regionpulse.indicators.filters import ObservationFilter
from regionpulse.indicators.models import Indicator, Observation


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "short_name",
            "unit",
            "decimals",
            "growth_decimals",
            "kind",
            "publication",
            "growth_unit",
            "additive",
            "responsible",
        ]


class ObservationSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicator: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.SerializerMethodField()

    class Meta:
        model = Observation
        fields = ["id", "region", "indicator", "year", "month", "period", "value", "growth", "source", "status"]

    def get_period(self, obj: Observation) -> str:
        return obj.period.label


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue: reference data, readable by every signed-in user."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    pagination_class = None


class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilter

    def get_queryset(self) -> QuerySet[Observation]:
        queryset = Observation.objects.select_related("region", "indicator").order_by("id")
        return restrict(queryset, self.request.user)
