"""The warning board (a building manager's home), the property home, a building's page, the map
and the board's xlsx export."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, send_file
from sqlalchemy import select
from werkzeug.wrappers import Response

from buildings.export import warnings_workbook
from buildings.mapping import building_map
from buildings.models import INTENTS, LEASE_STATUSES, Building
from buildings.queries import (
    Warning,
    building_managers,
    buildings_for,
    floor_names,
    floors_of,
    lease_history,
    lease_warnings,
    occupancy,
    vacancies,
    visible_building_ids,
    warning_settings,
)
from buildings.services import can_edit_building
from buildings.warnings import (
    LEVEL_LABELS,
    LEVELS,
    days_left,
    lease_warning_level,
    thresholds_from,
)
from qifutong.auth.access import acting_user, can_see_building, role_required
from qifutong.auth.models import Role, User
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inputs import db_id
from qifutong.maps import base_map_note, tile_service
from qifutong.timeutil import street_today
from qifutong.web.fragments import cached_content

bp = Blueprint("buildings", __name__, template_folder="templates")
MANAGERS = (Role.STREET, Role.BUILDING, Role.PROPERTY)


def _user() -> User:
    user = acting_user()
    assert user is not None
    return user


def _filters(user: User) -> tuple[int | None, str | None]:
    building_id = request.args.get("building", type=db_id)
    floor = (request.args.get("floor") or "").strip() or None
    if building_id and not can_see_building(user, building_id):
        abort(403)
    return building_id, floor


def _level_and_month() -> tuple[str | None, str | None]:
    """The board's level (red/amber/blue) and end month (YYYY-MM) filters; others are ignored."""
    level = request.args.get("level") or None
    month = (request.args.get("month") or "").strip() or None
    if level not in LEVELS:
        level = None
    if month is not None and not _MONTH.fullmatch(month):
        month = None
    return level, month


_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _narrowed(warnings: list[Warning], level: str | None, month: str | None) -> list[Warning]:
    return [
        w
        for w in warnings
        if (level is None or w.level == level)
        and (month is None or w.lease.end_on.strftime("%Y-%m") == month)
    ]


def _board(template: str, title: str) -> str:
    user = _user()
    today, thresholds = warning_settings(current_app.config)
    building_id, floor = _filters(user)
    level, month = _level_and_month()

    def context() -> dict[str, Any]:
        every = lease_warnings(user, today, thresholds, building_id, floor)
        months = sorted({w.lease.end_on.strftime("%Y-%m") for w in every})
        in_month = _narrowed(every, None, month)  # the level cards count within the month
        warnings = _narrowed(in_month, level, None)
        areas = dict.fromkeys(LEVELS, 0.0)  # m² per level
        for w in in_month:
            areas[w.level] += w.lease.area
        scope = visible_building_ids(user)
        return {
            "warnings": warnings,
            "level": level,
            "month": month,
            "months": months,
            "owners": building_managers({w.building.id for w in warnings}),
            "show_owner": user.sees_all,  # a manager's own board: the owner is the reader
            "counts": Counter(w.level for w in in_month),
            "areas": areas,
            "levels": LEVELS,
            "level_labels": LEVEL_LABELS,
            "buildings": buildings_for(user),
            "occ": occupancy(scope),
            "floors": floor_names({building_id} if building_id else scope),
            "building_id": building_id,
            "floor": floor,
            "intents": INTENTS,
            "today": today,
            "thresholds": thresholds,
            "back": request.full_path.rstrip("?"),
        }

    # Everything shown is read inside context() (and so watched), but for the reader: the
    # scope comes from the user's buildings, read there too.
    key = (user.id, user.role, today, thresholds, request.full_path)
    content = cached_content(f"buildings/_{template}.html", key, context)
    return render_template("page.html", content=content, title=title)


@bp.get("/building/")
@role_required(Role.BUILDING, Role.STREET)
def board() -> str:
    return _board("board", "到期预警")


@bp.get("/property/")
@role_required(Role.PROPERTY, Role.STREET)
def property_home() -> str:
    return _board("property", "物业工作台")


@bp.get("/property/vacancies")
@role_required(*MANAGERS)
def vacancy_list() -> str:
    """Every vacant unit of the caller's buildings: where, how large, since when, and how many
    firms are looking for space of that size."""
    user = _user()
    building_id, _floor = _filters(user)
    today = street_today()
    found = vacancies(visible_building_ids(user), building_id)
    return render_template(
        "buildings/vacancies.html",
        vacancies=found,
        total_area=sum(v.unit.area for v in found),
        buildings=buildings_for(user),
        building_id=building_id,
        today=today,
        title="空置房源",
    )


@bp.get("/building/warnings.xlsx")
@role_required(*MANAGERS)
def export_warnings() -> Response:
    user = _user()
    today, thresholds = warning_settings(current_app.config)
    building_id, floor = _filters(user)
    level, month = _level_and_month()
    warnings = _narrowed(lease_warnings(user, today, thresholds, building_id, floor), level, month)
    owners = building_managers({w.building.id for w in warnings})
    data = warnings_workbook(warnings, today, owners, key_firms=user.sees_all)
    return send_file(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"lease-warnings-{today.isoformat()}.xlsx",
    )


@bp.get("/buildings/")
@role_required(*MANAGERS)
def index() -> str:
    user = _user()
    return render_template(
        "buildings/index.html",
        buildings=buildings_for(user),
        occ=occupancy(visible_building_ids(user)),
        can_create=user.sees_all,
        title="楼宇管理",
    )


def _level(end_on: date, status: str, today: date) -> str | None:
    return lease_warning_level(
        days_left(end_on, today), status, thresholds_from(current_app.config)
    )


@bp.get("/buildings/<int:building_id>")
@role_required(*MANAGERS)
def show(building_id: int) -> str:
    user = _user()
    if not can_see_building(user, building_id):
        abort(403)
    building = db.session.get(Building, building_id)
    if building is None:
        abort(404)
    today, _ = warning_settings(current_app.config)
    floors = floors_of(building_id)
    history = lease_history(building_id)
    tenants: dict[str, dict[str, Any]] = {}
    for fv in floors:
        for _, lease in fv.rows:
            if lease is None:
                continue
            t = tenants.setdefault(
                lease.tenant_name,
                {"name": lease.tenant_name, "id": lease.enterprise_id, "area": 0.0},
            )
            t["area"] += lease.area
    # Tax figures only for those who may see them: never building or property users.
    tax: dict[int, float | None] = {}
    if user.sees_finance and user.sees_all:
        ids = {t["id"] for t in tenants.values() if t["id"]}
        tax = dict(
            db.session.execute(
                select(Enterprise.id, Enterprise.tax_12m).where(Enterprise.id.in_(ids or {-1}))
            ).all()
        )
    return render_template(
        "buildings/show.html",
        building=building,
        floors=floors,
        history=history,
        tenants=sorted(tenants.values(), key=lambda t: -t["area"]),
        tax=tax,
        show_tax=bool(user.sees_all),
        occ=occupancy({building_id}),
        intents=INTENTS,
        statuses=LEASE_STATUSES,
        level_of=lambda lease: _level(lease.end_on, lease.status, today),
        level_labels=LEVEL_LABELS,
        today=today,
        can_edit=can_edit_building(user, building_id),
        title=building.name,
    )


@bp.get("/building/map")
@role_required(*MANAGERS)
def street_map_page() -> str:
    user = _user()
    colour = request.args.get("color", "warnings")
    if colour not in ("warnings", "occupancy"):
        colour = "warnings"
    today, thresholds = warning_settings(current_app.config)
    tiles = tile_service(current_app.config)
    fig, legend, listed = building_map(buildings_for(user), colour, today, thresholds, tiles)
    return render_template(
        "buildings/map.html",
        figure=fig,
        legend=legend,
        buildings=listed,
        base_note=base_map_note(tiles),
        colour=colour,
        title="楼宇地图",
    )
