"""A firm walks its inbox → a policy → its application form → submit, in headless Chromium on
the demo street."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qifutong.auth.models import User
from qifutong.extensions import db
from qifutong.inbox.models import Push
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_firm_inbox_to_policy_to_apply(demo_sqlite_app, live_server, page, screenshot):
    firm_id = db.session.scalar(select(User.enterprise_id).where(User.username == "qiye"))
    db.session.remove()
    base = live_server(demo_sqlite_app)
    browser_login(page, base, "qiye", "guodang-demo")
    assert page.url.rstrip("/").endswith("/firm")
    assert page.locator("h2", has_text="为您推荐").count() == 1
    assert page.locator("article.push .reason").count() > 0
    screenshot(page, "matching-firm-inbox")

    # Open the first policy still waiting for the firm that it applies for (not 免申即享) and
    # fully qualifies for.
    item = (
        page.locator("article.push", has=page.locator("span.badge", has_text="政策"))
        .filter(has_not=page.locator("span.badge", has_text="已申报"))
        .filter(has_not=page.locator("span.badge", has_text="已兑现"))
        .filter(has_not=page.locator("span.badge.auto-payout"))
        .filter(has_not=page.locator("span.badge.amber"))
        .first
    )
    title = item.locator("h3 a").first.inner_text()
    item.locator("h3 a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == title
    assert page.locator("text=为什么推荐给您").count() == 1
    assert page.locator(".reason").count() > 0
    screenshot(page, "matching-firm-policy")

    page.click("#apply")  # the application form, prefilled
    page.wait_for_load_state("networkidle")
    page.click("#submit-application")
    page.wait_for_load_state("networkidle")
    assert page.locator(".flash-success").count() == 1
    assert page.locator("#application-state").inner_text() == "已提交"
    screenshot(page, "matching-firm-applied")

    push = db.session.scalar(select(Push).where(Push.enterprise_id == firm_id, Push.title == title))
    assert push is not None and push.state == "applied" and push.clicked_at is not None

    # Search with a typo on 找政策 still finds it.
    page.goto(f"{base}/firm/policies?q=高薪技术")
    assert page.locator("article.find-item").count() > 0
    screenshot(page, "matching-firm-find")
