"""A firm applies in Chromium with a prefilled form and a material from its library; the street
accepts and returns it; the firm completes and resubmits; the street approves and pays; the
firm sees each step and the outcome, and the funnel counts the application and the amount."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from policies.applications.materials import add_material
from policies.models import Policy
from qifutong.auth.models import User
from qifutong.auth.seed import DEMO_PASSWORD
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.timeutil import street_today
from tests.conftest import browser_login

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _setup() -> tuple[int, str, str, int]:
    firm_id = db.session.scalar(select(User.enterprise_id).where(User.username == "qiye"))
    ent = db.session.get(Enterprise, firm_id)
    assert ent is not None
    ent.headcount = max(ent.headcount or 0, 60)
    policy = Policy(
        title="楼宇经济稳岗扩岗奖励",
        issuer_level="street",
        payout_mode="apply",
        max_amount=50_000,
        criteria=[{"field": "headcount", "op": "gte", "value": 50, "kind": "must"}],
        tags=[],
        questions=[{"label": "新增就业岗位（个）", "type": "number"}],
        status="published",
    )
    db.session.add(policy)
    db.session.flush()
    licence = add_material(
        ent,
        "license",
        "营业执照.pdf",
        b"%PDF-1.4 licence",
        street_today() + timedelta(days=365),
        None,
    )
    db.session.commit()
    return policy.id, ent.name, ent.uscc or "", licence.id


def test_apply_review_return_resubmit_approve_pay(
    demo_sqlite_app, live_server, browser, screenshot
):
    policy_id, name, uscc, licence_id = _setup()
    db.session.remove()
    base = live_server(demo_sqlite_app)
    firm_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    street_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    firm, street = firm_ctx.new_page(), street_ctx.new_page()
    for page in (firm, street):
        page.set_default_timeout(15_000)
    browser_login(firm, base, "qiye", DEMO_PASSWORD)
    browser_login(street, base, "jiedao", DEMO_PASSWORD)
    try:
        # The firm opens the policy and its form: prefilled, the licence chosen from its library.
        firm.goto(f"{base}/firm/offers/policy/{policy_id}")
        firm.click("#apply")
        firm.wait_for_load_state("networkidle")
        assert firm.locator("#form-name").inner_text() == name
        assert firm.locator("#form-uscc").inner_text() == uscc
        assert firm.locator(".figure", has_text="员工人数").count() == 1
        # The newest valid licence of its library (the demo firm has an older one too).
        assert firm.locator(f"input[name=materials][value='{licence_id}']").is_checked()
        firm.fill("input[name=q1]", "12")
        screenshot(firm, "applications-form-desktop")
        firm.set_viewport_size(PHONE)
        screenshot(firm, "applications-form-phone")
        firm.set_viewport_size({"width": 1366, "height": 900})
        firm.click("#submit-application")
        firm.wait_for_load_state("networkidle")
        assert "申报已提交" in firm.locator(".flash-success").inner_text()
        assert firm.locator("#application-state").inner_text() == "已提交"
        app_url = firm.url

        # The street finds it in its review list, accepts it and returns it for completion.
        street.goto(f"{base}/street/applications/?state=submitted")
        street.locator("tr", has_text=name).filter(has_text="楼宇经济稳岗扩岗奖励").locator(
            "a"
        ).first.click()
        street.wait_for_load_state("networkidle")
        assert street.locator("a.file-name", has_text="营业执照").count() == 1
        screenshot(street, "applications-street-review")
        street.click("form.move-accept button")
        street.wait_for_load_state("networkidle")
        assert street.locator("#application-state").inner_text() == "已受理"
        street.fill("form.move-return textarea[name=note]", "请补充新增岗位的花名册说明")
        street.click("form.move-return button")
        street.wait_for_load_state("networkidle")
        assert street.locator("#application-state").inner_text() == "退回补正"

        # The firm sees why, completes its answer and resubmits.
        firm.goto(app_url)
        assert "请补充新增岗位的花名册说明" in firm.locator(".returned-note").inner_text()
        assert firm.locator("input[name=q1]").input_value() == "12"
        firm.fill("input[name=q1]", "15")
        firm.fill("textarea[name=note]", "已补充花名册")
        firm.click("#submit-application")
        firm.wait_for_load_state("networkidle")
        assert firm.locator("#application-state").inner_text() == "已提交"

        # The street accepts, approves and pays.
        street.reload()
        for action in ("accept", "approve"):
            street.click(f"form.move-{action} button")
            street.wait_for_load_state("networkidle")
        assert street.locator("#application-state").inner_text() == "审核通过"
        street.fill("form.move-pay input[name=amount]", "3万")
        street.click("form.move-pay button")
        street.wait_for_load_state("networkidle")
        assert street.locator("#application-state").inner_text() == "已兑现"
        assert street.locator("#amount-paid").inner_text() == "3.0 万元"

        # The firm sees each step and the outcome.
        firm.goto(app_url)
        assert "已兑现 3.0 万元" in firm.locator(".outcome").inner_text()
        steps = firm.locator(".timeline li strong").all_inner_texts()
        assert steps == [
            "确认兑现",
            "审核通过",
            "受理",
            "补正后重新提交",
            "退回补正",
            "受理",
            "提交申报",
        ]
        screenshot(firm, "applications-firm-outcome-desktop")
        firm.set_viewport_size(PHONE)
        screenshot(firm, "applications-firm-outcome-phone")
        firm.goto(f"{base}/firm/applications/")
        assert (
            firm.locator("tr", has_text="楼宇经济稳岗扩岗奖励").locator(".badge").first.inner_text()
            == "已兑现"
        )
        firm.goto(f"{base}/firm/")
        assert firm.locator("text=已为您兑现 30,000 元：楼宇经济稳岗扩岗奖励").count() == 1

        # The funnel counts the application and the amount.
        street.goto(f"{base}/street/policies/{policy_id}/funnel")
        assert street.locator("#apps-applied").inner_text() == "1"
        assert street.locator("#apps-paid").inner_text() == "1"
        assert street.locator("#apps-amount").inner_text() == "3.0 万元"
        screenshot(street, "applications-funnel")
    finally:
        firm_ctx.close()
        street_ctx.close()
