"""A whole synthetic province at one of three scales, every app's records for every district.

``generate(SCALES["province"])`` writes 100 districts under ten cities, each with 1,000 major
projects reported monthly for three years, 2,000 courted enterprises with 10,000 contacts and the
deals that came of them, 5,000 requests to the service desk with their events, approval cases, and
the indicators of every region and month: about nine million rows. Each district is one
transaction; the same scale and seed give the same data. ``delete`` removes the province, and only
it, with raw deletes. See ``projects/generate.py`` for how the ledger is written and what is
bypassed to write it fast.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from regionpulse.core import data_version
from regionpulse.core.models import Region
from regionpulse.desk.models import ApprovalCase, Event, KeyEnterprise, Request
from regionpulse.generate import desk, indicators, promotion
from regionpulse.generate.bulk import BulkWriter, Report, column, table
from regionpulse.generate.calendar import WorkCalendar
from regionpulse.indicators.models import Indicator, Observation
from regionpulse.projects.generate import (
    PROVINCE_CODE,
    LedgerWriter,
    check_province,
    check_years,
    create_organisations,
    create_regions,
    delete_statements,
    province_regions,
    run_deletes,
    write_district_ledger,
)
from regionpulse.projects.models import AnnualPlan, ProgressReport, Project
from regionpulse.projects.models import Listing as ProjectListing
from regionpulse.promotion.models import Deal, Engagement, IndustryChain, Investor, StageMove, Target
from regionpulse.promotion.models import Listing as InvestorTag

YEARS = (2020, 2021, 2022)
SEED = "regionpulse-synthetic"
# The tables a generated province fills (every one but those of a few rows a district).
WRITTEN: list[type[Model]] = [
    Project,
    ProjectListing,
    AnnualPlan,
    ProgressReport,
    Investor,
    InvestorTag,
    IndustryChain.targets.through,
    Engagement,
    Deal,
    StageMove,
    Request,
    Event,
    ApprovalCase,
    Observation,
]


@dataclass(frozen=True, slots=True)
class Scale:
    """How many districts, and how much of each kind of record a district has."""

    name: str
    districts: int
    projects: int = 1_000
    investors: int = 2_000
    engagements: int = 10_000  # over all the years
    deals: int = 220  # opened a year
    requests: int = 5_000  # over all the years
    approvals: int = 600  # a year

    def with_districts(self, districts: int) -> Scale:
        return replace(self, districts=districts)

    @property
    def pipeline_shape(self) -> promotion.PipelineShape:
        return promotion.PipelineShape(self.investors, self.engagements, self.deals)

    @property
    def desk_shape(self) -> desk.DeskShape:
        return desk.DeskShape(self.requests, self.approvals)

    def district_rows(self, years: int) -> int:
        """About how many rows one district comes to."""
        return (
            self.projects * LedgerWriter.rows_per_project(years)
            + promotion.rows_per_district(self.pipeline_shape, years)
            + desk.rows_per_district(self.desk_shape, years)
        )


SCALES = {
    "district": Scale("district", 1),
    "city": Scale("city", 10),
    "province": Scale("province", 100),
}


@dataclass(frozen=True, slots=True)
class Generated:
    scale: Scale
    province: str
    cities: tuple[str, ...]
    districts: tuple[str, ...]
    counts: dict[str, int]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _analyse(models: list[type[Model]]) -> None:
    # The planner needs statistics of the tables just filled, and index-only scans need the visibility
    # map that VACUUM sets; autovacuum would see to both, but only later.
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run inside a transaction (a caller's, or a test's): ANALYZE can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {table(model)}")


def generate(
    scale: Scale,
    progress: Report | None = None,
    *,
    years: tuple[int, ...] = YEARS,
    seed: str = SEED,
    province: str = PROVINCE_CODE,
) -> Generated:
    """Write a synthetic province at ``scale``; raises ``LedgerExistsError`` when it is there already."""
    if scale.districts < 1 or scale.projects < 1:
        raise ValueError("至少生成1个县级单位、每个县级单位至少1个项目")
    check_years(years)
    check_province(province)
    began = time.perf_counter()
    rng = random.Random(f"{seed}:layout")  # noqa: S311 - synthetic data, repeatable by design
    bulk = BulkWriter(scale.districts * scale.district_rows(len(years)), progress)
    ledger = LedgerWriter(tuple(years), bulk)
    calendar = WorkCalendar(datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31))
    with transaction.atomic(), data_version.changed_once():
        top, regions, layout = create_regions(province, scale.districts, rng)
        bulk.expect(bulk.expected + indicators.rows_for(1 + len(regions), len(years)))
        with connection.cursor() as cursor:
            indicators.write_observations(cursor, bulk, [top, *regions], years, rng)
    bulk.counts["regions"] = 1 + len(regions)
    by_code = {region.code: region for region in regions}
    for number, district in enumerate(layout, start=1):
        region = by_code[district.code]
        district_rng = random.Random(f"{seed}:{district.code}")  # noqa: S311 - synthetic data, repeatable by design
        with transaction.atomic(), data_version.changed_once():
            orgs = create_organisations(region, district, district_rng)
            for name, count in orgs.rows.items():
                bulk.counts[name] = bulk.counts.get(name, 0) + count
            projects = list(
                write_district_ledger(region, district, orgs, scale.projects, district_rng, ledger).values()
            )
            with connection.cursor() as cursor:
                promotion.write_district_pipeline(
                    cursor, bulk, region, orgs, projects, scale.pipeline_shape, years, calendar, district_rng
                )
                desk.write_district_desk(
                    cursor, bulk, region, district.code, orgs, projects, scale.desk_shape, years, calendar, district_rng
                )
        # The districts written so far say how many rows the rest will come to.
        bulk.expect(bulk.done + (len(layout) - number) * bulk.done // number)
    bulk.finish()
    _analyse(WRITTEN)
    return Generated(
        scale=scale,
        province=top.code,
        cities=tuple(region.code for region in regions if region.level == Region.Level.CITY),
        districts=tuple(district.code for district in layout),
        counts=dict(bulk.counts),
        seconds=time.perf_counter() - began,
    )


def _count(model: type[Model], path: str, province: str) -> int:
    return int(model._default_manager.filter(**{f"{path}__path__startswith": f"{province}/"}).count())


def existing(province: str = PROVINCE_CODE) -> dict[str, int]:
    """The rows of a generated province that its scale fixes (nothing when there is none)."""
    if not Region.objects.filter(code=province).exists():
        return {}
    return {
        "regions": Region.objects.filter(path__startswith=f"{province}/").count(),
        "districts": Region.objects.filter(path__startswith=f"{province}/", level=Region.Level.COUNTY).count(),
        "projects": _count(Project, "region", province),
        "reports": _count(ProgressReport, "project__region", province),
        "engagements": _count(Engagement, "region", province),
        "requests": _count(Request, "region", province),
        "observations": _count(Observation, "region", province),
    }


def expected(scale: Scale, years: tuple[int, ...] = YEARS, regions: int | None = None) -> dict[str, int]:
    """What ``existing`` shows for a province generated at ``scale`` (``regions``: counted, when known)."""
    months = 12 * len(years)
    found = {
        "districts": scale.districts,
        "projects": scale.districts * scale.projects,
        "reports": scale.districts * scale.projects * months,
        "engagements": scale.districts * scale.engagements,
        "requests": scale.districts * scale.requests,
    }
    if regions is not None:
        found |= {"regions": regions, "observations": regions * months * Indicator.objects.count()}
    return found


def matches(scale: Scale, years: tuple[int, ...] = YEARS, province: str = PROVINCE_CODE) -> bool:
    """Whether the province in the database is the one ``generate(scale)`` writes (by its row counts)."""
    found = existing(province)
    return bool(found) and found == expected(scale, years, found["regions"])


def delete(province: str = PROVINCE_CODE) -> int:
    """Remove a generated province and everything under it, with raw deletes; the rows removed."""
    regions = province_regions(province)
    if not regions:
        return 0
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(regions))

    def region_of(model: type[Model]) -> str:
        return f"{quote(column(model, 'region'))} IN ({marks})"

    def through(model: type[Model], name: str, parent: type[Model]) -> str:
        inner = f"SELECT {quote(column(parent, 'id'))} FROM {table(parent)} WHERE {region_of(parent)}"  # noqa: S608
        return f"{quote(column(model, name))} IN ({inner})"

    targets = IndustryChain.targets.through
    statements: list[tuple[type[Model], str]] = [
        (Event, through(Event, "request", Request)),
        (Request, region_of(Request)),
        (ApprovalCase, region_of(ApprovalCase)),
        (KeyEnterprise, region_of(KeyEnterprise)),
        (StageMove, through(StageMove, "deal", Deal)),
        (Deal, region_of(Deal)),
        (Engagement, region_of(Engagement)),
        (targets, through(targets, "industrychain", IndustryChain)),
        (IndustryChain, region_of(IndustryChain)),
        (InvestorTag, through(InvestorTag, "investor", Investor)),
        (Investor, region_of(Investor)),
        (Target, region_of(Target)),
        (Observation, region_of(Observation)),
        *delete_statements(regions),
        (Region, f"{quote(column(Region, 'id'))} IN ({marks})"),
    ]
    return run_deletes(statements, regions)


def describe(generated: Generated) -> list[tuple[str, Any]]:
    """The run in a few lines: what was written and how fast."""
    return [
        ("districts", len(generated.districts)),
        *sorted(generated.counts.items()),
        ("rows", generated.rows),
        ("seconds", round(generated.seconds, 1)),
        ("rows per second", round(generated.rows / generated.seconds) if generated.seconds else None),
    ]
