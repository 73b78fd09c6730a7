"""/api/v1/demands: raise, read, list and move demands, with the pages' role and scope checks."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from werkzeug.wrappers import Response

from qifutong.api import ApiError, api_blueprint, api_required, json_body, page_args
from qifutong.auth.access import acting_user, can_see_enterprise
from qifutong.auth.models import Role, User
from qifutong.demands import queries, schemas, services
from qifutong.demands.models import Demand, Visit
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db

bp = api_blueprint("demands_api", __name__)


def _caller() -> User:
    user = acting_user()
    assert user is not None
    return user


def _failed(exc: services.DemandError) -> tuple[Response, int]:
    db.session.rollback()
    body: dict[str, Any] = {"code": exc.code, "message": exc.message}
    if exc.code == "illegal_transition":
        body["allowed"] = exc.allowed
    return jsonify({"error": body}), exc.status


def _visible(demand_id: int) -> Demand:
    user = _caller()
    demand = db.session.get(Demand, demand_id)
    if demand is None or not queries.can_see_demand(user, demand):
        raise ApiError(404, "not_found", f"demand {demand_id} not found")
    return demand


def _int_field(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ApiError(422, "invalid_field", f"{name}: expected a whole number")
    try:
        return int(value)
    except ValueError as exc:
        raise ApiError(422, "invalid_field", f"{name}: expected a whole number") from exc


def target_enterprise(user: User, enterprise_id: int | None) -> int | None:
    """The firm a new demand is for, checked against the caller's scope."""
    if user.role == Role.FIRM:
        if user.enterprise_id is None:
            raise ApiError(403, "forbidden", "this login is not linked to a firm")
        if enterprise_id not in (None, user.enterprise_id):
            raise ApiError(403, "forbidden", "a firm user raises demands for its own firm only")
        return user.enterprise_id
    if enterprise_id is None:
        raise ApiError(422, "invalid_field", "enterprise_id: name the firm the demand is for")
    ent = db.session.get(Enterprise, enterprise_id)
    if ent is None or not can_see_enterprise(user, ent):
        raise ApiError(404, "not_found", f"enterprise {enterprise_id} not found")
    return ent.id


@bp.post("/demands")
@api_required(Role.STREET, Role.FIRM, Role.BUILDING)
def create_demand() -> tuple[Response, int]:
    user = _caller()
    body = json_body()
    visit_id = _int_field(body, "visit_id")
    enterprise_id = target_enterprise(user, _int_field(body, "enterprise_id"))
    if visit_id is not None:
        visit = db.session.get(Visit, visit_id)
        if visit is None or user.role == Role.FIRM:
            raise ApiError(422, "invalid_field", f"visit_id: no visit {visit_id}")
    try:
        demand = services.raise_demand(
            enterprise_id=enterprise_id,
            category=str(body.get("category") or ""),
            urgency=str(body.get("urgency") or "normal"),
            title=str(body.get("title") or ""),
            text=str(body.get("text") or ""),
            user=user,
            visit_id=visit_id,
        )
    except services.DemandError as exc:
        return _failed(exc)
    db.session.commit()
    return jsonify(schemas.dump(demand, user)), 201


@bp.get("/demands")
@api_required(Role.STREET, Role.FIRM, Role.BUILDING)
def list_demands() -> Response:
    user = _caller()
    page, per_page = page_args()
    f = queries.DemandFilter(
        status=request.args.get("status", ""),
        urgency=request.args.get("urgency", ""),
        category=request.args.get("category", ""),
        overdue=request.args.get("overdue") in ("1", "true"),
        escalated=request.args.get("escalated") in ("1", "true"),
        q=request.args.get("q", ""),
    )
    items, total = queries.paginate(queries.demand_search(user, f), page, per_page)
    return jsonify(
        {
            "items": [schemas.dump(d, user) for d in items],
            "page": page,
            "per_page": per_page,
            "total": total,
        }
    )


@bp.get("/demands/<int:demand_id>")
@api_required(Role.STREET, Role.FIRM, Role.BUILDING)
def get_demand(demand_id: int) -> Response:
    return jsonify(schemas.dump(_visible(demand_id), _caller()))


@bp.post("/demands/<int:demand_id>/transition")
@api_required(Role.STREET, Role.FIRM)
def transition_demand(demand_id: int) -> Response | tuple[Response, int]:
    user = _caller()
    demand = _visible(demand_id)
    body = json_body()
    to = body.get("to")
    if not isinstance(to, str) or not to:
        raise ApiError(422, "invalid_field", "to: the state to move to is required")
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise ApiError(422, "invalid_field", "note: expected text")
    try:
        services.transition(
            demand,
            to,
            user=user,
            note=note,
            owner_department=body.get("owner_department"),
            owner_user_id=_int_field(body, "owner_user_id"),
            rating=_int_field(body, "rating"),
        )
    except services.DemandError as exc:
        return _failed(exc)
    db.session.commit()
    return jsonify(schemas.dump(demand, user))
