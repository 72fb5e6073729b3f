from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, UpdateView

from regionpulse.bulletins.forms import BulletinForm, NewBulletinForm
from regionpulse.bulletins.models import Bulletin
from regionpulse.bulletins.publishing import differences, draft, publish, related
from regionpulse.bulletins.word import to_docx
from regionpulse.core.models import Role
from regionpulse.core.scopes import can_view_region, restrict
from regionpulse.core.views import HistoryMixin, ScopedPageMixin

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def can_write(user: Any) -> bool:
    return bool(user.is_platform_admin or user.role in (Role.DEPARTMENT, Role.LEADER))


class BulletinList(ScopedPageMixin, ListView):
    model = Bulletin
    queryset = Bulletin.objects.select_related("region", "issuer")
    paginate_by = 30
    template_name = "bulletins/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = NewBulletinForm(user=self.request.user)
        context["can_write"] = can_write(self.request.user)
        return context


@login_required
@require_POST
def new_bulletin(request: HttpRequest) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied("您的角色不能编写简报")
    form = NewBulletinForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "；".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("bulletins:list")
    region, period = form.cleaned_data["region"], form.cleaned_data["period"]
    if not can_view_region(request.user, region):
        raise PermissionDenied("您不能为该地区编写简报")
    try:
        created = draft(region, period, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("bulletins:list")
    messages.success(request, "简报草稿已生成，可修改后发布")
    return redirect("bulletins:detail", pk=created.pk)


class BulletinDetail(ScopedPageMixin, HistoryMixin, DetailView):
    model = Bulletin
    queryset = Bulletin.objects.select_related("region", "issuer")
    template_name = "bulletins/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        bulletin: Bulletin = context["object"]
        context["differences"] = differences(bulletin)
        context["can_write"] = can_write(self.request.user)
        return context


class BulletinEdit(ScopedPageMixin, UpdateView):
    model = Bulletin
    form_class = BulletinForm
    template_name = "bulletins/edit.html"

    def get_queryset(self) -> Any:
        if not can_write(self.request.user):
            raise PermissionDenied("您的角色不能编写简报")
        # A published bulletin is frozen.
        return super().get_queryset().filter(status=Bulletin.Status.DRAFT)

    def form_valid(self, form: BulletinForm) -> HttpResponse:  # type: ignore[override]
        try:
            return super().form_valid(form)
        except ValidationError as error:  # saved by someone else meanwhile (core.versioning)
            form.add_error(None, error)
            return self.form_invalid(form)

    def get_success_url(self) -> str:
        return reverse("bulletins:detail", args=[self.object.pk])


@login_required
@require_POST
def publish_bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_write(request.user):
        raise PermissionDenied("您的角色不能发布简报")
    bulletin = get_object_or_404(restrict(Bulletin.objects.all(), request.user), pk=pk)
    try:
        publish(bulletin)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "简报已发布，正文和所用数据已冻结")
    return redirect("bulletins:detail", pk=pk)


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    bulletin = get_object_or_404(restrict(Bulletin.objects.all(), request.user), pk=pk)
    if fmt == "docx":
        sections = [("", bulletin.body)]
        footer = f"{bulletin.issuer or bulletin.region.name}"
        response = HttpResponse(to_docx(bulletin.title, sections, bulletin.figures, footer), content_type=DOCX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''bulletin-{bulletin.pk}.docx"
        return response
    if fmt == "json":
        data = {**bulletin.figures, "title": bulletin.title, "text": bulletin.body, "status": bulletin.status}
        body, kind = json.dumps(data, ensure_ascii=False, indent=1), "application/json"
    else:
        body, kind = f"# {bulletin.title}\n\n{bulletin.body}\n", "text/markdown"
    response = HttpResponse(body, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''bulletin-{bulletin.pk}.{fmt}"
    return response


def _published() -> Any:
    return Bulletin.objects.filter(status=Bulletin.Status.PUBLISHED).select_related("region", "issuer")


def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "bulletins/public_list.html", {"bulletins": _published().order_by("-published_at")[:50]})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_object_or_404(_published(), pk=pk)
    context = {"bulletin": bulletin, "related": related(bulletin)}
    return render(request, "bulletins/public_detail.html", context)


class PublicFeed(Feed):
    """Published bulletins for news sites: each entry names its issuing department as the source."""

    feed_type = Atom1Feed
    title = "区域高质量发展监测平台 · 简报"
    subtitle = "已发布的地区经济运行和重点工作简报"

    def link(self) -> str:
        return reverse("public-bulletins")

    def items(self) -> Any:
        return _published().order_by("-published_at")[:30]

    def item_title(self, item: Bulletin) -> str:
        return item.title

    def item_description(self, item: Bulletin) -> str:
        return item.body

    def item_link(self, item: Bulletin) -> str:
        return reverse("public-bulletin", args=[item.pk])

    def item_author_name(self, item: Bulletin) -> str:
        return str(item.issuer or item.region.name)

    def item_pubdate(self, item: Bulletin) -> Any:
        return item.published_at

    def item_categories(self, item: Bulletin) -> list[str]:
        return item.tag_list
