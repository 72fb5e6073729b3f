"""The numbers of each figure family in one flat shape, so that the figures, the per-row baseline and
the SQL floor can be compared key by key.

Amounts are in 万元 (the ledgers' unit), counts are whole numbers, and a ratio is compared through
the parts it is computed from, so that nothing depends on how the three round.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from regionpulse.core.units import convert

Numbers = dict[str, Any]
# Amounts summed as floating point (SQLite) may differ from exact sums in the last places.
TOLERANCE = Decimal("0.01")


def _wan(value: Decimal | None) -> Decimal:
    return convert(value or Decimal(0), "亿元", "万元")


def of_economy(figures: Any) -> Numbers:
    numbers: Numbers = {}
    for item in figures.items:
        code = item.indicator.code
        numbers[f"{code}.value"] = item.value.value
        numbers[f"{code}.growth"] = item.growth.value
        numbers[f"{code}.parent"] = item.parent.value
        numbers[f"{code}.parent_growth"] = item.parent_growth
        numbers[f"{code}.rank"] = item.rank
    return numbers


def of_major_projects(figures: Any) -> Numbers:
    numbers: Numbers = {}
    groups = [("total", figures.total)] + [
        (dimension, group) for dimension, members in figures.breakdowns.items() for group in members
    ]
    for dimension, group in groups:
        key = "total" if dimension == "total" else f"{dimension}:{group.name}"
        numbers[f"{key}.count"] = group.count
        numbers[f"{key}.total"] = _wan(group.total_investment.value)
        numbers[f"{key}.plan"] = _wan(group.annual_plan.value)
        numbers[f"{key}.done"] = _wan(group.completed_ytd.value)
        numbers[f"{key}.behind"] = group.behind_schedule
    return numbers


def of_promotion(figures: Any) -> Numbers:
    numbers: Numbers = {
        "engaged": figures.enterprises_engaged,
        "signed": figures.projects_signed,
        "signed_amount": _wan(figures.signed_amount.value),
        "funds": _wan(figures.funds_in_place.value),
        "landed": figures.projects_landed,
        "started": figures.projects_started,
        "producing": figures.projects_producing,
        "stalled_unlanded": figures.stalled_unlanded,
        "stalled_unstarted": figures.stalled_unstarted,
    }
    for metric, item in figures.targets.items():
        value = item.target.value
        numbers[f"target.{metric}"] = _wan(value) if item.target.unit == "亿元" else value
    return numbers


def of_services(figures: Any) -> Numbers:
    approvals = figures.approvals
    numbers: Numbers = {
        "raised": figures.raised,
        "resolved": figures.problems_resolved,
        "unconfirmed": figures.resolved_unconfirmed,
        "open": figures.open,
        "overdue": figures.overdue,
        "median_days": figures.median_days.value,
        "satisfaction": figures.satisfaction.value,
        "approvals": approvals.finished,
        "approval_average_days": approvals.average_days.value,
        "approval_on_time": approvals.on_time_rate.value,
        "approval_time_cut": approvals.time_cut.value,
    }
    for label, count in figures.backlog_by_age:
        numbers[f"backlog.{label}"] = count
    return numbers


def differences(figures: Numbers, other: Numbers) -> list[str]:
    """Where ``other`` disagrees with the figures' numbers: missing keys, or values apart by more than 0.01."""
    problems = []
    for key in sorted(set(figures) | set(other)):
        if key not in figures or key not in other:
            problems.append(f"{key}: only in the {'figures' if key in figures else 'other'}")
            continue
        mine, theirs = figures[key], other[key]
        if mine is None or theirs is None:
            if mine is not theirs:
                problems.append(f"{key}: {mine} against {theirs}")
            continue
        if abs(Decimal(str(mine)) - Decimal(str(theirs))) > TOLERANCE:
            problems.append(f"{key}: {mine} against {theirs}")
    return problems
