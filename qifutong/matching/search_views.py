"""Saving a find page's search (订阅) and removing it."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.extensions import db
from qifutong.inbox import searches
from qifutong.inbox.models import SavedSearch
from qifutong.matching.views import FIND_PAGES, _my_firm, bp
from qifutong.timeutil import street_today
from qifutong.web.i18n import translate


def _back(kind: str) -> Response:
    page = FIND_PAGES.get(kind)
    return redirect(url_for(f"matching.{page[0]}") if page else url_for("matching.firm_home"))


@bp.post("/firm/searches")
@role_required(Role.FIRM)
def save_search() -> Response:
    ent = _my_firm()
    user = acting_user()
    assert user is not None
    kind = request.form.get("kind", "")
    facets = {k[2:]: v for k, v in request.form.items() if k.startswith("f_") and v}
    try:
        search = searches.save_search(
            user, ent, kind, request.form.get("q", ""), facets, request.form.get("fit", ""),
            street_today(),
        )  # fmt: skip
    except searches.SearchError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
        return _back(kind)
    flash(
        translate(
            "已订阅“{search}”：有新的符合项目时，会在每日摘要中告诉您。",
            search=searches.describe(search),
        ),
        "success",
    )
    return redirect(searches.link(search))


@bp.post("/firm/searches/<int:search_id>/delete")
@role_required(Role.FIRM)
def delete_search(search_id: int) -> Response:
    user = acting_user()
    search = db.session.get(SavedSearch, search_id)
    if search is None or user is None or search.user_id != user.id:
        abort(404)
    kind = search.kind
    db.session.delete(search)
    flash(translate("已取消订阅。"), "success")
    return _back(kind)
