"""In headless Chromium on the demo street: a firm completes its own record from a near-miss
item, the item becomes reachable pending verification, the street verifies it, the item is
eligible. The new pages are looked at on a desktop (1366 px) and a phone (390 px)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from policies.models import Policy
from qifutong import events
from qifutong.auth.models import User
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.matching.vocabulary import QUALIFICATION_LABELS
from tests.conftest import browser_login
from tests.enterprises.test_figures_import import HEADER, last_month

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _policy_for_a_missing_qualification(firm: Enterprise) -> tuple[Policy, str]:
    code = next(q for q in QUALIFICATION_LABELS if q not in (firm.qualifications or []))
    policy = Policy(
        title="自报资质测试奖励",
        criteria=[
            {"field": "qualifications", "op": "has", "value": code, "kind": "must"},
            {"field": "operates_here", "op": "eq", "value": True, "kind": "must"},
        ],
        tags=[],
        status="published",
        summary="用于测试企业自报资质的政策",
    )
    db.session.add(policy)
    db.session.flush()
    events.emit(events.OFFER_CHANGED, kind="policy", offer_id=policy.id)
    db.session.commit()
    return policy, code


def _both_widths(page: Any, name: str, screenshot: Any) -> None:
    screenshot(page, f"{name}-1366")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(200)  # the layout follows the new width
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, name
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_firm_reports_a_qualification_and_the_street_verifies_it(
    demo_sqlite_app, live_server, browser, page, screenshot
):
    firm_id = db.session.scalar(select(User.enterprise_id).where(User.username == "qiye"))
    firm = db.session.get(Enterprise, firm_id)
    firm.operates_here = True
    db.session.commit()
    policy, code = _policy_for_a_missing_qualification(firm)
    policy_id, firm_name, firm_uscc = policy.id, firm.name, firm.uscc
    db.session.remove()
    base = live_server(demo_sqlite_app)

    browser_login(page, base, "qiye", "guodang-demo")
    page.goto(f"{base}/firm/offers/policy/{policy_id}")
    assert page.locator("span.badge", has_text="差一点").count() == 1
    fill = page.locator(".missing a", has_text="去补充").first
    assert "#field-qualifications" in (fill.get_attribute("href") or "")
    fill.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("#field-qualifications")
    page.check(f"input[name=qualifications][value={code}]")
    page.fill(f"input[name=certificate_{code}]", "GR202633000123")
    page.click("#profile-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".flash-success", has_text="企业自报").count() == 1
    assert page.locator("#field-qualifications .note.pending").count() == 1
    _both_widths(page, "firm-profile", screenshot)

    page.goto(f"{base}/firm/offers/policy/{policy_id}")
    assert page.locator("span.badge", has_text="符合条件").count() == 1
    assert page.locator("span.badge", has_text="待街道核实").count() == 1
    _both_widths(page, "firm-offer-pending", screenshot)

    street = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    official = street.new_page()
    browser_login(official, base, "jiedao", "guodang-demo")
    official.goto(f"{base}/enterprises/reports")
    row = official.locator("#report-queue tr", has_text=firm_name)
    assert row.count() == 1 and QUALIFICATION_LABELS[code] in row.inner_text()
    _both_widths(official, "street-verify-queue", screenshot)
    official.locator("#report-queue tr", has_text=firm_name).locator("button[value=verify]").click()
    official.wait_for_load_state("networkidle")
    assert official.locator(".flash-success", has_text="已核实").count() == 1

    page.goto(f"{base}/firm/offers/policy/{policy_id}")
    assert page.locator("span.badge", has_text="符合条件").count() == 1
    assert page.locator("span.badge", has_text="待街道核实").count() == 0
    page.goto(f"{base}/firm/profile")
    assert page.locator("#field-qualifications .note.verified").count() == 1

    # The street's other new pages, as an official sees them.
    official.goto(f"{base}/street/data")
    assert official.locator("#catalogue tbody tr").count() >= 15
    _both_widths(official, "street-data-catalogue", screenshot)
    official.goto(f"{base}/figures/import")
    text = HEADER + f"{firm_uscc},{firm_name},{last_month()},1000000,80000,32000,25\n"
    official.set_input_files(
        "input[name=file]",
        {"name": "税收.csv", "mimeType": "text/csv", "buffer": text.encode("gbk")},
    )
    official.click("form button.primary")
    official.wait_for_load_state("networkidle")
    assert official.locator("#figures-result h2", has_text="已导入").count() == 1
    _both_widths(official, "street-figures-import", screenshot)
    street.close()
