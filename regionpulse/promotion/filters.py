"""The pipeline's questions as FilterSets, for the API and, later, the pages and their exports.

Choices that name records (an enterprise, a chain) offer only those in the caller's scope, so a
record outside it reads exactly as one that does not exist.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from regionpulse.core.scopes import restrict
from regionpulse.promotion.figures import stalled
from regionpulse.promotion.models import Deal, Engagement, IndustryChain, Investor, ListTag, Stage, Target
from regionpulse.promotion.names import normalise_name


def _user(request: Any) -> Any:
    return getattr(request, "user", None)


def visible_chains(request: Any) -> QuerySet[IndustryChain]:
    return restrict(IndustryChain.objects.order_by("name"), _user(request))


def visible_investors(request: Any) -> QuerySet[Investor]:
    return restrict(Investor.objects.all(), _user(request))


class InvestorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="企业名称", method="filter_name", help_text="名称的一部分；全角半角、空格和括号写法不限"
    )
    tag = django_filters.ChoiceFilter(label="榜单", field_name="tags__tag", choices=ListTag.choices, distinct=True)
    chain = django_filters.ModelChoiceFilter(
        label="产业链", field_name="chains", queryset=visible_chains, distinct=True, empty_label="全部"
    )

    class Meta:
        model = Investor
        fields = ["q", "tag", "chain"]

    def filter_name(self, queryset: QuerySet[Investor], name: str, value: str) -> QuerySet[Investor]:
        return queryset.filter(normalised_name__contains=normalise_name(value))


class EngagementFilter(django_filters.FilterSet):
    investor = django_filters.ModelChoiceFilter(label="企业", queryset=visible_investors, empty_label="全部")
    # A year a date can have: any other cannot be asked of a date.
    year = django_filters.NumberFilter(label="年度", method="filter_year", min_value=1, max_value=9999)
    mode = django_filters.ChoiceFilter(label="方式", choices=Engagement.Mode.choices, empty_label="全部")
    chain = django_filters.ModelChoiceFilter(label="产业链", queryset=visible_chains, empty_label="全部")

    class Meta:
        model = Engagement
        fields = ["investor", "year", "mode", "chain"]

    def filter_year(self, queryset: QuerySet[Engagement], name: str, value: int) -> QuerySet[Engagement]:
        return queryset.filter(date__year=int(value))


class DealFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices, empty_label="全部")
    chain = django_filters.ModelChoiceFilter(label="产业链", queryset=visible_chains, empty_label="全部")
    signed_year = django_filters.NumberFilter(
        label="签约年度", method="filter_signed_year", min_value=1, max_value=9999
    )
    stalled = django_filters.BooleanFilter(
        label="停滞", method="filter_stalled", help_text="签约满半年未落地，或落地满半年未开工"
    )

    class Meta:
        model = Deal
        fields = ["stage", "chain", "signed_year", "stalled"]

    def filter_signed_year(self, queryset: QuerySet[Deal], name: str, value: int) -> QuerySet[Deal]:
        return queryset.filter(signed_on__year=int(value))

    def filter_stalled(self, queryset: QuerySet[Deal], name: str, value: bool) -> QuerySet[Deal]:
        # As the figures count them, as of today.
        today = timezone.localdate()
        return queryset.filter(stalled(today)) if value else queryset.exclude(stalled(today))


class TargetFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度")
    metric = django_filters.ChoiceFilter(label="指标", choices=Target.Metric.choices, empty_label="全部")

    class Meta:
        model = Target
        fields = ["year", "metric"]
