"""The ledger's API as an enterprise's or a department's system uses it: projects and plans through the
caller's scope, and monthly progress reported into the review queue with the form's own checks."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from regionpulse.core.locking import lock
from regionpulse.core.models import ChangeRecord
from regionpulse.core.periods import Period
from regionpulse.core.tests.responses import results
from regionpulse.projects.classifications import Stage
from regionpulse.projects.models import AnnualPlan, ProgressReport, Project
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
)

Status = ProgressReport.Status

SEEN = {
    "enterprise_user": {BIG, SMALL},  # 通威 owns BIG and SMALL
    "task_force_member": {BIG, SLOW, OLD},  # 光伏专班's projects
    "industry_reviewer": {BIG, SLOW, SMALL},  # 工信局 answers for these
    "developer": DISTRICT_CODES,  # 发改委 keeps the whole list
    "leader": DISTRICT_CODES,
    "neighbour_leader": {NEIGHBOUR},  # 青山区's own project, none of 昆都仑区's
    "finance_officer": set(),
}
# (2022 plan, approved 1-6月) in 万元, from the fixture's reports.
HALF_YEAR = {
    BIG: ("60000.00", "27000.00"),  # 5000+6000+7000+9000; April submitted, May draft, July later
    EDGE: ("8000.00", "300.00"),  # February was returned
    SLOW: ("12000.00", "2500.00"),  # June is only submitted
    FRESH: ("0.00", "0.00"),  # no plan, no report
    SMALL: ("3000.00", "1000.00"),
    OLD: ("5000.00", "2000.00"),
}
# Each project's plans by year.
PLANS = {BIG: [2021, 2022], EDGE: [2022], SLOW: [2022], SMALL: [2022], OLD: [2022], NEIGHBOUR: [2022]}


def api(ledger: Ledger, name: str) -> Client:
    user = getattr(ledger, name, None) or getattr(ledger.world, name)
    return ledger.world.client_for(user)


def codes(response: Any) -> list[str]:
    return [item["code"] for item in results(response)]


# --- Projects --------------------------------------------------------------------------------------


def test_each_persona_lists_exactly_its_projects(ledger: Ledger) -> None:
    for name, expected in SEEN.items():
        assert set(codes(api(ledger, name).get("/api/projects/"))) == expected, name


def test_a_project_outside_the_scope_is_not_found(ledger: Ledger) -> None:
    edge = ledger.project(EDGE).pk
    assert api(ledger, "enterprise_user").get(f"/api/projects/{edge}/").status_code == 404
    assert api(ledger, "neighbour_leader").get(f"/api/projects/{edge}/").status_code == 404
    assert api(ledger, "leader").get(f"/api/projects/{edge}/").status_code == 200


def test_the_half_years_plan_and_completion_are_decimal_strings(ledger: Ledger) -> None:
    items = results(api(ledger, "developer").get("/api/projects/?period=2022-06"))
    assert {item["code"]: (item["annual_plan"], item["completed_ytd"]) for item in items} == HALF_YEAR


def test_the_enterprise_sees_its_own_figures(ledger: Ledger) -> None:
    items = results(api(ledger, "enterprise_user").get("/api/projects/?period=2022-06"))
    assert [(item["code"], item["annual_plan"], item["completed_ytd"]) for item in items] == [
        (BIG, "60000.00", "27000.00"),
        (SMALL, "3000.00", "1000.00"),
    ]
    big = items[0]
    assert big["region"] == "150203"
    assert big["owner"] == "内蒙古通威高纯晶硅有限公司"
    assert big["total_investment"] == "250000.00"
    assert big["listed_years"] == [2021, 2022]


def test_july_counts_julys_approved_report(ledger: Ledger) -> None:
    items = results(api(ledger, "enterprise_user").get(f"/api/projects/?period=2022-07&q={BIG}"))
    assert {item["code"]: item["completed_ytd"] for item in items}[BIG] == "36999.00"


def test_filtering_by_stage_and_size(ledger: Ledger) -> None:
    leader = api(ledger, "leader")
    assert codes(leader.get("/api/projects/?stage=preparation")) == [EDGE]
    assert codes(leader.get("/api/projects/?stage=production")) == [OLD]
    assert codes(leader.get("/api/projects/?major=true")) == [BIG, EDGE, SLOW, FRESH, OLD]
    assert codes(leader.get("/api/projects/?major=false")) == [SMALL]
    assert codes(leader.get("/api/projects/?major=true&year=2022")) == [BIG, EDGE, SLOW, FRESH]
    assert codes(api(ledger, "enterprise_user").get("/api/projects/?major=true")) == [BIG]


def test_filtering_the_projects_behind_schedule(ledger: Ledger) -> None:
    # June: behind means under 40% of the plan. EDGE 300/8000, SLOW 2500/12000, SMALL 1000/3000 are;
    # BIG 27000/60000 and OLD 2000/5000 (exactly 40%) are not; FRESH has no plan.
    leader = api(ledger, "leader")
    assert codes(leader.get("/api/projects/?period=2022-06&behind=true")) == [EDGE, SLOW, SMALL]
    assert codes(leader.get("/api/projects/?period=2022-06&behind=true&major=true")) == [EDGE, SLOW]


def test_signed_out_callers_are_refused(ledger: Ledger) -> None:
    for url in ("/api/projects/", "/api/plans/", "/api/progress/"):
        assert Client().get(url).status_code in (401, 403), url


# --- Plans -----------------------------------------------------------------------------------------


def plan_keys(response: Any) -> list[tuple[str, int]]:
    return sorted((item["project"], item["year"]) for item in results(response))


def expected_plans(visible: set[str], year: int | None = None) -> list[tuple[str, int]]:
    return sorted(
        (code, plan_year)
        for code, years in PLANS.items()
        if code in visible
        for plan_year in years
        if year is None or plan_year == year
    )


def test_each_persona_lists_exactly_the_plans_of_its_projects(ledger: Ledger) -> None:
    for name, visible in SEEN.items():
        assert plan_keys(api(ledger, name).get("/api/plans/")) == expected_plans(visible), name


def test_plans_filtered_by_year_with_their_amounts(ledger: Ledger) -> None:
    items = results(api(ledger, "enterprise_user").get("/api/plans/?year=2022"))
    assert sorted((item["project"], item["planned_investment"]) for item in items) == [
        (BIG, "60000.00"),
        (SMALL, "3000.00"),
    ]
    assert plan_keys(api(ledger, "task_force_member").get("/api/plans/?year=2021")) == [(BIG, 2021)]


def test_a_plan_outside_the_scope_is_not_found(ledger: Ledger) -> None:
    edge_plan = AnnualPlan.objects.get(project__code=EDGE, year=2022).pk
    assert api(ledger, "enterprise_user").get(f"/api/plans/{edge_plan}/").status_code == 404
    assert api(ledger, "developer").get(f"/api/plans/{edge_plan}/").status_code == 200


# --- Reporting progress ----------------------------------------------------------------------------


def counts() -> tuple[int, int]:
    return ProgressReport.objects.count(), ChangeRecord.objects.count()


def report(ledger: Ledger, name: str = "enterprise_user", **fields: str) -> Any:
    body = {"project": SMALL, "period": "2022-08", "investment": "1200.50", "progress": "主体结构封顶"}
    return api(ledger, name).post(
        "/api/progress/", body | {"stage": Stage.CONSTRUCTION} | fields, content_type="application/json"
    )


def refused(ledger: Ledger, field: str, name: str = "enterprise_user", **fields: str) -> str:
    before = counts()
    response = report(ledger, name, **fields)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert counts() == before, "nothing is written"
    return " ".join(errors[field])


def test_an_enterprise_reports_a_month_which_waits_for_review(ledger: Ledger) -> None:
    response = report(ledger)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["project"], body["year"], body["month"], body["status"]) == (SMALL, 2022, 8, "submitted")
    assert body["investment"] == "1200.50"
    stored = ledger.report(SMALL, 2022, 8)
    assert stored.status == Status.SUBMITTED
    assert stored.reported_by == ledger.world.enterprise_user
    assert str(stored.investment) == "1200.50"


def test_the_reported_month_reaches_the_departments_queue(ledger: Ledger) -> None:
    assert report(ledger).status_code == 201
    queue = ledger.world.client_for(ledger.industry_reviewer).get("/projects/review/")
    assert f'data-report="{ledger.report(SMALL, 2022, 8).pk}"' in queue.content.decode()


def test_a_task_force_member_reports_for_its_task_forces_project(ledger: Ledger) -> None:
    assert report(ledger, "task_force_member", project=SLOW).status_code == 201
    assert ledger.report(SLOW, 2022, 8).reported_by == ledger.world.task_force_member


def test_another_enterprises_project_is_refused_by_its_code(ledger: Ledger) -> None:
    message = refused(ledger, "project", project=EDGE)
    assert EDGE in message
    assert "不在您的填报范围内" in message


def test_a_month_still_to_come_is_refused(ledger: Ledger) -> None:
    today = timezone.localdate()
    coming = Period(today.year, today.month).shift(1)
    assert f"{coming.year}年{coming.month}月还没有到，不能填报" in refused(ledger, "period", period=coming.iso)


def test_a_month_in_a_locked_period_is_refused(ledger: Ledger) -> None:
    lock(ledger.world.district, Period(2022, 6), ledger.world.admin, "上半年数据已审定")
    assert "2022年上半年已锁定" in refused(ledger, "period", period="2022-03")


def test_a_month_already_reported_is_refused(ledger: Ledger) -> None:
    assert "2022年1月已填报" in refused(ledger, "period", period="2022-01")


def test_a_negative_amount_is_refused_in_chinese(ledger: Ledger) -> None:
    message = refused(ledger, "investment", investment="-5")
    assert any("\u4e00" <= char <= "\u9fff" for char in message), message


def test_a_leader_may_read_but_not_report(ledger: Ledger) -> None:
    before = counts()
    assert report(ledger, "leader", project=BIG).status_code == 403
    assert counts() == before
    assert api(ledger, "leader").get("/api/progress/").status_code == 200


def test_a_signed_out_caller_cannot_report(ledger: Ledger) -> None:
    before = counts()
    body = {"project": SMALL, "period": "2022-08", "investment": "1", "stage": Stage.CONSTRUCTION}
    response = Client().post("/api/progress/", body, content_type="application/json")
    assert response.status_code in (401, 403)
    assert counts() == before


def test_the_enterprise_lists_only_its_own_reports(ledger: Ledger) -> None:
    items = results(api(ledger, "enterprise_user").get("/api/progress/"))
    assert sorted({item["project"] for item in items}) == [BIG, SMALL]
    assert len(items) == 9  # BIG: 2021-12 and 2022-01…07; SMALL: 2022-01
    assert [(item["year"], item["month"]) for item in items[:2]] == [(2022, 7), (2022, 6)]
    assert codes_of_status(ledger, "submitted") == [BIG]


def codes_of_status(ledger: Ledger, status: str) -> list[str]:
    items = results(api(ledger, "enterprise_user").get(f"/api/progress/?status={status}"))
    return [item["project"] for item in items]


def test_projects_left_untouched_by_a_refused_report(ledger: Ledger) -> None:
    refused(ledger, "project", project=NEIGHBOUR)
    assert Project.objects.get(code=NEIGHBOUR).reports.count() == 1
