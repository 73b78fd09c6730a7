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
        page.click("text=退出")
        page.wait_for_url(base + "/login")
