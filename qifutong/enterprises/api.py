"""/api/v1/enterprises: list, read, create and patch firms with the canonical fields."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from werkzeug.wrappers import Response

from qifutong.api import ApiError, api_blueprint, api_required, json_body, page_args
from qifutong.auth.access import acting_user, can_see_enterprise, can_see_finance
from qifutong.auth.models import Role
from qifutong.enterprises import schemas, services
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.queries import enterprise_search, paginate, tag_codes
from qifutong.extensions import db

bp = api_blueprint("enterprises_api", __name__)
ALL_ROLES = (Role.STREET, Role.BUILDING, Role.PROPERTY, Role.FIRM)


def _visible(enterprise_id: int) -> Enterprise:
    user = acting_user()
    ent = db.session.get(Enterprise, enterprise_id)
    # A firm the caller may not see answers as if it did not exist.
    if ent is None or user is None or not can_see_enterprise(user, ent):
        raise ApiError(404, "not_found", f"enterprise {enterprise_id} not found")
    return ent


@bp.get("/enterprises")
@api_required(*ALL_ROLES)
def list_enterprises() -> Response:
    user = acting_user()
    assert user is not None
    page, per_page = page_args()
    stmt = enterprise_search(
        user,
        request.args.get("q", ""),
        request.args.get("industry", ""),
        request.args.get("building_id", type=int),
        request.args.get("status", ""),
    )
    items, total = paginate(stmt, page, per_page)
    tags = tag_codes([e.id for e in items])
    return jsonify(
        {
            "items": [
                schemas.dump(e, finance=can_see_finance(user, e), tags=tags.get(e.id, []))
                for e in items
            ],
            "page": page,
            "per_page": per_page,
            "total": total,
        }
    )


@bp.get("/enterprises/<int:enterprise_id>")
@api_required(*ALL_ROLES)
def get_enterprise(enterprise_id: int) -> Response:
    user = acting_user()
    assert user is not None
    ent = _visible(enterprise_id)
    return jsonify(schemas.dump(ent, finance=can_see_finance(user, ent)))


def _load(partial: bool) -> dict[str, Any]:
    try:
        return schemas.load(json_body(), partial=partial)
    except schemas.FieldError as exc:
        raise ApiError(422, "invalid_field", str(exc)) from exc


@bp.post("/enterprises")
@api_required(Role.STREET)
def create_enterprise() -> tuple[Response, int]:
    user = acting_user()
    assert user is not None
    data = _load(partial=False)
    try:
        ent = services.create_enterprise(data, source=f"api:{user.id}")
    except schemas.FieldError as exc:
        raise ApiError(409, "conflict", str(exc)) from exc
    db.session.commit()
    return jsonify(schemas.dump(ent, finance=True)), 201


@bp.patch("/enterprises/<int:enterprise_id>")
@api_required(Role.STREET, Role.FIRM)
def patch_enterprise(enterprise_id: int) -> Response:
    user = acting_user()
    assert user is not None
    ent = _visible(enterprise_id)
    data = _load(partial=True)
    if user.role == Role.FIRM:
        # A firm keeps its own contact and need data current; identity is the street's.
        allowed = {
            "headcount",
            "contact_name",
            "contact_phone",
            "email",
            "area_need",
            "stage",
            "business_scope",
        }
        refused = sorted(set(data) - allowed)
        if refused:
            raise ApiError(403, "forbidden", f"a firm user may not change {refused[0]}")
    try:
        services.update_enterprise(ent, data, source=f"api:{user.id}")
    except schemas.FieldError as exc:
        raise ApiError(409, "conflict", str(exc)) from exc
    db.session.commit()
    return jsonify(schemas.dump(ent, finance=can_see_finance(user, ent)))
