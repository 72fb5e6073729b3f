"""The investment-promotion figures of a region for the year to a period's month, in one query.

Counts follow the dates of the year to date (1 January to the month's last day): enterprises
engaged (each once, however often met), deals signed and their amount, deals landed, started and in
production; funds in place of the year's signed deals; each target's completion; deals stalled.
The region's deals, its contacts and its targets are each counted in one pass, and the three rows
come back from one statement: the family is one round trip.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Count, F, Max, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from regionpulse.core.aggregates import MONEY, CountDistinct, CountRows, SumOf, in_region, one_group, one_row, scalar
from regionpulse.core.figures import Figure, Provenance, json_number, registry
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.core.units import convert
from regionpulse.promotion.models import Deal, Engagement, Investor, ListTag, Target

AMOUNT_DECIMALS = 3  # 1538.248亿元: signed amounts are published to the 万元
TARGET_DECIMALS = 0  # 分别完成全年招商计划的84%、171%: whole percents
RATE_DECIMALS = 1
STALLED_AFTER = datetime.timedelta(days=180)  # more than this long since signing (or landing)
HUNDRED = Decimal(100)
ZERO = Decimal(0)
Metric = Target.Metric


@dataclass(frozen=True, slots=True)
class TargetCompletion:
    metric: str
    target: Figure
    completion: Figure


@dataclass(frozen=True, slots=True)
class PromotionFigures:
    region: Region
    period: Period
    enterprises_engaged: int
    projects_signed: int
    signed_amount: Figure  # 亿元
    projects_landed: int
    projects_started: int
    projects_producing: int
    funds_in_place: Figure  # 亿元
    targets: dict[str, TargetCompletion]
    stalled_unlanded: int
    stalled_unstarted: int

    def actuals(self) -> dict[str, Figure]:
        """What was done, by target metric, in the unit it is written in."""

        def count(value: int, unit: str) -> Figure:
            return Figure(Decimal(value), 0, unit)

        return {
            Metric.ENGAGED: count(self.enterprises_engaged, "家"),
            Metric.SIGNED: count(self.projects_signed, "个"),
            Metric.SIGNED_AMOUNT: self.signed_amount,
            Metric.LANDED: count(self.projects_landed, "个"),
            Metric.STARTED: count(self.projects_started, "个"),
            Metric.FUNDS: self.funds_in_place,
        }

    def completion(self, metric: str) -> Figure | None:
        found = self.targets.get(metric)
        return found.completion if found else None

    def funnel(self) -> list[tuple[str, int, Figure]]:
        """Each step with its count and its conversion from the step before (None for the first)."""
        steps = [
            ("对接洽谈企业", self.enterprises_engaged),
            ("签约项目", self.projects_signed),
            ("落地项目", self.projects_landed),
            ("开工项目", self.projects_started),
            ("投产项目", self.projects_producing),
        ]
        result = []
        for index, (name, count) in enumerate(steps):
            before = steps[index - 1][1] if index else 0
            rate = Decimal(count) / before * HUNDRED if before else None
            result.append((name, count, Figure(rate, RATE_DECIMALS, "%")))
        return result

    def as_json(self) -> dict[str, Any]:
        targets: dict[str, Any] = {}
        for metric, item in self.targets.items():
            # A target is a round number (900亿元); it is written without trailing decimals.
            value = item.target.value or ZERO
            targets[JSON_KEYS[metric]] = int(value) if value == value.to_integral_value() else json_number(value)
        data: dict[str, Any] = {
            "enterprises_engaged": self.enterprises_engaged,
            "projects_signed": self.projects_signed,
            "signed_amount_yi": json_number(self.signed_amount.rounded),
            "annual_targets": targets,
        }
        for metric, item in self.targets.items():
            data[f"{metric}_pct_of_target"] = json_number(item.completion.rounded)
        data.update(
            {
                "projects_landed": self.projects_landed,
                "projects_started": self.projects_started,
                "projects_producing": self.projects_producing,
                "funds_in_place_yi": json_number(self.funds_in_place.rounded),
                "funnel": [
                    {"step": name, "count": count, "conversion_pct": json_number(rate.rounded)}
                    for name, count, rate in self.funnel()
                ],
                "stalled": {"signed_not_landed": self.stalled_unlanded, "landed_not_started": self.stalled_unstarted},
            }
        )
        return data


JSON_KEYS: dict[str, str] = {
    Metric.ENGAGED: "enterprises_engaged",
    Metric.SIGNED: "projects_signed",
    Metric.SIGNED_AMOUNT: "signed_amount_yi",
    Metric.LANDED: "projects_landed",
    Metric.STARTED: "projects_started",
    Metric.FUNDS: "funds_in_place_yi",
}
AMOUNT_METRICS = {Metric.SIGNED_AMOUNT, Metric.FUNDS}


def signed_not_landed(as_of: datetime.date) -> Q:
    """Signed more than half a year before ``as_of`` and not landed by then."""
    return Q(signed_on__lt=as_of - STALLED_AFTER) & (Q(landed_on__isnull=True) | Q(landed_on__gt=as_of))


def landed_not_started(as_of: datetime.date) -> Q:
    """Landed more than half a year before ``as_of`` and not started by then."""
    return Q(landed_on__lt=as_of - STALLED_AFTER) & (Q(started_on__isnull=True) | Q(started_on__gt=as_of))


def stalled(as_of: datetime.date) -> Q:
    """A deal stuck for more than half a year at signing or at landing (停滞)."""
    return signed_not_landed(as_of) | landed_not_started(as_of)


def _provenance(region: Region, model: str, where: dict[str, Any], method: str) -> Provenance:
    return Provenance(model, {"region__path__startswith": region.path, **where}, method)


@registry.register("investment_promotion")
def investment_promotion(region: Region, period: Period) -> PromotionFigures:
    start, end = period.year_to_date()
    window = (start, end)
    signed = Q(signed_on__range=window)
    # The region's deals, its contacts and its targets, each counted in one pass, in one statement.
    deals = one_group(
        in_region(Deal.objects.all(), region),
        signed=Count("pk", filter=signed),
        signed_amount=Coalesce(Sum("amount", filter=signed), Value(ZERO), output_field=MONEY),
        funds=Coalesce(Sum("funds_in_place", filter=signed), Value(ZERO), output_field=MONEY),
        landed=Count("pk", filter=Q(landed_on__range=window)),
        started=Count("pk", filter=Q(started_on__range=window)),
        producing=Count("pk", filter=Q(producing_on__range=window)),
        unlanded=Count("pk", filter=signed_not_landed(end)),
        unstarted=Count("pk", filter=landed_not_started(end)),
    )
    engagements = one_group(
        in_region(Engagement.objects.all(), region).filter(date__range=window),
        engaged=Count("investor_id", distinct=True),
    )
    # A region answers for its own targets; a city's is the city's, never one of its districts'.
    targets = one_group(
        Target.objects.filter(region=region, year=period.year),
        **{f"target_{metric.value}": Max("value", filter=Q(metric=metric)) for metric in Metric},
    )
    return _figures(region, period, one_row(deals, engagements, targets))


def _figures(region: Region, period: Period, row: dict[str, Any]) -> PromotionFigures:
    start, end = period.year_to_date()
    window = {"signed_on__range": [start.isoformat(), end.isoformat()]}
    signed_amount = Figure(
        convert(row["signed_amount"], "万元", "亿元"),
        AMOUNT_DECIMALS,
        "亿元",
        _provenance(region, "promotion.Deal", window, "当年签约项目意向投资额之和（万元÷10000）"),
    )
    actual = {
        Metric.ENGAGED: Decimal(row["engaged"]),
        Metric.SIGNED: Decimal(row["signed"]),
        Metric.SIGNED_AMOUNT: row["signed_amount"],
        Metric.LANDED: Decimal(row["landed"]),
        Metric.STARTED: Decimal(row["started"]),
        Metric.FUNDS: row["funds"],
    }
    targets = {}
    for metric in Metric:
        goal = row[f"target_{metric.value}"]
        if goal is None:
            continue  # no target set: no completion to write
        shown = convert(goal, "万元", "亿元") if metric in AMOUNT_METRICS else goal
        where = {"year": period.year, "metric": metric.value}
        targets[metric.value] = TargetCompletion(
            metric.value,
            Figure(
                shown, AMOUNT_DECIMALS if metric in AMOUNT_METRICS else 0, "亿元" if metric in AMOUNT_METRICS else ""
            ),
            Figure(
                actual[metric] / goal * HUNDRED if goal else None,
                TARGET_DECIMALS,
                "%",
                _provenance(region, "promotion.Target", where, "完成值 ÷ 全年目标（未取整值相除）"),
            ),
        )
    return PromotionFigures(
        region=region,
        period=period,
        enterprises_engaged=row["engaged"],
        projects_signed=row["signed"],
        signed_amount=signed_amount,
        projects_landed=row["landed"],
        projects_started=row["started"],
        projects_producing=row["producing"],
        funds_in_place=Figure(convert(row["funds"], "万元", "亿元"), AMOUNT_DECIMALS, "亿元"),
        targets=targets,
        stalled_unlanded=row["unlanded"],
        stalled_unstarted=row["unstarted"],
    )


@dataclass(frozen=True, slots=True)
class ChainFigures:
    chain_id: int
    name: str
    targets: int
    engaged: int
    signed: int
    signed_amount: Figure
    started: int


def by_chain(region: Region, period: Period) -> list[ChainFigures]:
    """Each industry chain's year to date, in one query: targets, enterprises engaged, deals signed."""
    from regionpulse.promotion.models import IndustryChain

    start, end = period.year_to_date()
    chain = {"chain": OuterRef("pk")}
    rows = (
        in_region(IndustryChain.objects.all(), region)
        .annotate(
            target_count=scalar(
                Investor.chains.through.objects.filter(industrychain=OuterRef("pk")), CountRows(F("pk")), 0
            ),
            engaged=scalar(
                Engagement.objects.filter(**chain, date__range=(start, end)), CountDistinct(F("investor_id")), 0
            ),
            signed=scalar(Deal.objects.filter(**chain, signed_on__range=(start, end)), CountRows(F("pk")), 0),
            amount=scalar(Deal.objects.filter(**chain, signed_on__range=(start, end)), SumOf(F("amount")), ZERO),
            started=scalar(Deal.objects.filter(**chain, started_on__range=(start, end)), CountRows(F("pk")), 0),
        )
        .order_by("name")
        .values("pk", "name", "target_count", "engaged", "signed", "amount", "started")
    )
    return [
        ChainFigures(
            row["pk"],
            row["name"],
            row["target_count"],
            row["engaged"],
            row["signed"],
            Figure(convert(row["amount"], "万元", "亿元"), AMOUNT_DECIMALS, "亿元"),
            row["started"],
        )
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class TagFigures:
    tag: str
    name: str
    enterprises: int
    engaged: int
    signed: int


def by_tag(region: Region, period: Period) -> list[TagFigures]:
    """For each list (世界500强 …): enterprises on it, how many were engaged and signed this year; one query.

    Three groupings of the region's listings by list — the enterprises, those of them met this year,
    their deals signed this year — travel as one UNION ALL, each looking up contacts and deals of
    listed enterprises only.
    """
    from regionpulse.promotion.models import Listing

    start, end = period.year_to_date()
    listings = in_region(Listing.objects.all(), region, "investor__region").order_by()

    def grouped(queryset: QuerySet[Listing], metric: str, counting: Count) -> QuerySet[Any]:
        return queryset.values("tag", metric=Value(metric, output_field=CharField())).annotate(n=counting)

    enterprises = grouped(listings, "enterprises", Count("investor", distinct=True))
    engaged = grouped(
        listings.filter(investor__engagements__date__range=(start, end)), "engaged", Count("investor", distinct=True)
    )
    signed = grouped(
        listings.filter(investor__deals__signed_on__range=(start, end)),
        "signed",
        Count("investor__deals", distinct=True),
    )
    counts: dict[str, dict[str, int]] = {}
    for row in enterprises.union(engaged, signed, all=True):
        counts.setdefault(row["tag"], {})[row["metric"]] = row["n"]
    labels = dict(ListTag.choices)
    return [
        TagFigures(tag, str(labels[tag]), found["enterprises"], found.get("engaged", 0), found.get("signed", 0))
        for tag in ListTag.values
        if (found := counts.get(tag, {})).get("enterprises")
    ]
