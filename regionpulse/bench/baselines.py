"""Each cockpit figure family computed the straightforward way: the district's records fetched through
the ORM and added up in Python, one row at a time, with the related rows each loop naturally asks
for. This is what the figure functions are measured against; it gives the same numbers.
"""

from __future__ import annotations

import datetime
import statistics
from decimal import Decimal
from typing import Any

from regionpulse.bench.numbers import Numbers
from regionpulse.core.models import Region
from regionpulse.core.periods import Period

ZERO = Decimal(0)


def economy(region: Region, period: Period) -> Numbers:
    """Every approved observation of the period, then each of the region's with its parent and siblings."""
    from regionpulse.indicators.models import Observation

    rows = list(Observation.objects.filter(status="approved", year=period.year, month=period.month))
    children_total = Region.objects.filter(parent_id=region.parent_id).count() if region.parent_id else 0
    numbers: Numbers = {}
    for own in rows:
        if own.region_id != region.pk:
            continue
        code = own.indicator.code
        siblings = [
            row
            for row in rows
            if row.indicator_id == own.indicator_id
            and row.region.parent_id == region.parent_id
            and row.value is not None
        ]
        parent = next(
            (row for row in rows if row.indicator_id == own.indicator_id and row.region_id == region.parent_id), None
        )
        if parent is not None and parent.value is not None:
            total = parent.value
        elif children_total and len(siblings) == children_total:
            total = sum((row.value for row in siblings if row.value is not None), ZERO)
        else:
            total = None
        above = sum(1 for row in siblings if own.value is not None and row.value is not None and row.value > own.value)
        numbers[f"{code}.value"] = own.value
        numbers[f"{code}.growth"] = own.growth
        numbers[f"{code}.parent"] = total
        numbers[f"{code}.parent_growth"] = parent.growth if parent is not None else None
        numbers[f"{code}.rank"] = above + 1 if own.value is not None and region.parent_id else None
    return numbers


def major_projects(region: Region, period: Period) -> Numbers:
    """Every listed project of the district, with its plan and its approved reports fetched one by one."""
    from regionpulse.projects.classifications import Industry, Stage
    from regionpulse.projects.figures import BEHIND_MARGIN, THRESHOLD_WAN, UNASSIGNED
    from regionpulse.projects.models import AnnualPlan, ProgressReport, Project

    expected = Decimal(period.month) / 12 - BEHIND_MARGIN
    labels = {"industry": dict(Industry.choices), "stage": dict(Stage.choices)}
    groups: dict[str, dict[str, Any]] = {}
    listed = Project.objects.filter(region=region, listings__year=period.year).select_related("task_force", "leader")
    for project in listed:
        if project.total_investment < THRESHOLD_WAN:
            continue
        plan_row = AnnualPlan.objects.filter(project=project, year=period.year).first()
        plan = plan_row.planned_investment if plan_row else ZERO
        reports = ProgressReport.objects.filter(project=project, year=period.year, status="approved")
        done = sum((report.investment for report in reports if report.month <= period.month), ZERO)
        behind = plan > 0 and done < plan * expected
        keys = {
            "total": "total",
            "task_force": project.task_force.name if project.task_force else None,
            "leader": project.leader.name if project.leader else None,
            "industry": str(labels["industry"].get(project.industry, project.industry)),
            "stage": str(labels["stage"].get(project.stage, project.stage)),
        }
        for dimension, name in keys.items():
            key = "total" if dimension == "total" else f"{dimension}:{name or UNASSIGNED}"
            group = groups.setdefault(key, {"count": 0, "total": ZERO, "plan": ZERO, "done": ZERO, "behind": 0})
            group["count"] += 1
            group["total"] += project.total_investment
            group["plan"] += plan
            group["done"] += done
            group["behind"] += int(behind)
    groups.setdefault("total", {"count": 0, "total": ZERO, "plan": ZERO, "done": ZERO, "behind": 0})
    return {f"{key}.{name}": value for key, group in groups.items() for name, value in group.items()}


def investment_promotion(region: Region, period: Period) -> Numbers:
    """The district's contacts of the year and all its deals, looked at one by one."""
    from regionpulse.promotion.figures import STALLED_AFTER
    from regionpulse.promotion.models import Deal, Engagement, Target

    start, end = period.year_to_date()
    engaged = {contact.investor_id for contact in Engagement.objects.filter(region=region, date__range=(start, end))}
    counts = dict.fromkeys(("signed", "landed", "started", "producing", "stalled_unlanded", "stalled_unstarted"), 0)
    amount, funds = ZERO, ZERO

    def within(day: datetime.date | None) -> bool:
        return day is not None and start <= day <= end

    for deal in Deal.objects.filter(region=region):
        if within(deal.signed_on):
            counts["signed"] += 1
            amount += deal.amount
            funds += deal.funds_in_place
        for stage in ("landed", "started", "producing"):
            counts[stage] += int(within(getattr(deal, f"{stage}_on")))
        if deal.signed_on and deal.signed_on < end - STALLED_AFTER and not (deal.landed_on and deal.landed_on <= end):
            counts["stalled_unlanded"] += 1
        if deal.landed_on and deal.landed_on < end - STALLED_AFTER and not (deal.started_on and deal.started_on <= end):
            counts["stalled_unstarted"] += 1
    numbers: Numbers = {"engaged": len(engaged), "signed_amount": amount, "funds": funds, **counts}
    for target in Target.objects.filter(region=region, year=period.year):
        numbers[f"target.{target.metric}"] = target.value
    return numbers


def services(region: Region, period: Period) -> Numbers:
    """The district's requests and approval cases, each looked at in turn."""
    from regionpulse.desk.figures import AGE_BUCKETS
    from regionpulse.desk.models import ApprovalCase, Request

    start, end = period.year_to_date()
    counts = dict.fromkeys(("raised", "resolved", "unconfirmed", "open", "overdue"), 0)
    ages = [0] * len(AGE_BUCKETS)
    ratings: list[int] = []
    days: list[int] = []
    for request in Request.objects.filter(region=region):
        counts["raised"] += int(start <= request.raised_on <= end)
        if request.confirmed_on and start <= request.confirmed_on <= end:
            counts["resolved"] += 1
            if request.rating is not None:
                ratings.append(request.rating)
            if request.working_days is not None:
                days.append(request.working_days)
        if (
            request.resolved_on
            and request.resolved_on <= end
            and not (request.confirmed_on and request.confirmed_on <= end)
        ):
            counts["unconfirmed"] += 1
        if request.raised_on <= end and not (request.resolved_on and request.resolved_on <= end):
            counts["open"] += 1
            counts["overdue"] += int(request.resolve_by < end)
            age = (end - request.raised_on).days
            for index, (low, high, _) in enumerate(AGE_BUCKETS):
                if age >= low and (high is None or age <= high):
                    ages[index] += 1
    cases = [
        case
        for case in ApprovalCase.objects.filter(region=region)
        if case.finished_on and start <= case.finished_on <= end
    ]
    taken = sum(case.working_days or 0 for case in cases)
    on_time = sum(1 for case in cases if case.working_days is not None and case.working_days <= case.promised_days)
    promised = sum(case.promised_days for case in cases)
    statutory = sum(case.statutory_days for case in cases)
    hundred = Decimal(100)
    numbers: Numbers = {
        **counts,
        "median_days": Decimal(str(statistics.median(days))) if days else None,
        "satisfaction": Decimal(sum(ratings)) / len(ratings) if ratings else None,
        "approvals": len(cases),
        "approval_average_days": Decimal(taken) / len(cases) if cases else None,
        "approval_on_time": Decimal(on_time) / len(cases) * hundred if cases else None,
        "approval_time_cut": hundred - Decimal(promised) / Decimal(statutory) * hundred if statutory else None,
    }
    for index, (_, _, label) in enumerate(AGE_BUCKETS):
        numbers[f"backlog.{label}"] = ages[index]
    return numbers


FAMILIES = {
    "indicators": economy,
    "major_projects": major_projects,
    "investment_promotion": investment_promotion,
    "services": services,
}
