"""Each role's daily task, counted in clicks from the page a login lands on, on a desktop and
on a phone (the menu button counts as a click): a building manager reaches this month's red
leases and records an intent, a firm sees what it can get and applies on a prefilled form
(立即申报 on the item, 提交), an official opens the firms behind a number — each in at most
two; a property user reaches its vacancies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from qifutong.auth.seed import DEMO_PASSWORD
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


class Clicks:
    """Clicks a person makes; each waits for the page it opens."""

    def __init__(self, page: Any) -> None:
        self.page, self.count = page, 0

    def on(self, selector: str) -> None:
        target = self.page.locator(selector).first
        target.scroll_into_view_if_needed()
        target.click()
        self.page.wait_for_load_state("networkidle")
        self.count += 1

    def menu_item(self, label: str) -> None:
        """A menu entry: on a phone the menu opens first (one more click)."""
        link = self.page.locator("nav.mainnav a", has_text=label).first
        if not link.is_visible():
            self.on("button.navtoggle")
        self.on(f"nav.mainnav a:has-text('{label}')")


@pytest.fixture
def clicks_as(browser: Any, demo_sqlite_app: Any, live_server: Any) -> Callable[..., Any]:
    base = live_server(demo_sqlite_app)
    contexts: list[Any] = []

    def start(username: str, screen: str) -> tuple[Any, Clicks]:
        context = browser.new_context(locale="zh-CN", viewport=SCREENS[screen])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        browser_login(page, base, username, DEMO_PASSWORD)
        return page, Clicks(page)

    yield start
    for context in contexts:
        context.close()


def test_a_manager_records_an_intent_on_a_red_lease_in_two_clicks(clicks_as):
    for screen in SCREENS:
        page, clicks = clicks_as("louyu", screen)
        clicks.on("a.card[data-level='red']")
        rows = page.locator("tr[data-level]")
        assert rows.count() > 0
        assert {rows.nth(i).get_attribute("data-level") for i in range(rows.count())} == {"red"}
        lease = rows.first.get_attribute("data-lease")
        clicks.on(f"tr[data-lease='{lease}'] button.intent-renew")
        assert page.locator(f"tr[data-lease='{lease}'] button.intent-renew.current").count() == 1
        assert clicks.count <= 2


def test_a_firm_sees_what_it_can_get_and_applies_in_two_clicks(clicks_as):
    for screen in SCREENS:
        page, clicks = clicks_as("qiye", screen)
        items = page.locator("article.item.push")
        assert items.count() > 0  # what it can get, with the reasons, on landing
        assert page.locator("article.item.push .reason").count() > 0
        # 立即申报 shows on an item it fully qualifies for, not yet applied for and not paid
        # without application (免申即享), and opens the form prefilled from its record.
        apply = page.locator("article.item.push a.apply")
        assert apply.count() > 0
        assert page.locator("article.item.push:has(.badge.amber) a.apply").count() == 0
        assert page.locator("article.item.push:has(.badge.auto-payout) a.apply").count() == 0
        clicks.on("article.item.push a.apply")
        assert page.locator("#submit-application").count() == 1
        clicks.on("#submit-application")
        assert clicks.count <= 2
        assert "申报已提交" in page.locator(".flash-success").inner_text()


def test_an_official_opens_the_firms_behind_a_number_in_one_click(clicks_as):
    for screen in SCREENS:
        page, clicks = clicks_as("jiedao", screen)
        clicks.on("main a.card[href*='/cockpit/records/']")
        assert "/cockpit/records/" in page.url
        assert page.locator("#records-table tbody tr").count() > 0
        assert clicks.count <= 2


def test_a_property_user_reaches_its_vacancies(clicks_as):
    for screen in SCREENS:
        page, clicks = clicks_as("wuye", screen)
        clicks.on("main a[href='/property/vacancies']")
        assert page.locator("tr[data-unit]").count() > 0
        assert clicks.count == 1
