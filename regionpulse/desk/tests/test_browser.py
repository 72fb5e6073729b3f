"""A request worked to the end in a real browser: the enterprise raises it, the desk resolves it,
the enterprise confirms, and the leader's cockpit counts one more problem resolved."""

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from regionpulse.core.tests.pages import signed_in
from regionpulse.demo.load import load_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def resolved(page: Page, base_url: str) -> int:
    today = timezone.localdate()
    page.goto(f"{base_url}/cockpit/150203/{today:%Y-%m}/services/")
    return int(page.locator("[data-figure='problems_resolved'] .value").inner_text().removesuffix("项").strip())


def test_a_request_raised_resolved_and_confirmed_counts_in_the_cockpit(live_server: object, browser: Browser) -> None:
    load_all()
    base = live_server.url  # type: ignore[attr-defined]
    leader = signed_in(browser, base, "leader")
    before = resolved(leader, base)

    owner = signed_in(browser, base, "qiye", width=390)
    owner.goto(f"{base}/desk/new/")
    owner.fill("#id_title", "厂区双回路供电接入")
    owner.fill("#id_description", "二期项目调试用电负荷增加，请协调供电部门接入第二回路。")
    owner.select_option("#id_category", label="用能")
    owner.get_by_role("button", name="提交").click()
    expect(owner.locator(".messages")).to_contain_text("诉求已提交")
    overflow = owner.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the request page is {overflow}px wider than the phone's screen"
    request_url = owner.url

    desk = signed_in(browser, base, "yingshang")
    desk.goto(request_url)
    desk.locator("form[data-step='accept'] button").click()
    expect(desk.locator(".messages")).to_contain_text("已受理")
    # Resolving without a result is refused.
    desk.locator("form[data-step='resolve'] button").click()
    expect(desk.locator(".messages")).to_contain_text("办结须填写办理结果")
    desk.locator("form[data-step='resolve'] textarea").fill("已协调供电公司完成第二回路接入")
    desk.locator("form[data-step='resolve'] button").click()
    expect(desk.locator(".messages")).to_contain_text("已办结")
    assert resolved(leader, base) == before  # resolved, not yet confirmed by the enterprise

    owner.goto(request_url)
    owner.locator("form[data-step='confirm'] select[name=rating]").select_option("5")
    owner.locator("form[data-step='confirm'] button").click()
    expect(owner.locator(".messages")).to_contain_text("已确认解决")
    expect(owner.locator(".timeline")).to_contain_text("已办结")

    assert resolved(leader, base) == before + 1
