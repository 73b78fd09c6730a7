"""GET /api/v1/leases/warnings (DESIGN §7): the caller's lease warnings, paginated."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask import current_app, jsonify
from werkzeug.wrappers import Response

from buildings.queries import Warning, building_managers, lease_warnings, warning_settings
from qifutong.api import ApiError, api_blueprint, api_required
from qifutong.api.spec import declare
from qifutong.auth.access import acting_user, can_see_building
from qifutong.auth.models import Role
from qifutong.inputs import Id, Opt, Paging, chars

bp = api_blueprint("buildings_api", __name__)


def dump_warning(w: Warning, owners: dict[int, list[str]], street: bool) -> dict[str, Any]:
    """One warning; no firm figures, and the key-firm flag (from the grade) for the street
    only."""
    out = {
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
        "owners": owners.get(w.building.id, []),
    }
    if street:
        out["key_firm"] = w.key_firm
    return out


class WarningQuery(Paging):
    building_id: Opt[Id] = None
    floor: Opt[Annotated[str, chars(16)]] = None
    level: Opt[Literal["red", "amber", "blue"]] = None


@bp.get("/leases/warnings")
@api_required(Role.STREET, Role.BUILDING, Role.PROPERTY)
@declare(query=WarningQuery)
def warnings(query: WarningQuery) -> Response:
    """The caller's lease warnings, by building, floor and level (red/amber/blue)."""
    user = acting_user()
    assert user is not None
    page, per_page = query.page, query.per_page
    building_id, level = query.building_id, query.level
    if building_id and not can_see_building(user, building_id):
        raise ApiError(403, "forbidden", f"building {building_id} is outside your scope")
    today, thresholds = warning_settings(current_app.config)
    items = lease_warnings(user, today, thresholds, building_id, query.floor)
    if level:
        items = [w for w in items if w.level == level]
    start = (page - 1) * per_page
    shown = items[start : start + per_page]
    owners = building_managers({w.building.id for w in shown})
    return jsonify(
        {
            "items": [dump_warning(w, owners, user.sees_all) for w in shown],
            "page": page,
            "per_page": per_page,
            "total": len(items),
            "as_of": today.isoformat(),
        }
    )
