from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from regionpulse.core.aggregates import CountRows, scalar
from regionpulse.core.lookups import home_region
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.core.scopes import can_view_region, restrict
from regionpulse.core.sheets import LedgerSheets
from regionpulse.core.views import HistoryMixin, ScopedPageMixin, back_to
from regionpulse.promotion.figures import by_chain, investment_promotion
from regionpulse.promotion.forms import MoveForm
from regionpulse.promotion.importers import (
    DealImporter,
    EngagementImporter,
    InvestorImporter,
    TargetImporter,
    is_keeper,
)
from regionpulse.promotion.models import Deal, Engagement, IndustryChain, Investor, Stage, Target
from regionpulse.promotion.names import normalise_name
from regionpulse.promotion.stages import FOLLOWS_PROJECT, move


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2199 else timezone.localdate().year


def _deals() -> QuerySet[Deal]:
    return Deal.objects.select_related("investor", "chain", "project")


class Board(ScopedPageMixin, ListView):
    """The pipeline by stage: this year's deals, and every deal still in talks."""

    model = Deal
    queryset = _deals()
    template_name = "promotion/board.html"

    def get_queryset(self) -> QuerySet[Deal]:
        self.year = _year(self.request)
        this_year = (
            Q(signed_on__year=self.year)
            | Q(landed_on__year=self.year)
            | Q(started_on__year=self.year)
            | Q(producing_on__year=self.year)
        )
        in_talks = Q(stage=Stage.NEGOTIATING)
        deals = super().get_queryset().filter(this_year | in_talks)
        chain = self.request.GET.get("chain", "")
        if chain.isdigit():
            deals = deals.filter(chain_id=int(chain))
        return deals.order_by("-amount", "name")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        deals = context["object_list"]
        totals = {
            row["stage"]: row for row in deals.order_by().values("stage").annotate(n=Count("pk"), amount=Sum("amount"))
        }
        columns = []
        for stage in Stage:
            members = [deal for deal in deals if deal.stage == stage]
            empty = {"n": 0, "amount": 0}
            columns.append({"stage": stage, "deals": members, "totals": totals.get(stage.value, empty)})
        context.update(
            columns=columns,
            year=self.year,
            chains=restrict(IndustryChain.objects.all(), self.request.user),
            chain=self.request.GET.get("chain", ""),
            can_move=is_keeper(self.request.user),
            today=timezone.localdate(),
            follows_project=[stage.value for stage in FOLLOWS_PROJECT],
            stages=Stage.choices,
        )
        return context


class DealDetail(ScopedPageMixin, HistoryMixin, DetailView):
    model = Deal
    queryset = _deals().select_related("investor__region")
    template_name = "promotion/deal_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        deal: Deal = context["object"]
        context["steps"] = [
            {"stage": stage, "date": deal.date_of(stage), "reached": stage <= deal.stage} for stage in Stage
        ]
        context["moves"] = deal.moves.select_related("by")
        context["can_move"] = is_keeper(self.request.user)
        context["stages"] = Stage.choices
        context["follows_project"] = [stage.value for stage in FOLLOWS_PROJECT]
        context["today"] = timezone.localdate()
        return context


@login_required
@require_POST
def move_deal(request: HttpRequest, pk: int) -> HttpResponse:
    """One stage move from the board or the deal's page: forward with its date, back with a reason."""
    deal = get_object_or_404(restrict(_deals(), request.user), pk=pk)
    back = back_to(request, reverse("promotion:deal-detail", args=[pk]))
    if not is_keeper(request.user):
        raise PermissionDenied("招商项目由投资促进部门维护，您不能变更阶段")
    form = MoveForm(request.POST, deal=deal)
    if not form.is_valid():
        messages.error(request, "；".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect(back)
    target = form.cleaned_data["stage"]
    try:
        move(
            deal,
            target,
            form.cleaned_data["date"],
            request.user,
            form.cleaned_data["reason"],
            form.cleaned_data["version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{deal}”已变更为{Stage(target).label}")
    return redirect(back)


class InvestorList(ScopedPageMixin, ListView):
    model = Investor
    paginate_by = 50
    template_name = "promotion/investor_list.html"

    def get_queryset(self) -> QuerySet[Investor]:
        investors = (
            super()
            .get_queryset()
            # One subquery each: joining both contacts and deals would multiply the rows counted.
            .annotate(
                meetings=scalar(Engagement.objects.filter(investor=OuterRef("pk")), CountRows(F("pk")), 0),
                deal_count=scalar(Deal.objects.filter(investor=OuterRef("pk")), CountRows(F("pk")), 0),
            )
            .prefetch_related("tags")
        )
        text = self.request.GET.get("q", "").strip()
        if text:
            # However the name is written (brackets, spaces, full-width letters), as on import.
            investors = investors.filter(
                Q(normalised_name__contains=normalise_name(text)) | Q(credit_code=text.upper())
            )
        if self.request.GET.get("tag"):
            investors = investors.filter(tags__tag=self.request.GET["tag"]).distinct()
        return investors.order_by("-deal_count", "-meetings", "name")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.urlencode()
        return context


class InvestorDetail(ScopedPageMixin, HistoryMixin, DetailView):
    model = Investor
    template_name = "promotion/investor_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        investor: Investor = context["object"]
        context["engagements"] = investor.engagements.select_related("chain").order_by("-date")
        context["deals"] = investor.deals.select_related("chain", "project")
        context["chains"] = investor.chains.all()
        return context


class ChainList(ScopedPageMixin, ListView):
    model = IndustryChain
    template_name = "promotion/chain_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        region = _home_region(self.request.user)
        period = _period(self.request)
        context["period"] = period
        context["figures"] = by_chain(region, period) if region else []
        return context


class ChainDetail(ScopedPageMixin, HistoryMixin, DetailView):
    model = IndustryChain
    queryset = IndustryChain.objects.select_related("leader", "department")
    template_name = "promotion/chain_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        chain: IndustryChain = context["object"]
        context["targets"] = chain.targets.prefetch_related("tags").order_by("name")
        context["deals"] = chain.deals.select_related("investor").order_by("-signed_on", "name")[:100]
        return context


def _home_region(user: Any) -> Region | None:
    """The district whose pipeline totals the user reads; a 404 for those who may not."""
    region = home_region(user)
    if region is not None and not can_view_region(user, region):
        raise Http404("没有该地区")
    return region


def _period(request: HttpRequest) -> Period:
    try:
        return Period.parse(request.GET["period"])
    except (KeyError, ValueError):
        today = timezone.localdate()
        return Period(today.year, today.month)


class Targets(LoginRequiredMixin, TemplateView):
    template_name = "promotion/targets.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        region = _home_region(self.request.user)
        period = _period(self.request)
        context["period"] = period
        context["window"] = period.year_to_date()
        figures = investment_promotion(region, period) if region else None
        context["figures"] = figures
        context["rows"] = _target_rows(figures) if figures else []
        return context


def _plain(value: Any) -> str:
    """A target as it was set: 900, not 900.000."""
    return f"{value.normalize():f}" if value is not None else "—"


def _target_rows(figures: Any) -> list[dict[str, str]]:
    rows = []
    for metric, actual in figures.actuals().items():
        label = str(Target.Metric(metric).label).split("（")[0]
        target = figures.targets.get(metric)
        rows.append(
            {
                "label": label,
                "actual": f"{actual.rounded}{actual.unit}",
                "target": f"{_plain(target.target.rounded)}{actual.unit}" if target else "—",
                "completion": f"{target.completion.rounded}%" if target and target.completion.present else "—",
            }
        )
    return rows


SHEETS = LedgerSheets(
    "promotion",
    (InvestorImporter, EngagementImporter, DealImporter, TargetImporter),
    after_import="promotion:board",
    note="金额单位为万元。",
)
