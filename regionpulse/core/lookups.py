from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from regionpulse.core.models import Region
from regionpulse.core.periods import Period, PeriodError
from regionpulse.core.scopes import can_view_region


def find_region(text: str) -> Region:
    """A region by its GB/T 2260 code or its name; LookupError says which was not found."""
    text = text.strip()
    try:
        return Region.objects.select_related("parent").get(Q(code=text) | Q(name=text))
    except Region.DoesNotExist:
        raise LookupError(f"没有找到地区“{text}”（请使用6位行政区划代码或地区名称）") from None
    except Region.MultipleObjectsReturned:
        raise LookupError(f"有多个地区名为“{text}”，请使用行政区划代码") from None


def viewable_region_and_period(user: Any, region: str, period: str) -> tuple[Region, Period]:
    """The region and period a page or API URL names, or a 404 if either is unknown or out of scope."""
    try:
        where, when = find_region(region), Period.parse(period)
    except (LookupError, PeriodError) as error:
        raise Http404(str(error)) from error
    if not can_view_region(user, where):
        raise Http404("没有该地区")
    return where, when
