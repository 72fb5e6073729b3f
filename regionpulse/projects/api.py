"""The ledger's API: projects, plans and progress, each through the caller's scope.

An enterprise sees and reports only its own projects; a 专班 member its 专班's; reports enter the
review queue as submitted, exactly as from the progress form.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.request import Request

from regionpulse.core.api import RecordCode
from regionpulse.core.locking import locked_from
from regionpulse.core.periods import Period, PeriodError
from regionpulse.core.scopes import restrict
from regionpulse.projects.figures import with_progress
from regionpulse.projects.filters import ProgressFilter, ProjectFilter, asked_period
from regionpulse.projects.models import AnnualPlan, ProgressReport, Project, is_future
from regionpulse.projects.review import can_report


class ProjectSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner: serializers.StringRelatedField = serializers.StringRelatedField(allow_null=True)
    leader: serializers.StringRelatedField = serializers.StringRelatedField(allow_null=True)
    task_force: serializers.StringRelatedField = serializers.StringRelatedField(allow_null=True)
    department: serializers.StringRelatedField = serializers.StringRelatedField(allow_null=True)
    listed_years = serializers.SerializerMethodField()
    annual_plan = serializers.DecimalField(source="plan_wan", max_digits=20, decimal_places=2, read_only=True)
    completed_ytd = serializers.DecimalField(source="done_wan", max_digits=20, decimal_places=2, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "region",
            "owner",
            "industry",
            "emerging_industry",
            "category",
            "nature",
            "total_investment",
            "location",
            "planned_start",
            "planned_finish",
            "stage",
            "leader",
            "task_force",
            "department",
            "listed_years",
            "annual_plan",
            "completed_ytd",
        ]

    def get_listed_years(self, project: Project) -> list[int]:
        return sorted(listing.year for listing in project.listings.all())


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Projects with the year's plan and approved investment to date (万元) as of ``period`` (default: latest)."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter

    def get_queryset(self) -> QuerySet[Project]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks without a request's data
            return Project.objects.none()
        queryset = Project.objects.select_related("region", "owner", "leader", "task_force", "department")
        queryset = restrict(queryset.prefetch_related("listings"), self.request.user).order_by("code")
        return with_progress(queryset, asked_period(self.request.query_params))


class AnnualPlanSerializer(serializers.ModelSerializer):
    project: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AnnualPlan
        fields = ["id", "project", "year", "planned_investment", "milestones"]


class AnnualPlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AnnualPlanSerializer
    filterset_fields = ["year"]

    def get_queryset(self) -> QuerySet[AnnualPlan]:
        return restrict(AnnualPlan.objects.select_related("project").order_by("id"), self.request.user)


class ProgressReportSerializer(serializers.ModelSerializer):
    project: serializers.SlugRelatedField = RecordCode(
        slug_field="code",
        queryset=Project.objects.all(),
        error_messages={"does_not_exist": "没有编号为“{value}”的项目，或该项目不在您的填报范围内"},
    )
    period = serializers.CharField(write_only=True, help_text="填报月份，如 2022-07")

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "project",
            "period",
            "year",
            "month",
            "investment",
            "progress",
            "stage",
            "status",
            "review_note",
        ]
        read_only_fields = ["year", "month", "status", "review_note"]
        extra_kwargs = {"investment": {"error_messages": {"min_value": "金额不能为负数"}}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only the caller's own projects can be named; another's code reads as unknown.
            field = self.fields["project"]
            field.queryset = restrict(Project.objects.all(), request.user)  # type: ignore[attr-defined]

    def validate_period(self, value: str) -> Period:
        try:
            period = Period.parse(value)
        except PeriodError as error:
            raise serializers.ValidationError(str(error)) from error
        if is_future(period):
            raise serializers.ValidationError(f"{period.year}年{period.month}月还没有到，不能填报")
        return period

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        project: Project = attrs["project"]
        period: Period = attrs.pop("period")
        locked = locked_from(project.region, period)
        if locked is not None:
            raise serializers.ValidationError({"period": f"{locked.label}已锁定，该月进展不能再填报"})
        if ProgressReport.objects.filter(project=project, year=period.year, month=period.month).exists():
            raise serializers.ValidationError({"period": f"{period.year}年{period.month}月已填报"})
        return {**attrs, "year": period.year, "month": period.month}


class CanReport(permissions.BasePermission):
    message = "您的角色不能填报项目进展"

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or can_report(request.user)


class ProgressReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Monthly progress; a POST reports a month (万元 completed that month) and submits it for review."""

    serializer_class = ProgressReportSerializer
    filterset_class = ProgressFilter
    permission_classes = [permissions.IsAuthenticated, CanReport]

    def get_queryset(self) -> QuerySet[ProgressReport]:
        queryset = ProgressReport.objects.select_related("project").order_by("-year", "-month", "id")
        return restrict(queryset, self.request.user)

    def perform_create(self, serializer: Any) -> None:
        try:
            serializer.save(status=ProgressReport.Status.SUBMITTED, reported_by=self.request.user)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"period": error.messages}) from error
