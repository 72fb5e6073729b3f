from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, UpdateView
from django_filters.views import FilterView

from regionpulse.core import audit
from regionpulse.core.forms import ImportForm
from regionpulse.core.importing import ImportFailed
from regionpulse.core.locking import is_locked
from regionpulse.core.spreadsheets import read_rows, write_workbook
from regionpulse.core.views import HistoryMixin, ScopedPageMixin, apply_to_selection
from regionpulse.indicators.filters import ObservationFilter
from regionpulse.indicators.forms import ObservationForm
from regionpulse.indicators.importers import ObservationImporter
from regionpulse.indicators.models import Observation
from regionpulse.indicators.review import TRANSITIONS, can_edit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _observations() -> QuerySet[Observation]:
    return Observation.objects.select_related("region", "indicator")


class ObservationList(ScopedPageMixin, FilterView):
    model = Observation
    queryset = _observations()
    filterset_class = ObservationFilter
    paginate_by = 50
    template_name = "indicators/observation_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_edit"] = can_edit(self.request.user)
        context["transitions"] = TRANSITIONS.values()
        context["query"] = self.request.GET.urlencode()
        return context


class ObservationDetail(ScopedPageMixin, HistoryMixin, DetailView):
    model = Observation
    queryset = _observations()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obs: Observation = context["object"]
        context["locked"] = is_locked(obs.region, obs.period)
        context["can_edit"] = can_edit(self.request.user) and not context["locked"]
        context["transitions"] = [
            t for t in TRANSITIONS.values() if obs.status in t.sources and t.allowed(self.request.user)
        ]
        return context


class ObservationEdit(ScopedPageMixin, UpdateView):
    model = Observation
    queryset = _observations()
    form_class = ObservationForm
    template_name = "indicators/observation_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not can_edit(request.user):
            raise PermissionDenied("您的角色不能修改指标数据")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: ObservationForm) -> HttpResponse:  # type: ignore[override]
        form.instance.status = Observation.Status.DRAFT
        try:
            response = super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存为草稿，报送后进入审核")
        return response

    def get_success_url(self) -> str:
        return reverse("indicators:observation-detail", args=[self.object.pk])


@login_required
@require_POST
def transition(request: HttpRequest) -> HttpResponse:
    """Apply one review step to the selected observations: all of them, or none."""
    return apply_to_selection(request, _observations(), TRANSITIONS, reverse("indicators:observation-list"))


@login_required
def import_observations(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = ObservationImporter(request.user).run(
                read_rows(form.cleaned_data["file"], settings.IMPORT_MAX_BYTES)
            )
        except ImportFailed as failure:
            problems = [str(problem) for problem in failure.problems]
            audit.import_refused(ObservationImporter.title, problems, request)
        else:
            audit.imported(ObservationImporter.title, result, request)
            messages.success(request, f"导入完成。{result}")
            return redirect("indicators:observation-list")
    context = {
        "form": form,
        "problems": problems,
        "title": ObservationImporter.title,
        "template_url": reverse("indicators:observation-template"),
    }
    return render(request, "core/import.html", context)


def _xlsx_response(filename: str, rows: Any, notes: tuple[str, ...] = ()) -> HttpResponse:
    buffer = io.BytesIO()
    write_workbook(buffer, ObservationImporter.title, ObservationImporter.columns, rows, notes)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def export_observations(request: HttpRequest) -> HttpResponse:
    queryset = ObservationImporter.export_queryset(request.user)
    filtered = ObservationFilter(request.GET, queryset=queryset)
    rows = ObservationImporter.export_rows(filtered.qs if filtered.is_valid() else queryset.none())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    audit.exported(ObservationImporter.title, request, request.GET.dict())
    return _xlsx_response(f"observations-{stamp}.xlsx", rows)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    notes = ("每行一个地区、一个指标、一个期间；导入时全部校验通过才写入，任何一行有误都不会写入。",)
    return _xlsx_response("observations-template.xlsx", [], notes)
