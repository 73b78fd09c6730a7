"""Visits: one form, a demand raised from a visit in one click, the visit plan and coverage."""

from __future__ import annotations

from datetime import date, timedelta

from qifutong.demands.models import Demand
from qifutong.extensions import db
from qifutong.timeutil import street_today
from qifutong.visits.models import Visit, VisitTask
from qifutong.visits.plan import coverage, visit_plan
from qifutong.visits.tasks import open_visit_task


def test_a_visit_raises_a_demand_in_one_click(app, cast, logged_in):
    client = logged_in(cast.official)
    resp = client.post(
        "/visits/new",
        data={
            "enterprise_id": cast.firm.id,
            "visited_on": street_today().isoformat(),
            "visitors": "经发办：王科长、李办事员",
            "findings": "企业营收增长约20%，团队扩张。",
            "needs": "需要扩租约300平方米办公面积。\n希望协调同楼层房源。",
        },
    )
    assert resp.status_code == 302
    visit = db.session.scalars(db.select(Visit)).one()
    assert visit.building_id == cast.building.id  # taken from the firm, not typed
    page = client.get(f"/visits/{visit.id}").get_data(as_text=True)
    assert "一键提为诉求" in page
    resp = client.post(f"/visits/{visit.id}/raise")  # the one click
    demand = db.session.scalars(db.select(Demand)).one()
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/demands/{demand.id}")
    assert demand.enterprise_id == cast.firm.id and demand.visit_id == visit.id
    assert demand.category == "场地需求" and demand.state == "submitted"
    assert demand.title == "需要扩租约300平方米办公面积。"
    assert "希望协调同楼层房源" in demand.text and "企业营收增长约20%" in demand.text
    assert demand.raised_by_user_id == cast.official.id and demand.due_at is not None
    assert demand.events[0].note == "走访中提出"
    assert f"#{demand.id}" in client.get(f"/visits/{visit.id}").get_data(as_text=True)


def test_the_visit_form_can_raise_the_demand_when_saving(app, cast, logged_in):
    client = logged_in(cast.building_user)
    resp = client.post(
        "/visits/new",
        data={
            "enterprise": cast.firm.name,
            "visited_on": street_today().isoformat(),
            "visitors": "楼管员",
            "findings": "",
            "needs": "希望协调员工停车位。",
            "raise_demand": "1",
        },
    )
    demand = db.session.scalars(db.select(Demand)).one()
    assert resp.headers["Location"].endswith(f"/demands/{demand.id}")
    assert demand.category == "交通停车"


def test_a_building_user_visits_only_its_buildings(app, cast, logged_in):
    client = logged_in(cast.building_user)
    resp = client.get(f"/visits/new?enterprise_id={cast.other_firm.id}")
    assert resp.status_code == 404
    resp = client.post(
        "/visits/new",
        data={
            "building_id": cast.other_firm.building_id,
            "visited_on": street_today().isoformat(),
            "visitors": "x",
        },
    )
    assert resp.status_code == 403
    assert client.get("/visits/plan").status_code == 403  # the plan shows tax swings


def test_a_visit_in_the_future_or_without_a_target_is_refused(app, cast, logged_in):
    client = logged_in(cast.official)
    tomorrow = (street_today() + timedelta(days=1)).isoformat()
    page = client.post(
        "/visits/new", data={"enterprise_id": cast.firm.id, "visited_on": tomorrow, "visitors": "x"}
    ).get_data(as_text=True)
    assert "晚于今天" in page
    page = client.post(
        "/visits/new", data={"visited_on": street_today().isoformat(), "visitors": "x"}
    ).get_data(as_text=True)
    assert "请选择一家企业或一座楼宇" in page
    assert db.session.scalar(db.select(db.func.count(Visit.id))) == 0


def test_the_plan_lists_red_leases_swings_and_key_firms_not_visited(app, cast, make_firm):
    from buildings.models import Lease, Unit

    today = street_today()
    key_never = make_firm(grade="A", building_id=cast.building.id)
    key_recent = make_firm(grade="B", building_id=cast.building.id)
    key_long_ago = make_firm(grade="C", building_id=cast.building.id)
    plain = make_firm(building_id=cast.building.id)
    red_tenant = make_firm(building_id=cast.building.id)
    swinging = make_firm(building_id=cast.building.id)
    for firm, days_ago in ((key_recent, 10), (key_long_ago, 200), (plain, 400)):
        db.session.add(
            Visit(
                enterprise_id=firm.id,
                building_id=cast.building.id,
                visited_on=today - timedelta(days=days_ago),
                visitors="x",
            )
        )
    unit = Unit(building_id=cast.building.id, floor="3", room="301", area=200)
    db.session.add(unit)
    db.session.flush()
    db.session.add(
        Lease(
            unit_id=unit.id,
            enterprise_id=red_tenant.id,
            tenant_name=red_tenant.name,
            start_on=today - timedelta(days=700),
            end_on=today + timedelta(days=12),
            area=200,
            status="active",
        )
    )
    open_visit_task(
        swinging.id, "tax_swing", "近12个月月均税收同比 -45%", f"tax_swing:{swinging.id}:x"
    )
    db.session.commit()

    plan = {e.enterprise_id: {r.reason for r in e.reasons} for e in visit_plan(today, 90, 30)}
    assert plan == {
        key_never.id: {"not_visited"},
        key_long_ago.id: {"not_visited"},
        red_tenant.id: {"lease_red"},
        swinging.id: {"tax_swing"},
    }
    # A visit answers the red lease and the swing: both leave the plan, the task is done.
    for firm in (red_tenant, swinging):
        db.session.add(Visit(enterprise_id=firm.id, visited_on=today, visitors="x"))
    db.session.commit()
    plan = {e.enterprise_id for e in visit_plan(today, 90, 30)}
    assert plan == {key_never.id, key_long_ago.id}


def test_recording_a_visit_completes_the_firms_open_tasks(app, cast, logged_in):
    task = open_visit_task(cast.firm.id, "tax_swing", "税收下降", "tax_swing:t")
    db.session.commit()
    logged_in(cast.official).post(
        "/visits/new",
        data={
            "enterprise_id": cast.firm.id,
            "visited_on": street_today().isoformat(),
            "visitors": "x",
        },
    )
    db.session.refresh(task)
    visit = db.session.scalars(db.select(Visit)).one()
    assert (task.status, task.visit_id) == ("done", visit.id)
    # Opening it again by the same key gives the same task back, still done.
    assert open_visit_task(cast.firm.id, "tax_swing", "再次", "tax_swing:t").id == task.id
    assert db.session.scalar(db.select(db.func.count(VisitTask.id))) == 1


def test_coverage_per_building(app, cast, make_firm):
    today = street_today()
    key = make_firm(grade="A", building_id=cast.building.id)
    make_firm(building_id=cast.building.id)
    db.session.add_all(
        [
            Visit(
                enterprise_id=key.id, building_id=cast.building.id, visited_on=today, visitors="x"
            ),
            Visit(
                enterprise_id=key.id, building_id=cast.building.id, visited_on=today, visitors="y"
            ),
            Visit(
                enterprise_id=cast.firm.id,
                building_id=cast.building.id,
                visited_on=today - timedelta(days=400),
                visitors="x",
            ),
            Visit(building_id=cast.building.id, visited_on=today, visitors="楼宇走访"),
        ]
    )
    db.session.commit()
    rows = {r.building_id: r for r in coverage(today, 365)}
    row = rows[cast.building.id]
    # Three firms operate there (cast.firm, key, another); only the key firm was visited lately.
    assert (row.firms, row.visited, row.key_firms, row.key_visited, row.visits) == (3, 1, 1, 1, 3)
    assert row.rate == 1 / 3 and row.key_rate == 1.0 and row.last_visit == today
    assert rows[cast.other_firm.building_id].visited == 0


def test_the_visit_plan_on_the_demo_street(demo_app):
    """Recomputed from the raw tables: every red lease not answered by a visit since it turned
    red, every tax swing task, every key firm not visited for 90 days — and nothing else."""
    from sqlalchemy import select

    from qifutong.enterprises.models import Enterprise

    today = street_today()
    lease = db.metadata.tables["lease"]
    last: dict[int, date] = {}
    for eid, day in db.session.execute(select(Visit.enterprise_id, Visit.visited_on)):
        if eid is not None and (eid not in last or day > last[eid]):
            last[eid] = day
    active = {
        e.id: e for e in db.session.scalars(select(Enterprise).where(Enterprise.status == "active"))
    }
    expected: dict[int, set[str]] = {}
    for eid, end_on in db.session.execute(
        select(lease.c.enterprise_id, lease.c.end_on).where(
            lease.c.status == "active", lease.c.end_on <= today + timedelta(days=30)
        )
    ):
        if eid in active and not (eid in last and last[eid] >= end_on - timedelta(days=30)):
            expected.setdefault(eid, set()).add("lease_red")
    for task in db.session.scalars(select(VisitTask).where(VisitTask.status == "open")):
        created = task.created_at.date()
        if task.reason == "lease_red":
            continue  # red leases are covered above, by the same rule
        if task.enterprise_id in active and not last.get(task.enterprise_id, date.min) >= created:
            expected.setdefault(task.enterprise_id, set()).add(task.reason)
    for eid, ent in active.items():
        if ent.grade and (eid not in last or last[eid] < today - timedelta(days=90)):
            expected.setdefault(eid, set()).add("not_visited")

    plan = visit_plan(today, 90, 30)
    got = {e.enterprise_id: {r.reason for r in e.reasons} for e in plan}
    assert got == expected
    reasons = [r for e in plan for r in e.reasons]
    assert {r.reason for r in reasons} == {"lease_red", "tax_swing", "not_visited"}
    # The seed visited some red-lease firms since their lease turned red: not asked again.
    answered = {
        eid
        for eid, end_on in db.session.execute(
            select(lease.c.enterprise_id, lease.c.end_on).where(
                lease.c.status == "active", lease.c.end_on <= today + timedelta(days=30)
            )
        )
        if eid in last and last[eid] >= end_on - timedelta(days=30)
    }
    assert answered and not any("lease_red" in got.get(eid, set()) for eid in answered)
    # Red leases first, then swings, then the long-unvisited, A before B before C.
    order = [
        min({"lease_red": 0, "tax_swing": 1, "not_visited": 2}[r.reason] for r in e.reasons)
        for e in plan
    ]
    assert order == sorted(order)
