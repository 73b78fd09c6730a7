"""Under the strict content security policy (scripts only from files here or with the page's
nonce) the pages that run scripts still work in Chromium, and the browser refuses nothing."""

from __future__ import annotations

import pytest

from qifutong.auth.seed import DEMO_PASSWORD
from tests.conftest import browser_login

PAGES = [
    ("/cockpit/A", ".chart[data-rendered]"),
    ("/cockpit/map", "#street-map[data-rendered]"),
    ("/building/map", "#street-map[data-ready]"),
    ("/street/policies/1/audience", ".js-plotly-plot"),
    ("/street/policies/1/funnel", ".js-plotly-plot"),
    ("/imports/enterprises", "form"),
    ("/enterprises/?status=active", "table"),
    ("/account", "form"),
]


@pytest.mark.browser
def test_script_pages_work_without_a_policy_violation(
    demo_sqlite_app, live_server, page, screenshot
):
    base = live_server(demo_sqlite_app)
    refused: list[str] = []
    page.on(
        "console",
        lambda m: (
            refused.append(m.text)
            if m.type == "error" and ("Content Security Policy" in m.text or "Refused" in m.text)
            else None
        ),
    )
    page.on("pageerror", lambda e: refused.append(str(e)))
    browser_login(page, base, "jiedao", DEMO_PASSWORD)
    for path, ready in PAGES:
        page.goto(base + path)
        page.wait_for_selector(ready, timeout=30_000)
        assert refused == [], (path, refused)
    page.goto(base + "/cockpit/A")
    page.wait_for_selector(".chart[data-rendered]")
    screenshot(page, "csp-cockpit-1366")
    page.goto(base + "/account")
    screenshot(page, "account-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/account")
    screenshot(page, "account-390")
    assert refused == []
