from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, ListView

from regionpulse.core import workflow
from regionpulse.core.history import history_of, readable
from regionpulse.core.models import Enterprise
from regionpulse.core.scopes import restrict
from regionpulse.core.workflow import Transition


def selected_ids(request: HttpRequest) -> list[int] | None:
    """The record numbers ticked on a list page; None when any is not a number (a tampered form)."""
    values = request.POST.getlist("ids")
    if not all(value.isdigit() for value in values):
        return None
    return sorted({int(value) for value in values})


def back_to(request: HttpRequest, default: str) -> str:
    """Where a form posted from a list returns: its own page on this site, never elsewhere."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


OUT_OF_SCOPE = "所选记录有的不存在或不在您的管辖范围内，未做任何修改"


def apply_to_selection(
    request: HttpRequest,
    queryset: QuerySet[Any],
    transitions: Mapping[str, Transition],
    default_back: str,
    fields_for: Callable[[Transition, HttpRequest], dict[str, Any]] | None = None,
) -> HttpResponse:
    """Apply the posted step (``action``) to the ticked records (``ids``) within the user's scope:
    to all of them, or, with a message that says why, to none. ``fields_for`` gives what the user
    supplied with the step (a return's reason) or raises ValidationError."""
    step = transitions.get(request.POST.get("action", ""))
    ids = selected_ids(request)
    back = back_to(request, default_back)
    if ids is None:
        messages.error(request, OUT_OF_SCOPE)
        return redirect(back)
    if step is None or not ids:
        messages.error(request, "请先选择记录和操作")
        return redirect(back)
    try:
        fields = fields_for(step, request) if fields_for else {}
        records = list(restrict(queryset, request.user).filter(pk__in=ids))
        if len(records) != len(ids):
            raise ValidationError(OUT_OF_SCOPE)
        count = workflow.apply(records, step, request.user, extra=fields)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, f"{step.label}：{count}条")
    return redirect(back)


class ScopedMixin:
    """Pages and API views alike get their records through the user's scope (outsiders: 404)."""

    request: Any

    def get_queryset(self) -> QuerySet[Any]:
        return restrict(super().get_queryset(), self.request.user)  # type: ignore[misc]


class ScopedPageMixin(LoginRequiredMixin, ScopedMixin):
    pass


class HistoryMixin:
    """Adds the object's change history to a detail page."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["history"] = readable(history_of(context["object"])[:50])
        return context


class EnterpriseList(ScopedPageMixin, ListView):
    model = Enterprise
    paginate_by = 50
    queryset = Enterprise.objects.select_related("region")


class EnterpriseDetail(ScopedPageMixin, HistoryMixin, DetailView):
    model = Enterprise
    queryset = Enterprise.objects.select_related("region")
