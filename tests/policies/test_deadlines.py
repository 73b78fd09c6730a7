"""Application windows (opens, closes, 第N批): 即将截止 in the inbox and the digest, closed ones
neither pushed nor found nor applied for. Dates are set from the street's today."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from qifutong.extensions import db
from qifutong.inbox.digest import send_digests
from qifutong.inbox.models import Notification, Push
from qifutong.timeutil import street_today
from tests.matching.test_pages import HEADCOUNT_50, publish


def test_a_policy_closing_in_five_days_rises_marked_in_the_inbox_and_the_digest(
    app, client, login, make_firm, make_user
):
    today = street_today()
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    publish("人才引进补贴", HEADCOUNT_50)
    closing = publish("稳岗扩岗奖励", HEADCOUNT_50, closes_on=today + timedelta(days=5),
                      batch="2026年第二批")  # fmt: skip
    publish("研发投入补助", HEADCOUNT_50, closes_on=today + timedelta(days=30))
    login(user)
    page = client.get("/firm/").get_data(as_text=True)
    assert page.count("即将截止") == 1 and "即将截止：还剩 5 天" in page
    first = page.index('<article class="item push"')
    assert page.index("稳岗扩岗奖励", first) < page.index("人才引进补贴", first)
    offer = client.get(f"/firm/offers/policy/{closing.id}").get_data(as_text=True)
    assert "2026年第二批" in offer and str(today + timedelta(days=5)) in offer

    send_digests(today)
    db.session.commit()
    note = db.session.scalar(select(Notification).where(Notification.kind == "push_digest"))
    assert note.body.splitlines()[0] == "1. 稳岗扩岗奖励【即将截止：还剩 5 天】"


def test_a_closed_window_is_not_pushed_found_or_applied_for(
    app, client, login, make_firm, make_user, api
):
    today = street_today()
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    closed = publish("已截止的补贴", HEADCOUNT_50, closes_on=today - timedelta(days=1))
    later = publish("下一批补贴", HEADCOUNT_50, opens_on=today + timedelta(days=10))
    pushed = {p.title for p in db.session.scalars(select(Push))}
    assert pushed == {"下一批补贴"}
    login(user)
    found = client.get("/firm/policies").get_data(as_text=True)
    assert "已截止的补贴" not in found and "下一批补贴" in found
    body = {"offer_kind": "policy", "offer_id": closed.id}
    refused = api("POST", "/api/v1/applications", body, user=user).get_json()["error"]
    assert refused["code"] == "window_closed" and refused["field"] == "offer_id"
    early = api("POST", "/api/v1/applications", {**body, "offer_id": later.id}, user=user)
    assert early.status_code == 422 and early.get_json()["error"]["code"] == "window_closed"
    page = client.get(f"/firm/applications/new/policy/{later.id}", follow_redirects=True)
    assert f"本批申报将于 {today + timedelta(days=10)} 开始" in page.get_data(as_text=True)


def test_the_window_is_written_through_the_api(api):
    made = api("POST", "/api/v1/policies", {"title": "甲", "opens_on": "2027-03-01",
               "closes_on": "2027-03-31", "batch": "2027年第一批"})  # fmt: skip
    assert made.status_code == 201
    got = made.get_json()
    assert (got["opens_on"], got["closes_on"], got["batch"]) == ("2027-03-01", "2027-03-31",
                                                                "2027年第一批")  # fmt: skip
    bad = api("POST", "/api/v1/policies", {"title": "乙", "opens_on": "2027-03-31",
              "closes_on": "2027-03-01"})  # fmt: skip
    assert bad.status_code == 422 and bad.get_json()["error"]["message"].startswith("closes_on")
