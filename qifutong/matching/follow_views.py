"""Following an item (关注) from its page, and no longer following it."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.extensions import db
from qifutong.inbox import follows
from qifutong.matching import registry
from qifutong.matching.views import _my_firm, bp
from qifutong.timeutil import street_today
from qifutong.web.i18n import translate

FOLLOWED = "已关注：申报开始、临近截止或内容修订时，会在站内消息和摘要中告诉您。"


def _back(kind: str, offer_id: int) -> Response:
    """Back to the firm's page the button was on (e.g. its calendar), else the item's page."""
    back = request.form.get("next", "")
    if back.startswith("/firm/") and "//" not in back and "\\" not in back:
        return redirect(back)
    return redirect(url_for("matching.offer", kind=kind, offer_id=offer_id))


@bp.post("/firm/offers/<kind>/<int:offer_id>/follow")
@role_required(Role.FIRM)
def follow(kind: str, offer_id: int) -> Response:
    ent = _my_firm()
    item = registry.load_offer(kind, offer_id) if registry.source(kind) else None
    if item is None:
        abort(404)
    try:
        follows.follow(ent.id, acting_user(), item, street_today())
    except follows.FollowError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
        return _back(kind, offer_id)
    flash(
        translate("已关注：申报开始、临近截止或内容修订时，会在站内消息和摘要中告诉您。"), "success"
    )
    return _back(kind, offer_id)


@bp.post("/firm/offers/<kind>/<int:offer_id>/unfollow")
@role_required(Role.FIRM)
def unfollow(kind: str, offer_id: int) -> Response:
    ent = _my_firm()
    if not follows.unfollow(ent.id, kind, offer_id):
        abort(404)
    flash(translate("已取消关注。"), "success")
    return _back(kind, offer_id)
