"""An official drafts a policy, previews who it reaches, publishes it and watches the funnel."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from policies.models import Policy
from qifutong.extensions import db
from qifutong.inbox.models import Push
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

TEXT = (
    "为支持辖区科技企业发展，对高新技术企业给予一次性奖励。"
    "申报条件：企业须注册满1年，从业人数不少于10人，注册地在古荡街道。"
)


def test_draft_audience_publish_funnel(demo_sqlite_app, live_server, page, screenshot):
    base = live_server(demo_sqlite_app)
    browser_login(page, base, "jiedao", "guodang-demo")
    page.goto(f"{base}/street/policies/")
    page.click("#new-policy")
    page.fill("input[name=title]", "古荡街道高企成长奖励")
    page.select_option("select[name=payout_mode]", "auto")
    page.fill("input[name=max_amount]", "10万")
    page.fill("textarea[name=full_text]", TEXT)
    page.click("#save")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.suggestions tbody tr").count() >= 4
    assert page.locator("table.suggestions mark", has_text="注册满1年").count() == 1
    screenshot(page, "policies-draft-suggestions")

    # Adopt the suggested conditions (not the tags) and look at the audience.
    rows = page.locator("table.suggestions tbody tr")
    for i in range(rows.count()):
        if rows.nth(i).locator("span.badge", has_text="条件").count():
            rows.nth(i).locator("input.adopt").check()
    page.click("#save-preview")
    page.wait_for_load_state("networkidle")
    assert "/audience" in page.url
    eligible = int(page.inner_text("#count-eligible"))
    assert eligible > 0
    assert page.locator("text=免申即享名单").count() >= 1
    screenshot(page, "policies-audience")

    policy = db.session.scalar(select(Policy).where(Policy.title == "古荡街道高企成长奖励"))
    assert {c["field"] for c in policy.criteria} >= {
        "qualifications",
        "years_since_founding",
        "headcount",
        "registered_here",
    }
    assert policy.status == "draft"
    db.session.remove()

    page.click("#publish")
    page.wait_for_load_state("networkidle")
    assert "/funnel" in page.url
    assert page.locator(".flash-success").count() == 1
    assert int(page.inner_text("#step-pushed")) == eligible
    screenshot(page, "policies-funnel")
    pushed = db.session.scalar(
        select(func.count(Push.id)).where(Push.offer_kind == "policy", Push.offer_id == policy.id)
    )
    assert pushed == eligible
