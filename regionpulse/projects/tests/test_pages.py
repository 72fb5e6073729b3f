"""The ledger's pages as a district officer uses them: the list and its totals, a project's page, the monthly
progress form, the review queue, the Excel sheets and the cockpit's major-project figures.

Amounts are worked out by hand from the ``ledger`` fixture (see its conftest); 1亿元 = 10000万元.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from regionpulse.conftest import make_user
from regionpulse.core.locking import lock
from regionpulse.core.models import ChangeRecord, Role
from regionpulse.core.periods import Period
from regionpulse.core.tests.importing import workbook
from regionpulse.core.tests.responses import messages_of, xlsx_rows
from regionpulse.projects.classifications import Stage
from regionpulse.projects.figures import major_projects
from regionpulse.projects.importers import PROJECT_COLUMNS, ProjectImporter
from regionpulse.projects.models import AnnualPlan, Listing, ProgressReport, Project
from regionpulse.projects.tests.conftest import (
    BIG,
    DISTRICT_CODES,
    EDGE,
    FRESH,
    NEIGHBOUR,
    OLD,
    SLOW,
    SMALL,
    Ledger,
    make_report,
)

Status = ProgressReport.Status
H1 = Period(2022, 6)
LEDGER_MODELS = (Project, Listing, AnnualPlan, ProgressReport, ChangeRecord)
CODE_CELL = re.compile(r'<td class="nowrap">((?:KDL|QS)-T-\d{3})</td>')


def text_of(response: Any) -> str:
    """The page as read on screen: tags dropped, runs of white space made one space."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def listed_codes(response: Any) -> list[str]:
    assert response.status_code == 200
    return CODE_CELL.findall(response.content.decode())


def table_counts() -> list[int]:
    return [model.objects.count() for model in LEDGER_MODELS]


def client(ledger: Ledger, name: str) -> Client:
    user = getattr(ledger, name, None) or getattr(ledger.world, name)
    return ledger.world.client_for(user)


# --- The ledger list -------------------------------------------------------------------------------


def test_opening_the_ledger_goes_to_this_years_major_list_with_its_totals(ledger: Ledger) -> None:
    leader = client(ledger, "leader")
    response = leader.get("/projects/")
    assert response.status_code == 302
    assert response["Location"] == "/projects/?year=2022&major=true&sort=-total"
    page = leader.get(response["Location"])
    # 亿元以上 on the 2022 list: BIG 250000, SLOW 45678.90, FRESH 20000, EDGE 10000 (SMALL is 9999.99).
    assert listed_codes(page) == [BIG, SLOW, FRESH, EDGE]
    # The latest approved month is July (BIG's 9999). Approved 1-7月: BIG 5000+6000+7000+9000+9999 = 36999,
    # EDGE 300, SLOW 2500 → 39799; plans 60000+8000+12000 = 80000; 39799 / 80000 = 49.74875%.
    assert (
        "截至2022年1-7月：共4个项目，总投资32.6亿元，年度计划投资8.0亿元，累计完成投资4.0亿元，完成年度计划 49.7%"
        in text_of(page)
    )


def test_the_half_year_totals_are_rounded_half_up(ledger: Ledger) -> None:
    page = client(ledger, "leader").get("/projects/?year=2022&major=true&period=2022-06")
    # Approved 1-6月: BIG 27000, EDGE 300, SLOW 2500 → 29800万元 = 2.98亿元; 29800 / 80000 = 37.25% → 37.3%.
    assert (
        "截至2022年上半年：共4个项目，总投资32.6亿元，年度计划投资8.0亿元，累计完成投资3.0亿元，完成年度计划 37.3%"
        in text_of(page)
    )


def test_major_false_shows_only_the_project_under_one_yi(ledger: Ledger) -> None:
    page = client(ledger, "leader").get("/projects/?year=2022&major=false")
    assert listed_codes(page) == [SMALL]
    assert "共1个项目，总投资1.0亿元" in text_of(page)


def test_behind_true_shows_exactly_the_projects_behind_schedule(ledger: Ledger) -> None:
    # By June half the year is gone; behind means under 50% - 10 = 40% of the plan:
    # BIG 27000/60000 = 45% is not, EDGE 300/8000 and SLOW 2500/12000 are; FRESH has no plan.
    page = client(ledger, "leader").get("/projects/?year=2022&major=true&behind=true&period=2022-06&sort=code")
    assert listed_codes(page) == [EDGE, SLOW]
    assert page.content.decode().count('class="behind"') == 2


def test_sorting_by_total_investment(ledger: Ledger) -> None:
    leader = client(ledger, "leader")
    assert listed_codes(leader.get("/projects/?year=2022&sort=-total")) == [BIG, SLOW, FRESH, EDGE, SMALL]
    assert listed_codes(leader.get("/projects/?year=2022&sort=total")) == [SMALL, EDGE, FRESH, SLOW, BIG]


def test_an_enterprise_lists_only_its_own_projects(ledger: Ledger) -> None:
    enterprise = client(ledger, "enterprise_user")
    assert listed_codes(enterprise.get("/projects/?year=2022&sort=code")) == [BIG, SMALL]
    page = enterprise.get("/projects/?year=2022&major=true")
    assert listed_codes(page) == [BIG]
    assert "共1个项目，总投资25.0亿元" in text_of(page)


def test_the_neighbour_districts_leader_sees_none_of_the_districts_projects(ledger: Ledger) -> None:
    neighbour = client(ledger, "neighbour_leader")
    assert listed_codes(neighbour.get("/projects/?year=2022&major=true")) == [NEIGHBOUR]
    assert listed_codes(neighbour.get("/projects/?q=KDL")) == []
    assert "没有符合条件的项目" in text_of(neighbour.get("/projects/?q=KDL"))


# --- A project's page ------------------------------------------------------------------------------


IN_SCOPE = [
    ("enterprise_user", BIG),
    ("task_force_member", SLOW),
    ("industry_reviewer", SMALL),
    ("developer", FRESH),
    ("leader", OLD),
]
OUT_OF_SCOPE = [
    ("enterprise_user", EDGE),  # 美科's project
    ("task_force_member", EDGE),
    ("industry_reviewer", FRESH),  # 发改委 answers for it
    ("neighbour_leader", BIG),
    ("leader", NEIGHBOUR),
]


def test_a_project_page_opens_within_the_scope(ledger: Ledger) -> None:
    for name, code in IN_SCOPE:
        assert client(ledger, name).get(f"/projects/{ledger.project(code).pk}/").status_code == 200, (name, code)


def test_a_project_page_outside_the_scope_is_not_found(ledger: Ledger) -> None:
    for name, code in OUT_OF_SCOPE:
        assert client(ledger, name).get(f"/projects/{ledger.project(code).pk}/").status_code == 404, (name, code)


def test_the_project_page_adds_up_the_year_and_the_whole_build(ledger: Ledger) -> None:
    pk = ledger.project(BIG).pk
    page = client(ledger, "enterprise_user").get(f"/projects/{pk}/?period=2022-06")
    assert page.status_code == 200
    text = text_of(page)
    assert "总投资25.0亿元" in text
    assert "2022年计划投资60,000万元" in text
    # Approved 1-6月: 5000+6000+7000+9000 (April is submitted, May a draft) = 27000; 27000/60000 = 45%.
    assert "2022年上半年累计完成27,000万元完成年度计划 45.0%" in text
    # Since start: December 2021's 3000 as well; July is after the period.
    assert "开工以来累计完成30,000万元" in text
    assert "变更记录" in text


def test_the_project_page_in_july_counts_julys_report(ledger: Ledger) -> None:
    pk = ledger.project(BIG).pk
    text = text_of(client(ledger, "leader").get(f"/projects/{pk}/?period=2022-07"))
    assert "2022年1-7月累计完成36,999万元" in text
    assert "开工以来累计完成39,999万元" in text


# --- The monthly progress form ---------------------------------------------------------------------


def report_form(ledger: Ledger, code: str = SMALL, name: str = "enterprise_user", **data: str) -> Any:
    fields = {"period": "2022-08", "investment": "1200.5", "progress": "主体结构封顶", "stage": Stage.CONSTRUCTION}
    return client(ledger, name).post(f"/projects/{ledger.project(code).pk}/report/", fields | data)


def test_an_enterprise_submits_a_month_for_review(ledger: Ledger) -> None:
    response = report_form(ledger, submit="1")
    small = ledger.project(SMALL)
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{small.pk}/"
    report = ledger.report(SMALL, 2022, 8)
    assert report.status == Status.SUBMITTED
    assert report.investment == Decimal("1200.5")
    assert report.progress == "主体结构封顶"
    assert report.reported_by == ledger.world.enterprise_user


def test_an_enterprise_saves_a_draft(ledger: Ledger) -> None:
    response = report_form(ledger, draft="1")
    assert response.status_code == 302
    assert ledger.report(SMALL, 2022, 8).status == Status.DRAFT


def refused_form(ledger: Ledger, **data: str) -> str:
    before = table_counts()
    response = report_form(ledger, submit="1", **data)
    assert response.status_code == 200, "the form is shown again"
    assert table_counts() == before, "nothing is written"
    return text_of(response)


def test_a_month_still_to_come_cannot_be_reported(ledger: Ledger) -> None:
    today = timezone.localdate()
    coming = Period(today.year, today.month).shift(1)
    assert f"{coming.year}年{coming.month}月还没有到，不能填报" in refused_form(ledger, period=coming.iso)


def test_a_month_in_a_locked_period_cannot_be_reported(ledger: Ledger) -> None:
    lock(ledger.world.district, H1, ledger.world.admin, "上半年数据已审定")
    assert "2022年上半年已锁定，2022年3月的进展不能再填报" in refused_form(ledger, period="2022-03")


def test_a_month_already_reported_cannot_be_reported_again(ledger: Ledger) -> None:
    assert "2022年1月已填报（已审核），请在该月的记录上修改" in refused_form(ledger, period="2022-01")
    assert ledger.report(SMALL, 2022, 1).investment == Decimal(1000)


def test_a_negative_amount_is_refused(ledger: Ledger) -> None:
    assert "金额不能为负数" in refused_form(ledger, investment="-5")


def test_a_leader_may_not_report_progress(ledger: Ledger) -> None:
    before = table_counts()
    assert report_form(ledger, BIG, "leader", period="2022-08", submit="1").status_code == 403
    assert client(ledger, "leader").get(f"/projects/{ledger.project(BIG).pk}/report/").status_code == 403
    assert table_counts() == before


def test_an_enterprise_cannot_report_for_another_enterprises_project(ledger: Ledger) -> None:
    before = table_counts()
    assert report_form(ledger, EDGE, submit="1").status_code == 404
    assert table_counts() == before


def test_a_returned_month_is_corrected_and_submitted_again(ledger: Ledger) -> None:
    returned = make_report(ledger.projects[SMALL], 2022, 2, "800", Status.RETURNED)
    ProgressReport.objects.filter(pk=returned.pk).update(review_note="2月投资额与统计联网直报不符")
    enterprise = client(ledger, "enterprise_user")
    form = enterprise.get(f"/projects/progress/{returned.pk}/edit/")
    assert form.status_code == 200
    assert "退回原因：2月投资额与统计联网直报不符" in text_of(form)
    response = enterprise.post(
        f"/projects/progress/{returned.pk}/edit/",
        {"investment": "900", "progress": "已核实", "stage": Stage.CONSTRUCTION, "submit": "1", "version": 1},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{ledger.project(SMALL).pk}/"
    returned.refresh_from_db()
    assert (returned.status, returned.investment, returned.review_note) == (Status.SUBMITTED, Decimal(900), "")
    assert (returned.year, returned.month) == (2022, 2)


def test_a_draft_is_submitted_later(ledger: Ledger) -> None:
    draft = ledger.report(BIG, 2022, 5)
    response = client(ledger, "enterprise_user").post(
        f"/projects/progress/{draft.pk}/edit/",
        {
            "investment": "150",
            "progress": "场平完成",
            "stage": Stage.CONSTRUCTION,
            "submit": "1",
            "version": draft.version,
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.investment, draft.reported_by) == (
        Status.SUBMITTED,
        Decimal(150),
        ledger.world.enterprise_user,
    )


def test_a_leader_may_not_edit_a_report(ledger: Ledger) -> None:
    draft = ledger.report(BIG, 2022, 5)
    leader = client(ledger, "leader")
    assert leader.get(f"/projects/progress/{draft.pk}/edit/").status_code == 403
    data = {"investment": "1", "stage": Stage.CONSTRUCTION, "submit": "1"}
    assert leader.post(f"/projects/progress/{draft.pk}/edit/", data).status_code == 403
    assert ledger.report(BIG, 2022, 5).status == Status.DRAFT


def test_a_returned_month_in_a_locked_period_is_not_saved(ledger: Ledger) -> None:
    returned = make_report(ledger.projects[SMALL], 2022, 2, "800", Status.RETURNED)
    lock(ledger.world.district, H1, ledger.world.admin, "上半年数据已审定")
    before = table_counts()
    response = client(ledger, "enterprise_user").post(
        f"/projects/progress/{returned.pk}/edit/",
        {"investment": "900", "stage": Stage.CONSTRUCTION, "submit": "1", "version": returned.version},
    )
    assert response.status_code == 200
    assert "昆都仑区2022年上半年的数据已锁定" in text_of(response)
    assert table_counts() == before
    returned.refresh_from_db()
    assert (returned.status, returned.investment) == (Status.RETURNED, Decimal(800))


def test_an_approved_month_cannot_be_edited(ledger: Ledger) -> None:
    approved = ledger.report(SMALL, 2022, 1)
    enterprise = client(ledger, "enterprise_user")
    response = enterprise.post(
        f"/projects/progress/{approved.pk}/edit/",
        {"investment": "1", "stage": Stage.CONSTRUCTION, "submit": "1"},
        follow=True,
    )
    assert response.redirect_chain == [(f"/projects/{ledger.project(SMALL).pk}/", 302)]
    assert "该月进展已审核，不能修改；如需更正，请责任部门先退回" in messages_of(response)
    approved.refresh_from_db()
    assert (approved.status, approved.investment) == (Status.APPROVED, Decimal(1000))


# --- The review queue ------------------------------------------------------------------------------


def queued_ids(response: Any) -> set[int]:
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'data-report="(\d+)"', response.content.decode())}


@pytest.fixture
def edge_march(ledger: Ledger) -> ProgressReport:
    """A report waiting for 发改委 (EDGE's department), not for 工信局."""
    return make_report(ledger.projects[EDGE], 2022, 3, "500", Status.SUBMITTED)


def test_the_industry_bureau_reviews_only_its_own_projects_reports(ledger: Ledger, edge_march: ProgressReport) -> None:
    big_april, slow_june = ledger.report(BIG, 2022, 4), ledger.report(SLOW, 2022, 6)
    assert queued_ids(client(ledger, "industry_reviewer").get("/projects/review/")) == {big_april.pk, slow_june.pk}
    assert queued_ids(client(ledger, "developer").get("/projects/review/")) == {
        big_april.pk,
        slow_june.pk,
        edge_march.pk,
    }
    assert queued_ids(client(ledger, "neighbour_leader").get("/projects/review/")) == set()


def review(ledger: Ledger, name: str, reports: Sequence[ProgressReport], **data: str) -> Any:
    return client(ledger, name).post(
        "/projects/review/apply/", {"ids": [report.pk for report in reports], **data}, follow=True
    )


def statuses(*reports: ProgressReport) -> list[str]:
    return [ProgressReport.objects.get(pk=report.pk).status for report in reports]


def ytd_yi() -> Decimal | None:
    return major_projects(Project.objects.get(code=BIG).region, H1).total.completed_ytd.value


def test_approving_the_selected_reports_counts_them_in_the_figures(ledger: Ledger) -> None:
    big_april, slow_june = ledger.report(BIG, 2022, 4), ledger.report(SLOW, 2022, 6)
    assert ytd_yi() == Decimal("2.98")
    response = review(ledger, "industry_reviewer", [big_april, slow_june], action="approve")
    assert "审核通过：2条" in messages_of(response)
    assert statuses(big_april, slow_june) == [Status.APPROVED, Status.APPROVED]
    assert ProgressReport.objects.get(pk=big_april.pk).reviewed_by == ledger.industry_reviewer
    # 29800 + 8000 + 1500 = 39300万元.
    assert ytd_yi() == Decimal("3.93")
    assert ledger.project(SLOW).stage == Stage.COMPLETED, "SLOW takes the stage its June report gives"


def test_returning_without_a_reason_changes_nothing(ledger: Ledger) -> None:
    big_april = ledger.report(BIG, 2022, 4)
    response = review(ledger, "industry_reviewer", [big_april], action="return", reason="")
    assert "退回时必须填写原因" in messages_of(response)
    assert statuses(big_april) == [Status.SUBMITTED]


def test_returning_with_a_reason(ledger: Ledger) -> None:
    big_april = ledger.report(BIG, 2022, 4)
    response = review(ledger, "industry_reviewer", [big_april], action="return", reason="4月数与财务报表不符")
    assert "退回修改：1条" in messages_of(response)
    big_april.refresh_from_db()
    assert (big_april.status, big_april.review_note) == (Status.RETURNED, "4月数与财务报表不符")
    assert ytd_yi() == Decimal("2.98")


def test_a_selection_reaching_outside_the_scope_changes_nothing(ledger: Ledger, edge_march: ProgressReport) -> None:
    big_april = ledger.report(BIG, 2022, 4)
    response = review(ledger, "industry_reviewer", [big_april, edge_march], action="approve")
    assert "所选记录有的不存在或不在您的管辖范围内，未做任何修改" in messages_of(response)
    assert statuses(big_april, edge_march) == [Status.SUBMITTED, Status.SUBMITTED]
    assert ytd_yi() == Decimal("2.98")


def test_a_selection_with_a_draft_in_it_changes_nothing(ledger: Ledger) -> None:
    big_april, big_may = ledger.report(BIG, 2022, 4), ledger.report(BIG, 2022, 5)
    response = review(ledger, "industry_reviewer", [big_april, big_may], action="approve")
    assert "“审核通过”不适用于当前状态的记录：年产10万吨高纯晶硅项目 2022年5月；未做任何修改" in messages_of(response)
    assert statuses(big_april, big_may) == [Status.SUBMITTED, Status.DRAFT]


def test_a_month_of_a_locked_period_cannot_be_approved(ledger: Ledger) -> None:
    lock(ledger.world.district, H1, ledger.world.admin, "上半年数据已审定")
    big_april = ledger.report(BIG, 2022, 4)
    response = review(ledger, "industry_reviewer", [big_april], action="approve")
    assert (
        "昆都仑区2022年上半年的数据已锁定，2022年4月的数据计入其累计数，已随之关闭，不能修改；如需更正，请管理员先解锁并填写原因"
        in messages_of(response)
    )
    assert statuses(big_april) == [Status.SUBMITTED]


def test_a_tampered_selection_is_refused_without_a_server_error(ledger: Ledger) -> None:
    # A stale page or a hand-edited form may send something that is not a record number.
    reviewer = client(ledger, "industry_reviewer")
    reviewer.raise_request_exception = False
    big_april = ledger.report(BIG, 2022, 4)
    response = reviewer.post("/projects/review/apply/", {"ids": [big_april.pk, "abc"], "action": "approve"})
    assert response.status_code == 302, "refused with a message, not a server error"
    assert statuses(big_april) == [Status.SUBMITTED]


def test_someone_without_the_right_to_review_is_told_so(ledger: Ledger) -> None:
    # 工信局 staff who fill in reports but may not review them, the owner itself and its 专班.
    clerk = make_user("gongxin-clerk", Role.DEPARTMENT, ledger.world.district, department=ledger.industry)
    big_april = ledger.report(BIG, 2022, 4)
    for user in (clerk, ledger.world.enterprise_user, ledger.world.task_force_member):
        response = ledger.world.client_for(user).post(
            "/projects/review/apply/", {"ids": [big_april.pk], "action": "approve"}, follow=True
        )
        assert "您没有“审核通过”的权限" in messages_of(response), user.username
        assert statuses(big_april) == [Status.SUBMITTED]


# --- Excel sheets ----------------------------------------------------------------------------------

PROJECT_HEADERS = [column.header for column in PROJECT_COLUMNS]
PROGRESS_HEADERS = ["项目编号", "月份", "当月完成投资（万元）", "形象进度", "项目阶段"]


def test_the_exported_list_is_the_filtered_list_in_its_order(ledger: Ledger) -> None:
    response = client(ledger, "developer").get("/projects/projects/export.xlsx?year=2022&major=true&sort=-total")
    rows = xlsx_rows(response)
    assert rows[0] == PROJECT_HEADERS
    assert [row[0] for row in rows[1:]] == [BIG, SLOW, FRESH, EDGE]
    big = dict(zip(PROJECT_HEADERS, rows[1], strict=True))
    assert big["项目名称"] == "年产10万吨高纯晶硅项目"
    assert big["所在地区"] == "150203"
    assert big["业主单位"] == "内蒙古通威高纯晶硅有限公司"
    assert big["总投资（万元）"] == 250000
    assert big["项目阶段"] == "在建"
    assert big["包联领导"] == "王志刚"
    assert big["责任部门"] == "昆都仑区工业和信息化局"
    assert big["列入清单年度"] == "2021、2022"


def test_the_enterprises_progress_export_holds_only_its_own_reports(ledger: Ledger) -> None:
    rows = xlsx_rows(client(ledger, "enterprise_user").get("/projects/progress/export.xlsx"))
    assert rows[0] == PROGRESS_HEADERS
    # BIG: 2021-12 and 2022-01…07; SMALL: 2022-01.
    assert [(row[0], row[1]) for row in rows[1:]] == [
        (BIG, "2021-12"),
        *[(BIG, f"2022-{month:02d}") for month in range(1, 8)],
        (SMALL, "2022-01"),
    ]


def test_the_import_templates_hold_only_the_header(ledger: Ledger) -> None:
    developer = client(ledger, "developer")
    assert xlsx_rows(developer.get("/projects/projects/template.xlsx")) == [PROJECT_HEADERS]
    assert xlsx_rows(developer.get("/projects/plans/template.xlsx")) == [
        ["项目编号", "年度", "年度计划投资（万元）", "年度计划节点"]
    ]
    assert xlsx_rows(developer.get("/projects/progress/template.xlsx")) == [PROGRESS_HEADERS]


def test_an_unknown_sheet_is_not_found(ledger: Ledger) -> None:
    assert client(ledger, "developer").get("/projects/budgets/template.xlsx").status_code == 404


def test_the_exported_ledger_imported_again_changes_nothing(ledger: Ledger) -> None:
    developer = client(ledger, "developer")
    exported = developer.get("/projects/projects/export.xlsx")
    assert len(xlsx_rows(exported)) == 1 + len(DISTRICT_CODES)
    before = table_counts()
    upload = io.BytesIO(exported.content)
    upload.name = "export.xlsx"
    response = developer.post("/projects/projects/import/", {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/projects/")
    assert "重大项目台账导入完成。共6行：新增0条，更新0条，未变6条" in messages_of(response)
    assert table_counts() == before


def test_a_sheet_with_a_bad_cell_lists_the_problems_and_writes_nothing(ledger: Ledger) -> None:
    good = [
        "KDL-T-101", "新建风电场项目", "150203", None, "电力、热力、燃气及水生产和供应业", None, "产业", "新建",
        "30000", None, None, None, "谋划", None, None, "区发改委", "2022",
    ]  # fmt: skip
    bad_amount = [*good[:8], "三亿", *good[9:]]
    bad_amount[0] = "KDL-T-102"
    bad_stage = [*good[:12], "快完工了", *good[13:]]
    bad_stage[0] = "KDL-T-103"
    before = table_counts()
    response = client(ledger, "developer").post(
        "/projects/projects/import/", {"file": workbook(ProjectImporter, [good, bad_amount, bad_stage])}
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "导入未执行：发现2处问题，未写入任何数据。" in text
    assert "第3行 I列（总投资（万元））：“三亿”不是数字" in text
    assert "第4行 M列（项目阶段）：“快完工了”不是可选值" in text
    assert table_counts() == before
    assert not Project.objects.filter(code="KDL-T-101").exists(), "the good row is not written either"


# --- The cockpit's major-project page --------------------------------------------------------------

COCKPIT = "/cockpit/150203/2022-06/projects/"


def test_the_cockpit_shows_the_districts_major_project_figures(ledger: Ledger) -> None:
    page = client(ledger, "leader").get(COCKPIT)
    assert page.status_code == 200
    figures = major_projects(ledger.world.district, H1).total
    assert (figures.count, figures.total_investment.rounded) == (4, Decimal("32.6"))
    assert (figures.annual_plan.rounded, figures.completed_ytd.rounded) == (Decimal("8.0"), Decimal("3.0"))
    assert figures.plan_completion.rounded == Decimal("37.3")
    text = text_of(page)
    assert "项目个数4个" in text
    assert "总投资32.6亿元" in text
    assert "年内计划投资8.0亿元" in text
    assert "累计完成投资3.0亿元" in text
    assert "完成当年计划37.3%" in text
    assert "时序进度50.0%" in text
    assert "进度滞后项目2个" in text  # EDGE and SLOW


def test_the_cockpit_is_not_found_outside_the_district(ledger: Ledger) -> None:
    assert client(ledger, "neighbour_leader").get(COCKPIT).status_code == 404
    assert client(ledger, "enterprise_user").get(COCKPIT).status_code == 404
