"""/api/v1/enterprises/<id>/matches: what fits a firm, with the reasons (DESIGN §7)."""

from __future__ import annotations

from typing import Annotated, Literal

from flask import jsonify
from werkzeug.wrappers import Response

from qifutong.api import ApiError, api_blueprint, api_required
from qifutong.api.spec import declare
from qifutong.auth.access import acting_user, can_see_enterprise
from qifutong.auth.models import Role
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inputs import Opt, Paging, chars
from qifutong.matching import queries, registry
from qifutong.web.i18n import translate

bp = api_blueprint("matching_api", __name__)


class MatchQuery(Paging):
    kind: Opt[Annotated[str, chars(20)]] = None
    status: Opt[Literal["eligible", "near_miss"]] = None


@bp.get("/enterprises/<int:enterprise_id>/matches")
@api_required(Role.STREET, Role.FIRM)
@declare(query=MatchQuery)
def matches(enterprise_id: int, query: MatchQuery) -> Response:
    """Eligible and near-miss offers of one firm, best first; `kind` and `status` filter."""
    user = acting_user()
    assert user is not None
    ent = db.session.get(Enterprise, enterprise_id)
    if ent is None or not can_see_enterprise(user, ent):
        raise ApiError(404, "not_found", f"enterprise {enterprise_id} not found")
    kind, status = query.kind, query.status
    kinds = {s.kind for s in registry.sources()}
    if kind is not None and kind not in kinds:
        raise ApiError(
            422,
            "invalid_field",
            translate("kind: 应为 {kinds} 之一", kinds=", ".join(sorted(kinds))),
        )
    page, per_page = query.page, query.per_page
    found = queries.firm_matches(ent.id, kind, status)
    chunk = found[(page - 1) * per_page : page * per_page]
    return jsonify(
        {
            "items": [
                {
                    "kind": m.offer.kind,
                    "id": m.offer.id,
                    "title": m.offer.title,
                    "status": m.status,
                    "score": round(m.score, 3),
                    "reasons": m.reasons,
                    "missing": m.missing,
                    "unverified": m.unverified,
                }
                for m in chunk
            ],
            "page": page,
            "per_page": per_page,
            "total": len(found),
        }
    )
