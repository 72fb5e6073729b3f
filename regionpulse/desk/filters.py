"""The desk's questions as FilterSets, for the API and, later, the pages and their exports.

A department offered as a choice is one in the caller's scope, so a department outside it reads
exactly as one that does not exist.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from regionpulse.core.models import Department
from regionpulse.core.scopes import restrict
from regionpulse.desk.models import ApprovalCase, Category, Notification, Request, State, overdue


def visible_departments(request: Any) -> QuerySet[Department]:
    return restrict(Department.objects.order_by("name"), getattr(request, "user", None))


class RequestFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=State.choices, empty_label="全部")
    category = django_filters.ChoiceFilter(label="类别", choices=Category.choices, empty_label="全部")
    department = django_filters.ModelChoiceFilter(label="承办部门", queryset=visible_departments, empty_label="全部")
    overdue = django_filters.BooleanFilter(
        label="超期", method="filter_overdue", help_text="true：未办结且已过办结时限；false：其余"
    )
    # A year a date can have: any other cannot be asked of a date.
    year = django_filters.NumberFilter(
        label="提交年度", field_name="raised_on", lookup_expr="year", min_value=1, max_value=9999
    )

    class Meta:
        model = Request
        fields = ["state", "category", "department", "overdue", "year"]

    def filter_overdue(self, queryset: QuerySet[Request], name: str, value: bool | None) -> QuerySet[Request]:
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(overdue(today)) if value else queryset.exclude(overdue(today))


class ApprovalFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label="受理年度", field_name="received_on", lookup_expr="year", min_value=1, max_value=9999
    )
    item = django_filters.CharFilter(label="审批事项", lookup_expr="contains", help_text="事项名称的一部分")

    class Meta:
        model = ApprovalCase
        fields = ["year", "item"]


class NotificationFilter(django_filters.FilterSet):
    read = django_filters.BooleanFilter(
        label="已读", field_name="read_at", lookup_expr="isnull", exclude=True, help_text="false：只看未读消息"
    )

    class Meta:
        model = Notification
        fields = ["read"]
