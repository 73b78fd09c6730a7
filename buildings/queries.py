"""Reading buildings, units, occupancy and lease warnings within the caller's scope."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from buildings.models import Building, Lease, LeaseEvent, Unit
from buildings.occupancy import leasable_area, occupancy_rate, units_area, vacant_area
from buildings.offers import KIND as SPACE
from buildings.warnings import (
    Thresholds,
    days_left,
    lease_warning_level,
    red_from,
    thresholds_from,
    window_end,
    worst_level,
)
from qifutong.auth.models import Role, User, user_buildings
from qifutong.changes import VersionedCache, table_versions
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.matching.models import MatchResult
from qifutong.timeutil import street_today


def visible_building_ids(user: User) -> set[int] | None:
    """None means all buildings (street and admin)."""
    return None if user.sees_all else user.building_ids


def buildings_for(user: User) -> list[Building]:
    stmt = select(Building).order_by(Building.code)
    ids = visible_building_ids(user)
    if ids is not None:
        stmt = stmt.where(Building.id.in_(ids or {-1}))
    return list(db.session.scalars(stmt))


def warning_settings(config: Mapping[str, Any]) -> tuple[date, Thresholds]:
    """The street's today and the thresholds, from the app settings."""
    return street_today(), thresholds_from(config)


@dataclass(frozen=True)
class Warning:
    lease: Lease
    unit: Unit
    building: Building
    days_left: int
    level: str
    key_firm: bool = False


def lease_warnings(
    user: User | None,
    today: date,
    thresholds: Thresholds,
    building_id: int | None = None,
    floor: str | None = None,
    building_ids: set[int] | None = None,
    lease_id: int | None = None,
) -> list[Warning]:
    """Open leases ending within the blue window (or already past), sorted by days left.

    `user` None means no scope limit (jobs); `building_ids` narrows further. Only the street
    (and jobs) learn which tenants are key firms."""
    horizon = window_end(today, thresholds.blue)
    stmt = (
        select(Lease, Unit, Building)
        .join(Unit, Lease.unit_id == Unit.id)
        .join(Building, Unit.building_id == Building.id)
        .where(Lease.is_open, Lease.end_on <= horizon)
    )
    ids = visible_building_ids(user) if user is not None else None
    if ids is not None:
        stmt = stmt.where(Building.id.in_(ids or {-1}))
    if building_ids is not None:
        stmt = stmt.where(Building.id.in_(building_ids or {-1}))
    if building_id:
        stmt = stmt.where(Building.id == building_id)
    if floor:
        stmt = stmt.where(Unit.floor == floor)
    if lease_id is not None:
        stmt = stmt.where(Lease.id == lease_id)
    rows = db.session.execute(stmt).all()
    # The key-firm flag follows from the grade: jobs and the street only.
    keys = (
        key_firm_ids({lease.enterprise_id for lease, _, _ in rows if lease.enterprise_id})
        if user is None or user.sees_all
        else set()
    )
    out = []
    for lease, unit, building in rows:
        d = days_left(lease.end_on, today)
        level = lease_warning_level(d, lease.status, thresholds)
        if level:
            key = lease.enterprise_id in keys
            out.append(Warning(lease, unit, building, d, level, key))
    out.sort(key=lambda w: (w.days_left, w.building.code, w.unit.floor, w.unit.room, w.lease.id))
    return out


def firm_leases_in_red(today: date, red_days: int) -> list[dict[str, Any]]:
    """Open leases of firms in the red window (or past), for the street's visit plan."""
    thresholds = Thresholds(red=red_days)
    stmt = (
        select(
            Lease.id,
            Lease.enterprise_id,
            Lease.end_on,
            Lease.tenant_name,
            Unit.floor,
            Unit.room,
        )
        .join(Unit, Lease.unit_id == Unit.id)
        .where(
            Lease.is_open,
            Lease.enterprise_id.is_not(None),
            Lease.end_on <= window_end(today, thresholds.red),
        )
        .order_by(Lease.end_on)
    )
    rows = [dict(r._mapping) for r in db.session.execute(stmt)]
    for row in rows:
        row["red_from"] = red_from(row["end_on"], thresholds)
    return rows


def lease_turned_red_on(lease_id: int, red_days: int) -> date | None:
    """The day this lease entered the red window (None for no such lease)."""
    end_on = db.session.scalar(select(Lease.end_on).where(Lease.id == lease_id))
    return None if end_on is None else red_from(end_on, Thresholds(red=red_days))


def key_firm_ids(enterprise_ids: set[int]) -> set[int]:
    """Which of these firms are key firms (Enterprise.is_key_firm)."""
    if not enterprise_ids:
        return set()
    return set(
        db.session.scalars(
            select(Enterprise.id).where(Enterprise.id.in_(enterprise_ids), Enterprise.is_key_firm)
        )
    )


_occupancy_cache = VersionedCache(size=256)


def occupancy(building_ids: set[int] | None) -> dict[int, dict[str, Any]]:
    """Per building: leasable area, leased area (open leases), vacant area and rate (kept per
    scope while buildings, units and leases are unchanged; callers must not change it)."""
    key = None if building_ids is None else frozenset(building_ids)
    return _occupancy_cache.get_or_compute(
        table_versions(db.session), key, lambda: _occupancy(building_ids)
    )


def _occupancy(building_ids: set[int] | None) -> dict[int, dict[str, Any]]:
    units = units_area()
    leasable = select(Building.id, leasable_area(units)).outerjoin(
        units, units.c.building_id == Building.id
    )
    leased = (
        select(Unit.building_id, func.sum(Lease.area))
        .join(Lease, Lease.unit_id == Unit.id)
        .where(Lease.is_open)
        .group_by(Unit.building_id)
    )
    if building_ids is not None:
        scope = building_ids or {-1}
        leasable = leasable.where(Building.id.in_(scope))
        leased = leased.where(Unit.building_id.in_(scope))
    leased_by = dict(db.session.execute(leased).all())
    out = {}
    for bid, area in db.session.execute(leasable):
        used = float(leased_by.get(bid) or 0.0)
        total = float(area or 0.0)
        out[bid] = {
            "leasable": total,
            "leased": used,
            "vacant": vacant_area(used, total),
            "rate": occupancy_rate(used, total),
        }
    return out


def building_levels(
    building_ids: set[int] | None, today: date, thresholds: Thresholds
) -> dict[int, dict[str, Any]]:
    """Per building: warning counts per level, the area under warning and the worst level
    (for maps and the cockpit)."""
    out: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"red": 0, "amber": 0, "blue": 0, "area": 0.0}
    )
    for w in lease_warnings(None, today, thresholds, building_ids=building_ids):
        out[w.building.id][w.level] += 1
        out[w.building.id]["area"] += w.lease.area
    for counts in out.values():
        counts["worst"] = worst_level([lv for lv in ("red", "amber", "blue") if counts[lv]])
    return dict(out)


@dataclass
class FloorView:
    floor: str
    rows: list[tuple[Unit, Lease | None]] = field(default_factory=list)
    area: float = 0.0
    leased: float = 0.0

    @property
    def rate(self) -> float | None:
        return occupancy_rate(self.leased, self.area)


def _floor_key(floor: str) -> tuple[int, float, str]:
    """B2 < B1 < 1 < 2 < … < 10 < text."""
    text = floor.strip().upper()
    if text.startswith("B") and text[1:].isdigit():
        return (0, -float(text[1:]), text)
    try:
        return (1, float(text), text)
    except ValueError:
        return (2, 0.0, text)


def floors_of(building_id: int) -> list[FloorView]:
    """The building's floors, top first, each with its units and their open lease."""
    rows = db.session.execute(
        select(Unit, Lease)
        .outerjoin(Lease, (Lease.unit_id == Unit.id) & Lease.is_open)
        .where(Unit.building_id == building_id)
        .order_by(Unit.room, Lease.start_on)
    ).all()
    floors: dict[str, FloorView] = {}
    seen: set[int] = set()
    for unit, lease in rows:
        fv = floors.setdefault(unit.floor, FloorView(unit.floor))
        fv.rows.append((unit, lease))
        if unit.id not in seen:
            fv.area += unit.area
            seen.add(unit.id)
        if lease is not None:
            fv.leased += lease.area
    return sorted(floors.values(), key=lambda f: _floor_key(f.floor), reverse=True)


def floor_names(building_ids: set[int] | None) -> list[str]:
    stmt = select(Unit.floor).distinct()
    if building_ids is not None:
        stmt = stmt.where(Unit.building_id.in_(building_ids or {-1}))
    return sorted(db.session.scalars(stmt), key=_floor_key)


def lease_history(building_id: int) -> list[tuple[Lease, Unit]]:
    """Every lease of the building, by unit and start (renewed and ended ones included)."""
    return [
        (lease, unit)
        for lease, unit in db.session.execute(
            select(Lease, Unit)
            .join(Unit, Lease.unit_id == Unit.id)
            .where(Unit.building_id == building_id)
            .order_by(Unit.floor, Unit.room, Lease.start_on, Lease.id)
        ).all()
    ]


def lease_events(lease_ids: list[int]) -> list[LeaseEvent]:
    """The history of a chain of leases, oldest first."""
    if not lease_ids:
        return []
    return list(
        db.session.scalars(
            select(LeaseEvent)
            .where(LeaseEvent.lease_id.in_(lease_ids))
            .order_by(LeaseEvent.at, LeaseEvent.id)
        )
    )


def lease_chain(lease: Lease) -> list[Lease]:
    """The lease with the contracts it renewed and the ones that renewed it, oldest first."""
    chain = [lease]
    current = lease
    while current.renewed_from_id is not None:
        prev = db.session.get(Lease, current.renewed_from_id)
        if prev is None or prev in chain:
            break
        chain.insert(0, prev)
        current = prev
    current = lease
    while True:
        nxt = db.session.scalar(
            select(Lease).where(Lease.renewed_from_id == current.id).order_by(Lease.id).limit(1)
        )
        if nxt is None or nxt in chain:
            break
        chain.append(nxt)
        current = nxt
    return chain


def open_lease_on(unit_id: int, exclude: int | None = None) -> Lease | None:
    stmt = select(Lease).where(Lease.unit_id == unit_id, Lease.is_open)
    if exclude is not None:
        stmt = stmt.where(Lease.id != exclude)
    return db.session.scalar(stmt.order_by(Lease.start_on).limit(1))


@dataclass
class Vacancy:
    """A unit without an open lease: since when (the last lease's end; None if it never had
    one) and how many firms' space needs it fits (the matching engine's eligible results)."""

    unit: Unit
    building: Building
    since: date | None
    seekers: int


def _floor_order(floor: str) -> tuple[int, float, str]:
    """Floors in building order: B2, B1, 1, 2 … 10, then names that are not numbers."""
    text = floor.strip().upper()
    if text.startswith("B") and text[1:].isdigit():
        return (0, -int(text[1:]), text)
    try:
        return (0, float(text.rstrip("F层")), text)
    except ValueError:
        return (1, 0.0, text)


def vacancies(building_ids: set[int] | None, building_id: int | None = None) -> list[Vacancy]:
    """The vacant units of these buildings, by building, floor and room."""
    open_units = select(Lease.unit_id).where(Lease.is_open)
    stmt = (
        select(Unit, Building)
        .join(Building, Building.id == Unit.building_id)
        .where(Unit.id.not_in(open_units))
    )
    if building_ids is not None:
        stmt = stmt.where(Unit.building_id.in_(building_ids or {-1}))
    if building_id:
        stmt = stmt.where(Unit.building_id == building_id)
    rows = db.session.execute(stmt).all()
    ids = [u.id for u, _ in rows] or [-1]
    last_end = dict(
        db.session.execute(
            select(Lease.unit_id, func.max(Lease.end_on))
            .where(Lease.unit_id.in_(ids))
            .group_by(Lease.unit_id)
        ).all()
    )
    seekers = dict(
        db.session.execute(
            select(MatchResult.offer_id, func.count())
            .where(
                MatchResult.offer_kind == SPACE,
                MatchResult.status == "eligible",
                MatchResult.offer_id.in_(ids),
            )
            .group_by(MatchResult.offer_id)
        ).all()
    )
    out = [Vacancy(u, b, last_end.get(u.id), int(seekers.get(u.id, 0))) for u, b in rows]
    out.sort(key=lambda v: (v.building.name, _floor_order(v.unit.floor), v.unit.room))
    return out


def lease_for_user(lease_id: int, user: User) -> Lease | None:
    """The lease when the user may see its building, else None."""
    lease = db.session.get(Lease, lease_id)
    if lease is None:
        return None
    if user.sees_all or lease.unit.building_id in user.building_ids:
        return lease
    return None


def building_managers(building_ids: set[int] | None) -> dict[int, list[str]]:
    """Who answers for each building's warnings: its building managers, else its property users."""
    stmt = (
        select(user_buildings.c.building_id, User.role, User.display_name, User.username)
        .join(User, User.id == user_buildings.c.user_id)
        .where(User.role.in_((Role.BUILDING, Role.PROPERTY)), User.active.is_(True))
        .order_by(User.id)
    )
    if building_ids is not None:
        stmt = stmt.where(user_buildings.c.building_id.in_(building_ids or {-1}))
    by_role: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for bid, role, display, username in db.session.execute(stmt):
        by_role[bid][role].append(display or username)
    return {
        bid: roles.get(Role.BUILDING) or roles.get(Role.PROPERTY) or []
        for bid, roles in by_role.items()
    }
