"""Recording another region's published figures as observations "已公开未核实", with their source.

Only figures of catalogue indicators with a region and a period can be recorded. The figure
families count approved observations only, so a published figure is kept beside the platform's
own data to compare against (比学赶超) and never changes a computed figure. A figure that the
platform already holds in review (草稿, 已报送, 已审核) is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from regionpulse.claims.claim import Claim
from regionpulse.claims.numbers import convert
from regionpulse.core.models import Region
from regionpulse.core.periods import Period, PeriodError
from regionpulse.indicators.models import Indicator, Observation
from regionpulse.indicators.review import can_edit

PUBLISHED = Observation.Status.PUBLISHED


@dataclass(frozen=True, slots=True)
class Candidate:
    """A claim as the observation it would become."""

    number: int  # the claim's position in the reading
    indicator: Indicator
    region: Region
    period: Period
    value: Decimal | None
    growth: Decimal | None


@dataclass(slots=True)
class Outcome:
    created: list[Observation] = field(default_factory=list)
    updated: list[Observation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def may_publish(user: Any, region: Region, indicator: Indicator) -> bool:
    """Who may record a figure: those who write observations, for indicators of their department,
    in their own region or a peer of it (a region with the same parent); administrators anywhere."""
    if user.is_platform_admin:
        return True
    if not can_edit(user) or user.region_id is None:
        return False
    if indicator.responsible != getattr(user.department, "function", None):
        return False
    own = user.region
    return region.path.startswith(own.path) or (own.parent_id is not None and region.parent_id == own.parent_id)


def _value_in(indicator: Indicator, claim: Claim) -> Decimal | None:
    if claim.value is None or claim.unit is None or claim.qualifier:
        return None
    return convert(claim.value, claim.unit, indicator.unit)


def candidates(claims: Iterable[Claim], user: Any) -> list[Candidate]:
    """The claims ``user`` may record as published figures."""
    claims = list(claims)
    indicators = {indicator.name: indicator for indicator in Indicator.objects.all()}
    names = {claim.region for claim in claims if claim.region}
    regions: dict[str, list[Region]] = {}
    for region in Region.objects.filter(name__in=names):
        regions.setdefault(region.name, []).append(region)
    found = []
    for number, claim in enumerate(claims):
        indicator = indicators.get(claim.indicator)
        matches = regions.get(claim.region or "", [])
        if indicator is None or len(matches) != 1 or claim.period is None:
            continue
        try:
            period = Period.parse(claim.period)
        except PeriodError:
            continue
        value, growth = _value_in(indicator, claim), claim.yoy_pct
        if (value is not None or growth is not None) and may_publish(user, matches[0], indicator):
            found.append(Candidate(number, indicator, matches[0], period, value, growth))
    return found


def publish(chosen: Iterable[Candidate], source: str, user: Any) -> Outcome:
    """Write the chosen figures as published observations; each is recorded in the change history."""
    outcome = Outcome()
    with transaction.atomic():
        for candidate in chosen:
            _publish_one(candidate, source, user, outcome)
    return outcome


def _publish_one(candidate: Candidate, source: str, user: Any, outcome: Outcome) -> None:
    label = f"{candidate.region.name}{candidate.period.label}{candidate.indicator.name}"
    if not may_publish(user, candidate.region, candidate.indicator):
        outcome.skipped.append(f"{label}：您不能记录该地区或该指标的数据")
        return
    current = Observation.objects.filter(
        indicator=candidate.indicator,
        region=candidate.region,
        year=candidate.period.year,
        month=candidate.period.month,
    ).first()
    if current is not None and current.status != PUBLISHED:
        outcome.skipped.append(f"{label}：平台已有该数据（{current.get_status_display()}），未改动")
        return
    observation = current or Observation(
        indicator=candidate.indicator,
        region=candidate.region,
        year=candidate.period.year,
        month=candidate.period.month,
        status=PUBLISHED,
    )
    observation.value, observation.growth, observation.source = candidate.value, candidate.growth, source[:200]
    try:
        with transaction.atomic():
            observation.save()
    except ValidationError as error:
        outcome.skipped.append(f"{label}：{' '.join(error.messages)}")
        return
    (outcome.updated if current is not None else outcome.created).append(observation)
