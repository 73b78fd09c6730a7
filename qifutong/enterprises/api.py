"""/api/v1/enterprises: list, read, create and patch firms with the canonical fields."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from werkzeug.wrappers import Response

from qifutong.api import ApiError, api_blueprint, api_required, json_body, page_args
from qifutong.auth.access import acting_user, can_see_enterprise, can_see_finance
from qifutong.auth.models import Role, User
from qifutong.enterprises import reports, schemas, services
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.queries import enterprise_search, paginate
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
    return jsonify(
        {
            "items": [schemas.dump(e, finance=can_see_finance(user, e)) for e in items],
            "page": page,
            "per_page": per_page,
            "total": total,
        }
    )


def _dump(user: User, ent: Enterprise) -> dict[str, Any]:
    """The canonical view, plus (for the street and the firm itself) what the firm reported
    that waits for verification (企业自报)."""
    out = schemas.dump(ent, finance=can_see_finance(user, ent))
    if user.sees_all or user.role == Role.FIRM:
        out["self_reported"] = reports.pending_values([ent.id]).get(ent.id, {})
    return out


@bp.get("/enterprises/<int:enterprise_id>")
@api_required(*ALL_ROLES)
def get_enterprise(enterprise_id: int) -> Response:
    user = acting_user()
    assert user is not None
    return jsonify(_dump(user, _visible(enterprise_id)))


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
        # A firm keeps its own contacts and needs current; what policies rely on is reported
        # (企业自报) and waits for the street; identity is the street's.
        refused = sorted(set(data) - set(reports.OWN_FIELDS) - set(reports.VERIFIED_FIELDS))
        if refused:
            raise ApiError(403, "forbidden", f"a firm user may not change {refused[0]}")
        try:
            reports.report(ent, data, source=f"firm:{user.id}", user_id=user.id)
        except reports.ReportError as exc:
            raise ApiError(422, "invalid_field", str(exc)) from exc
    else:
        try:
            services.update_enterprise(ent, data, source=f"api:{user.id}")
        except schemas.FieldError as exc:
            raise ApiError(409, "conflict", str(exc)) from exc
    db.session.commit()
    return jsonify(_dump(user, ent))
