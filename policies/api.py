"""/api/v1/policies: create, list, read, edit, publish, and who a policy reaches (DESIGN §7)."""

from __future__ import annotations

from typing import Annotated, Literal

from flask import jsonify
from sqlalchemy import func, or_, select
from werkzeug.wrappers import Response

from policies import schemas, services
from policies.models import Policy
from qifutong.api import ApiError, api_blueprint, api_required
from qifutong.api.spec import declare
from qifutong.auth.access import acting_user
from qifutong.auth.models import Role
from qifutong.extensions import db
from qifutong.inputs import Opt, Paging, chars
from qifutong.web.i18n import translate

bp = api_blueprint("policies_api", __name__)
ALL_ROLES = (Role.STREET, Role.BUILDING, Role.PROPERTY, Role.FIRM)


def _street() -> bool:
    user = acting_user()
    return user is not None and user.sees_all


def _policy(policy_id: int, *, drafts: bool) -> Policy:
    policy = db.session.get(Policy, policy_id)
    # Drafts exist only for the street; others are answered as if there were none.
    if policy is None or (policy.status == "draft" and not drafts):
        raise ApiError(404, "not_found", f"policy {policy_id} not found")
    return policy


class PolicyQuery(Paging):
    status: Opt[Literal["draft", "published", "expired"]] = None
    q: Annotated[str, chars(200)] = ""


class AudienceQuery(Paging):
    status: Opt[Literal["eligible", "near_miss"]] = None


@bp.post("/policies")
@api_required(Role.STREET)
@declare(body=schemas.NewPolicy, status=201)
def create_policy(body: schemas.NewPolicy) -> tuple[Response, int]:
    """A new policy as a draft; publish it with POST /policies/<id>/publish."""
    user = acting_user()
    assert user is not None
    data = schemas.clean(body)
    if data.get("code") and db.session.scalar(select(Policy.id).where(Policy.code == data["code"])):
        raise ApiError(409, "conflict", translate("code: 编号 {code} 已存在", code=data["code"]))
    policy = services.create_policy(data, user.id)
    return jsonify(schemas.dump(policy)), 201


@bp.get("/policies")
@api_required(*ALL_ROLES)
@declare(query=PolicyQuery)
def list_policies(query: PolicyQuery) -> Response:
    """Policies (street: all; others: published and expired), by status and words."""
    page, per_page = query.page, query.per_page
    stmt = select(Policy)
    if query.status:
        stmt = stmt.where(Policy.status == query.status)
    if not _street():
        stmt = stmt.where(Policy.status != "draft")
    q = query.q
    if q:
        stmt = stmt.where(or_(Policy.title.contains(q), Policy.summary.contains(q)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    items = db.session.scalars(
        stmt.order_by(Policy.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return jsonify(
        {
            "items": [schemas.dump(p) for p in items],
            "page": page,
            "per_page": per_page,
            "total": int(total or 0),
        }
    )


@bp.get("/policies/<int:policy_id>")
@api_required(*ALL_ROLES)
@declare()
def get_policy(policy_id: int) -> Response:
    """One policy with its criteria."""
    return jsonify(schemas.dump(_policy(policy_id, drafts=_street())))


@bp.patch("/policies/<int:policy_id>")
@api_required(Role.STREET)
@declare(body=schemas.PolicyChanges)
def patch_policy(policy_id: int, body: schemas.PolicyChanges) -> Response:
    """Change a policy's fields; a published one is matched again."""
    policy = _policy(policy_id, drafts=True)
    data = schemas.clean(body)
    services.update_policy(policy, data)
    return jsonify(schemas.dump(policy))


@bp.post("/policies/<int:policy_id>/publish")
@api_required(Role.STREET)
@declare()
def publish(policy_id: int) -> Response:
    """Publish: the policy is matched against every firm and pushed to the eligible ones."""
    policy = _policy(policy_id, drafts=True)
    counts = services.publish_policy(policy)
    return jsonify({"policy": schemas.dump(policy), **counts})


@bp.get("/policies/<int:policy_id>/audience")
@api_required(Role.STREET)
@declare(query=AudienceQuery)
def audience(policy_id: int, query: AudienceQuery) -> Response:
    """The firms a policy reaches with status, reasons and missing; a preview for a draft."""
    policy = _policy(policy_id, drafts=True)
    status = query.status
    page, per_page = query.page, query.per_page
    found = services.audience(policy)
    frame = found.frame if status is None else found.frame[found.frame["status"] == status]
    chunk = frame.iloc[(page - 1) * per_page : page * per_page]
    return jsonify(
        {
            "policy_id": policy.id,
            "policy_status": policy.status,
            "preview": found.preview,
            "counts": found.counts,
            "by_industry": found.by_industry,
            "by_building": found.by_building,
            "items": [
                {
                    "enterprise_id": int(r.enterprise_id),
                    "name": r.name,
                    "uscc": r.uscc,
                    "status": r.status,
                    "score": round(float(r.score), 3),
                    "reasons": list(r.reasons),
                    "missing": list(r.missing),
                    "unverified": bool(r.unverified),
                }
                for r in chunk.itertuples(index=False)
            ],
            "page": page,
            "per_page": per_page,
            "total": len(frame),
        }
    )
