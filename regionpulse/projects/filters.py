"""One FilterSet for the ledger page, its export and the API: the officer's questions as filters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from regionpulse.core.models import Leader, TaskForce
from regionpulse.core.periods import Period, PeriodError
from regionpulse.projects.classifications import Category, Industry, Nature, Stage
from regionpulse.projects.figures import THRESHOLD_WAN, behind_schedule, latest_period
from regionpulse.projects.models import ProgressReport, Project


def asked_period(params: Mapping[str, Any]) -> Period:
    """The period a page or API call asks for (``?period=2022-06``), or the latest month with approved progress."""
    try:
        return Period.parse(params["period"])
    except (KeyError, PeriodError):
        today = timezone.localdate()
        return latest_period() or Period(today.year, today.month)


class YesNoAll(django_filters.widgets.BooleanWidget):
    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.choices = (("", "全部"), ("true", "是"), ("false", "否"))


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="项目名称或编号", method="filter_text")
    year = django_filters.NumberFilter(label="清单年度", field_name="listings__year")
    major = django_filters.BooleanFilter(
        label="亿元以上",
        method="filter_major",
        widget=YesNoAll(),
    )
    stage = django_filters.ChoiceFilter(label="项目阶段", choices=Stage.choices, empty_label="全部")
    task_force = django_filters.ModelChoiceFilter(label="专班", queryset=TaskForce.objects.all(), empty_label="全部")
    leader = django_filters.ModelChoiceFilter(label="包联领导", queryset=Leader.objects.all(), empty_label="全部")
    industry = django_filters.ChoiceFilter(label="所属行业", choices=Industry.choices, empty_label="全部")
    category = django_filters.ChoiceFilter(label="项目类别", choices=Category.choices, empty_label="全部")
    nature = django_filters.ChoiceFilter(label="建设性质", choices=Nature.choices, empty_label="全部")
    behind = django_filters.BooleanFilter(label="进度滞后", method="filter_behind", widget=YesNoAll())
    sort = django_filters.OrderingFilter(
        label="排序",
        fields=(
            ("code", "code"),
            ("total_investment", "total"),
            ("plan_wan", "plan"),
            ("done_wan", "done"),
        ),
        field_labels={
            "code": "项目编号",
            "-code": "项目编号（倒序）",
            "total_investment": "总投资（从小到大）",
            "-total": "总投资（从大到小）",
            "plan_wan": "年度计划（从小到大）",
            "-plan": "年度计划（从大到小）",
            "done_wan": "累计完成（从小到大）",
            "-done": "累计完成（从大到小）",
        },
    )

    class Meta:
        model = Project
        fields = ["q", "year", "major", "stage", "task_force", "leader", "industry", "category", "nature", "behind"]

    def __init__(self, *args: Any, period: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period = period or asked_period(self.data or {})
        if user is not None and not user.is_platform_admin and user.region_id is not None:
            # Only the user's own region's task forces and leaders are offered.
            for name in ("task_force", "leader"):
                field = self.filters[name]
                field.queryset = field.queryset.filter(region__path__startswith=user.region.path)

    def filter_text(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return queryset.filter(Q(name__contains=value) | Q(code__icontains=value))

    def filter_major(self, queryset: QuerySet[Project], name: str, value: bool | None) -> QuerySet[Project]:
        if value is None:
            return queryset
        at_least = Q(total_investment__gte=THRESHOLD_WAN)
        return queryset.filter(at_least) if value else queryset.exclude(at_least)

    def filter_behind(self, queryset: QuerySet[Project], name: str, value: bool | None) -> QuerySet[Project]:
        # The queryset is annotated with the period's plan and progress (figures.with_progress).
        if value is None or self.period is None:
            return queryset
        condition = behind_schedule(self.period)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class ProgressFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(label="项目编号", field_name="project__code")
    year = django_filters.NumberFilter(label="年")
    month = django_filters.NumberFilter(label="月")
    status = django_filters.ChoiceFilter(label="状态", choices=ProgressReport.Status.choices)

    class Meta:
        model = ProgressReport
        fields = ["project", "year", "month", "status"]
