from __future__ import annotations

from django.db.models import Q

from regionpulse.core.models import Region


def find_region(text: str) -> Region:
    """A region by its GB/T 2260 code or its name; LookupError says which was not found."""
    text = text.strip()
    try:
        return Region.objects.select_related("parent").get(Q(code=text) | Q(name=text))
    except Region.DoesNotExist:
        raise LookupError(f"没有找到地区“{text}”（请使用6位行政区划代码或地区名称）") from None
    except Region.MultipleObjectsReturned:
        raise LookupError(f"有多个地区名为“{text}”，请使用行政区划代码") from None
