"""Demo street: the visits of seed_data/visits.csv, and the visit tasks they answer."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from qifutong.enterprises.seed import building_ids_by_code, enterprise_ids_by_uscc
from qifutong.extensions import db
from qifutong.seeding import SeedContext
from qifutong.visits.models import Visit
from qifutong.visits.tasks import close_answered_tasks


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
    db.session.flush()
    latest: dict[int, tuple[date, int]] = {}
    for eid, day, vid in db.session.execute(
        select(Visit.enterprise_id, Visit.visited_on, Visit.id)
        .where(Visit.enterprise_id.is_not(None))
        .order_by(Visit.visited_on, Visit.id)
    ):
        if eid is not None:
            latest[eid] = (day, vid)
    closed = close_answered_tasks(latest, int(current_app.config["QIFUTONG_LEASE_RED_DAYS"]))
    return {"visits": count, "tasks_answered": closed}
