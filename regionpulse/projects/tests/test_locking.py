"""Locked periods: once 昆都仑区's 2022年上半年 is locked, nothing writes into 1-6月 2022 until it is unlocked."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from regionpulse.core import workflow
from regionpulse.core.importing import ImportFailed
from regionpulse.core.locking import PeriodLockedError, lock, unlock
from regionpulse.core.periods import Period
from regionpulse.projects.classifications import Stage
from regionpulse.projects.figures import major_projects
from regionpulse.projects.importers import ProjectImporter
from regionpulse.projects.models import AnnualPlan, Listing, ProgressReport
from regionpulse.projects.review import APPROVE
from regionpulse.projects.tests.conftest import BIG, FRESH, NEIGHBOUR, SLOW, SMALL, Ledger, make_plan, make_report

H1 = Period(2022, 6)
LOCKED_H1 = "昆都仑区2022年上半年的数据已锁定"


@pytest.fixture
def locked(ledger: Ledger) -> Ledger:
    lock(ledger.world.district, H1, ledger.world.admin, "上半年数据已审定")
    return ledger


def change(report: ProgressReport, amount: str) -> None:
    report.investment = Decimal(amount)
    report.save()


def stored_amount(ledger: Ledger, code: str, year: int, month: int) -> Decimal:
    return ledger.report(code, year, month).investment


def test_a_report_of_the_locked_month_can_be_neither_changed_nor_added(locked: Ledger) -> None:
    with pytest.raises(PeriodLockedError, match=LOCKED_H1):
        change(locked.report(BIG, 2022, 6), "1")
    assert stored_amount(locked, BIG, 2022, 6) == Decimal(9000)
    count = ProgressReport.objects.count()
    with pytest.raises(PeriodLockedError):
        make_report(locked.projects[FRESH], 2022, 6, "100")
    with pytest.raises(PeriodLockedError):
        locked.report(BIG, 2022, 6).delete()
    assert ProgressReport.objects.count() == count


def test_approving_a_report_of_the_locked_month_is_refused_and_nothing_moves(locked: Ledger) -> None:
    open_report = make_report(locked.projects[FRESH], 2022, 8, "100", ProgressReport.Status.SUBMITTED)
    closed_report = locked.report(SLOW, 2022, 6)
    with pytest.raises(PeriodLockedError):
        workflow.apply([open_report, closed_report], APPROVE, locked.industry_reviewer)
    statuses = ProgressReport.objects.filter(pk__in=[open_report.pk, closed_report.pk]).values_list("status", flat=True)
    assert set(statuses) == {ProgressReport.Status.SUBMITTED}, "all or none: August is not approved either"
    assert locked.project(SLOW).stage == Stage.CONSTRUCTION


def test_an_earlier_month_of_the_same_year_is_closed_once_a_later_month_is_locked(locked: Ledger) -> None:
    with pytest.raises(PeriodLockedError, match=LOCKED_H1):
        change(locked.report(BIG, 2022, 3), "1")
    with pytest.raises(PeriodLockedError, match=LOCKED_H1):
        workflow.apply([locked.report(BIG, 2022, 4)], APPROVE, locked.industry_reviewer)
    assert stored_amount(locked, BIG, 2022, 3) == Decimal(7000)
    assert locked.report(BIG, 2022, 4).status == ProgressReport.Status.SUBMITTED
    # July (after the lock), December 2021 (another year) and 青山区 (another region) stay open.
    change(locked.report(BIG, 2022, 7), "1")
    change(locked.report(BIG, 2021, 12), "2")
    change(locked.report(NEIGHBOUR, 2022, 1), "3")
    assert [stored_amount(locked, *key) for key in [(BIG, 2022, 7), (BIG, 2021, 12), (NEIGHBOUR, 2022, 1)]] == [
        Decimal(1),
        Decimal(2),
        Decimal(3),
    ]


def test_after_unlocking_with_a_reason_the_report_goes_through(locked: Ledger) -> None:
    district, admin = locked.world.district, locked.world.admin
    with pytest.raises(ValidationError, match="解锁必须填写原因"):
        unlock(district, H1, admin, "  ")
    with pytest.raises(PeriodLockedError):
        change(locked.report(BIG, 2022, 6), "9500")
    record = unlock(district, H1, admin, "通威6月投资更正")
    assert (record.is_locked, record.reason, record.changed_by) == (False, "通威6月投资更正", admin)
    change(locked.report(BIG, 2022, 6), "9500")
    workflow.apply([locked.report(SLOW, 2022, 6)], APPROVE, locked.industry_reviewer)
    assert stored_amount(locked, BIG, 2022, 6) == Decimal(9500)
    # 29800 + 500 more for BIG + 1500 for SLOW's approved June = 31800万元
    assert major_projects(district, H1).total.completed_ytd.value == Decimal("3.18")


def test_unlocking_june_leaves_months_up_to_an_earlier_lock_closed(locked: Ledger) -> None:
    district, admin = locked.world.district, locked.world.admin
    lock(district, Period(2022, 3), admin)
    unlock(district, H1, admin, "更正二季度数据")
    change(locked.report(BIG, 2022, 6), "9100")
    with pytest.raises(PeriodLockedError, match="昆都仑区2022年一季度的数据已锁定"):
        change(locked.report(BIG, 2022, 3), "1")


def test_an_annual_plan_of_a_year_with_a_lock_is_closed(locked: Ledger) -> None:
    plan = AnnualPlan.objects.get(project__code=BIG, year=2022)
    plan.planned_investment = Decimal(1)
    with pytest.raises(PeriodLockedError, match=LOCKED_H1):
        plan.save()
    with pytest.raises(PeriodLockedError):
        make_plan(locked.projects[FRESH], 2022, "5000")
    with pytest.raises(PeriodLockedError):
        AnnualPlan.objects.get(project__code=SLOW, year=2022).delete()
    assert AnnualPlan.objects.get(project__code=BIG, year=2022).planned_investment == Decimal(60000)
    assert AnnualPlan.objects.filter(year=2022).count() == 6
    # The plans of other years are not the denominator of a locked figure.
    make_plan(locked.projects[BIG], 2023, "40000")
    last_year = AnnualPlan.objects.get(project__code=BIG, year=2021)
    last_year.planned_investment = Decimal(51000)
    last_year.save()


def test_a_report_of_a_month_that_has_not_come_yet_fails_validation_in_chinese(ledger: Ledger) -> None:
    today = timezone.localdate()
    this_month = Period(today.year, today.month)
    coming = this_month.shift(1)
    report = ProgressReport(
        project=ledger.projects[BIG], year=coming.year, month=coming.month, investment=Decimal(1), stage=Stage.COMPLETED
    )
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert error.value.message_dict == {"month": [f"{coming.year}年{coming.month}月还没有到，不能填报"]}
    report.year, report.month = this_month.year, this_month.month
    report.full_clean()


def test_a_report_cannot_be_moved_out_of_a_locked_month(locked: Ledger) -> None:
    """Product bug: ProgressReport.save checks only the month the report moves *to*.

    Moving March's approved 7000万元 to August changes the locked 2022年上半年 figures.
    """
    district = locked.world.district
    before = major_projects(district, H1).total.completed_ytd.value
    report = locked.report(BIG, 2022, 3)
    report.month = 8
    with contextlib.suppress(PeriodLockedError):
        report.save()
    assert major_projects(district, H1).total.completed_ytd.value == before, (
        "moving a report out of a locked month (2022-03 → 2022-08) must be refused, "
        "but ProgressReport.save only checks the new month, so the locked 1-6月 total lost 7000万元"
    )


def test_a_plan_cannot_be_moved_out_of_a_year_with_a_lock(locked: Ledger) -> None:
    """Product bug: AnnualPlan.save checks only the year the plan moves *to*."""
    district = locked.world.district
    plan = AnnualPlan.objects.get(project__code=BIG, year=2022)
    plan.year = 2023
    with contextlib.suppress(PeriodLockedError):
        plan.save()
    assert major_projects(district, H1).total.annual_plan.value == Decimal(8), (
        "moving BIG's 2022 plan to 2023 must be refused while 2022年上半年 is locked, "
        "but AnnualPlan.save only checks the new year, so the locked plan total lost 6亿元"
    )


def test_the_list_of_a_year_with_a_lock_cannot_be_changed_by_import(ledger: Ledger) -> None:
    lock(ledger.world.district, H1, ledger.world.admin)
    rows = list(ProjectImporter.export_rows(ProjectImporter.export_queryset(None).filter(code=SMALL)))
    header = [column.header for column in ProjectImporter.columns]
    assert ProjectImporter(None).run([header, rows[0]]).unchanged == 1
    rows[0][-1] = "2021"  # taken off the 2022 list
    with pytest.raises(ImportFailed) as failure:
        ProjectImporter(None).run([header, rows[0]])
    assert [str(problem) for problem in failure.value.problems] == [
        "第2行：2022年已有锁定的期间，不能再调整该年的重大项目清单；请管理员先解锁"
    ]
    assert Listing.objects.filter(project__code=SMALL, year=2022).exists()
