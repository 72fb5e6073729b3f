from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Q
from django.http import Http404

from regionpulse.core.importing import RowError
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


class RegionIndex:
    """Regions by code and by unambiguous name, limited to those ``user`` may write in (None: all)."""

    def __init__(self, user: Any | None) -> None:
        regions = list(Region.objects.all())
        names = Counter(region.name for region in regions)
        # A name that two regions share (青山区 is in 包头 and in 武汉) must be given by its code.
        self.ambiguous = {name for name, count in names.items() if count > 1}
        self.regions = {region.code: region for region in regions} | {
            region.name: region for region in regions if region.name not in self.ambiguous
        }
        if user is not None and not user.is_platform_admin:
            self.regions = {
                key: region for key, region in self.regions.items() if region.path.startswith(user.region.path)
            }

    def find(self, text: str, column: str) -> Region:
        """The region a cell names ("150203", "昆都仑区" or "150203 昆都仑区"); RowError blames ``column``."""
        region = self.regions.get(text) or self.regions.get(text.split(" ")[0])
        if region is None and text in self.ambiguous:
            raise RowError(f"有多个地区名为“{text}”，请填写行政区划代码", column)
        if region is None:
            raise RowError(f"未知的地区“{text}”（请填写行政区划代码或名称，且在您的管辖范围内）", column)
        return region


def home_region(user: Any) -> Region | None:
    """The district a user works in: his or her own, or for a city, province or platform user the
    first district below (the cockpit's and the pages' default region)."""
    if user.region_id is not None and user.region.level == Region.Level.COUNTY:
        return user.region
    counties = Region.objects.filter(level=Region.Level.COUNTY).order_by("code")
    if user.region_id is not None:
        counties = counties.filter(path__startswith=user.region.path)
    return counties.first()
