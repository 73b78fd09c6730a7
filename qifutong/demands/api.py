"""/api/v1/demands: raise, read, list and move demands, with the pages' role and scope checks."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from flask import jsonify
from pydantic import Field
from werkzeug.wrappers import Response

from qifutong.api import ApiError, api_blueprint, api_required
from qifutong.api.spec import declare
from qifutong.auth.access import acting_user, can_see_enterprise
from qifutong.auth.models import Role, User
from qifutong.demands import queries, schemas, services, workflow
from qifutong.demands.models import Demand
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inputs import Id, Input, Opt, Paging, chars
from qifutong.paging import paginate
from qifutong.visits.models import Visit

bp = api_blueprint("demands_api", __name__)


def _caller() -> User:
    user = acting_user()
    assert user is not None
    return user


def _visible(demand_id: int) -> Demand:
    user = _caller()
    demand = db.session.get(Demand, demand_id)
    if demand is None or not queries.can_see_demand(user, demand):
        raise ApiError(404, "not_found", f"demand {demand_id} not found")
    return demand


Category = Literal[
    "政策咨询", "融资需求", "用工招聘", "场地需求", "证照办理",
    "知识产权", "物业纠纷", "交通停车", "市场拓展", "其他",
]  # fmt: skip
State = Literal[
    "submitted", "assigned", "accepted", "in_progress", "replied", "closed", "rated", "escalated"
]
assert get_args(Category) == workflow.CATEGORIES
assert get_args(State) == (*workflow.STATES, workflow.ESCALATED)


class NewDemand(Input):
    """A demand raised for a firm (a firm user: for its own)."""

    enterprise_id: Opt[Id] = None
    visit_id: Opt[Id] = None
    category: Category
    urgency: Literal["normal", "urgent"] = "normal"
    title: Annotated[str, chars(200)] = ""
    text: Annotated[str, chars(20_000)] = ""


class Transition(Input):
    """A move of a demand: `to` a state (or `escalated`), with the move's own fields."""

    to: State
    note: Opt[Annotated[str, chars(20_000)]] = None
    owner_department: Opt[Annotated[str, chars(120)]] = None
    owner_user_id: Opt[Id] = None
    rating: Opt[Annotated[int, Field(ge=1, le=5)]] = None
    version: Opt[Id] = None  # the demand's version as read: a move made meanwhile answers 409


class DemandQuery(Paging):
    status: Annotated[str, chars(20)] = ""
    urgency: Opt[Literal["normal", "urgent"]] = None
    category: Annotated[str, chars(40)] = ""
    overdue: Opt[bool] = None
    escalated: Opt[bool] = None
    q: Annotated[str, chars(200)] = ""


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
@declare(body=NewDemand, status=201)
def create_demand(body: NewDemand) -> tuple[Response, int]:
    """Raise a demand for a firm."""
    user = _caller()
    visit_id = body.visit_id
    enterprise_id = target_enterprise(user, body.enterprise_id)
    if visit_id is not None:
        visit = db.session.get(Visit, visit_id)
        if visit is None or user.role == Role.FIRM:
            raise ApiError(422, "invalid_field", f"visit_id: no visit {visit_id}")
    demand = services.raise_demand(
        enterprise_id=enterprise_id,
        category=body.category,
        urgency=body.urgency,
        title=body.title,
        text=body.text,
        user=user,
        visit_id=visit_id,
    )
    return jsonify(schemas.dump(demand, user)), 201


@bp.get("/demands")
@api_required(Role.STREET, Role.FIRM, Role.BUILDING)
@declare(query=DemandQuery)
def list_demands(query: DemandQuery) -> Response:
    """The caller's demands, by state, urgency, category, overdue and escalated."""
    user = _caller()
    page, per_page = query.page, query.per_page
    f = queries.DemandFilter(
        status=query.status,
        urgency=query.urgency or "",
        category=query.category,
        overdue=bool(query.overdue),
        escalated=bool(query.escalated),
        q=query.q,
    )
    items, total = paginate(queries.demand_search(user, f), page, per_page)
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
@declare()
def get_demand(demand_id: int) -> Response:
    """One demand with its owner, deadlines, allowed moves and history."""
    return jsonify(schemas.dump(_visible(demand_id), _caller()))


@bp.post("/demands/<int:demand_id>/transition")
@api_required(Role.STREET, Role.FIRM)
@declare(body=Transition)
def transition_demand(demand_id: int, body: Transition) -> Response:
    """Move a demand; an illegal or concurrent duplicate move answers 409."""
    user = _caller()
    demand = _visible(demand_id)
    if body.version is not None and body.version != demand.version:
        raise ApiError(409, "conflict", "the demand was moved meanwhile (version changed)")
    services.transition(
        demand,
        body.to,
        user=user,
        note=body.note,
        owner_department=body.owner_department,
        owner_user_id=body.owner_user_id,
        rating=body.rating,
    )
    return jsonify(schemas.dump(demand, user))
