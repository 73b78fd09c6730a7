"""Pushes: each item once, a daily cap, states, dismissal that sticks, the daily digest."""

from __future__ import annotations

from datetime import date, timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from policies.models import Policy
from qifutong import events
from qifutong.extensions import db
from qifutong.inbox import pushes
from qifutong.inbox.digest import send_digests
from qifutong.inbox.models import Notification, Push
from qifutong.matching.services import full_match, rematch_offer
from qifutong.timeutil import street_today

HEADCOUNT_50 = [{"field": "headcount", "op": "gte", "value": 50, "kind": "must"}]


def publish(title: str, criteria: list, **kw) -> Policy:
    policy = Policy(title=title, criteria=criteria, tags=[], status="published", **kw)
    db.session.add(policy)
    db.session.flush()
    events.emit(events.OFFER_CHANGED, kind="policy", offer_id=policy.id)
    db.session.commit()
    return policy


def inbox(enterprise_id: int) -> list[Push]:
    return list(db.session.scalars(select(Push).where(Push.enterprise_id == enterprise_id)))


def test_daily_cap_then_the_rest_next_day_and_never_twice(app, make_firm):
    app.config["QIFUTONG_PUSH_DAILY_CAP"] = 3
    firm = make_firm(headcount=80)
    policies = [publish(f"政策{i}", HEADCOUNT_50) for i in range(5)]
    assert len(inbox(firm.id)) == 3  # today's cap
    today = street_today()
    assert pushes.deliver(today) == 0  # nothing more today, nothing twice
    assert pushes.deliver(today + timedelta(days=1)) == 2
    assert pushes.deliver(today + timedelta(days=2)) == 0
    full_match()
    assert pushes.deliver(today + timedelta(days=3)) == 0
    assert sorted(p.offer_id for p in inbox(firm.id)) == sorted(p.id for p in policies)


def test_a_firm_change_rematches_that_firm(app, api, make_firm, make_user):
    firm = make_firm(headcount=32)
    other = make_firm(headcount=10)
    policy = publish(
        "规上企业奖励",
        [*HEADCOUNT_50, {"field": "operates_here", "op": "eq", "value": True, "kind": "must"}],
    )
    assert inbox(firm.id) == []
    matches = api("GET", f"/api/v1/enterprises/{firm.id}/matches").get_json()["items"]
    assert matches == [
        {
            "kind": "policy",
            "id": policy.id,
            "title": "规上企业奖励",
            "status": "near_miss",
            "score": 0.0,
            "reasons": ["在本街道经营 是，要求是"],
            "missing": ["员工人数 32 人，要求 ≥ 50 人"],
            "unverified": False,
        }
    ]
    resp = api("PATCH", f"/api/v1/enterprises/{firm.id}", {"headcount": 60})
    assert resp.status_code == 200
    after = api("GET", f"/api/v1/enterprises/{firm.id}/matches").get_json()["items"]
    assert [(m["status"], m["missing"]) for m in after] == [("eligible", [])]
    assert "员工人数 60 人，要求 ≥ 50 人" in after[0]["reasons"]
    assert [p.offer_id for p in inbox(firm.id)] == [policy.id]  # pushed at once
    assert inbox(other.id) == []
    # The change re-tagged the firm from its data.
    tags = api("GET", f"/api/v1/enterprises/{firm.id}").get_json()["tags"]
    assert "theme:employment" in tags and "ind:I" in tags

    down = api("PATCH", f"/api/v1/enterprises/{firm.id}", {"headcount": 5})
    assert down.status_code == 200
    assert (
        api("GET", f"/api/v1/enterprises/{firm.id}/matches").get_json()["items"][0]["status"]
        == "near_miss"
    )


def test_matches_api_scope(app, api, make_firm, make_user, make_building):
    building = make_building()
    mine, theirs = make_firm(building_id=building.id), make_firm(building_id=building.id)
    firm_user = make_user("firm", enterprise_id=mine.id)
    manager = make_user("building", building_ids=[building.id])
    assert api("GET", f"/api/v1/enterprises/{mine.id}/matches", user=firm_user).status_code == 200
    assert api("GET", f"/api/v1/enterprises/{theirs.id}/matches", user=firm_user).status_code == 404
    assert api("GET", f"/api/v1/enterprises/{mine.id}/matches", user=manager).status_code == 403
    assert api("GET", "/api/v1/enterprises/99999/matches").status_code == 404
    bad = api("GET", f"/api/v1/enterprises/{mine.id}/matches?status=maybe")
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "status"


def test_states_move_forward_and_dismissal_needs_a_reason(app, make_firm):
    firm = make_firm(headcount=80)
    publish("政策甲", HEADCOUNT_50, max_amount=50_000)
    item = inbox(firm.id)[0]
    assert item.state == "new" and item.channel == "push"
    pushes.mark_seen([item])
    assert item.state == "seen" and item.seen_at
    pushes.mark_clicked(item)
    assert item.state == "clicked" and item.clicked_at
    with pytest.raises(pushes.PushError):
        pushes.dismiss(item, "  ")
    pushes.dismiss(item, "暂时不需要")
    assert item.state == "dismissed" and item.dismissed_reason == "暂时不需要"
    with pytest.raises(pushes.PushError):
        pushes.grant(item, 1000)
    with pytest.raises(pushes.PushError):
        pushes.dismiss(item, "again")


def test_daily_digest_in_app_and_by_mail(app, make_firm, make_user, smtp_sink):
    firm = make_firm(headcount=80, email="boss@firm.example")
    user = make_user("firm", enterprise_id=firm.id, email="staff@firm.example")
    publish("政策甲", HEADCOUNT_50)
    publish("政策乙", HEADCOUNT_50)
    out = send_digests(street_today())
    db.session.commit()
    assert out == {"notifications": 1, "emails": 1}
    note = db.session.scalars(select(Notification).where(Notification.user_id == user.id)).one()
    assert note.title == "今日为您推荐 2 项" and "政策甲" in note.body
    ((rcpt, msg),) = smtp_sink
    assert sorted(rcpt) == ["boss@firm.example", "staff@firm.example"]
    assert str(make_header(decode_header(msg["Subject"]))) == "【企服通】为您推荐 2 项政策与服务"
    body = msg.get_payload(decode=True).decode("utf-8")
    assert "政策甲" in body and "员工人数 80 人，要求 ≥ 50 人" in body
    assert all(p.emailed_at for p in inbox(firm.id))
    assert send_digests(street_today()) == {"notifications": 0, "emails": 0}  # once a day
    assert len(smtp_sink) == 1


def test_no_mail_server_means_no_mail_but_still_in_app(app, make_firm, make_user):
    firm = make_firm(headcount=80, email="boss@firm.example")
    make_user("firm", enterprise_id=firm.id)
    publish("政策甲", HEADCOUNT_50)
    assert send_digests(street_today()) == {"notifications": 1, "emails": 0}
    assert all(p.emailed_at is None for p in inbox(firm.id))


def test_an_offer_that_ends_drops_its_results_but_keeps_the_push(app, make_firm):
    firm = make_firm(headcount=80)
    policy = publish("政策甲", HEADCOUNT_50, valid_to=date.today() + timedelta(days=30))
    policy.valid_to = date.today() - timedelta(days=1)
    db.session.commit()
    summary = rematch_offer("policy", policy.id)
    assert summary.eligible == 0
    assert len(inbox(firm.id)) == 1


def test_a_firm_created_through_the_api_gets_its_matches(app, api):
    policy = publish("规上企业奖励", HEADCOUNT_50)
    resp = api(
        "POST",
        "/api/v1/enterprises",
        {"name": "杭州新来科技有限公司", "headcount": 70, "industry_code": "6513"},
    )
    assert resp.status_code == 201
    firm_id = resp.get_json()["id"]
    matches = api("GET", f"/api/v1/enterprises/{firm_id}/matches").get_json()["items"]
    assert [(m["id"], m["status"]) for m in matches] == [(policy.id, "eligible")]
    assert [p.offer_id for p in inbox(firm_id)] == [policy.id]


def test_publishing_reaches_each_eligible_firm_once_within_its_daily_cap(app, make_firm):
    app.config["QIFUTONG_PUSH_DAILY_CAP"] = 2
    firms = [make_firm(headcount=80), make_firm(headcount=90), make_firm(headcount=10)]
    first, second = publish("政策一", HEADCOUNT_50), publish("政策二", HEADCOUNT_50)
    third = publish("政策三", HEADCOUNT_50)  # both eligible firms are at today's cap
    assert rematch_offer("policy", first.id).pushed == 0  # reached already: never twice
    assert [sorted(p.offer_id for p in inbox(f.id)) for f in firms] == [
        sorted([first.id, second.id]),
        sorted([first.id, second.id]),
        [],
    ]
    assert pushes.deliver(street_today() + timedelta(days=1)) == 2
    assert {p.offer_id for f in firms[:2] for p in inbox(f.id)} == {first.id, second.id, third.id}
