"""In headless Chromium, each demo login lands on its own home page, in Chinese."""

from __future__ import annotations

import pytest

from qifutong.auth.seed import DEMO_PASSWORD
from tests.conftest import browser_login

HOMES = [
    ("jiedao", "/street/", "街道工作台"),
    ("louyu", "/building/", "到期预警"),
    ("wuye", "/property/", "楼宇管理"),
    ("qiye", "/firm/", "为您推荐"),
    ("admin", "/street/", "用户管理"),
]


@pytest.mark.browser
def test_every_demo_login_lands_on_its_home(demo_sqlite_app, live_server, page, screenshot):
    base = live_server(demo_sqlite_app)
    for username, path, marker in HOMES:
        browser_login(page, base, username, DEMO_PASSWORD)
        assert page.url == base + path, (username, page.url)
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert marker in page.inner_text("body")
        screenshot(page, f"home-{username}")
        # Everything in the top bar fits: the navigation ends before the user box begins.
        fits = page.evaluate(
            """() => {
              const bar = document.querySelector('.topbar');
              const nav = document.querySelector('.mainnav').lastElementChild;
              const user = document.querySelector('.userbox');
              return bar.scrollWidth <= bar.clientWidth
                && nav.getBoundingClientRect().right <= user.getBoundingClientRect().left;
            }"""
        )
        assert fits, username
        page.click("text=退出")
        page.wait_for_url(base + "/login")


@pytest.mark.browser
def test_the_street_menus_open_and_lead_on(demo_sqlite_app, live_server, page, screenshot):
    base = live_server(demo_sqlite_app)
    browser_login(page, base, "jiedao", DEMO_PASSWORD)
    review = page.locator("nav.mainnav a", has_text="复核企业")
    assert not review.is_visible()  # inside the closed 企业库 menu
    page.locator("nav.mainnav .navhead", has_text="企业库").click()  # a tap gives it focus
    assert review.is_visible()
    screenshot(page, "nav-street-menu")
    review.click()
    page.wait_for_url(base + "/imports/review*")
    assert page.locator(".navgroup.active .navhead").inner_text().startswith("企业库")
    # On a phone the navigation folds behind a menu button and opens as a list.
    page.set_viewport_size({"width": 390, "height": 844})
    services = page.locator("nav.mainnav .navhead", has_text="企业服务")
    assert not services.is_visible()
    page.click(".navtoggle")
    assert services.is_visible()
    services.click()
    assert page.locator("nav.mainnav a", has_text="走楼访企").first.is_visible()
    screenshot(page, "nav-street-phone")
