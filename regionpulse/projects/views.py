from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from regionpulse.core import workflow
from regionpulse.core.scopes import restrict
from regionpulse.core.sheets import LedgerSheets
from regionpulse.core.views import HistoryMixin, ScopedPageMixin, apply_to_selection
from regionpulse.core.workflow import Transition
from regionpulse.projects import charts
from regionpulse.projects.figures import behind_schedule, project_progress, with_progress
from regionpulse.projects.filters import ProjectFilter, asked_period
from regionpulse.projects.forms import EDITABLE, ProgressForm, ReturnForm
from regionpulse.projects.importers import PlanImporter, ProgressImporter, ProjectImporter
from regionpulse.projects.models import ProgressReport, Project
from regionpulse.projects.review import RETURN, SUBMIT, TRANSITIONS, can_report, can_review


def _projects() -> QuerySet[Project]:
    return Project.objects.select_related("owner", "leader", "task_force", "department", "region")


class ProjectList(ScopedPageMixin, FilterView):
    model = Project
    queryset = _projects()
    filterset_class = ProjectFilter
    paginate_by = 50
    template_name = "projects/project_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.period = asked_period(request.GET)
        if not request.GET:
            # Opening the ledger shows this year's major-project list, largest first.
            return redirect(f"{request.path}?year={self.period.year}&major=true&sort=-total")
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Project]:
        projects = with_progress(super().get_queryset(), self.period)
        return projects.annotate(is_behind=ExpressionWrapper(behind_schedule(self.period), BooleanField()))

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs(filterset_class)
        return {**kwargs, "period": self.period, "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filtered = context["filter"].qs
        context["period"] = self.period
        context["totals"] = filtered.order_by().aggregate(
            count=Count("pk"), total=Sum("total_investment"), plan=Sum("plan_wan"), done=Sum("done_wan")
        )
        context["query"] = self.request.GET.urlencode()
        context["can_import"] = self.request.user.is_platform_admin or can_report(self.request.user)
        return context


class ProjectDetail(ScopedPageMixin, HistoryMixin, DetailView):
    model = Project
    queryset = _projects()
    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project: Project = context["object"]
        period = asked_period(self.request.GET)
        progress = project_progress(project, period)
        context.update(
            period=period,
            progress=progress,
            chart=charts.plan_vs_actual(project, progress),
            milestones=project.milestones.order_by("planned_date"),
            reports=project.reports.select_related("reported_by", "reviewed_by").order_by("-year", "-month")[:36],
            listing_years=list(project.listings.values_list("year", flat=True)),
            can_report=can_report(self.request.user),
            editable=EDITABLE,
            today=timezone.localdate(),
        )
        return context


def _scoped_project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(restrict(_projects(), request.user), pk=pk)


def _save_report(request: HttpRequest, form: ProgressForm) -> HttpResponse | None:
    try:
        report = form.save()
        if "submit" in request.POST:
            workflow.apply([report], SUBMIT, request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    text = "已报送，等待责任部门审核" if "submit" in request.POST else "已保存为草稿，提交后进入审核"
    messages.success(request, text)
    return redirect("projects:project-detail", pk=form.project.pk)


@login_required
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    project = _scoped_project(request, pk)
    if not can_report(request.user):
        raise PermissionDenied("您的角色不能填报项目进展")
    form = ProgressForm(request.POST or None, project=project, initial={"stage": project.stage})
    if request.method == "POST" and form.is_valid():
        response = _save_report(request, form)
        if response is not None:
            return response
    return render(request, "projects/progress_form.html", {"form": form, "project": project})


@login_required
def edit_progress(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(restrict(ProgressReport.objects.select_related("project__region"), request.user), pk=pk)
    if not can_report(request.user):
        raise PermissionDenied("您的角色不能填报项目进展")
    if report.status not in EDITABLE:
        messages.error(request, f"该月进展{report.get_status_display()}，不能修改；如需更正，请责任部门先退回")
        return redirect("projects:project-detail", pk=report.project_id)
    form = ProgressForm(request.POST or None, instance=report, project=report.project)
    if request.method == "POST" and form.is_valid():
        response = _save_report(request, form)
        if response is not None:
            return response
    return render(request, "projects/progress_form.html", {"form": form, "project": report.project, "report": report})


class ReviewQueue(ScopedPageMixin, FilterView):
    """The reports waiting for the user's department, oldest month first."""

    model = ProgressReport
    queryset = ProgressReport.objects.select_related("project", "reported_by").filter(
        status=ProgressReport.Status.SUBMITTED
    )
    paginate_by = 100
    template_name = "projects/review_queue.html"
    filterset_fields = ["year", "month"]

    def get_queryset(self) -> QuerySet[ProgressReport]:
        return super().get_queryset().order_by("year", "month", "project__code")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_review"] = can_review(self.request.user)
        context["return_form"] = ReturnForm()
        return context


@login_required
@require_POST
def review(request: HttpRequest) -> HttpResponse:
    """Approve or return the selected reports: all of them, or none."""
    queryset = ProgressReport.objects.select_related("project__region")
    return apply_to_selection(request, queryset, TRANSITIONS, reverse("projects:review-queue"), _review_note)


def _review_note(step: Transition, request: HttpRequest) -> dict[str, Any]:
    """A return says why; an approval clears what an earlier return said."""
    if step is not RETURN:
        return {"review_note": ""}
    form = ReturnForm(request.POST)
    if not form.is_valid():
        raise ValidationError("退回时必须填写原因")
    return {"review_note": form.cleaned_data["reason"]}


def _as_listed(request: HttpRequest, kind: str, queryset: Any) -> Any:
    """The ledger as the list shows it: the same filters and order."""
    if kind != ProjectImporter.kind:
        return queryset
    period = asked_period(request.GET)
    filtered = ProjectFilter(request.GET, queryset=with_progress(queryset, period), period=period)
    return filtered.qs if filtered.is_valid() else queryset.none()


SHEETS = LedgerSheets(
    "projects",
    (ProjectImporter, PlanImporter, ProgressImporter),
    after_import="projects:project-list",
    note="金额单位为万元。",
    narrow=_as_listed,
)
