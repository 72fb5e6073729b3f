"""Browser-test helpers shared by the apps' page tests."""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from regionpulse.demo.users import PASSWORD


def signed_in(browser: Browser, base_url: str, username: str, width: int = 1280) -> Page:
    """A new Chinese-language page ``width`` pixels wide, signed in as the demo login ``username``."""
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    return page
