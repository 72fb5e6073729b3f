"""Bulletins through the API: the caller's region's bulletins, and a bulletin written on request."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regionpulse.bulletins.models import Bulletin
from regionpulse.bulletins.writer import write
from regionpulse.core.lookups import viewable_region_and_period
from regionpulse.core.scopes import restrict


class BulletinSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    issuer: serializers.StringRelatedField = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Bulletin
        fields = [
            "id",
            "region",
            "year",
            "month",
            "title",
            "body",
            "tags",
            "issuer",
            "status",
            "published_at",
            "figures",
        ]


class BulletinViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BulletinSerializer

    def get_queryset(self) -> QuerySet[Bulletin]:
        queryset = Bulletin.objects.select_related("region", "issuer").order_by("-year", "-month", "-id")
        return restrict(queryset, self.request.user)


class WrittenView(APIView):
    """The bulletin the platform writes for a region and period now: title, text by section, figures."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, region: str, period: str) -> Response:
        where, when = viewable_region_and_period(request.user, region, period)
        written = write(where, when)
        data: dict[str, Any] = {**written.as_json(), "markdown": written.markdown()}
        return Response(data)
