"""GET /api/v1/leases/warnings (DESIGN §7): the caller's lease warnings, paginated."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from werkzeug.wrappers import Response

from buildings.queries import Warning, building_managers, lease_warnings, warning_settings
from buildings.warnings import LEVELS
from qifutong.api import ApiError, api_blueprint, api_required, page_args
from qifutong.auth.access import acting_user, can_see_building
from qifutong.auth.models import Role

bp = api_blueprint("buildings_api", __name__)


def dump_warning(w: Warning, owners: dict[int, list[str]]) -> dict[str, Any]:
    """One warning; no firm figures (building and property users read this too)."""
    return {
        "lease_id": w.lease.id,
        "tenant": w.lease.tenant_name,
        "building": w.building.name,
        "building_id": w.building.id,
        "unit": f"{w.unit.floor}-{w.unit.room}",
        "floor": w.unit.floor,
        "room": w.unit.room,
        "area": w.lease.area,
        "end_date": w.lease.end_on.isoformat(),
        "days_left": w.days_left,
        "level": w.level,
        "intent": w.lease.intent,
        "key_firm": w.key_firm,
        "owners": owners.get(w.building.id, []),
    }


@bp.get("/leases/warnings")
@api_required(Role.STREET, Role.BUILDING, Role.PROPERTY)
def warnings() -> Response:
    """Filters: building_id, floor, level (red/amber/blue); paging: page, per_page."""
    user = acting_user()
    assert user is not None
    page, per_page = page_args()
    building_id = request.args.get("building_id", type=int)
    if building_id and not can_see_building(user, building_id):
        raise ApiError(403, "forbidden", f"building {building_id} is outside your scope")
    level = request.args.get("level") or None
    if level and level not in LEVELS:
        raise ApiError(400, "bad_request", "level must be red, amber or blue")
    today, thresholds = warning_settings(current_app.config)
    items = lease_warnings(user, today, thresholds, building_id, request.args.get("floor") or None)
    if level:
        items = [w for w in items if w.level == level]
    start = (page - 1) * per_page
    shown = items[start : start + per_page]
    owners = building_managers({w.building.id for w in shown})
    return jsonify(
        {
            "items": [dump_warning(w, owners) for w in shown],
            "page": page,
            "per_page": per_page,
            "total": len(items),
            "as_of": today.isoformat(),
        }
    )
