"""On a 390 px phone, no page of the building, property and firm interfaces, nor the cockpit,
scrolls sideways: every page reachable from each role's menu, in headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from dashboards.registry import GROUPS
from qifutong.auth.seed import DEMO_PASSWORD
from tests.conftest import browser_login

PHONE = {"width": 390, "height": 844}
ROLES = ("louyu", "wuye", "qiye", "jiedao")


def menu_pages(page: Any, base: str, username: str) -> list[str]:
    """The role's home and every page its menu links to (plus the cockpit for the street)."""
    links = page.eval_on_selector_all(
        "nav.mainnav a", "els => els.map(e => e.getAttribute('href'))"
    )
    paths = [page.url.removeprefix(base), *links]
    if username == "jiedao":
        paths += [f"/cockpit/{group}" for group in GROUPS] + ["/cockpit/map"]
    return list(dict.fromkeys(paths))


def wider_than_the_screen(page: Any) -> list[str]:
    """What sticks out of the viewport without a scrolling box of its own around it."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth, out = [];
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right <= width + 1) continue;
            let p = el.parentElement, boxed = false;
            for (; p; p = p.parentElement) {
              if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) {
                boxed = true;
                break;
              }
            }
            if (!boxed) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
          }
          return out.slice(0, 5);
        }"""
    )


@pytest.mark.browser
@pytest.mark.parametrize("username", ROLES)
def test_no_page_scrolls_sideways_on_a_phone(
    username, demo_sqlite_app, live_server, browser, screenshot
):
    base = live_server(demo_sqlite_app)
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        browser_login(page, base, username, DEMO_PASSWORD)
        screenshot(page, f"phone-home-{username}")
        paths = menu_pages(page, base, username)
        assert len(paths) >= 4, paths
        wide = {}
        for path in paths:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > PHONE["width"] + 1:
                wide[path] = (scroll_width, wider_than_the_screen(page))
        assert wide == {}
        # The menu button opens the navigation; a menu opens in place with a tap.
        page.goto(base + paths[0])
        nav = page.locator("nav.mainnav")
        assert not nav.is_visible()
        page.tap(".navtoggle")
        assert nav.is_visible()
        screenshot(page, f"phone-menu-{username}")
        for link in nav.locator("a").all()[:3]:
            box = link.bounding_box()
            if box:
                assert box["height"] >= 44
    finally:
        context.close()
