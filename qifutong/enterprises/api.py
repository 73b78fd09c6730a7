"""/api/v1/enterprises: list, read, create and patch firms with the canonical fields."""

from __future__ import annotations

from typing import Annotated, Any

from flask import jsonify
from werkzeug.wrappers import Response

from qifutong.api import ApiError, api_blueprint, api_required
from qifutong.api.spec import declare
from qifutong.auth.access import acting_user, can_see_enterprise, can_see_finance
from qifutong.auth.models import Role, User
from qifutong.changes import VersionedCache, table_versions
from qifutong.enterprises import reports, schemas, services
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.queries import enterprise_search, tag_codes
from qifutong.extensions import db
from qifutong.inputs import Id, Opt, Paging, chars
from qifutong.paging import paginate
from qifutong.timeutil import street_today
from qifutong.web.i18n import current_locale

bp = api_blueprint("enterprises_api", __name__)
# Answers to searches, kept while the firms (and whatever else they read) are unchanged.
_answers = VersionedCache(size=256)
ALL_ROLES = (Role.STREET, Role.BUILDING, Role.PROPERTY, Role.FIRM)


def _visible(enterprise_id: int) -> Enterprise:
    user = acting_user()
    ent = db.session.get(Enterprise, enterprise_id)
    # A firm the caller may not see answers as if it did not exist.
    if ent is None or user is None or not can_see_enterprise(user, ent):
        raise ApiError(404, "not_found", f"enterprise {enterprise_id} not found")
    return ent


class EnterpriseQuery(Paging):
    q: Annotated[str, chars(200)] = ""
    industry: Annotated[str, chars(10)] = ""
    building_id: Opt[Id] = None
    status: Opt[schemas.Status] = None


@bp.get("/enterprises")
@api_required(*ALL_ROLES)
@declare(query=EnterpriseQuery)
def list_enterprises(query: EnterpriseQuery) -> Response:
    """Firms the caller may see, filtered by name or code, industry, building and status."""
    user = acting_user()
    assert user is not None

    def found() -> dict[str, Any]:
        status = query.status or ""
        stmt = enterprise_search(user, query.q, query.industry, query.building_id, status)
        items, total = paginate(stmt, query.page, query.per_page)
        tags = tag_codes([e.id for e in items])
        return {
            "items": [
                schemas.dump(e, finance=can_see_finance(user, e), tags=tags.get(e.id, []))
                for e in items
            ],
            "page": query.page,
            "per_page": query.per_page,
            "total": total,
        }

    # Per caller (what it may see follows from its role, its firm and its buildings, read
    # inside and so watched), language (the labels) and day (the firms' ages).
    asked = tuple(sorted(query.model_dump().items()))
    key = ("enterprises", user.id, current_locale(), street_today(), asked)
    return jsonify(_answers.get_or_compute(table_versions(db.session), key, found))


def _dump(user: User, ent: Enterprise) -> dict[str, Any]:
    """The canonical view, plus (for the street and the firm itself) what the firm reported
    that waits for verification (企业自报)."""
    out = schemas.dump(ent, finance=can_see_finance(user, ent))
    if user.sees_all or user.role == Role.FIRM:
        out["self_reported"] = reports.pending_values([ent.id]).get(ent.id, {})
    return out


@bp.get("/enterprises/<int:enterprise_id>")
@api_required(*ALL_ROLES)
@declare()
def get_enterprise(enterprise_id: int) -> Response:
    """One firm with the canonical fields (revenue and tax only for those who may see them)."""
    user = acting_user()
    assert user is not None
    return jsonify(_dump(user, _visible(enterprise_id)))


@bp.post("/enterprises")
@api_required(Role.STREET)
@declare(body=schemas.NewEnterprise, status=201)
def create_enterprise(body: schemas.NewEnterprise) -> tuple[Response, int]:
    """Add a firm."""
    user = acting_user()
    assert user is not None
    data = schemas.clean(body)
    ent = services.create_enterprise(data, source=f"api:{user.id}")
    return jsonify(schemas.dump(ent, finance=True)), 201


@bp.patch("/enterprises/<int:enterprise_id>")
@api_required(Role.STREET, Role.FIRM)
@declare(body=schemas.EnterpriseChanges)
def patch_enterprise(enterprise_id: int, body: schemas.EnterpriseChanges) -> Response:
    """Change a firm's fields (a firm user: its contact and need data only)."""
    user = acting_user()
    assert user is not None
    ent = _visible(enterprise_id)
    data = schemas.clean(body)
    if user.role == Role.FIRM:
        # A firm keeps its own contacts and needs current; what policies rely on is reported
        # (企业自报) and waits for the street; identity is the street's.
        refused = sorted(set(data) - set(reports.OWN_FIELDS) - set(reports.VERIFIED_FIELDS))
        if refused:
            raise ApiError(403, "forbidden", f"a firm user may not change {refused[0]}")
        reports.report(ent, data, source=f"firm:{user.id}", user_id=user.id)
    else:
        services.update_enterprise(ent, data, source=f"api:{user.id}")
    return jsonify(_dump(user, ent))
