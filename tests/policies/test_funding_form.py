"""The street's funding product form: fields, the application window (opens, closes, 第N批),
criteria and tags; a change told to the firms that follow the product; street only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from policies.models import FundingProduct
from qifutong.extensions import db
from qifutong.inbox.models import Notification
from qifutong.timeutil import street_today


def _form(**kw):
    today = street_today()
    return {
        "title": "科创助力贷",
        "provider": "杭州银行古荡支行",
        "kind": "loan",
        "amount_min": "50万",
        "amount_max": "500万",
        "rate_text": "LPR+0.3%",
        "term_months": "12",
        "batch": "2027年第一批",
        "opens_on": str(today - timedelta(days=1)),
        "closes_on": str(today + timedelta(days=30)),
        "active": "1",
        "rows": "1",
        "c-0-field": "headcount",
        "c-0-op": "gte",
        "c-0-value": "50",
        "c-0-kind": "must",
        "tags": ["theme:finance"],
        **kw,
    }


def test_the_street_edits_a_funding_products_window(app, people, logged_in):
    street, firm = logged_in(people["official"]), logged_in(people["firm_user"])
    blank = street.get("/street/funding/new").get_data(as_text=True)
    assert 'name="opens_on"' in blank and 'name="closes_on"' in blank and 'name="batch"' in blank
    made = street.post("/street/funding/new", data=_form())
    assert made.status_code == 302
    product = db.session.scalars(select(FundingProduct)).one()
    today = street_today()
    assert (product.opens_on, product.closes_on, product.batch) == (
        today - timedelta(days=1), today + timedelta(days=30), "2027年第一批"
    )  # fmt: skip
    assert (product.amount_min, product.amount_max, product.term_months) == (5e5, 5e6, 12)
    assert product.criteria[0]["field"] == "headcount" and product.tags == ["theme:finance"]
    listed = street.get("/street/funding/").get_data(as_text=True)
    assert "科创助力贷" in listed and "2027年第一批" in listed

    offer = firm.get(f"/firm/offers/funding/{product.id}").get_data(as_text=True)
    assert "2027年第一批" in offer and str(today + timedelta(days=30)) in offer
    firm.post(f"/firm/offers/funding/{product.id}/follow")

    later = str(today + timedelta(days=45))
    moved = street.post(f"/street/funding/{product.id}/edit", data=_form(closes_on=later))
    assert moved.status_code == 302
    assert str(db.session.get(FundingProduct, product.id).closes_on) == later
    wrong = street.post(f"/street/funding/{product.id}/edit", data=_form(**{"c-0-value": "五十"}))
    assert "条件第 1 行：取值 &#39;五十&#39; 不是数字" in wrong.get_data(as_text=True)
    told = db.session.scalars(select(Notification.title).where(Notification.kind == "follow")).all()
    assert told == ["您关注的“科创助力贷”已修订：申报时间"]

    bad = street.post(f"/street/funding/{product.id}/edit",
                      data=_form(opens_on=later, closes_on=str(today)))  # fmt: skip
    assert "申报截止：申报截止日期不能早于申报开始日期" in bad.get_data(as_text=True)
    assert str(db.session.get(FundingProduct, product.id).closes_on) == later


def test_only_the_street_edits_funding_products(app, people, logged_in):
    firm = logged_in(people["firm_user"])
    assert firm.get("/street/funding/").status_code == 403
    assert firm.post("/street/funding/new", data=_form()).status_code == 403
    street = logged_in(people["official"])
    assert street.get("/street/funding/999/edit").status_code == 404
    assert db.session.scalars(select(FundingProduct)).all() == []
