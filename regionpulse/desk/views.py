from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from regionpulse.core.scopes import restrict
from regionpulse.core.sheets import LedgerSheets
from regionpulse.core.views import HistoryMixin, ScopedPageMixin
from regionpulse.desk.forms import RaiseForm, StepForm
from regionpulse.desk.importers import ApprovalImporter, RequestImporter, is_desk_keeper
from regionpulse.desk.models import (
    OPEN_STATES,
    ApprovalCase,
    Category,
    KeyEnterprise,
    Notification,
    Request,
    State,
    overdue,
)
from regionpulse.desk.states import STEPS, allowed_steps, may_raise, raise_request, take
from regionpulse.desk.workdays import calendar_known


def _requests() -> QuerySet[Request]:
    return Request.objects.select_related("enterprise", "project", "department", "escalated_to")


class RequestList(ScopedPageMixin, ListView):
    model = Request
    queryset = _requests()
    paginate_by = 50
    template_name = "desk/request_list.html"

    def get_queryset(self) -> QuerySet[Request]:
        requests = super().get_queryset()
        asked = self.request.GET
        if asked.get("state") in State.values:
            requests = requests.filter(state=asked["state"])
        if asked.get("category") in Category.values:
            requests = requests.filter(category=asked["category"])
        if asked.get("overdue") == "true":
            requests = requests.filter(overdue(timezone.localdate()))
        if asked.get("escalated") == "mine":
            leader = self.request.user.leader_id
            requests = requests.filter(escalated_to=leader, state__in=OPEN_STATES) if leader else requests.none()
        text = asked.get("q", "").strip()
        if text:
            requests = requests.filter(
                Q(title__contains=text) | Q(number__icontains=text) | Q(enterprise__name__contains=text)
            )
        return requests.order_by("-raised_on", "-id")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        scoped = restrict(Request.objects.all(), self.request.user)
        context["counts"] = scoped.aggregate(
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            overdue=Count("pk", filter=overdue(today)),
            awaiting=Count("pk", filter=Q(state=State.RESOLVED)),
        )
        context.update(
            today=today,
            states=State.choices,
            categories=Category.choices,
            query=self.request.GET.urlencode(),
            can_raise=may_raise(self.request.user),
            is_keeper=is_desk_keeper(self.request.user),
        )
        return context


class RequestDetail(ScopedPageMixin, HistoryMixin, DetailView):
    model = Request
    queryset = _requests().select_related("region", "raised_by")
    template_name = "desk/request_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request: Request = context["object"]
        context.update(
            events=request.events.select_related("by"),
            steps=allowed_steps(request, self.request.user),
            today=timezone.localdate(),
            provisional=not calendar_known(request.resolve_by),
            form=StepForm(),
        )
        return context


@login_required
def raise_view(request: HttpRequest) -> HttpResponse:
    if not may_raise(request.user):
        raise PermissionDenied("您的角色不能提交诉求")
    form = RaiseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = raise_request(form.build(), request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"诉求已提交（编号{created.number}），将于{created.accept_by:%m月%d日}前受理")
            return redirect("desk:request-detail", pk=created.pk)
    return render(request, "desk/raise.html", {"form": form})


@login_required
@require_POST
def step_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(restrict(_requests(), request.user), pk=pk)
    step = STEPS.get(request.POST.get("step", ""))
    form = StepForm(request.POST)
    if step is None or not form.is_valid():
        messages.error(request, "请选择操作，满意度为1到5分")
        return redirect("desk:request-detail", pk=pk)
    try:
        take(item, step, request.user, form.cleaned_data["note"], form.cleaned_data["rating"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, f"已{step.label}")
    return redirect("desk:request-detail", pk=pk)


class OfficerDesk(LoginRequiredMixin, ListView):
    """The service officer's desk: the key enterprises he or she serves and their open requests."""

    template_name = "desk/officer.html"

    def get_queryset(self) -> QuerySet[KeyEnterprise]:
        listed = restrict(KeyEnterprise.objects.select_related("enterprise", "officer"), self.request.user)
        if self.request.GET.get("all") != "true":
            listed = listed.filter(officer_id=self.request.user.pk)
        return listed.annotate(
            open_requests=Count("enterprise__requests", filter=Q(enterprise__requests__state__in=OPEN_STATES)),
            resolved_requests=Count("enterprise__requests", filter=Q(enterprise__requests__state=State.CONFIRMED)),
        ).order_by("-open_requests", "enterprise__name")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        mine = [listing.enterprise_id for listing in context["object_list"]]
        context["open"] = (
            restrict(_requests(), self.request.user)
            .filter(enterprise_id__in=mine, state__in=OPEN_STATES)
            .order_by("resolve_by")
        )
        context["today"] = timezone.localdate()
        return context


class ApprovalList(ScopedPageMixin, ListView):
    model = ApprovalCase
    queryset = ApprovalCase.objects.select_related("applicant")
    paginate_by = 50
    template_name = "desk/approval_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.urlencode()
        return context


class NotificationList(LoginRequiredMixin, ListView):
    template_name = "desk/notifications.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Notification]:
        return Notification.objects.filter(user_id=int(self.request.user.pk or 0))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        # Drawn first, so the page still shows which were new; then seen is read.
        response.render()  # type: ignore[attr-defined]
        Notification.objects.filter(user_id=int(request.user.pk or 0), read_at__isnull=True).update(
            read_at=timezone.now()
        )
        return response


SHEETS = LedgerSheets(
    "desk",
    (RequestImporter, ApprovalImporter),
    after_import="desk:request-list",
    note="时限和办理用时由系统按工作日计算。",
)
