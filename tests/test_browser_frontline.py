"""Every page of each role, as a person on a phone reads it, in headless Chromium: each link
opens, nothing scrolls sideways at 390 px, no code name, "nan", "None" or file name shows in
the visible text, and the English UI asks for no text its dictionaries lack."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dashboards.indicator import GROUPS
from qifutong.auth.seed import DEMO_PASSWORD
from qifutong.web.i18n import UNTRANSLATED
from tests.conftest import browser_login

PHONE = {"width": 390, "height": 844}
ROLES = ("louyu", "wuye", "qiye", "jiedao")
# A snake_case key, a missing value as pandas or Python prints it, a file name.
CODE_TEXT = re.compile(
    r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\bnan\b|\bNaN\b|\bNone\b"
    r"|[\w\-]+\.(?:csv|xlsx|xls|py|html|json|sqlite|txt)\b"
)
# The name of a file a person uploaded is theirs, shown on its import so they know it again
# (marked `.file-name`); everything else on a page must read without it.
HIDE_UPLOADED_NAMES = (
    "() => document.querySelectorAll('.file-name').forEach(e => { e.style.display = 'none'; })"
)
DETAIL_PAGES_PER_KIND = 1
RECORDS_PAGES = 3  # the cockpit's records pages share one template


def menu_pages(page: Any, base: str, username: str) -> list[str]:
    """The role's home and every page its menu links to (plus the cockpit for the street)."""
    links = page.eval_on_selector_all(
        "nav.mainnav a", "els => els.map(e => e.getAttribute('href'))"
    )
    paths = [page.url.removeprefix(base), *links]
    if username == "jiedao":
        paths += [f"/cockpit/{group}" for group in GROUPS] + ["/cockpit/map", "/cockpit/macro"]
    return list(dict.fromkeys(paths))


def detail_links(page: Any, kinds: dict[str, int]) -> list[str]:
    """One link of each kind of page this page leads to (a firm, a lease, a demand …)."""
    out = []
    hrefs = page.eval_on_selector_all(
        "main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
    )
    for href in hrefs:
        path = href.split("?")[0]
        if path.endswith(".xlsx") or "/attachments/" in path or "/reports/" in path:
            continue  # downloads
        kind = re.sub(r"\d+", "N", path)
        limit = DETAIL_PAGES_PER_KIND
        if kind.startswith("/cockpit/records/"):
            kind, limit = "/cockpit/records/", RECORDS_PAGES
        if kinds.get(kind, 0) < limit:
            kinds[kind] = kinds.get(kind, 0) + 1
            out.append(href)
    return out


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


# Drawn: every chart plotly started has its drawing, and the layout has had two frames since.
DRAWN = """() => new Promise(done => {
  const charts = [...document.querySelectorAll('.js-plotly-plot')];
  const wait = () => charts.every(c => c.querySelector('.main-svg'))
    ? requestAnimationFrame(() => requestAnimationFrame(() => done(true)))
    : setTimeout(wait, 20);
  wait();
})"""


def visit(page: Any, url: str) -> int:
    """Open the page and wait until it is drawn (not for the network to fall idle: that costs
    half a second a page, and the pages that poll a job never fall idle); its HTTP status."""
    response = page.goto(url)  # returns after the load event: scripts have run
    page.evaluate(DRAWN)
    return int(response.status) if response else 200  # None: a link within the same page


@pytest.mark.browser
@pytest.mark.parametrize("username", ROLES)
def test_every_page_fits_a_phone_and_reads_plainly(
    username, demo_sqlite_app, live_server, browser, screenshot
):
    untranslated: set[str] = set()
    demo_sqlite_app.extensions[UNTRANSLATED] = untranslated
    base = live_server(demo_sqlite_app)
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        browser_login(page, base, username, DEMO_PASSWORD)
        screenshot(page, f"phone-home-{username}")
        menu = menu_pages(page, base, username)
        assert len(menu) >= 4, menu
        wide, code_text, kinds, refused = {}, {}, {}, {}
        queue, seen = list(menu), set()
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            status = visit(page, base + path)
            if status >= 400:
                refused[path] = status  # every link a role is shown opens
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > PHONE["width"] + 1:
                wide[path] = (scroll_width, wider_than_the_screen(page))
            if path in menu:
                queue += detail_links(page, kinds)
            page.evaluate(HIDE_UPLOADED_NAMES)
            found = sorted(set(CODE_TEXT.findall(page.inner_text("body"))))
            if found:
                code_text[path] = found
        assert refused == {}
        assert wide == {}
        assert code_text == {}

        # The menu button opens the navigation; its entries are easy to tap.
        visit(page, base + menu[0])
        nav = page.locator("nav.mainnav")
        assert not nav.is_visible()
        page.tap(".navtoggle")
        assert nav.is_visible()
        screenshot(page, f"phone-menu-{username}")
        for link in nav.locator(":scope > a, :scope > .navgroup > .navhead").all():
            assert link.bounding_box()["height"] >= 44

        # In English, every page of the menu finds each of its texts in the dictionaries.
        with page.expect_navigation():
            page.click(".userbox .lang")
        for path in menu:
            visit(page, base + path)
        screenshot(page, f"phone-english-{username}")
        assert sorted(untranslated) == []
    finally:
        context.close()
