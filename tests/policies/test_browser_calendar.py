"""The firm's calendar in Chromium, on a desktop and on a phone: the demo firm's closing window,
its returned application's next step and its expiring statement, nothing wider than a phone."""

from __future__ import annotations

import pytest

from qifutong.auth.seed import DEMO_PASSWORD
from tests.conftest import browser_login

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_the_calendar_on_a_desktop_and_a_phone(demo_sqlite_app, live_server, browser, screenshot):
    base = live_server(demo_sqlite_app)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        browser_login(page, base, "qiye", DEMO_PASSWORD)
        page.click("nav.mainnav .navhead:text('申报')")
        page.click("nav.mainnav a[href='/firm/calendar']")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        assert page.locator("h1").inner_text() == "申报日历"
        soon = page.locator(".windows-open tr", has_text="第二批")
        # Not applied for yet: the closing window is a reminder.
        assert soon.locator(".closing-soon").count() == 1 and "还剩 5 天" in soon.inner_text()
        assert page.locator(".next-steps .your-turn").first.inner_text() == "请按要求补正后重新提交"
        assert page.locator(".expiring tr", has_text="上年度财务报表").count() == 1
        screenshot(page, "calendar-desktop")
        page.set_viewport_size(PHONE)
        page.reload()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        assert page.locator(".windows-open thead").is_hidden()  # one card per item
        screenshot(page, "calendar-phone")
    finally:
        context.close()
