"""The ledger's three sheets: an export comes back unchanged, a bad cell refuses the whole file, and
the progress sheet of an enterprise lands as reports waiting for review."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regionpulse.core.importing import Importer, ImportFailed
from regionpulse.core.locking import lock
from regionpulse.core.models import ChangeRecord
from regionpulse.core.periods import Period
from regionpulse.core.tests.importing import exported, refused_import, run
from regionpulse.projects.classifications import Stage
from regionpulse.projects.figures import major_projects
from regionpulse.projects.importers import PlanImporter, ProgressImporter, ProjectImporter
from regionpulse.projects.models import AnnualPlan, Listing, ProgressReport, Project
from regionpulse.projects.tests.conftest import BIG, EDGE, FRESH, SLOW, SMALL, Ledger

H1 = Period(2022, 6)
Status = ProgressReport.Status
LEDGER_MODELS = (Project, Listing, AnnualPlan, ProgressReport, ChangeRecord)
# A refused file leaves these tables as they were, history included.
refused = functools.partial(refused_import, models=LEDGER_MODELS)


def amount(code: str, year: int, month: int) -> Decimal:
    return ProgressReport.objects.get(project__code=code, year=year, month=month).investment


def next_month() -> Period:
    today = timezone.localdate()
    return Period(today.year, today.month).shift(1)


@pytest.mark.parametrize(
    ("importer", "model"),
    [(ProjectImporter, Project), (PlanImporter, AnnualPlan), (ProgressImporter, ProgressReport)],
    ids=["projects", "plans", "progress"],
)
def test_an_exported_sheet_imports_back_with_every_row_unchanged(
    ledger: Ledger, importer: type[Importer[Any]], model: Any
) -> None:
    rows = exported(importer)
    assert len(rows) == model.objects.count()
    records = list(model.objects.order_by("pk").values())
    listings = list(Listing.objects.order_by("pk").values())
    history = ChangeRecord.objects.count()
    result = run(importer, None, rows)
    assert (result.created, result.updated, result.unchanged, result.rows) == (0, 0, len(rows), len(rows))
    assert ChangeRecord.objects.count() == history
    assert list(model.objects.order_by("pk").values()) == records
    assert list(Listing.objects.order_by("pk").values()) == listings


def test_the_exported_project_sheet_reads_as_the_officer_typed_it(ledger: Ledger) -> None:
    big = exported(ProjectImporter, ledger.developer)[0]
    assert big[:3] == [BIG, "年产10万吨高纯晶硅项目", "150203"]
    assert big[3] == ledger.world.enterprise.name
    assert big[12:] == ["在建", "王志刚", "光伏新能源产业专班", "昆都仑区工业和信息化局", "2021、2022"]


def test_a_negative_amount_refuses_the_whole_progress_sheet(ledger: Ledger) -> None:
    rows = [[BIG, "2022-07", 9000, "", "在建"], [SLOW, "2022-05", -5.5, "", "在建"]]
    assert refused(ProgressImporter, None, rows) == ["第3行 C列（当月完成投资（万元））：金额不能为负数（-5.5）"]
    assert amount(BIG, 2022, 7) == Decimal(9999)


def test_a_refused_negative_amount_is_quoted_as_the_officer_typed_it(ledger: Ledger) -> None:
    """Product bug: parse_amount quotes the raw cell, and Excel hands every number over as a float."""
    problems = refused(ProgressImporter, None, [[SLOW, "2022-05", -5, "", "在建"]])
    assert problems == ["第2行 C列（当月完成投资（万元））：金额不能为负数（-5）"], "typed -5, told “-5.0”"


def test_an_amount_that_is_not_a_number_refuses_the_whole_plan_sheet(ledger: Ledger) -> None:
    rows = [[EDGE, 2022, 9000, "按季度推进"], [BIG, 2022, "六万", ""]]
    assert refused(PlanImporter, ledger.developer, rows) == ["第3行 C列（年度计划投资（万元））：“六万”不是数字"]
    assert AnnualPlan.objects.get(project__code=EDGE, year=2022).planned_investment == Decimal(8000)


def test_an_unknown_task_force_refuses_the_whole_project_sheet(ledger: Ledger) -> None:
    rows = exported(ProjectImporter, ledger.developer)
    assert [row[0] for row in rows] == [BIG, EDGE, SLOW, FRESH, SMALL, "KDL-T-006"]
    rows[3][8] = 30000  # FRESH's total, a change that must not be written
    rows[1][14] = "氢能产业专班"
    assert refused(ProjectImporter, ledger.developer, rows) == [
        "第3行 O列（专班）：昆都仑区没有名为“氢能产业专班”的专班"
    ]
    assert ledger.project(FRESH).total_investment == Decimal(20000)
    assert ledger.project(EDGE).task_force is None


def test_only_the_development_department_imports_the_project_sheet(ledger: Ledger) -> None:
    rows = exported(ProjectImporter, ledger.developer)[:1]
    assert refused(ProjectImporter, ledger.industry_reviewer, rows) == [
        "第2行：项目台账由发展改革部门维护，您的角色不能导入"
    ]
    assert run(ProjectImporter, ledger.developer, rows).unchanged == 1


def test_a_month_that_has_not_come_yet_refuses_the_whole_progress_sheet(ledger: Ledger) -> None:
    coming = next_month()
    rows = [[BIG, "2022-08", 8000, "", "在建"], [BIG, coming.iso, 100, "", "在建"]]
    problems = refused(ProgressImporter, ledger.world.enterprise_user, rows)
    assert problems == [f"第3行 B列（月份）：{coming.year}年{coming.month}月还没有到，不能填报"]


def test_an_enterprise_cannot_import_progress_of_another_enterprises_project(ledger: Ledger) -> None:
    rows = [
        [BIG, "2022-08", 8000, "", "在建"],
        [EDGE, "2022-08", 100, "", "前期"],
        ["KDL-X-999", "2022-08", 1, "", "在建"],
    ]
    assert refused(ProgressImporter, ledger.world.enterprise_user, rows) == [
        f"第3行 A列（项目编号）：项目“{EDGE}”不属于本企业的填报范围",
        "第4行 A列（项目编号）：没有编号为“KDL-X-999”的项目",
    ]
    assert not ProgressReport.objects.filter(year=2022, month=8).exists()


def test_a_locked_month_refuses_the_whole_progress_and_plan_sheets(ledger: Ledger) -> None:
    lock(ledger.world.district, H1, ledger.world.admin)
    # August is after the lock and would go through on its own; March is closed by June's lock.
    rows = [[BIG, "2022-08", 8000, "", "在建"], [BIG, "2022-03", 7100, "", "在建"]]
    problems = refused(ProgressImporter, ledger.world.enterprise_user, rows)
    assert problems == ["第3行：昆都仑区2022年上半年已锁定，2022年3月的进展计入其累计数，不能再修改；请管理员先解锁"]
    assert amount(BIG, 2022, 3) == Decimal(7000)
    problems = refused(PlanImporter, ledger.developer, [[BIG, 2023, 40000, ""], [BIG, 2022, 65000, ""]])
    assert problems == ["第3行：昆都仑区2022年上半年已锁定，2022年计划计入其累计数，不能再修改；请管理员先解锁"]
    assert run(ProgressImporter, ledger.world.enterprise_user, rows[:1]).created == 1


def test_an_enterprises_progress_sheet_creates_reports_waiting_for_review(ledger: Ledger) -> None:
    user = ledger.world.enterprise_user
    before = major_projects(ledger.world.district, Period(2022, 8)).total.completed_ytd.value
    rows = [[BIG, "2022-08", 8000, "主体完工", "在建"], [SMALL, "2022年8月", 500, None, "在建"]]
    result = run(ProgressImporter, user, rows)
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    reports = ProgressReport.objects.filter(year=2022, month=8).order_by("project__code")
    assert [(r.project.code, r.investment, r.progress, r.status, r.reported_by) for r in reports] == [
        (BIG, Decimal(8000), "主体完工", Status.SUBMITTED, user),
        (SMALL, Decimal(500), "", Status.SUBMITTED, user),
    ]
    history = ChangeRecord.objects.filter(object_id__in=[str(r.pk) for r in reports], action="create")
    assert set(history.values_list("actor", "via")) == {(user.pk, "import")}
    assert history.count() == 2
    # Waiting for review, so not yet in the figures.
    assert major_projects(ledger.world.district, Period(2022, 8)).total.completed_ytd.value == before


def test_a_changed_amount_sends_an_approved_report_back_to_review(ledger: Ledger) -> None:
    user = ledger.world.enterprise_user
    rows = [[BIG, "2022-06", 9100, "", "在建"], [BIG, "2022-03", 7000, "", "在建"]]
    result = run(ProgressImporter, user, rows)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    june = ledger.report(BIG, 2022, 6)
    assert (june.investment, june.status, june.reported_by, june.reviewed_by) == (
        Decimal(9100),
        Status.SUBMITTED,
        user,
        None,
    )
    assert ledger.report(BIG, 2022, 3).status == Status.APPROVED
    # June's 9000 no longer counts until it is approved again: 29800 - 9000 = 20800万元.
    assert major_projects(ledger.world.district, H1).total.completed_ytd.value == Decimal("2.08")


def ten_thousand_rows(codes: list[str]) -> list[list[Any]]:
    months = [Period(2021, 1).shift(step) for step in range(20)]  # 2021-01 … 2022-08
    rows: list[list[Any]] = [[column.header for column in ProgressImporter.columns]]
    for index, code in enumerate(codes):
        rows.extend([code, month.iso, Decimal(100 + index % 7), "", "在建"] for month in months)
    return rows


def test_ten_thousand_progress_rows_are_written_in_one_transaction(ledger: Ledger) -> None:
    district = ledger.world.district
    projects = Project.objects.bulk_create(
        Project(
            region=district,
            code=f"BULK-{serial:04d}",
            name=f"批量项目{serial}",
            industry="C",
            category="industry",
            nature="new",
            total_investment=Decimal(20000),
            stage=Stage.CONSTRUCTION,
        )
        for serial in range(500)
    )
    rows = ten_thousand_rows([project.code for project in projects])
    assert len(rows) == 10_001
    reports, history = ProgressReport.objects.count(), ChangeRecord.objects.count()

    rows[-1][2] = "n/a"
    with pytest.raises(ImportFailed) as failure:
        ProgressImporter(None).run(rows)
    assert [str(problem) for problem in failure.value.problems] == [
        "第10001行 C列（当月完成投资（万元））：“n/a”不是数字"
    ]
    assert (ProgressReport.objects.count(), ChangeRecord.objects.count()) == (reports, history)

    rows[-1][2] = Decimal(100)
    seen: list[int] = []
    callback: Callable[[int], None] = seen.append
    with CaptureQueriesContext(connection) as queries:
        result = ProgressImporter(None).run(rows, progress=callback)
    assert (result.rows, result.created) == (10_000, 10_000)
    assert seen == list(range(1, 10_001))
    savepoints = [query for query in queries.captured_queries if query["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) == 1, "one transaction (a savepoint inside the test's own) for all rows"
    assert ProgressReport.objects.count() == reports + 10_000
    assert ChangeRecord.objects.count() == history + 10_000
    assert set(ProgressReport.objects.filter(project__code__startswith="BULK-").values_list("status", flat=True)) == {
        Status.SUBMITTED
    }
