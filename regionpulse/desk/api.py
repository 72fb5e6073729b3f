"""The service desk's API: requests with their story, approval cases, key enterprises and the caller's
messages, each through the caller's scope.

A request is raised with a POST through ``states.raise_request`` — its number, state and deadlines
are never typed — and moves only through ``POST /api/requests/{id}/step/``, which applies the rules
of ``states.take``: a refused step changes nothing and answers 400 (the state does not allow it) or
403 (the caller may not take it) with the reason.

Who raises what, as on the page: an enterprise raises for itself (any enterprise named is replaced by
its own) and may name only its own projects; a 专班 member logs a problem against one of its 专班's
projects, as raised at the 专班调度会; the business-environment bureau (the desk's keeper) raises for any
enterprise or project of its region. How complex a request is, its source and its department are the
bureau's call: from anyone else they are ignored (一般, 企业网上提交 or 专班调度会, no department yet).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request as HttpRequest
from rest_framework.response import Response
from rest_framework.settings import api_settings

from regionpulse.core.api import RecordCode
from regionpulse.core.models import Department, Enterprise, Role
from regionpulse.core.scopes import restrict
from regionpulse.desk import states
from regionpulse.desk.filters import ApprovalFilter, NotificationFilter, RequestFilter
from regionpulse.desk.importers import is_desk_keeper
from regionpulse.desk.models import ApprovalCase, Category, Event, KeyEnterprise, Notification, Request, Source
from regionpulse.desk.states import desk_projects, may_raise
from regionpulse.projects.models import Project

CANNOT_RAISE = "您的角色不能提出诉求：企业、营商环境部门和专班成员可以提出"
UNKNOWN_ENTERPRISE = "没有编号为“{pk_value}”的企业，或该企业不在您的范围内"
UNKNOWN_PROJECT = "没有编号为“{value}”的重大项目，或该项目不在您的范围内"
UNKNOWN_DEPARTMENT = "没有编号为“{pk_value}”的部门，或该部门不在您的范围内"
STEP_CHOICE = "办理步骤须为 accept、start、resolve、confirm、reopen 之一"


class MayRaise(permissions.BasePermission):
    message = CANNOT_RAISE

    def has_permission(self, request: HttpRequest, view: Any) -> bool:
        return getattr(view, "action", None) != "create" or may_raise(request.user)


def _bad_request(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.ChoiceField):
    """A choice checked as usual, in the schema a plain code with its labels in the help text: the
    schema's CategoryEnum is the project ledger's, and an enum of the same name would rename it."""

    def __init__(self, choices: Any, what: str, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "，".join(f"{value} {label}" for value, label in choices))
        kwargs.setdefault("error_messages", {"invalid_choice": f"“{{input}}”不是{what}之一"})
        super().__init__(choices, **kwargs)


# --- Requests --------------------------------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    # Plain codes, not choice fields: the schema's states are the request's StateEnum.
    source: serializers.CharField = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="原状态代码（同 state）；提交时为空"
    )
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    target = serializers.CharField(read_only=True, help_text="新状态代码（同 state）")
    target_label = serializers.CharField(source="get_target_display", read_only=True)
    by = serializers.CharField(source="by.username", read_only=True, allow_null=True, help_text="操作人的用户名")

    class Meta:
        model = Event
        fields = ["source", "source_label", "target", "target_label", "note", "on", "by"]


# A request's dates, deadlines and result: the desk's to set as it works the request, read-only to whoever
# raises it.
WORKED_FIELDS = [
    "raised_on",
    "accept_by",
    "reply_by",
    "resolve_by",
    "accepted_on",
    "resolved_on",
    "confirmed_on",
    "working_days",
    "resolution",
    "rating",
    "escalated_on",
]


class ServiceRequestSerializer(serializers.ModelSerializer):
    """A request as read, and as raised with a POST: only what is asked of whoever raises it is writable."""

    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category = CodeField(Category.choices, "诉求类别")
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    complexity_label = serializers.CharField(source="get_complexity_display", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    enterprise: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": UNKNOWN_ENTERPRISE},
        help_text="企业编号；企业用户提出时总是本企业，专班提出时为项目业主",
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, allow_null=True)
    project: serializers.SlugRelatedField = RecordCode(
        slug_field="code",
        queryset=Project.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": UNKNOWN_PROJECT},
        help_text="重大项目编号；专班提出时必填",
    )
    project_name = serializers.CharField(source="project.name", read_only=True, allow_null=True)
    department: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": UNKNOWN_DEPARTMENT},
        help_text="承办部门编号；只有营商环境部门提出时可以指定，其余由营商环境部门分办",
    )
    department_name = serializers.CharField(source="department.name", read_only=True, allow_null=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    events = EventSerializer(many=True, read_only=True)
    steps = serializers.SerializerMethodField(help_text="调用者现在可以办理的步骤")

    class Meta:
        model = Request
        fields = [
            "id",
            "number",
            "region",
            "title",
            "description",
            "category",
            "category_label",
            "complexity",
            "complexity_label",
            "source",
            "source_label",
            "enterprise",
            "enterprise_name",
            "project",
            "project_name",
            "department",
            "department_name",
            "state",
            "state_label",
            *WORKED_FIELDS,
            "events",
            "steps",
        ]
        read_only_fields = ["number", "state", *WORKED_FIELDS]
        extra_kwargs = {
            "complexity": {"help_text": "复杂程度（决定办结时限）；只有营商环境部门提出时可以指定"},
            "source": {"help_text": "来源；只有营商环境部门提出时可以指定，企业为网上提交，专班为专班调度会"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        self.fields["enterprise"].queryset = restrict(Enterprise.objects.all(), user)  # type: ignore[attr-defined]
        self.fields["project"].queryset = desk_projects(user)  # type: ignore[attr-defined]
        self.fields["department"].queryset = restrict(Department.objects.all(), user)  # type: ignore[attr-defined]
        if not is_desk_keeper(user):
            # How hard it is, where it came from and who handles it are the desk's call, and an
            # enterprise or a 专班 does not choose the enterprise: not read from the body (as on the
            # page), set in validate().
            for name in ("enterprise", "complexity", "source", "department"):
                self.fields[name].read_only = True

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=list(states.STEPS))))
    def get_steps(self, item: Request) -> list[str]:
        user = getattr(self.context.get("request"), "user", None)
        if user is None or not user.is_authenticated:
            return []
        return [step.name for step in states.allowed_steps(item, user)]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        project: Project | None = attrs.get("project")
        if not is_desk_keeper(user):
            if user.role == Role.TASK_FORCE:
                if project is None:
                    raise serializers.ValidationError({"project": "专班记录的问题须选择相关重大项目"})
                attrs["enterprise"], attrs["source"] = project.owner, Source.MEETING
            else:
                attrs["enterprise"], attrs["source"] = user.enterprise, Source.PORTAL
        enterprise: Enterprise | None = attrs.get("enterprise")
        if enterprise is None and project is not None:
            attrs["enterprise"] = enterprise = project.owner
        if enterprise is None and project is None:
            raise serializers.ValidationError({"enterprise": "企业和重大项目至少填写一项"})
        if project is not None and project.owner_id is not None and enterprise != project.owner:
            raise serializers.ValidationError({"project": f"重大项目“{project.code}”不是“{enterprise}”的项目"})
        region = enterprise.region if enterprise is not None else project.region  # type: ignore[union-attr]
        department: Department | None = attrs.get("department")
        if department is not None and department.region_id != region.pk:
            raise serializers.ValidationError({"department": f"“{department}”不是{region}的部门，不能承办该诉求"})
        return {**attrs, "region": region}

    def create(self, validated_data: dict[str, Any]) -> Request:
        try:
            return states.raise_request(Request(**validated_data), self.context["request"].user)
        except DjangoValidationError as error:
            raise _bad_request(error) from error


class StepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=[(step.name, step.label) for step in states.STEPS.values()],
        help_text="accept 受理, start 开始办理, resolve 办结, confirm 确认解决, reopen 退回重办",
        error_messages={"invalid_choice": STEP_CHOICE, "required": STEP_CHOICE, "null": STEP_CHOICE},
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4000, help_text="办结时为办理结果；退回时为原因"
    )
    rating = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="确认解决时的满意度评价，1到5分"
    )


class RequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Enterprise requests and project problems (接诉即办) with their deadlines and their whole story.

    POST raises a request (新提交, with its deadlines by the Chinese calendar); ``step`` works it on.
    """

    serializer_class = ServiceRequestSerializer
    filterset_class = RequestFilter
    permission_classes = [permissions.IsAuthenticated, MayRaise]

    def get_queryset(self) -> QuerySet[Request]:
        queryset = Request.objects.select_related("region", "enterprise", "project", "department", "raised_by")
        queryset = queryset.prefetch_related("events__by").order_by("-raised_on", "-id")
        return restrict(queryset, self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return StepSerializer if self.action == "step" else ServiceRequestSerializer

    def perform_create(self, serializer: Any) -> None:
        serializer.save()
        # Read back as listed: the first event, the labels, the caller's next steps.
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(request=StepSerializer, responses=ServiceRequestSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request: HttpRequest, pk: str | None = None) -> Response:
        """Take one step: accept, start, resolve (with the result), confirm (with a rating) or reopen (with why)."""
        current = self.get_object()
        asked = StepSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        try:
            states.take(
                current,
                states.STEPS[asked.validated_data["step"]],
                request.user,
                asked.validated_data["note"],
                asked.validated_data["rating"],
            )
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise _bad_request(error) from error
        done = self.get_queryset().get(pk=current.pk)
        return Response(ServiceRequestSerializer(done, context=self.get_serializer_context()).data)


# --- Approvals and key enterprises -----------------------------------------------------------------


class ApprovalCaseSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    applicant_name = serializers.CharField(source="applicant.name", read_only=True, allow_null=True)

    class Meta:
        model = ApprovalCase
        fields = [
            "id",
            "region",
            "item",
            "applicant",
            "applicant_name",
            "statutory_days",
            "promised_days",
            "received_on",
            "finished_on",
            "working_days",
        ]


class ApprovalCaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Approvals at the one-seal bureau (一枚印章管审批): statutory and promised time, time taken, in working days."""

    serializer_class = ApprovalCaseSerializer
    filterset_class = ApprovalFilter

    def get_queryset(self) -> QuerySet[ApprovalCase]:
        queryset = ApprovalCase.objects.select_related("region", "applicant").order_by("-received_on", "-id")
        return restrict(queryset, self.request.user)


class KeyEnterpriseSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    credit_code = serializers.CharField(source="enterprise.credit_code", read_only=True, allow_null=True)
    officer = serializers.SerializerMethodField(help_text="服务专员")

    class Meta:
        model = KeyEnterprise
        fields = ["id", "region", "enterprise", "enterprise_name", "credit_code", "officer", "since"]

    def get_officer(self, listing: KeyEnterprise) -> str | None:
        officer = listing.officer
        return None if officer is None else (officer.get_full_name() or officer.get_username())


class KeyEnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    """The key-enterprise list (重点企业名录) with each enterprise's service officer (服务专员)."""

    serializer_class = KeyEnterpriseSerializer

    def get_queryset(self) -> QuerySet[KeyEnterprise]:
        queryset = KeyEnterprise.objects.select_related("region", "enterprise", "officer")
        return restrict(queryset.order_by("enterprise__name", "id"), self.request.user)


# --- Notifications ---------------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "text", "url", "created_at", "read_at", "read"]

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own messages (督办, a request assigned, a request resolved); no one reads another's."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self) -> QuerySet[Notification]:
        # A message belongs to one user, not to a region or an organisation: it has no scope to restrict.
        user = self.request.user
        if getattr(self, "swagger_fake_view", False) or not user.is_authenticated:
            return Notification.objects.none()
        return Notification.objects.filter(user=user).order_by("-created_at", "-id")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: HttpRequest, pk: str | None = None) -> Response:
        """Mark the message read (once: reading it again keeps the first time)."""
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(NotificationSerializer(notification, context=self.get_serializer_context()).data)
