"""Headless Chromium: a firm raises a demand, an official assigns, handles and closes it, the
firm rates it. Screenshots under test-artifacts/screenshots/demand_*.png."""

from __future__ import annotations

from qifutong.auth.models import User
from qifutong.demands.models import Demand
from qifutong.extensions import db
from tests.conftest import browser_login

PASSWORD = "guodang-demo"


def test_official_assigns_and_closes_and_the_firm_rates(
    demo_sqlite_app, live_server, page, browser, screenshot
):
    base = live_server(demo_sqlite_app)
    firm = page
    browser_login(firm, base, "qiye", PASSWORD)
    firm.click("nav.mainnav >> text=提交诉求")
    firm.select_option("select[name=category]", "场地需求")
    firm.select_option("select[name=urgency]", "urgent")
    firm.fill("input[name=title]", "扩租办公面积约400平方米")
    firm.fill("textarea[name=text]", "团队扩张，希望在本楼或附近增加约400平方米办公面积。")
    screenshot(firm, "demand_1_firm_raises")
    firm.click("form.form button.primary")
    firm.wait_for_load_state("networkidle")
    assert "诉求已提交" in firm.content()
    demand_id = int(firm.url.rstrip("/").rsplit("/", 1)[1])

    official_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    official = official_ctx.new_page()
    official.set_default_timeout(15_000)
    try:
        browser_login(official, base, "jiedao", PASSWORD)
        official.goto(f"{base}/demands/?status=open")
        official.click(f"a[href='/demands/{demand_id}']")
        official.select_option("form.move-assign select[name=owner_department]", "街道企业服务中心")
        me = db.session.scalars(db.select(User).where(User.username == "jiedao")).one()
        official.select_option("form.move-assign select[name=owner_user_id]", str(me.id))
        official.fill("form.move-assign input[name=note]", "请三个工作日内联系楼宇物业")
        screenshot(official, "demand_2_official_assigns")
        official.click("form.move-assign button")
        official.wait_for_load_state("networkidle")
        assert "已交办" in official.inner_text("h1")
        official.click("form.move-accept button")
        official.click("form.move-start button")
        official.fill(
            "form.move-reply textarea[name=note]",
            "已协调同楼12层400平方米房源，物业联系人：张经理。",
        )
        official.click("form.move-reply button")
        official.wait_for_load_state("networkidle")
        official.fill("form.move-close input[name=note]", "企业已看房")
        official.click("form.move-close button")
        official.wait_for_load_state("networkidle")
        assert "已办结" in official.inner_text("h1")
        screenshot(official, "demand_3_official_closes")
    finally:
        official_ctx.close()

    firm.goto(f"{base}/firm/demands/")
    firm.click(f"a[href='/demands/{demand_id}']")
    assert "已协调同楼12层400平方米房源" in firm.content()
    firm.select_option("form.move-rate select[name=rating]", "5")
    firm.fill("form.move-rate input[name=note]", "响应很快，非常满意")
    firm.click("form.move-rate button")
    firm.wait_for_load_state("networkidle")
    assert "已评价" in firm.inner_text("h1")
    assert "★★★★★" in firm.content()
    screenshot(firm, "demand_4_firm_rates")

    demand = db.session.get(Demand, demand_id)
    db.session.refresh(demand)
    assert demand.state == "rated" and demand.rating == 5
    assert demand.owner_department == "街道企业服务中心" and demand.owner_user_id == me.id
    assert [e.action for e in demand.events] == [
        "raise",
        "assign",
        "accept",
        "start",
        "reply",
        "close",
        "rate",
    ]
