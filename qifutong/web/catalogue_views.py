"""The data catalogue (数据资源目录): /street/data and GET /api/v1/datasets (street only)."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from werkzeug.wrappers import Response

from qifutong.api import api_blueprint, api_required
from qifutong.api.spec import declare
from qifutong.auth.access import role_required
from qifutong.auth.models import Role
from qifutong.catalogue import catalogue
from qifutong.timeutil import street_today

bp = Blueprint("catalogue", __name__)
api = api_blueprint("catalogue_api", __name__)


@bp.get("/street/data")
@role_required(Role.STREET)
def page() -> str:
    today = street_today()
    return render_template(
        "web/catalogue.html", items=catalogue(today), today=today, title="数据资源目录"
    )


@api.get("/datasets")
@api_required(Role.STREET)
@declare()
def datasets() -> Response:
    """The street's data catalogue: each data set's owner, source, freshness and coverage."""
    today = street_today()
    items = [s.as_json() for s in catalogue(today)]
    return jsonify({"as_of": today.isoformat(), "items": items, "total": len(items)})
