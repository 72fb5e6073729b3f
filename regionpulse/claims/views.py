from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from regionpulse.claims.forms import PublishForm, ReadForm
from regionpulse.claims.highlight import SHOWN_CHARACTERS, segments
from regionpulse.claims.publishing import candidates, publish
from regionpulse.claims.review import Reading, read
from regionpulse.core.lookups import home_region
from regionpulse.core.models import Role
from regionpulse.core.scopes import can_view_region


def _allowed(request: HttpRequest) -> None:
    # An enterprise sees its own records only; the district's figures are not for it to check against.
    if request.user.role == Role.ENTERPRISE:  # type: ignore[union-attr]
        raise PermissionDenied("您的角色不能使用数字核对")


def _read(request: HttpRequest, form: ReadForm) -> Reading:
    region = form.cleaned_data.get("region")
    return read(form.cleaned_data.get("text") or "", region, viewer=request.user)


def _page(request: HttpRequest, form: ReadForm, reading: Reading | None, **extra: Any) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "reading": reading, "shown_limit": SHOWN_CHARACTERS, **extra}
    if reading is not None:
        counts = Counter(claim.status for claim in reading.claims)
        context.update(
            counts=counts,
            segments=segments(reading.text, reading.claims),
            truncated=len(reading.text) > SHOWN_CHARACTERS,
            publishable=candidates(reading.claims, request.user),
            numbered=[
                (number, claim, reading.text[claim.start : claim.end])
                for number, claim in enumerate(reading.claims, start=1)
            ],
        )
    return render(request, "claims/page.html", context)


@login_required
def page(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    if request.method != "POST":
        home = home_region(request.user)
        initial = {"region": home} if home is not None and can_view_region(request.user, home) else {}
        return _page(request, ReadForm(initial=initial), None)
    form = ReadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, None)
    return _page(request, form, _read(request, form))


@login_required
@require_POST
def publish_figures(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    reading_form = ReadForm(request.POST)
    if not reading_form.is_valid():
        return _page(request, reading_form, None)
    reading = _read(request, reading_form)
    offered = candidates(reading.claims, request.user)
    form = PublishForm(request.POST, numbers=[candidate.number for candidate in offered])
    if not form.is_valid():
        problems = "；".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, f"未记录：{problems}")
        return _page(request, reading_form, reading)
    chosen = [candidate for candidate in offered if candidate.number in set(form.cleaned_data["chosen"])]
    outcome = publish(chosen, form.cleaned_data["source"], request.user)
    done = len(outcome.created) + len(outcome.updated)
    messages.success(request, f"已记录{done}项公开数字（状态：已公开未核实），其中新增{len(outcome.created)}项")
    for problem in outcome.skipped:
        messages.warning(request, problem)
    return _page(request, reading_form, reading)
