"""Signing a deal on the pipeline board, in a real browser, moves the leader's cockpit."""

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from regionpulse.core.tests.pages import signed_in
from regionpulse.core.units import round_half_up
from regionpulse.demo.load import load_all
from regionpulse.promotion.models import Deal, Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def cockpit_figures(page: Page, base_url: str) -> tuple[int, Decimal]:
    page.goto(f"{base_url}/cockpit/150203/2022-06/promotion/")
    signed = page.locator("[data-figure='projects_signed'] .value").inner_text()
    amount = page.locator("[data-figure='signed_amount'] .value").inner_text()
    return int(signed.removesuffix("个").strip()), Decimal(amount.removesuffix("亿元").strip())


def test_signing_a_deal_on_the_board_moves_the_cockpit(live_server: object, browser: Browser) -> None:
    load_all()
    base = live_server.url  # type: ignore[attr-defined]
    leader = signed_in(browser, base, "leader")
    assert cockpit_figures(leader, base) == (135, Decimal("1538.248"))

    deal = Deal.objects.filter(stage=Stage.NEGOTIATING).order_by("-amount").first()
    assert deal is not None
    keeper = signed_in(browser, base, "touzi")
    keeper.goto(f"{base}/promotion/?year=2022")
    card = keeper.locator(f"article.deal[data-deal='{deal.pk}']")
    card.locator("summary").click()
    # Without the signing date the move is refused and nothing changes.
    card.get_by_role("button", name="确定").click()
    expect(keeper.locator(".messages")).to_contain_text("须填写签约日期")
    card = keeper.locator(f"article.deal[data-deal='{deal.pk}']")
    card.locator("summary").click()
    card.locator("input[name=date]").fill("2022-06-30")
    card.get_by_role("button", name="确定").click()
    expect(keeper.locator(".messages")).to_contain_text("已变更为签约")
    expect(keeper.locator("section.column[data-stage='2']")).to_contain_text(deal.name)

    signed, amount = cockpit_figures(leader, base)
    assert signed == 136
    assert amount == round_half_up((Decimal(15_382_480) + deal.amount) / 10_000, 3)
