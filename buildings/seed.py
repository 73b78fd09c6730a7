"""Demo street loaders for property companies, buildings, units and leases."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from buildings.models import Building, Lease, PropertyCompany, Unit
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.seeding import SeedContext, integer, number


def load_buildings(ctx: SeedContext) -> dict[str, int]:
    companies = {
        n: i for i, n in db.session.execute(select(PropertyCompany.id, PropertyCompany.name))
    }
    rows = list(ctx.rows("buildings.csv"))
    new_companies = sorted(
        {r["property_company"] for r in rows if r["property_company"]} - set(companies)
    )
    for name in new_companies:
        pc = PropertyCompany(name=name)
        db.session.add(pc)
        db.session.flush()
        companies[name] = pc.id
    known = set(db.session.scalars(select(Building.code)))
    new = [
        {
            "code": r["code"],
            "name": r["name"],
            "address": r["address"],
            "lat": number(r["lat"]),
            "lon": number(r["lon"]),
            "type": r["type"],
            "grade": r["grade"] or None,
            "gross_area": number(r["gross_area"]),
            "leasable_area": number(r["leasable_area"]),
            "floors_above": integer(r["floors_above"]),
            "floors_below": integer(r["floors_below"]),
            "built_year": integer(r["built_year"]),
            "property_company_id": companies.get(r["property_company"]),
        }
        for r in rows
        if r["code"] not in known
    ]
    if new:
        db.session.execute(insert(Building), new)
    ids = dict(db.session.execute(select(Building.code, Building.id)).all())
    have: set[tuple[int, str, str]] = {
        (b, f, r) for b, f, r in db.session.execute(select(Unit.building_id, Unit.floor, Unit.room))
    }
    units = []
    for r in ctx.rows("units.csv"):
        key = (ids[r["building_code"]], r["floor"], r["room"])
        if key in have:
            continue
        have.add(key)
        units.append(
            {
                "building_id": key[0],
                "floor": key[1],
                "room": key[2],
                "area": float(r["area"]),
                "rent_per_m2_day": number(r["rent_per_m2_day"]),
            }
        )
    if units:
        db.session.execute(insert(Unit), units)
    return {"property_companies": len(new_companies), "buildings": len(new), "units": len(units)}


def load_leases(ctx: SeedContext) -> dict[str, int]:
    """Leases with start and end shifted to the load day, so every colour shows today."""
    known = set(db.session.scalars(select(Lease.code).where(Lease.code.is_not(None))))
    units = {
        (code, floor, room): uid
        for uid, code, floor, room in db.session.execute(
            select(Unit.id, Building.code, Unit.floor, Unit.room).join(Building)
        )
    }
    firms = dict(
        db.session.execute(
            select(Enterprise.uscc, Enterprise.id).where(Enterprise.uscc.is_not(None))
        ).all()
    )
    new = []
    for r in ctx.rows("leases.csv"):
        if r["lease_key"] in known:
            continue
        new.append(
            {
                "code": r["lease_key"],
                "unit_id": units[(r["building_code"], r["floor"], r["room"])],
                "enterprise_id": firms.get(r["tenant_uscc"]),
                "tenant_name": r["tenant_name"],
                "start_on": ctx.day(r["start_offset_days"]),
                "end_on": ctx.day(r["end_offset_days"]),
                "rent_per_m2_day": number(r["rent_per_m2_day"]),
                "area": float(r["area"]),
                "status": r["status"] or "active",
                "intent": r["intent"] or "unknown",
                "intent_note": r["intent_note"] or None,
            }
        )
    if new:
        db.session.execute(insert(Lease), new)
    return {"leases": len(new)}


def load_visit_tasks(ctx: SeedContext) -> dict[str, int]:
    """Key firms whose lease is red on the load day get their street visit task (after the
    key-firm grades are set, so that a second seed finds nothing new)."""
    from flask import current_app

    from buildings.alerts import refresh_visit_tasks
    from buildings.warnings import thresholds_from

    return {"visit_tasks": refresh_visit_tasks(ctx.today, thresholds_from(current_app.config))}


def busiest_buildings(limit: int = 2) -> list[int]:
    """The demo building manager's buildings: those with the most open leases."""
    stmt = (
        select(Unit.building_id, func.count())
        .join(Lease, Lease.unit_id == Unit.id)
        .where(Lease.is_open)
        .group_by(Unit.building_id)
        .order_by(func.count().desc(), Unit.building_id)
    )
    # Leases of every colour: choose by the whole spread, then the street's order.
    return [bid for bid, _ in db.session.execute(stmt).all()[:limit]]


def property_buildings() -> list[int]:
    """The demo property manager's buildings: those of the company with the most buildings."""
    row = db.session.execute(
        select(Building.property_company_id, func.count())
        .where(Building.property_company_id.is_not(None))
        .group_by(Building.property_company_id)
        .order_by(func.count().desc(), Building.property_company_id)
    ).first()
    if row is None:
        return []
    return list(
        db.session.scalars(select(Building.id).where(Building.property_company_id == row[0]))
    )
