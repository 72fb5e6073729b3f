from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, ListView

from regionpulse.core.history import history_of
from regionpulse.core.models import Enterprise
from regionpulse.core.scopes import restrict


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
        context["history"] = history_of(context["object"])[:50]
        return context


class EnterpriseList(ScopedPageMixin, ListView):
    model = Enterprise
    paginate_by = 50
    queryset = Enterprise.objects.select_related("region")


class EnterpriseDetail(ScopedPageMixin, HistoryMixin, DetailView):
    model = Enterprise
    queryset = Enterprise.objects.select_related("region")
