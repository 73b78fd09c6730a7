"""The firm's home: its inbox of pushed offers (为您推荐)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.matching.models import Push

bp = Blueprint("matching", __name__)


@bp.get("/firm/")
@role_required(Role.FIRM)
def firm_home() -> str:
    user = acting_user()
    assert user is not None
    ent = db.session.get(Enterprise, user.enterprise_id) if user.enterprise_id else None
    if ent is None:
        abort(404)
    pushes = db.session.scalars(
        select(Push)
        .where(Push.enterprise_id == ent.id, Push.state != "dismissed")
        .order_by(Push.state == "new", Push.score.desc(), Push.pushed_at.desc())
    ).all()
    return render_template("firm/home.html", ent=ent, pushes=pushes, title="为您推荐")
