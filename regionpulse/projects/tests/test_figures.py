"""The major-project figures of a region and month, added up by hand from the ledger in conftest.py.

昆都仑区, 2022-06 (万元):
    counted      BIG 250000, EDGE 10000 (exactly 1亿), SLOW 45678.90, FRESH 20000        → 4, 325678.90
    left out    SMALL 9999.99 (under 1亿), OLD (listed for 2021 only), NEIGHBOUR (青山区)
    plan 2022   60000 + 8000 + 12000 + 0 (FRESH has none)                                → 80000
    approved    BIG 5000+6000+7000+9000, EDGE 300, SLOW 2500                            → 29800
                (not: BIG 2021-12 and 2022-07, BIG 4月 submitted, 5月 draft, EDGE 2月 returned, SLOW 6月 submitted)
    completion  29800 / 80000 = 37.25% → 37.3 (half-up; the rounded 2.98→3.0 over 8.0 would give 37.5)
    behind      时序 6/12 = 50%, less 10 points = 40%: EDGE 3.75% and SLOW 20.8% are behind, BIG 45% is not
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.management import call_command

from regionpulse.core import workflow
from regionpulse.core.models import Region
from regionpulse.core.periods import Period
from regionpulse.projects.classifications import Stage
from regionpulse.projects.figures import ProjectFigures, ProjectGroup, major_projects, project_progress
from regionpulse.projects.models import Listing, ProgressReport, Project
from regionpulse.projects.review import APPROVE, RETURN
from regionpulse.projects.tests.conftest import (
    BIG,
    EDGE,
    FRESH,
    NEIGHBOUR,
    OLD,
    SLOW,
    SMALL,
    Ledger,
    make_plan,
    make_project,
    make_report,
)

H1 = Period(2022, 6)
WAN_PER_YI = Decimal(10_000)

COUNT = 4
TOTAL_WAN = Decimal("250000") + Decimal("10000") + Decimal("45678.90") + Decimal("20000")
PLAN_WAN = Decimal("60000") + Decimal("8000") + Decimal("12000")
DONE_WAN = (Decimal("5000") + Decimal("6000") + Decimal("7000") + Decimal("9000")) + Decimal("300") + Decimal("2500")
BEHIND = 2


def figures(region: Region, period: Period = H1) -> ProjectFigures:
    return major_projects(region, period)


def yi(wan: Decimal) -> Decimal:
    return wan / WAN_PER_YI


def group(groups: list[ProjectGroup], name: str) -> ProjectGroup:
    found = [member for member in groups if member.name == name]
    assert len(found) == 1, f"one group named {name} in {[member.name for member in groups]}"
    return found[0]


def numbers(member: ProjectGroup) -> tuple[int, Decimal | None, Decimal | None, Decimal | None, int]:
    return (
        member.count,
        member.total_investment.value,
        member.annual_plan.value,
        member.completed_ytd.value,
        member.behind_schedule,
    )


def test_the_district_totals_are_the_hand_computed_sums(ledger: Ledger) -> None:
    total = figures(ledger.world.district).total
    assert total.count == COUNT
    assert total.total_investment.value == yi(TOTAL_WAN) == Decimal("32.56789")
    assert total.annual_plan.value == yi(PLAN_WAN) == Decimal("8")
    assert total.completed_ytd.value == yi(DONE_WAN) == Decimal("2.98")
    assert total.total_investment.unit == total.annual_plan.unit == total.completed_ytd.unit == "亿元"
    assert (total.total_investment.rounded, total.annual_plan.rounded, total.completed_ytd.rounded) == (
        Decimal("32.6"),
        Decimal("8.0"),
        Decimal("3.0"),
    )


def test_plan_completion_divides_the_unrounded_values_and_rounds_half_up(ledger: Ledger) -> None:
    completion = figures(ledger.world.district).total.plan_completion
    assert completion.value == DONE_WAN / PLAN_WAN * 100 == Decimal("37.25")
    # Half-up gives 37.3 (banker's rounding would give 37.2; dividing the rounded 3.0 by 8.0 would give 37.5).
    assert completion.rounded == Decimal("37.3")
    assert completion.unit == "%"


def test_projects_under_1yi_listed_only_for_2021_or_of_another_district_are_left_out(ledger: Ledger) -> None:
    district = ledger.world.district
    before = numbers(figures(district).total)
    # Their approved 2022 progress is large; none of it may reach the district's figures.
    for code in (SMALL, OLD, NEIGHBOUR):
        make_report(ledger.projects[code], 2022, 2, "50000")
    assert numbers(figures(district).total) == before
    # Each is left out for the reason given: at exactly 1亿 SMALL counts, listed for 2022 OLD counts.
    Project.objects.filter(code=SMALL).update(total_investment=Decimal("10000"))
    Listing.objects.create(project=ledger.projects[OLD], year=2022)
    total = figures(district).total
    assert total.count == COUNT + 2
    assert total.total_investment.value == yi(TOTAL_WAN + Decimal("10000") + Decimal("80000"))
    assert total.annual_plan.value == yi(PLAN_WAN + Decimal("3000") + Decimal("5000"))
    assert total.completed_ytd.value == yi(DONE_WAN + Decimal("1000") + Decimal("50000") + Decimal("2000") + 50000)


def test_draft_submitted_and_returned_reports_do_not_count(ledger: Ledger) -> None:
    district = ledger.world.district
    before = figures(district).total.completed_ytd.value
    for code, month in ((BIG, 4), (BIG, 5), (EDGE, 2), (SLOW, 6)):
        report = ledger.report(code, 2022, month)
        assert report.status != ProgressReport.Status.APPROVED
        report.investment = Decimal("77777")
        report.save()
    assert figures(district).total.completed_ytd.value == before == yi(DONE_WAN)


def test_approving_a_submitted_report_adds_exactly_its_amount_and_sets_the_projects_stage(ledger: Ledger) -> None:
    district = ledger.world.district
    before = figures(district)
    report = ledger.report(SLOW, 2022, 6)
    assert (report.status, report.stage, ledger.project(SLOW).stage) == (
        ProgressReport.Status.SUBMITTED,
        Stage.COMPLETED,
        Stage.CONSTRUCTION,
    )
    workflow.apply([report], APPROVE, ledger.industry_reviewer)
    after = figures(district)
    assert before.total.completed_ytd.value is not None and after.total.completed_ytd.value is not None
    assert after.total.completed_ytd.value - before.total.completed_ytd.value == Decimal("0.15")  # 1500万元
    assert after.total.count == before.total.count
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ProgressReport.Status.APPROVED, ledger.industry_reviewer)
    assert ledger.project(SLOW).stage == Stage.COMPLETED
    stages = {member.name: member.count for member in after.breakdowns["stage"]}
    assert stages == {"在建": 1, "竣工": 1, "前期": 1, "谋划": 1}


def test_returning_an_approved_report_takes_its_amount_out_again(ledger: Ledger) -> None:
    district = ledger.world.district
    workflow.apply([ledger.report(BIG, 2022, 6)], RETURN, ledger.industry_reviewer, extra={"review_note": "数据有误"})
    assert figures(district).total.completed_ytd.value == yi(DONE_WAN - Decimal("9000"))


def test_each_breakdown_adds_up_to_the_total(ledger: Ledger) -> None:
    result = figures(ledger.world.district)
    total = numbers(result.total)
    assert set(result.breakdowns) == {"task_force", "leader", "industry", "stage"}
    for dimension, groups in result.breakdowns.items():
        sums = (
            sum(member.count for member in groups),
            sum(member.total_investment.value or 0 for member in groups),
            sum(member.annual_plan.value or 0 for member in groups),
            sum(member.completed_ytd.value or 0 for member in groups),
            sum(member.behind_schedule for member in groups),
        )
        assert sums == total, dimension


def test_the_task_force_and_leader_breakdowns_hold_the_hand_computed_groups(ledger: Ledger) -> None:
    result = figures(ledger.world.district)
    task_forces = result.breakdowns["task_force"]
    assert [member.name for member in task_forces] == ["光伏新能源产业专班", "未指定"]  # largest total first
    assert numbers(task_forces[0]) == (2, yi(Decimal("295678.90")), yi(Decimal(72000)), yi(Decimal(29500)), 1)
    assert numbers(task_forces[1]) == (2, yi(Decimal(30000)), yi(Decimal(8000)), yi(Decimal(300)), 1)
    leaders = result.breakdowns["leader"]
    assert numbers(group(leaders, "王志刚")) == (2, yi(Decimal(260000)), yi(Decimal(68000)), yi(Decimal(27300)), 1)
    assert numbers(group(leaders, "未指定")) == (2, yi(Decimal("65678.90")), yi(Decimal(12000)), yi(Decimal(2500)), 1)
    assert group(leaders, "王志刚").plan_completion.rounded == Decimal("40.1")  # 27300 / 68000 = 40.147%
    stages = {member.name: member.count for member in result.breakdowns["stage"]}
    assert stages == {"在建": 2, "前期": 1, "谋划": 1}


def test_behind_schedule_counts_projects_more_than_ten_points_under_the_time_elapsed(ledger: Ledger) -> None:
    district = ledger.world.district
    assert figures(district).total.behind_schedule == BEHIND
    # A project at exactly 40% of its plan in June is at the margin, not behind it.
    edge_case = make_project("KDL-T-100", district, "10000", (2022,))
    make_plan(edge_case, 2022, "10000")
    report = make_report(edge_case, 2022, 6, "4000")
    assert figures(district).total.behind_schedule == BEHIND
    report.investment = Decimal("3999.99")
    report.save()
    assert figures(district).total.behind_schedule == BEHIND + 1
    # In March the time elapsed is 25%, so 15% is the line: BIG (18000/60000 = 30%) and SLOW (2500/12000 = 20.8%)
    # are above it; EDGE (300/8000 = 3.75%) and the new project (nothing approved by March) are behind.
    assert figures(district, Period(2022, 3)).total.behind_schedule == 2


def test_the_whole_family_is_one_query(ledger: Ledger, django_assert_num_queries: Callable[..., Any]) -> None:
    region = Region.objects.get(code="150203")
    with django_assert_num_queries(1):
        result = major_projects(region, H1)
        result.as_json()
    assert result.total.count == COUNT


def test_the_figures_command_prints_the_major_project_totals(ledger: Ledger) -> None:
    out = io.StringIO()
    call_command("figures", "150203", "2022-06", "--json", stdout=out)
    printed = json.loads(out.getvalue())["major_projects"]
    assert {
        key: printed[key]
        for key in ("count", "total_investment_yi", "annual_plan_yi", "completed_ytd_yi", "plan_completion_pct")
    } == {
        "count": 4,
        "total_investment_yi": 32.6,
        "annual_plan_yi": 8.0,
        "completed_ytd_yi": 3.0,
        "plan_completion_pct": 37.3,
    }
    assert printed["behind_schedule"] == BEHIND
    assert "昆都仑区2022年" in printed["filter"]
    assert [entry["name"] for entry in printed["by_task_force"]] == ["光伏新能源产业专班", "未指定"]


def test_a_city_sums_its_districts(ledger: Ledger) -> None:
    world = ledger.world
    city = figures(world.city).total
    district, neighbour = figures(world.district).total, figures(world.neighbour).total
    # 青山区: 7000 / 30000 = 23.3% of its plan by June, under the 40% line.
    assert numbers(neighbour) == (1, Decimal(15), Decimal(3), Decimal("0.7"), 1)
    assert city.count == district.count + neighbour.count == 5
    assert city.total_investment.value == yi(TOTAL_WAN + 150000)
    assert city.annual_plan.value == yi(PLAN_WAN + 30000)
    assert city.completed_ytd.value == yi(DONE_WAN + 7000)
    assert city.behind_schedule == BEHIND + 1
    # 36800 / 110000 = 33.4545…%
    assert city.plan_completion.rounded == Decimal("33.5")


def test_a_projects_own_year_runs_month_by_month_from_approved_reports(ledger: Ledger) -> None:
    progress = project_progress(ledger.project(BIG), H1)
    assert progress.plan == Decimal(60000)
    assert [point.cumulative for point in progress.months] == [5000, 11000, 18000, 18000, 18000, 27000]
    assert progress.months[5].planned_to_date == Decimal(30000)
    assert progress.completed_ytd == Decimal(27000)
    assert progress.completed_since_start == Decimal(30000)  # with December 2021's 3000, without July's
    assert progress.plan_completion == Decimal(45)
    assert project_progress(ledger.project(FRESH), H1).plan_completion is None
