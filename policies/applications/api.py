"""/api/v1/applications: apply, list, read and move applications, with the pages' role and
scope checks (street: every application; firm: its own)."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from flask import jsonify
from pydantic import Field
from werkzeug.wrappers import Response

from policies.applications import queries, schemas, services, workflow
from policies.applications.models import Application
from qifutong.api import ApiError, api_blueprint, api_required
from qifutong.api.spec import declare
from qifutong.auth.access import acting_user
from qifutong.auth.models import Role, User
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inputs import Day, Id, Input, Money, Opt, Paging, chars
from qifutong.paging import paginate

bp = api_blueprint("applications_api", __name__)

State = Literal["submitted", "accepted", "returned", "approved", "paid", "rejected", "withdrawn"]
assert get_args(State) == workflow.STATES
Answer = Annotated[str, chars(2000)] | float | int | list[Annotated[str, chars(60)]] | None


class NewApplication(Input):
    """A firm applies for a policy or a funding product: answers to the form's questions and
    the fields its record lacks, and materials from its library (ids)."""

    offer_kind: Literal["policy", "funding"]
    offer_id: Id
    answers: Annotated[dict[Annotated[str, chars(40)], Answer], Field(max_length=60)] = Field(
        default_factory=dict
    )
    materials: Annotated[list[Id], Field(max_length=50)] = Field(default_factory=list)


class Transition(Input):
    """A move of an application: `to` a state, with a note (required to return or reject) and,
    to pay, the amount in yuan; a firm resubmitting may send its completed answers."""

    to: State
    note: Opt[Annotated[str, chars(2000)]] = None
    amount: Opt[Money] = None
    paid_on: Opt[Day] = None
    answers: Opt[Annotated[dict[Annotated[str, chars(40)], Answer], Field(max_length=60)]] = None
    materials: Opt[Annotated[list[Id], Field(max_length=50)]] = None
    version: Opt[Id] = None  # the application's version as read: a move made meanwhile is 409


class ApplicationQuery(Paging):
    state: Opt[Literal[State, "open"]] = None
    offer_kind: Opt[Literal["policy", "funding"]] = None
    offer_id: Opt[Id] = None


def _caller() -> User:
    user = acting_user()
    assert user is not None
    return user


def _visible(application_id: int) -> Application:
    app = db.session.get(Application, application_id)
    if app is None or not services.can_see(_caller(), app):
        raise ApiError(404, "not_found", f"application {application_id} not found")
    return app


@bp.post("/applications")
@api_required(Role.FIRM)
@declare(body=NewApplication, status=201)
def create_application(body: NewApplication) -> tuple[Response, int]:
    """Apply: 201 with the prefilled form; 422 with `missing` when the firm is not eligible."""
    user = _caller()
    ent = db.session.get(Enterprise, user.enterprise_id) if user.enterprise_id else None
    if ent is None:
        raise ApiError(403, "forbidden", "this login is not linked to a firm")
    app = services.submit(
        ent, body.offer_kind, body.offer_id, dict(body.answers), list(body.materials), user
    )
    return jsonify(schemas.dump(app, user)), 201


@bp.get("/applications")
@api_required(Role.STREET, Role.FIRM)
@declare(query=ApplicationQuery)
def list_applications(query: ApplicationQuery) -> Response:
    """Applications (street: all; firm: its own), by state and offer."""
    user = _caller()
    stmt = queries.search(user, query.state or "", query.offer_kind or "", query.offer_id)
    items, total = paginate(stmt, query.page, query.per_page)
    return jsonify(
        {
            "items": [schemas.dump(a, user) for a in items],
            "page": query.page,
            "per_page": query.per_page,
            "total": total,
        }
    )


@bp.get("/applications/<int:application_id>")
@api_required(Role.STREET, Role.FIRM)
@declare()
def get_application(application_id: int) -> Response:
    """One application with its form, history and the moves the caller may make."""
    return jsonify(schemas.dump(_visible(application_id), _caller()))


@bp.post("/applications/<int:application_id>/transition")
@api_required(Role.STREET, Role.FIRM)
@declare(body=Transition)
def transition_application(application_id: int, body: Transition) -> Response:
    """Move an application; an illegal move answers 409 with the allowed ones."""
    user = _caller()
    app = _visible(application_id)
    if body.version is not None and body.version != app.version:
        raise ApiError(409, "conflict", "the application was moved meanwhile (version changed)")
    services.transition(
        app,
        body.to,
        user=user,
        note=body.note,
        amount=body.amount,
        paid_on=body.paid_on,
        answers=dict(body.answers) if body.answers is not None else None,
        material_ids=list(body.materials) if body.materials is not None else None,
    )
    return jsonify(schemas.dump(app, user))
