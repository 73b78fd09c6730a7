"""Demo street loaders for demands and visits."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from qifutong.demands.models import Demand, DemandEvent, Visit
from qifutong.enterprises.seed import building_ids_by_code, enterprise_ids_by_uscc
from qifutong.extensions import db
from qifutong.seeding import SeedContext

# A seeded demand is known again by the note of its first event, "seed:KEY".
_ORDER = ("submitted", "assigned", "accepted", "in_progress", "replied", "closed", "rated")


def load_demands(ctx: SeedContext) -> dict[str, int]:
    """Historic demands with the path of states they went through."""
    firms = enterprise_ids_by_uscc()
    known = set(
        db.session.scalars(select(DemandEvent.note).where(DemandEvent.from_state.is_(None)))
    )
    count = 0
    for r in ctx.rows("demands.csv"):
        marker = f"seed:{r['demand_key']}"
        if marker in known:
            continue
        day = ctx.day(r["created_offset_days"])
        assert day is not None
        created = datetime.combine(day, time(9, 30))
        d = Demand(
            enterprise_id=firms.get(r["tenant_uscc"]),
            category=r["category"],
            urgency=r["urgency"] or "normal",
            title=r["title"],
            text=r["text"],
            state=r["state"],
            owner_department=r["owner_department"] or None,
            created_at=created,
            updated_at=created,
        )
        if r["state"] == "rated":
            d.rating = 5 if (len(r["demand_key"]) % 5) else 4
        db.session.add(d)
        db.session.flush()
        db.session.add(
            DemandEvent(
                demand_id=d.id, from_state=None, to_state="submitted", note=marker, at=created
            )
        )
        path = _ORDER[1 : _ORDER.index(r["state"]) + 1] if r["state"] in _ORDER else ()
        prev = "submitted"
        for step in path:
            db.session.add(
                DemandEvent(
                    demand_id=d.id, from_state=prev, to_state=step, note="历史记录导入", at=created
                )
            )
            prev = step
        if r["state"] in ("closed", "rated"):
            d.closed_at = created
        count += 1
    return {"demands": count}


def load_visits(ctx: SeedContext) -> dict[str, int]:
    firms = enterprise_ids_by_uscc()
    buildings = building_ids_by_code()
    known: set[tuple[int | None, int | None, date | None, str]] = {
        (v.enterprise_id, v.building_id, v.visited_on, v.visitors)
        for v in db.session.scalars(select(Visit))
    }
    count = 0
    for r in ctx.rows("visits.csv"):
        key = (
            firms.get(r["tenant_uscc"]),
            buildings.get(r["building_code"]),
            ctx.day(r["visited_offset_days"]),
            r["visitors"],
        )
        if key in known:
            continue
        known.add(key)
        db.session.add(
            Visit(
                enterprise_id=key[0],
                building_id=key[1],
                visited_on=key[2],
                visitors=r["visitors"],
                findings=r["findings"],
                needs=r["needs"],
            )
        )
        count += 1
    return {"visits": count}
