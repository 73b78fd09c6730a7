"""A demand walks through every state, is reopened and escalated; its history says who and when."""

from __future__ import annotations

from datetime import datetime

from qifutong.demands import services
from qifutong.demands.models import Demand, DemandEvent
from qifutong.extensions import db


def raise_via_api(api, user, **kw):
    body = {
        "category": "场地需求",
        "urgency": "normal",
        "title": "扩租办公面积",
        "text": "需要400㎡",
    }
    body.update(kw)
    resp = api(user, "POST", "/api/v1/demands", json=body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def move(api, user, demand_id, to, **kw):
    return api(user, "POST", f"/api/v1/demands/{demand_id}/transition", json={"to": to, **kw})


def test_a_demand_walks_every_state_with_a_reopen(app, cast, api):
    d = raise_via_api(api, cast.firm_user)
    assert d["state"] == "submitted" and d["enterprise_id"] == cast.firm.id
    assert d["due_at"] and d["assign_due_at"] and d["owner"] is None
    assert d["allowed_transitions"] == []  # the firm waits for the street

    steps = [
        (
            cast.official,
            "assigned",
            {"owner_department": "街道企业服务中心", "owner_user_id": cast.owner.id},
        ),
        (cast.owner, "accepted", {}),
        (cast.owner, "in_progress", {"note": "已联系物业"}),
        (cast.owner, "replied", {"note": "已协调同楼 12 层 400㎡ 房源"}),
        (cast.firm_user, "in_progress", {"note": "报价过高，不满意"}),  # reopen
        (cast.owner, "replied", {"note": "已协调降价 10%"}),
        (cast.firm_user, "closed", {"note": "接受"}),
        (cast.firm_user, "rated", {"rating": 5, "note": "很满意"}),
    ]
    for user, to, extra in steps:
        resp = move(api, user, d["id"], to, **extra)
        assert resp.status_code == 200, (to, resp.get_json())
        d = resp.get_json()
        assert d["state"] == to
    assert d["owner"] == {
        "department": "街道企业服务中心",
        "user": {"id": cast.owner.id, "name": "李办事员"},
    }
    assert d["rating"] == 5 and d["reopen_count"] == 1 and d["reply"] == "已协调降价 10%"
    actions = [h["action"] for h in d["history"]]
    assert actions == [
        "raise",
        "assign",
        "accept",
        "start",
        "reply",
        "reopen",
        "reply",
        "close",
        "rate",
    ]
    who = [h["by"]["id"] for h in d["history"]]
    assert who == [
        cast.firm_user.id,
        cast.official.id,
        cast.owner.id,
        cast.owner.id,
        cast.owner.id,
        cast.firm_user.id,
        cast.owner.id,
        cast.firm_user.id,
        cast.firm_user.id,
    ]
    assert all(h["at"].endswith("+08:00") for h in d["history"])
    reopen = d["history"][5]
    assert (reopen["from"], reopen["to"], reopen["note"]) == (
        "replied",
        "in_progress",
        "报价过高，不满意",
    )
    # A rated demand can still be reopened by the firm.
    assert d["allowed_transitions"] == ["in_progress"]
    assert move(api, cast.firm_user, d["id"], "in_progress", note="问题复发").status_code == 200


def test_the_street_escalates_an_overdue_demand_and_it_stays_in_its_state(app, cast, api):
    demand = services.raise_demand(
        enterprise_id=cast.firm.id,
        category="物业纠纷",
        urgency="urgent",
        title="电梯故障",
        text="",
        user=cast.firm_user,
        now=datetime(2026, 9, 30, 2, 0),
    )
    db.session.commit()
    d = move(
        api, cast.official, demand.id, "assigned", owner_department="街道企业服务中心"
    ).get_json()
    assert d["overdue"] is True and "escalated" in d["allowed_transitions"]
    resp = move(api, cast.official, demand.id, "escalated", note="请今日办结")
    d = resp.get_json()
    assert resp.status_code == 200 and d["escalated"] is True and d["state"] == "assigned"
    last = d["history"][-1]
    assert (last["action"], last["from"], last["to"], last["note"]) == (
        "escalate",
        "assigned",
        "assigned",
        "请今日办结",
    )
    assert last["by"]["id"] == cast.official.id


def test_escalation_is_refused_before_the_deadline(app, cast, api):
    d = raise_via_api(api, cast.firm_user)
    resp = move(api, cast.official, d["id"], "escalated")
    assert resp.status_code == 409
    err = resp.get_json()["error"]
    assert err["code"] == "illegal_transition" and err["allowed"] == ["assigned"]


def test_overdue_demands_are_escalated_once_by_the_hourly_job(app, cast):
    late = services.raise_demand(
        enterprise_id=cast.firm.id,
        category="其他",
        urgency="normal",
        title="旧诉求",
        text="",
        user=cast.firm_user,
        now=datetime(2026, 9, 30, 2, 0),
    )
    fresh = services.raise_demand(
        enterprise_id=cast.firm.id,
        category="其他",
        urgency="normal",
        title="新诉求",
        text="",
        user=cast.firm_user,
        now=datetime(2026, 10, 12, 2, 0),
    )
    db.session.commit()
    now = datetime(2026, 10, 9, 2, 0)  # the late one missed 10-08 10:00 for assignment
    assert services.escalate_overdue(now) == 1
    assert services.escalate_overdue(now) == 0
    db.session.commit()
    assert db.session.get(Demand, late.id).escalated is True
    assert db.session.get(Demand, fresh.id).escalated is False
    event = db.session.scalars(
        db.select(DemandEvent).where(
            DemandEvent.demand_id == late.id, DemandEvent.action == "escalate"
        )
    ).one()
    assert event.user_id is None and event.at == now


def test_due_dates_across_national_day_through_the_service_and_the_api(app, cast, api):
    demand = services.raise_demand(
        enterprise_id=cast.firm.id,
        category="政策咨询",
        urgency="normal",
        title="高新奖励",
        text="",
        user=cast.firm_user,
        now=datetime(2026, 9, 30, 2, 0),  # 10:00 in Hangzhou
    )
    db.session.commit()
    assert demand.assign_due_at == datetime(2026, 10, 8, 2, 0)
    assert demand.due_at == datetime(2026, 10, 13, 2, 0)  # Saturday 10-10 counts
    d = api(cast.firm_user, "GET", f"/api/v1/demands/{demand.id}").get_json()
    assert d["assign_due_at"] == "2026-10-08T10:00:00+08:00"
    assert d["due_at"] == "2026-10-13T10:00:00+08:00"


def test_reopen_restarts_the_resolve_clock(app, cast):
    demand = services.raise_demand(
        enterprise_id=cast.firm.id,
        category="其他",
        urgency="urgent",
        title="t",
        text="",
        user=cast.firm_user,
        now=datetime(2026, 10, 9, 1, 0),
    )
    for user, to, kw in [
        (cast.official, "assigned", {"owner_department": "街道企业服务中心"}),
        (cast.official, "accepted", {}),
        (cast.official, "in_progress", {}),
        (cast.official, "replied", {"note": "已办"}),
    ]:
        services.transition(demand, to, user=user, now=datetime(2026, 10, 9, 2, 0), **kw)
    services.transition(
        demand, "in_progress", user=cast.firm_user, note="没解决", now=datetime(2026, 10, 9, 8, 0)
    )  # Friday 16:00 local; one working day → Saturday 10-10 (adjusted working day) 16:00
    assert demand.due_at == datetime(2026, 10, 10, 8, 0)
    assert demand.replied_at is None and demand.reopen_count == 1


def test_the_escalate_command(app, cast):
    services.raise_demand(
        enterprise_id=cast.firm.id,
        category="其他",
        urgency="urgent",
        title="超期",
        text="",
        user=cast.firm_user,
        now=datetime(2026, 9, 30, 2, 0),
    )
    db.session.commit()
    out = app.test_cli_runner().invoke(args=["demands", "escalate"])
    assert out.exit_code == 0 and out.output.strip() == "1 overdue demands escalated"
    assert db.session.scalars(db.select(Demand)).one().escalated is True
