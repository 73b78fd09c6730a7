"""The street's policy list and a policy's page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from policies.models import ISSUER_LEVELS, PAYOUT_MODES, POLICY_STATUSES, Policy
from qifutong.auth.access import role_required
from qifutong.auth.models import Role
from qifutong.extensions import db

bp = Blueprint("policies", __name__, template_folder="templates")


@bp.get("/street/policies/")
@role_required(Role.STREET)
def index() -> str:
    status = request.args.get("status", "")
    stmt = select(Policy).order_by(Policy.status, Policy.code)
    if status:
        stmt = stmt.where(Policy.status == status)
    items = db.session.scalars(stmt).all()
    return render_template(
        "policies/index.html",
        items=items,
        status=status,
        levels=ISSUER_LEVELS,
        modes=PAYOUT_MODES,
        statuses=POLICY_STATUSES,
        title="政策管理",
    )


@bp.get("/policies/<int:policy_id>")
@role_required(Role.STREET, Role.FIRM)
def show(policy_id: int) -> str:
    policy = db.session.get(Policy, policy_id)
    if policy is None or (
        policy.status != "published" and request.args.get("preview") is None and not _is_street()
    ):
        abort(404)
    return render_template(
        "policies/show.html",
        policy=policy,
        levels=ISSUER_LEVELS,
        modes=PAYOUT_MODES,
        statuses=POLICY_STATUSES,
        title=policy.title,
    )


def _is_street() -> bool:
    from qifutong.auth.access import acting_user, allowed

    return allowed(acting_user(), (Role.STREET,))
