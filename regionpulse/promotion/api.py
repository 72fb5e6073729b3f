"""The investment-promotion pipeline's API: enterprises, chains, contacts, deals and targets, each through
the caller's scope.

Everyone in scope reads; only the promotion bureau (and administrators) write. A deal changes stage
only through ``POST /api/deals/{id}/move/``, which applies the same rules as the pages
(``stages.move``): an edit of the deal itself cannot touch its stage or its stage dates.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from regionpulse.core.api import VERSION_HELP, StaleRecord, edited_version
from regionpulse.core.scopes import restrict
from regionpulse.core.versioning import StaleEdit
from regionpulse.promotion import stages
from regionpulse.promotion.filters import DealFilter, EngagementFilter, InvestorFilter, TargetFilter
from regionpulse.promotion.importers import is_keeper
from regionpulse.promotion.models import (
    STAGE_DATE_FIELDS,
    Deal,
    Engagement,
    IndustryChain,
    Investor,
    Listing,
    Stage,
    Target,
)

NOT_KEEPER = "招商数据由投资促进部门维护，您的角色只能查看"
UNKNOWN_INVESTOR = "没有编号为“{pk_value}”的招商对象企业，或该企业不在您的范围内"
UNKNOWN_CHAIN = "没有编号为“{pk_value}”的产业链，或该产业链不在您的范围内"
STAGE_RANGE = "阶段须为1（洽谈）至5（投产）之间的数字"
STAGE_DATES = list(STAGE_DATE_FIELDS.values())


class IsKeeper(permissions.BasePermission):
    message = NOT_KEEPER

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or is_keeper(request.user)


def _not_future(value: datetime.date | None, what: str) -> None:
    if value is not None and value > timezone.localdate():
        raise serializers.ValidationError(f"{what}{value:%Y-%m-%d}还没有到")


def _same_region(investor: Investor, chain: IndustryChain | None) -> None:
    if chain is not None and chain.region_id != investor.region_id:
        raise serializers.ValidationError({"chain": f"产业链“{chain}”不属于{investor.region}，不能用于该企业"})


class _Scoped(serializers.ModelSerializer):
    """Related records can be named only when they are in the caller's scope."""

    scoped_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        for name in self.scoped_fields:
            field = self.fields.get(name)
            queryset = getattr(field, "queryset", None)
            if field is not None and queryset is not None:
                field.queryset = restrict(queryset, request.user if request else None)  # type: ignore[attr-defined]


# --- Read-only reference: enterprises, chains, targets ---------------------------------------------


class ListingSerializer(serializers.ModelSerializer):
    label: serializers.CharField = serializers.CharField(  # type: ignore[assignment]
        source="get_tag_display", read_only=True
    )

    class Meta:
        model = Listing
        fields = ["tag", "label", "year"]


class InvestorSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    enterprise: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="credit_code", read_only=True, allow_null=True
    )
    tags = ListingSerializer(many=True, read_only=True)
    chains: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Investor
        fields = [
            "id",
            "name",
            "normalised_name",
            "credit_code",
            "region",
            "headquarters",
            "industry",
            "enterprise",
            "tags",
            "chains",
        ]


class InvestorViewSet(viewsets.ReadOnlyModelViewSet):
    """Enterprises the district courts (招商对象), with their lists and the chains that target them."""

    serializer_class = InvestorSerializer
    filterset_class = InvestorFilter

    def get_queryset(self) -> QuerySet[Investor]:
        queryset = Investor.objects.select_related("region", "enterprise").prefetch_related("tags", "chains")
        return restrict(queryset.order_by("name", "id"), self.request.user)


class ChainSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    leader: serializers.StringRelatedField = serializers.StringRelatedField(allow_null=True)
    department: serializers.StringRelatedField = serializers.StringRelatedField(allow_null=True)
    targets: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = IndustryChain
        fields = ["id", "name", "region", "policy", "leader", "department", "targets"]


class ChainViewSet(viewsets.ReadOnlyModelViewSet):
    """Industry chains (一业一策) with their lead and the ids of the enterprises they target."""

    serializer_class = ChainSerializer

    def get_queryset(self) -> QuerySet[IndustryChain]:
        queryset = IndustryChain.objects.select_related("region", "leader", "department").prefetch_related("targets")
        return restrict(queryset.order_by("region__code", "name", "id"), self.request.user)


class TargetSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    metric_label = serializers.CharField(source="get_metric_display", read_only=True)

    class Meta:
        model = Target
        fields = ["id", "region", "year", "metric", "metric_label", "value"]


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    """The year's promotion targets (全年招商计划); amounts in 万元."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilter

    def get_queryset(self) -> QuerySet[Target]:
        queryset = Target.objects.select_related("region").order_by("region__code", "-year", "metric", "id")
        return restrict(queryset, self.request.user)


# --- Engagements -----------------------------------------------------------------------------------


class EngagementSerializer(_Scoped):
    scoped_fields: tuple[str, ...] = ("investor", "chain")

    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    investor_name = serializers.CharField(source="investor.name", read_only=True)
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    chain_name = serializers.CharField(source="chain.name", read_only=True, allow_null=True)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "region",
            "investor",
            "investor_name",
            "date",
            "mode",
            "mode_label",
            "chain",
            "chain_name",
            "participants",
            "result",
            "next_step",
        ]
        extra_kwargs = {
            "investor": {"error_messages": {"does_not_exist": UNKNOWN_INVESTOR}},
            "chain": {"error_messages": {"does_not_exist": UNKNOWN_CHAIN}},
        }

    def validate_date(self, value: datetime.date) -> datetime.date:
        _not_future(value, "日期")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.pop("version", None)
        _same_region(attrs["investor"], attrs.get("chain"))
        return {**attrs, "region": attrs["investor"].region}


class EngagementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Contacts with enterprises (对接洽谈); the promotion bureau records a new one with a POST."""

    serializer_class = EngagementSerializer
    filterset_class = EngagementFilter
    permission_classes = [permissions.IsAuthenticated, IsKeeper]

    def get_queryset(self) -> QuerySet[Engagement]:
        queryset = Engagement.objects.select_related("region", "investor", "chain").order_by("-date", "-id")
        return restrict(queryset, self.request.user)


# --- Deals -----------------------------------------------------------------------------------------


class DealSerializer(_Scoped):
    """A deal as read and edited: its stage and the stage dates change only by a move."""

    scoped_fields: tuple[str, ...] = ("chain",)

    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    investor_name = serializers.CharField(source="investor.name", read_only=True)
    chain_name = serializers.CharField(source="chain.name", read_only=True, allow_null=True)
    # A number, not the model's choice field: its labels are in stage_label.
    stage = serializers.IntegerField(read_only=True, help_text="1 洽谈, 2 签约, 3 落地, 4 开工, 5 投产")
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    version = serializers.IntegerField(min_value=1, required=False, help_text=VERSION_HELP)
    project: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="列入重大项目的，项目编号"
    )

    class Meta:
        model = Deal
        fields = [
            "id",
            "name",
            "region",
            "investor",
            "investor_name",
            "chain",
            "chain_name",
            "amount",
            "funds_in_place",
            "stage",
            "stage_label",
            *STAGE_DATES,
            "project",
            "updated_at",
            "version",
        ]
        read_only_fields = ["investor", *STAGE_DATES, "updated_at"]
        extra_kwargs = {
            "chain": {"error_messages": {"does_not_exist": UNKNOWN_CHAIN}},
            "amount": {"error_messages": {"min_value": "金额不能为负数"}},
            "funds_in_place": {"error_messages": {"min_value": "金额不能为负数"}},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = edited_version(self, attrs)
        if self.instance is not None and "chain" in attrs:
            _same_region(self.instance.investor, attrs["chain"])
        return attrs


class DealCreateSerializer(DealSerializer):
    """A new deal, in talks (洽谈) since ``negotiating_on``."""

    scoped_fields: tuple[str, ...] = ("investor", "chain")

    class Meta(DealSerializer.Meta):
        read_only_fields = [*STAGE_DATES[1:], "updated_at"]
        extra_kwargs: dict[str, dict[str, Any]] = {
            **DealSerializer.Meta.extra_kwargs,
            "investor": {"error_messages": {"does_not_exist": UNKNOWN_INVESTOR}},
            "negotiating_on": {"required": True, "allow_null": False},
        }

    def validate_negotiating_on(self, value: datetime.date) -> datetime.date:
        _not_future(value, "洽谈日期")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _same_region(attrs["investor"], attrs.get("chain"))
        return {**attrs, "region": attrs["investor"].region, "stage": Stage.NEGOTIATING}


class MoveSerializer(serializers.Serializer):
    # A number checked by hand, not a choice field: the schema's StageEnum is the project ledger's.
    stage = serializers.IntegerField(
        min_value=Stage.NEGOTIATING,
        max_value=Stage.PRODUCING,
        help_text="目标阶段：1 洽谈, 2 签约, 3 落地, 4 开工, 5 投产",
        error_messages={"min_value": STAGE_RANGE, "max_value": STAGE_RANGE, "invalid": STAGE_RANGE},
    )
    date = serializers.DateField(
        required=False, allow_null=True, help_text="推进时必填：到达新阶段的日期；退回时可不填"
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200, help_text="退回时必填")
    version = serializers.IntegerField(min_value=1, required=False, help_text=VERSION_HELP)


class DealViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Deals from 洽谈 to 投产 with the date of each stage; amounts in 万元.

    POST creates a deal in talks; PUT/PATCH edit its name, chain and amounts; ``move`` changes its stage.
    """

    filterset_class = DealFilter
    permission_classes = [permissions.IsAuthenticated, IsKeeper]

    def get_queryset(self) -> QuerySet[Deal]:
        queryset = Deal.objects.select_related("region", "investor", "chain", "project")
        return restrict(queryset.order_by("-signed_on", "name", "id"), self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "create":
            return DealCreateSerializer
        if self.action == "move":
            return MoveSerializer
        return DealSerializer

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        try:
            serializer.save()
        except StaleEdit as error:
            raise StaleRecord(error) from error

    @extend_schema(request=MoveSerializer, responses=DealSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """Move the deal to another stage: forward with that stage's date, back with a reason."""
        deal = self.get_object()
        asked = MoveSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        try:
            stages.move(
                deal,
                int(asked.validated_data["stage"]),
                asked.validated_data.get("date"),
                request.user,
                asked.validated_data["reason"],
                asked.validated_data.get("version"),
            )
        except StaleEdit as error:
            raise StaleRecord(error) from error
        except DjangoValidationError as error:
            raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages}) from error
        return Response(DealSerializer(self.get_queryset().get(pk=deal.pk), context=self.get_serializer_context()).data)
