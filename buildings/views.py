"""Building managers' warning board, property companies' home, and a building's page."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import select

from buildings.models import INTENTS, Building, Lease, Unit
from buildings.queries import buildings_for, lease_warnings, occupancy, visible_building_ids
from buildings.warnings import LEVEL_LABELS, LEVELS, thresholds_from, today_in
from qifutong.auth.access import acting_user, can_see_building, role_required
from qifutong.auth.models import Role
from qifutong.extensions import db

bp = Blueprint("buildings", __name__, template_folder="templates")


def _board(template: str, title: str) -> str:
    user = acting_user()
    assert user is not None
    today = today_in(current_app.config["QIFUTONG_TIMEZONE"])
    building_id = request.args.get("building", type=int)
    floor = request.args.get("floor") or None
    if building_id and not can_see_building(user, building_id):
        abort(403)
    warnings = lease_warnings(user, today, thresholds_from(current_app.config), building_id, floor)
    counts = Counter(w.level for w in warnings)
    areas = dict.fromkeys(LEVELS, 0.0)  # m² per level
    for w in warnings:
        areas[w.level] += w.lease.area
    mine = buildings_for(user)
    occ = occupancy(visible_building_ids(user))
    return render_template(
        template,
        warnings=warnings,
        counts=counts,
        areas=areas,
        levels=LEVELS,
        level_labels=LEVEL_LABELS,
        buildings=mine,
        occ=occ,
        building_id=building_id,
        floor=floor,
        intents=INTENTS,
        today=today,
        title=title,
    )


@bp.get("/building/")
@role_required(Role.BUILDING, Role.STREET)
def board() -> str:
    return _board("buildings/board.html", "到期预警")


@bp.get("/property/")
@role_required(Role.PROPERTY, Role.STREET)
def property_home() -> str:
    return _board("buildings/property.html", "物业工作台")


@bp.get("/buildings/<int:building_id>")
@role_required(Role.STREET, Role.BUILDING, Role.PROPERTY)
def show(building_id: int) -> str:
    user = acting_user()
    assert user is not None
    if not can_see_building(user, building_id):
        abort(403)
    building = db.session.get(Building, building_id)
    if building is None:
        abort(404)
    rows = db.session.execute(
        select(Unit, Lease)
        .outerjoin(Lease, (Lease.unit_id == Unit.id) & (Lease.status == "active"))
        .where(Unit.building_id == building_id)
        .order_by(Unit.floor, Unit.room)
    ).all()
    return render_template(
        "buildings/show.html",
        building=building,
        rows=rows,
        occ=occupancy({building_id}),
        intents=INTENTS,
        title=building.name,
    )
