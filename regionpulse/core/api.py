from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regionpulse.core.figures import registry
from regionpulse.core.lookups import viewable_region_and_period
from regionpulse.core.models import Enterprise, Region
from regionpulse.core.scopes import restrict
from regionpulse.core.versioning import StaleEdit


class StaleRecord(APIException):
    """409: the record was saved by someone else since the caller read it; the body says what changed."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"

    def __init__(self, error: StaleEdit) -> None:
        super().__init__(detail=error.messages[0])
        body: Any = {"detail": error.messages[0], "current_version": error.current_version, "changes": error.changes}
        self.detail = body


VERSION_HELP = "读取时的版本号：修改时必须带上；若记录在此之后已被他人修改，返回409及其修改内容"


def edited_version(serializer: serializers.Serializer, attrs: dict[str, Any]) -> dict[str, Any]:
    """For a serializer with a ``version`` field: an update must name the version it was read at."""
    version = attrs.pop("version", None)
    if serializer.instance is not None:
        if version is None:
            raise serializers.ValidationError({"version": "修改须带上读取时的版本号 version"})
        serializer.instance.edited_version = version
    return attrs


class RecordCode(serializers.SlugRelatedField):
    """A record named by its code. A text holding a NUL character names none, and PostgreSQL cannot
    even be asked for it, so it is refused here as unknown."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class RegionSerializer(serializers.ModelSerializer):
    parent: serializers.SlugRelatedField = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


class EnterpriseSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code", "region", "address"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative divisions (GB/T 2260): public reference data, readable by every signed-in user."""

    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    lookup_field = "code"
    pagination_class = None


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EnterpriseSerializer

    def get_queryset(self) -> QuerySet[Enterprise]:
        return restrict(Enterprise.objects.select_related("region").order_by("id"), self.request.user)


class FiguresView(APIView):
    """Every figure of a region and period, rounded as published, in the bulletin's shape."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, region: str, period: str) -> Response:
        where, when = viewable_region_and_period(request.user, region, period)
        data: dict[str, Any] = registry.as_json(where, when)
        return Response(data)
