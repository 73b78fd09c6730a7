"""Reading buildings, occupancy and lease warnings within the caller's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from buildings.models import Building, Lease, Unit
from buildings.warnings import Thresholds, days_left, lease_warning_level
from qifutong.auth.models import User
from qifutong.extensions import db


def visible_building_ids(user: User) -> set[int] | None:
    """None means all buildings (street and admin)."""
    return None if user.sees_all else user.building_ids


def buildings_for(user: User) -> list[Building]:
    stmt = select(Building).order_by(Building.code)
    ids = visible_building_ids(user)
    if ids is not None:
        stmt = stmt.where(Building.id.in_(ids or {-1}))
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class Warning:
    lease: Lease
    unit: Unit
    building: Building
    days_left: int
    level: str


def lease_warnings(
    user: User,
    today: date,
    thresholds: Thresholds,
    building_id: int | None = None,
    floor: str | None = None,
) -> list[Warning]:
    """Open leases ending within the blue window (or already past), sorted by days left."""
    horizon = today + timedelta(days=thresholds.blue)
    stmt = (
        select(Lease, Unit, Building)
        .join(Unit, Lease.unit_id == Unit.id)
        .join(Building, Unit.building_id == Building.id)
        .where(Lease.status == "active", Lease.end_on <= horizon)
    )
    ids = visible_building_ids(user)
    if ids is not None:
        stmt = stmt.where(Building.id.in_(ids or {-1}))
    if building_id:
        stmt = stmt.where(Building.id == building_id)
    if floor:
        stmt = stmt.where(Unit.floor == floor)
    out = []
    for lease, unit, building in db.session.execute(stmt):
        d = days_left(lease.end_on, today)
        level = lease_warning_level(d, lease.status, thresholds)
        if level:
            out.append(Warning(lease, unit, building, d, level))
    out.sort(key=lambda w: (w.days_left, w.building.code, w.unit.room))
    return out


def occupancy(building_ids: set[int] | None) -> dict[int, dict[str, Any]]:
    """Per building: leasable area, leased area (active leases) and the rate."""
    leasable = select(Building.id, Building.leasable_area)
    leased = (
        select(Unit.building_id, func.sum(Lease.area))
        .join(Lease, Lease.unit_id == Unit.id)
        .where(Lease.status == "active")
        .group_by(Unit.building_id)
    )
    if building_ids is not None:
        leasable = leasable.where(Building.id.in_(building_ids or {-1}))
        leased = leased.where(Unit.building_id.in_(building_ids or {-1}))
    leased_by = dict(db.session.execute(leased).all())
    out = {}
    for bid, area in db.session.execute(leasable):
        used = float(leased_by.get(bid) or 0.0)
        total = float(area or 0.0)
        out[bid] = {
            "leasable": total,
            "leased": used,
            "vacant": max(total - used, 0.0),
            "rate": used / total if total else None,
        }
    return out
