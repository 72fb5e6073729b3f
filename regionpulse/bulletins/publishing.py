"""A bulletin's life: drafted from the figures, edited by staff, published and frozen.

A published bulletin keeps the figures it was built from; ``differences`` compares them with the
figures as the records give them now, number by number, so that a later correction is seen and
never changes the bulletin silently.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.functions import Abs
from django.utils import timezone

from regionpulse.bulletins.models import Bulletin
from regionpulse.bulletins.writer import Written, write
from regionpulse.core.figures import registry
from regionpulse.core.models import Region, Role
from regionpulse.core.periods import Period


def body_of(written: Written) -> str:
    return "\n\n".join(section.text for section in written.sections if section.text)


def html_of(written: Written) -> str:
    return "".join(f"<p>{section.html}</p>" for section in written.sections if section.text)


def draft(region: Region, period: Period, user: Any) -> Bulletin:
    written = write(region, period)
    if not any(section.text for section in written.sections):
        raise ValidationError(f"{region.name}{period.label}还没有可写入简报的已审核数据")
    department = user.department if getattr(user, "role", None) == Role.DEPARTMENT else None
    return Bulletin.objects.create(
        region=region,
        year=period.year,
        month=period.month,
        title=written.title,
        body=body_of(written),
        body_html=html_of(written),
        figures=written.figures,
        tags="、".join(section.title for section in written.sections if section.text),
        issuer=department,
    )


def publish(bulletin: Bulletin) -> Bulletin:
    if bulletin.status != Bulletin.Status.DRAFT:
        raise ValidationError("该简报已发布，不能再次发布")
    # Frozen with the figures as they are at the moment of publishing.
    written = write(bulletin.region, bulletin.period)
    bulletin.figures = written.figures
    bulletin.body_html = html_of(written)
    bulletin.status = Bulletin.Status.PUBLISHED
    bulletin.published_at = timezone.now()
    bulletin.save()
    return bulletin


def _numbers(data: Any, path: str = "") -> dict[str, Any]:
    """Every number of a figures document by its path (indicators by name, lists by position)."""
    found: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            found.update(_numbers(value, f"{path}.{key}" if path else str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            name = value.get("indicator") or value.get("name") or value.get("step") if isinstance(value, dict) else None
            found.update(_numbers(value, f"{path}[{name or index}]"))
    elif isinstance(data, int | float) and not isinstance(data, bool):
        found[path] = data
    return found


def differences(bulletin: Bulletin) -> list[tuple[str, Any, Any]]:
    """(figure, as published, as now) for each number that changed since publishing."""
    if bulletin.status != Bulletin.Status.PUBLISHED:
        return []
    now = _numbers(registry.as_json(bulletin.region, bulletin.period))
    then = _numbers(bulletin.figures)
    paths = sorted(then.keys() | now.keys())
    return [(path, then.get(path), now.get(path)) for path in paths if then.get(path) != now.get(path)]


def related(bulletin: Bulletin, count: int = 4) -> Any:
    """Published bulletins of the same region, nearest periods first."""
    index = bulletin.year * 12 + bulletin.month
    distance = Abs(F("year") * 12 + F("month") - index)
    others = Bulletin.objects.filter(region=bulletin.region, status=Bulletin.Status.PUBLISHED).exclude(pk=bulletin.pk)
    return others.annotate(distance=distance).order_by("distance", "-year", "-month")[:count]
