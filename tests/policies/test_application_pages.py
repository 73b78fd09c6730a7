"""The application pages: the firm's prefilled form and materials library, the street's review
list and moves, the firm's resubmission, and the funnel counting the application."""

from __future__ import annotations

import io
from datetime import date, timedelta

from sqlalchemy import select

from policies.applications.models import Application, FirmMaterial
from policies.models import Policy
from qifutong.extensions import db
from tests.policies.test_applications import HEADCOUNT_50, make_policy

PDF = b"%PDF-1.4 test"


def test_apply_on_pages_review_return_resubmit_and_pay(app, make_firm, make_user, logged_in):
    questions = [{"label": "项目名称", "type": "text"}]
    policy = make_policy(questions=questions, criteria=[*HEADCOUNT_50,
        {"field": "revenue", "op": "gte", "value": 1_000_000, "kind": "must"}])  # fmt: skip
    firm = make_firm(headcount=80, revenue_12m=None, contact_name="李会计")
    firm_user = make_user("firm", enterprise_id=firm.id)
    official = make_user("street")
    me, street = logged_in(firm_user), logged_in(official)

    # The library: one licence, and an expired statement that cannot be chosen.
    uploaded = me.post(
        "/firm/materials",
        data={"kind": "license", "title": "营业执照副本", "file": (io.BytesIO(PDF), "执照.pdf")},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302
    refused = me.post(
        "/firm/materials",
        data={"kind": "license", "file": (io.BytesIO(b"MZ"), "virus.exe")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "不接受 .exe" in refused.get_data(as_text=True)
    old = FirmMaterial(enterprise_id=firm.id, kind="financials", title="2023年报表",
                       file_name="a.pdf", stored_path="x", size=1,
                       valid_until=date.today() - timedelta(days=1))  # fmt: skip
    db.session.add(old)
    db.session.commit()
    licence = db.session.scalar(select(FirmMaterial).where(FirmMaterial.kind == "license"))

    offer = me.get(f"/firm/offers/policy/{policy.id}").get_data(as_text=True)
    assert f'href="/firm/applications/new/policy/{policy.id}"' in offer and 'id="apply"' in offer
    form = me.get(f"/firm/applications/new/policy/{policy.id}").get_data(as_text=True)
    assert firm.name in form and firm.uscc in form and "李会计" in form
    assert "员工人数 80 人，要求 ≥ 50 人" in form
    assert 'name="revenue"' in form and "万元" in form  # the record lacks it: asked
    assert 'name="q1"' in form and "项目名称" in form
    assert f'value="{licence.id}" checked' in form  # the newest valid licence, chosen
    assert f'value="{old.id}"  disabled' in form and "已过期" in form

    missing = me.post(f"/firm/applications/new/policy/{policy.id}", data={"q1": "产线"})
    assert missing.status_code == 422 and "营业收入" in missing.get_data(as_text=True)
    sent = me.post(
        f"/firm/applications/new/policy/{policy.id}",
        data={"q1": "智能产线", "revenue": "500", "materials": [str(licence.id)]},
    )
    assert sent.status_code == 302
    application = db.session.scalars(select(Application)).one()
    assert application.answers == {"revenue": 5_000_000, "q1": "智能产线"}
    assert [m.id for m in application.materials] == [licence.id]
    page = me.get(sent.headers["Location"]).get_data(as_text=True)
    assert "<dt>营业收入（近12个月）</dt><dd>500 万元（企业自报）</dd>" in page
    assert "撤回申报" in page

    review = street.get("/street/applications/?state=submitted").get_data(as_text=True)
    assert firm.name in review and policy.title in review
    by_offer = street.get(f"/street/applications/?offer=policy:{policy.id}").get_data(as_text=True)
    assert f'data-application="{application.id}"' in by_offer
    path = f"/applications/{application.id}"
    assert "受理" in street.get(path).get_data(as_text=True)
    street.post(f"{path}/move", data={"to": "accepted"})
    no_reason = street.post(f"{path}/move", data={"to": "returned"}, follow_redirects=True)
    assert "请填写退回的原因" in no_reason.get_data(as_text=True)
    street.post(f"{path}/move", data={"to": "returned", "note": "请补充项目说明"})

    # Returned: the firm's page is the form again, with the street's reason and its answers.
    again = me.get(path).get_data(as_text=True)
    assert "请补充项目说明" in again and "智能产线" in again and "重新提交" in again
    me.post(f"{path}/move", data={"to": "submitted", "q1": "智能产线（二期）", "revenue": "500",
                                  "materials": [str(licence.id)], "note": "已补充"})  # fmt: skip
    db.session.expire_all()
    assert application.state == "submitted" and application.answers["q1"] == "智能产线（二期）"
    street.post(f"{path}/move", data={"to": "accepted"})
    street.post(f"{path}/move", data={"to": "approved"})
    paid = street.post(f"{path}/move", data={"to": "paid", "amount": "3万"}, follow_redirects=True)
    assert "已兑现" in paid.get_data(as_text=True)
    outcome = me.get(path).get_data(as_text=True)
    assert "已兑现 3.0 万元" in outcome and "请补充项目说明" in outcome
    mine = me.get("/firm/applications/").get_data(as_text=True)
    assert "兑现金额（万元）" in mine and "3.00<" in mine and "已兑现" in mine

    funnel = street.get(f"/street/policies/{policy.id}/funnel").get_data(as_text=True)
    assert 'id="apps-applied">1<' in funnel and 'id="apps-paid">1<' in funnel
    assert 'id="apps-amount">3.0 万元<' in funnel


def test_an_ineligible_firm_is_told_what_it_lacks(app, make_firm, make_user, logged_in):
    policy = make_policy()
    firm = make_firm(headcount=10)
    me = logged_in(make_user("firm", enterprise_id=firm.id))
    page = me.get(f"/firm/applications/new/policy/{policy.id}").get_data(as_text=True)
    assert "暂不符合申报条件" in page and "员工人数 10 人，要求 ≥ 50 人" in page
    assert "submit-application" not in page
    sent = me.post(f"/firm/applications/new/policy/{policy.id}", data={})
    assert sent.status_code == 422
    assert db.session.scalars(select(Application)).all() == []


def test_pages_keep_to_role_and_scope(app, make_firm, make_user, logged_in, api):
    policy = make_policy()
    firm, other = make_firm(headcount=80), make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    created = api("POST", "/api/v1/applications",
                  {"offer_kind": "policy", "offer_id": policy.id}, user=user)  # fmt: skip
    app_id = created.get_json()["id"]
    stranger = logged_in(make_user("firm", enterprise_id=other.id))
    assert stranger.get(f"/applications/{app_id}").status_code == 404
    assert (
        stranger.post(f"/applications/{app_id}/move", data={"to": "withdrawn"}).status_code == 404
    )
    assert stranger.get("/street/applications/").status_code == 403
    assert "暂无申报" in stranger.get("/firm/applications/").get_data(as_text=True)
    # 免申即享 takes no application.
    auto = make_policy(title="免申即享补贴", payout_mode="auto")
    offer = stranger.get(f"/firm/offers/policy/{auto.id}").get_data(as_text=True)
    assert "无需申报" in offer and 'id="apply"' not in offer


def test_the_street_declares_a_policys_own_questions(app, make_user, logged_in, api):
    street = logged_in(make_user("street"))
    lines = "\n".join(
        [
            "项目名称",
            "新增就业人数 | 数字",
            "项目类型 | 单选 | 新建、扩建",
            "审计报告（选填） | 材料 | 财务报表",
        ]
    )
    form = {"title": "技改补助", "issuer_level": "street", "payout_mode": "apply",
            "rows": "0", "suggestions": "0", "questions_text": lines}  # fmt: skip
    assert street.post("/street/policies/new", data=form).status_code == 302
    policy = db.session.scalars(select(Policy)).one()
    assert policy.questions == [
        {"key": "q1", "label": "项目名称", "type": "text", "required": True},
        {"key": "q2", "label": "新增就业人数", "type": "number", "required": True},
        {"key": "q3", "label": "项目类型", "type": "choice", "required": True,
         "choices": ["新建", "扩建"]},
        {"key": "q4", "label": "审计报告", "type": "file", "required": False,
         "material_kind": "financials"},
    ]  # fmt: skip
    page = street.get(f"/street/policies/{policy.id}/edit").get_data(as_text=True)
    assert "审计报告（选填） | 材料 | 财务报表" in page
    bad = street.post("/street/policies/new", data={**form, "questions_text": "甲 | 图片"},
                      follow_redirects=True)  # fmt: skip
    assert "第 1 行：类型应为 文字、数字、日期、单选、材料 之一" in bad.get_data(as_text=True)
    refused = api(
        "POST", "/api/v1/policies", {"title": "甲", "questions": [{"label": "x", "type": "photo"}]}
    )
    assert (
        refused.status_code == 422 and "questions[0].type" in refused.get_json()["error"]["message"]
    )
    made = api("POST", "/api/v1/policies", {"title": "乙", "questions": [{"label": "项目名称"}]})
    assert made.get_json()["questions"] == [
        {"key": "q1", "label": "项目名称", "type": "text", "required": True}
    ]
