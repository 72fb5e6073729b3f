"""The synthetic ledger: the rows it promises, and figures that add up to the records it wrote."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.core.units import convert
from regionpulse.projects.figures import major_projects
from regionpulse.projects.generate import (
    PROVINCE_CODE,
    GeneratedLedger,
    LedgerExistsError,
    delete_ledger,
    generate_ledger,
)
from regionpulse.projects.models import AnnualPlan, Listing, ProgressReport, Project

pytestmark = pytest.mark.django_db

DISTRICTS = 2
PROJECTS = 20
YEARS = (2022,)
H1 = Period(2022, 6)


@pytest.fixture
def generated() -> GeneratedLedger:
    calls: list[tuple[int, int]] = []
    result = generate_ledger(DISTRICTS, PROJECTS, YEARS, progress=lambda done, total: calls.append((done, total)))
    expected = DISTRICTS * PROJECTS * (1 + 2 + 12)
    assert calls, "progress is reported as the rows are written"
    assert calls[-1] == (expected, expected)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    return result


def test_writes_the_promised_regions_and_rows(generated: GeneratedLedger) -> None:
    province = Region.objects.get(code=PROVINCE_CODE)
    assert generated.province == PROVINCE_CODE
    assert len(generated.districts) == DISTRICTS
    regions = Region.objects.filter(path__startswith=province.path)
    assert regions.count() == 1 + len(generated.cities) + DISTRICTS == generated.counts["regions"]
    for code in generated.districts:
        district = Region.objects.get(code=code)
        assert district.level == Region.Level.COUNTY
        assert district.path == f"{district.parent.path}{code}/"  # type: ignore[union-attr]
        assert district.path.startswith(province.path)
        assert not code.startswith("15")
    in_province = {"project__region__path__startswith": province.path}
    assert Project.objects.filter(region__path__startswith=province.path).count() == DISTRICTS * PROJECTS
    assert Listing.objects.filter(**in_province).count() == DISTRICTS * PROJECTS * len(YEARS)
    assert AnnualPlan.objects.filter(**in_province).count() == DISTRICTS * PROJECTS * len(YEARS)
    assert ProgressReport.objects.filter(**in_province).count() == DISTRICTS * PROJECTS * len(YEARS) * 12
    assert generated.counts["projects"] == DISTRICTS * PROJECTS
    assert generated.counts["reports"] == DISTRICTS * PROJECTS * len(YEARS) * 12
    # Every project reports every month; most reports are approved; amounts keep two decimals.
    months = ProgressReport.objects.filter(**in_province).values_list("project_id", "year", "month")
    assert len(set(months)) == DISTRICTS * PROJECTS * len(YEARS) * 12
    reports = ProgressReport.objects.filter(**in_province)
    approved = reports.filter(status=ProgressReport.Status.APPROVED).count()
    assert 0.9 * reports.count() < approved < reports.count()
    sizes = list(
        Project.objects.filter(region__path__startswith=province.path).values_list("total_investment", flat=True)
    )
    assert any(size < 10_000 for size in sizes), "some projects sit under the 1亿元 threshold"
    assert all(size == size.quantize(Decimal("0.01")) for size in sizes)


def test_the_province_is_written_once_and_deleted_whole(generated: GeneratedLedger) -> None:
    with pytest.raises(LedgerExistsError):
        generate_ledger(1, 1, YEARS)
    assert delete_ledger() == generated.rows
    assert not Region.objects.filter(path__startswith=f"{PROVINCE_CODE}/").exists()
    assert not ProgressReport.objects.filter(project__region__path__startswith=f"{PROVINCE_CODE}/").exists()


def test_major_project_figures_add_up_to_the_generated_records(generated: GeneratedLedger) -> None:
    district = Region.objects.get(code=generated.districts[0])
    count, total, plan, done = 0, Decimal(0), Decimal(0), Decimal(0)
    for project in Project.objects.filter(region=district):
        if project.total_investment < 10_000:
            continue
        count += 1
        total += project.total_investment
        plan += sum(AnnualPlan.objects.filter(project=project, year=2022).values_list("planned_investment", flat=True))
        done += sum(
            report.investment
            for report in ProgressReport.objects.filter(project=project, year=2022)
            if report.status == ProgressReport.Status.APPROVED and report.month <= 6
        )
    assert 0 < count < PROJECTS
    assert 0 < done < plan

    figures = major_projects(district, H1)

    assert figures.total.count == count
    assert figures.total.total_investment.value == convert(total, "万元", "亿元")
    assert figures.total.annual_plan.value == convert(plan, "万元", "亿元")
    assert figures.total.completed_ytd.value == convert(done, "万元", "亿元")
    assert sum(group.count for group in figures.breakdowns["task_force"]) == count


def test_the_same_seed_gives_the_same_ledger(generated: GeneratedLedger) -> None:
    def amounts() -> list[tuple[str, Decimal]]:
        return list(
            Project.objects.filter(region__path__startswith=f"{PROVINCE_CODE}/")
            .order_by("code")
            .values_list("code", "total_investment")
        )

    first = amounts()
    delete_ledger()
    generate_ledger(DISTRICTS, PROJECTS, YEARS)
    assert amounts() == first
