"""Warnings from stored leases, intents, renewals, closures, vacancy events and visit tasks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from buildings import services
from buildings.alerts import refresh_visit_tasks
from buildings.fields import FieldError
from buildings.models import Lease, LeaseEvent
from buildings.queries import lease_warnings, occupancy
from buildings.warnings import Thresholds
from qifutong import events
from qifutong.extensions import db
from qifutong.visits.models import VisitTask

BOUNDARIES = {0: "red", 30: "red", 31: "amber", 60: "amber", 61: "blue", 90: "blue", 91: None}


@pytest.fixture
def vacated():
    seen: list[int] = []

    def handler(unit_id: int) -> None:
        seen.append(unit_id)

    events.subscribe(events.UNIT_VACATED, handler)
    yield seen
    events._handlers[events.UNIT_VACATED].remove(handler)


def test_stored_leases_at_the_boundaries(make_building, make_unit, make_lease, street_today):
    b = make_building()
    made = {d: make_lease(make_unit(b), days=d) for d in BOUNDARIES}
    expired_open = make_lease(make_unit(b), days=-12)
    expired_closed = make_lease(make_unit(b), days=-12, status="ended", closed_on=street_today)
    renewed = make_lease(make_unit(b), days=10, status="renewed")
    got = {
        w.lease.id: (w.days_left, w.level) for w in lease_warnings(None, street_today, Thresholds())
    }
    for d, level in BOUNDARIES.items():
        assert got.get(made[d].id, (d, None)) == (d, level)
    assert got[expired_open.id] == (-12, "red")
    assert expired_closed.id not in got and renewed.id not in got
    order = [w.days_left for w in lease_warnings(None, street_today, Thresholds())]
    assert order == sorted(order) and order[0] == -12


def test_recording_an_intent_keeps_history_and_leave_offers_the_space(
    make_building, make_unit, make_lease, make_user, vacated
):
    unit = make_unit(make_building())
    lease = make_lease(unit, days=20)
    user = make_user("street")
    services.record_intent(lease, "expand", "需要再加一层", user)
    services.record_intent(lease, "leave", "迁往滨江", user)
    db.session.commit()
    assert lease.intent == "leave" and lease.intent_note == "迁往滨江"
    history = db.session.scalars(db.select(LeaseEvent).where(LeaseEvent.lease_id == lease.id)).all()
    assert [e.kind for e in history] == ["intent", "intent"]
    assert "扩租" in history[0].detail and history[1].user_id == user.id
    assert vacated == [unit.id]
    with pytest.raises(FieldError):
        services.record_intent(lease, "sell", "", user)


def test_a_renewal_moves_or_clears_the_warning(make_building, make_unit, make_lease, street_today):
    unit = make_unit(make_building())
    lease = make_lease(unit, days=5)
    assert [w.level for w in lease_warnings(None, street_today, Thresholds())] == ["red"]
    successor = services.renew_lease(lease, street_today + timedelta(days=75), None)
    db.session.commit()
    warnings = lease_warnings(None, street_today, Thresholds())
    assert [(w.lease.id, w.level) for w in warnings] == [(successor.id, "blue")]  # moved
    assert lease.status == "renewed" and successor.renewed_from_id == lease.id
    assert successor.start_on == lease.end_on + timedelta(days=1)
    later = services.renew_lease(successor, street_today + timedelta(days=3 * 365), None)
    db.session.commit()
    assert lease_warnings(None, street_today, Thresholds()) == []  # cleared
    kinds = db.session.scalars(
        db.select(LeaseEvent.kind).where(
            LeaseEvent.lease_id.in_([lease.id, successor.id, later.id])
        )
    ).all()
    assert kinds.count("renewal") == 4
    with pytest.raises(FieldError):
        services.renew_lease(lease, street_today + timedelta(days=900), None)  # already renewed


def test_closing_a_lease_vacates_the_unit(
    make_building, make_unit, make_lease, street_today, vacated
):
    b = make_building(leasable_area=None)
    unit, other = make_unit(b, area=100.0), make_unit(b, area=300.0)
    lease = make_lease(unit, days=-3)
    make_lease(other, days=500)
    assert occupancy({b.id})[b.id]["rate"] == pytest.approx(1.0)
    services.close_lease(lease, None, street_today, "ended", "已搬离")
    db.session.commit()
    assert lease.status == "ended" and lease.closed_on == street_today
    assert lease_warnings(None, street_today, Thresholds()) == []
    assert vacated == [unit.id]
    occ = occupancy({b.id})[b.id]
    assert occ["leasable"] == 400.0 and occ["vacant"] == 100.0 and occ["rate"] == 0.75


def test_overlapping_leases_on_one_unit_are_refused(make_building, make_unit, make_lease):
    unit = make_unit(make_building())
    existing = make_lease(unit, days=100)
    form = {
        "tenant_name": "新租户",
        "start_on": existing.end_on - timedelta(days=10),
        "end_on": existing.end_on + timedelta(days=365),
        "area": "100",
    }
    with pytest.raises(FieldError) as err:
        services.create_lease(unit, form, None)
    assert err.value.field == "start_on" and "重叠" in err.value.message
    form["start_on"] = existing.end_on + timedelta(days=1)
    new = services.create_lease(unit, form, None)
    db.session.commit()
    assert new.id and new.status == "active"


def test_a_key_firm_in_red_asks_for_one_street_visit(
    make_building, make_unit, make_lease, make_firm, street_today
):
    b = make_building()
    graded = make_firm(grade="A")
    plain = make_firm(tax_12m=9e7)  # rich but not graded yet: not a key firm
    watched = make_firm(grade="C")  # C is a key firm too (docs/key-firm-grading.md)
    red_key = make_lease(make_unit(b), days=10, enterprise_id=graded.id)
    make_lease(make_unit(b), days=12, enterprise_id=plain.id)
    red_top = make_lease(make_unit(b), days=-2, enterprise_id=watched.id)
    make_lease(make_unit(b), days=45, enterprise_id=make_firm(grade="B").id)  # amber: not yet
    assert refresh_visit_tasks(street_today, Thresholds()) == 2
    db.session.commit()
    assert refresh_visit_tasks(street_today, Thresholds()) == 0  # idempotent
    tasks = db.session.scalars(db.select(VisitTask).order_by(VisitTask.id)).all()
    assert {t.source_key for t in tasks} == {f"lease_red:{red_key.id}", f"lease_red:{red_top.id}"}
    assert {t.enterprise_id for t in tasks} == {graded.id, watched.id}
    assert all(t.reason == "lease_red" and t.status == "open" for t in tasks)
    assert isinstance(db.session.get(Lease, red_key.id), Lease)


def test_renewing_a_leaving_tenant_withdraws_the_space_offer(
    make_building, make_unit, make_lease, street_today, vacated
):
    changed: list[tuple[str, int]] = []

    def handler(kind: str, offer_id: int) -> None:
        changed.append((kind, offer_id))

    events.subscribe(events.OFFER_CHANGED, handler)
    try:
        unit = make_unit(make_building())
        lease = make_lease(unit, days=25)
        services.record_intent(lease, "leave", "", None)
        services.renew_lease(lease, street_today + timedelta(days=400), None)
    finally:
        events._handlers[events.OFFER_CHANGED].remove(handler)
    assert vacated == [unit.id] and changed == [("space", unit.id)]
