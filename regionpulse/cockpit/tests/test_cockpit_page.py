"""The cockpit as a district leader sees it, in a real browser."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from regionpulse.demo.load import load_all
from regionpulse.demo.users import PASSWORD

# serialized_rollback: the flush between tests would otherwise drop the migrated indicator catalogue.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def choose_period(page: Page, period: str) -> None:
    page.select_option("select[name=period]", period)
    page.click("form.toolbar button[type=submit]")


def card(page: Page, code: str) -> object:
    return page.locator(f"article.card[data-indicator='{code}']")


def test_a_leader_logs_in_and_sees_the_reference_figures_and_charts(live_server: object, browser: Browser) -> None:
    load_all()
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    log_in(page, live_server.url, "leader")

    # The cockpit opens on the district's latest approved period; the leader picks 上半年.
    expect(page).to_have_url(f"{live_server.url}/cockpit/150203/2022-12/")
    choose_period(page, "2022-06")
    expect(page).to_have_url(f"{live_server.url}/cockpit/150203/2022-06/")
    expect(page.locator("h1")).to_contain_text("昆都仑区 2022年上半年")
    gdp = card(page, "gdp")
    expect(gdp).to_contain_text("592.48亿元")
    expect(gdp).to_contain_text("同比增长6.9%")
    expect(gdp).to_contain_text("占全市31.4%")
    expect(gdp).to_contain_text("高于全市0.1个百分点")
    expect(gdp).to_contain_text("位居全市首位")
    expect(card(page, "fixed_asset_investment")).to_contain_text("同比增长31.5%")
    expect(card(page, "industrial_value_added")).to_contain_text("同比增长17.0%")
    income = card(page, "urban_income")
    expect(income).to_contain_text("28619元")
    expect(income).to_contain_text("同比增长4.0%")
    expect(income).to_contain_text("位居全市首位")
    expect(card(page, "budget_revenue")).to_contain_text("17.17亿元")
    expect(card(page, "budget_revenue")).to_contain_text("同比增长8.7%")
    expect(card(page, "sei_share")).to_contain_text("同比提高5.7个百分点")

    for chart in ("trend-option", "comparison-option"):
        drawn = page.locator(f"[data-chart='{chart}'][data-drawn='true'] canvas")
        expect(drawn.first).to_be_visible()
        box = drawn.first.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 200
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cockpit-desktop.png"), full_page=True)


def test_the_cockpit_fits_a_phone_screen(live_server: object, browser: Browser) -> None:
    load_all()
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=2)
    log_in(page, live_server.url, "leader")
    choose_period(page, "2022-06")
    expect(card(page, "gdp")).to_contain_text("592.48亿元")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone's screen"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cockpit-phone.png"), full_page=True)


def test_the_interface_switches_to_english(live_server: object, browser: Browser) -> None:
    load_all()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "leader")
    choose_period(page, "2022-06")
    page.select_option("select[name=language]", "en")
    expect(page.locator("nav.nav")).to_contain_text("Cockpit")
    expect(card(page, "gdp")).to_contain_text("592.48")
    expect(card(page, "gdp")).to_contain_text("up 6.9%")
