"""The monthly round in a real browser: the owner reports on a phone, the department approves,
and the leader's cockpit moves by exactly that amount."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from regionpulse.core.tests.pages import signed_in
from regionpulse.demo.load import load_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
REPORTED_WAN = Decimal("5000")  # 0.5亿元


def completed_yi(page: Page, base_url: str) -> Decimal:
    page.goto(f"{base_url}/cockpit/150203/2022-08/projects/")
    text = page.locator("[data-figure='completed_ytd'] .value").inner_text()
    return Decimal(text.replace("亿元", "").strip())


def test_a_report_counts_once_the_department_approves_it(live_server: object, browser: Browser) -> None:
    load_all()
    base = live_server.url  # type: ignore[attr-defined]
    leader = signed_in(browser, base, "leader")
    before = completed_yi(leader, base)

    # The owner, on a phone, reports August for its own project.
    owner = signed_in(browser, base, "qiye", width=390)
    expect(owner.locator("h1")).to_have_text("重大项目台账")
    owner.get_by_role("link", name="通威二期5万吨高纯晶硅项目").click()
    owner.get_by_role("link", name="填报月度进展").click()
    owner.fill("#id_period", "2022-08")
    owner.fill("#id_investment", str(REPORTED_WAN))
    owner.fill("#id_progress", "设备调试，投产前准备")
    owner.get_by_role("button", name="提交审核").click()
    expect(owner.locator(".messages")).to_contain_text("已报送")
    overflow = owner.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the project page is {overflow}px wider than the phone's screen"

    # Submitted but not approved: the cockpit does not move.
    assert completed_yi(leader, base) == before

    reviewer = signed_in(browser, base, "gongxin")
    reviewer.goto(f"{base}/projects/review/")
    row = reviewer.locator("tr", has_text="通威二期5万吨高纯晶硅项目").filter(has_text="2022-08")
    row.locator("input[type=checkbox]").check()
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.locator(".messages")).to_contain_text("审核通过：1条")

    after = completed_yi(leader, base)
    assert after - before == REPORTED_WAN / 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    leader.screenshot(path=str(ARTIFACTS / "cockpit-projects.png"), full_page=True)


def test_the_cockpit_shows_the_published_ledger_figures(live_server: object, browser: Browser) -> None:
    load_all()
    page = signed_in(browser, live_server.url, "leader")  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/cockpit/150203/2022-06/projects/")  # type: ignore[attr-defined]
    expected = {
        "count": "117个",
        "total_investment": "1082.3亿元",
        "annual_plan": "249.7亿元",
        "completed_ytd": "178.3亿元",
        "plan_completion": "71.4%",
    }
    for figure, text in expected.items():
        expect(page.locator(f"[data-figure='{figure}'] .value")).to_have_text(text)
    drawn = page.locator("[data-chart='task-force-option'][data-drawn='true'] canvas")
    expect(drawn.first).to_be_visible()
