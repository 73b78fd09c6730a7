"""/api/v1/indicators and /api/v1/indicators/<key>/records (DESIGN §7)."""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.wrappers import Response

from dashboards import records as rec
from dashboards.columns import columns_for
from dashboards.present import indicator_json
from dashboards.queries import cockpit, make_context, user_scope
from dashboards.registry import Indicator, get, visible
from dashboards.services import dataset_states
from dashboards.views import read_params
from qifutong.api import ApiError, api_blueprint, api_required, page_args
from qifutong.auth.access import acting_user
from qifutong.auth.models import Role, User
from qifutong.timeutil import street_today

bp = api_blueprint("dashboards_api", __name__)
VIEWERS = (Role.STREET, Role.BUILDING, Role.PROPERTY)


def _caller() -> User:
    user = acting_user()
    assert user is not None
    return user


def _params(user: User):  # type: ignore[no-untyped-def]
    try:
        return read_params(request.args, user)
    except PermissionError as exc:
        raise ApiError(403, "forbidden", "that building is outside your scope") from exc
    except ValueError as exc:
        raise ApiError(400, "bad_request", str(exc)) from exc


def _visible(user: User) -> list[Indicator]:
    return visible("street" if user.sees_all else user.role)


@bp.get("/indicators")
@api_required(*VIEWERS)
def list_indicators() -> Response:
    """Every indicator the caller may see: 52 for street users, each with a value or a reason."""
    user = _caller()
    period, filters = _params(user)
    shown = _visible(user)
    values = cockpit(user, period, filters, street_today())
    states = dataset_states(shown)
    return jsonify(
        {
            "period": {
                "start": period.start.isoformat(),
                "end": period.last_day().isoformat(),
                "preset": period.preset,
                "label": period.label(),
            },
            "filters": {"building": filters.building_id, "industry": filters.section},
            "total": len(shown),
            "items": [indicator_json(i, values[i.key], states) for i in shown],
        }
    )


def _indicator(user: User, key: str) -> Indicator:
    ind = get(key)
    if ind is None:
        raise ApiError(404, "not_found", f"no indicator {key!r}")
    if ind not in _visible(user):
        raise ApiError(403, "forbidden", f"role {user.role!r} may not see indicator {key!r}")
    return ind


@bp.get("/indicators/<key>")
@api_required(*VIEWERS)
def get_indicator(key: str) -> Response:
    user = _caller()
    ind = _indicator(user, key)
    period, filters = _params(user)
    value = cockpit(user, period, filters, street_today())[key]
    return jsonify(indicator_json(ind, value, dataset_states([ind])))


@bp.get("/indicators/<key>/records")
@api_required(*VIEWERS)
def indicator_records(key: str) -> Response:
    """The records behind one indicator, paged; `segment` narrows them to one bar or slice."""
    user = _caller()
    ind = _indicator(user, key)
    period, filters = _params(user)
    page, per_page = page_args()
    ctx = make_context(period, filters, user_scope(user), street_today(), finance=user.sees_all)
    segment = request.args.get("segment", "")
    try:
        df = rec.records(ind, ctx, segment)
    except ValueError as exc:
        raise ApiError(400, "bad_request", f"unknown segment {segment!r}") from exc
    columns = columns_for(ind, user.sees_all)
    sort, ascending = rec.default_sort(ind, user.sees_all)
    sort = request.args.get("sort") or sort
    if sort not in {c.field for c in columns}:
        raise ApiError(400, "bad_request", f"cannot sort by {sort!r}")
    if "dir" in request.args:
        ascending = request.args.get("dir") != "desc"
    df = rec.sort_rows(df, sort, ascending)
    fields = [c.field for c in columns]
    ids = [f for f in ("firm_id", "building_id") if f in df.columns and f not in fields]
    rows = rec.page_of(df, page, per_page)
    items = [{f: rec.cell(row.get(f)) for f in [*ids, *fields]} for row in rows.to_dict("records")]
    return jsonify(
        {
            "key": ind.key,
            "kind": ind.drill.kind,
            "segment": segment,
            "columns": [{"field": c.field, "label": c.label, "kind": c.kind} for c in columns],
            "items": items,
            "page": page,
            "per_page": per_page,
            "total": len(df),
        }
    )
