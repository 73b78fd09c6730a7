"""/api/v1/indicators and /api/v1/indicators/<key>/records (DESIGN §7)."""

from __future__ import annotations

from typing import Annotated, Literal

from flask import jsonify, request
from pydantic import Field
from werkzeug.wrappers import Response

from dashboards import records as rec
from dashboards.columns import columns_for
from dashboards.indicator import Indicator
from dashboards.present import indicator_json
from dashboards.queries import cockpit, make_context, user_scope
from dashboards.registry import get, indicators, visible
from dashboards.services import dataset_states
from dashboards.views import read_params
from qifutong.api import ApiError, api_blueprint, api_required
from qifutong.api.spec import declare
from qifutong.auth.access import acting_user
from qifutong.auth.models import Role, User
from qifutong.inputs import Id, Opt, Paging, Query, chars
from qifutong.timeutil import street_today

bp = api_blueprint("dashboards_api", __name__)
VIEWERS = (Role.STREET, Role.BUILDING, Role.PROPERTY)
KEY = {"type": "string", "enum": [i.key for i in indicators()]}
MONTH = r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*月?$"  # as parse_month reads


def _caller() -> User:
    user = acting_user()
    assert user is not None
    return user


def _params(user: User):  # type: ignore[no-untyped-def]
    try:
        return read_params(request.args, user)
    except ValueError as exc:
        raise ApiError(400, "bad_request", str(exc)) from exc


class IndicatorQuery(Query):
    """The cockpit's period and filters (read by read_params, as on the pages)."""

    period: Opt[Literal["ytd", "last_month", "last_12", "last_year", "custom"]] = None
    from_: Opt[Annotated[str, Field(pattern=MONTH)]] = Field(None, alias="from")
    to: Opt[Annotated[str, Field(pattern=MONTH)]] = None
    building: Opt[Id] = None
    industry: Opt[Annotated[str, Field(pattern=r"^[A-Ta-t]$")]] = None


class RecordQuery(IndicatorQuery, Paging):
    segment: Annotated[str, chars(100)] = ""
    sort: Annotated[str, chars(40)] = ""
    dir: Opt[Literal["asc", "desc"]] = None


def _visible(user: User) -> list[Indicator]:
    return visible("street" if user.sees_all else user.role)


@bp.get("/indicators")
@api_required(*VIEWERS)
@declare(query=IndicatorQuery)
def list_indicators(query: IndicatorQuery) -> Response:
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
@declare(query=IndicatorQuery, path={"key": KEY})
def get_indicator(key: str, query: IndicatorQuery) -> Response:
    """One indicator with its value (or the reason there is none), scope and source."""
    user = _caller()
    ind = _indicator(user, key)
    period, filters = _params(user)
    value = cockpit(user, period, filters, street_today(), {key})[key]
    return jsonify(indicator_json(ind, value, dataset_states([ind])))


@bp.get("/indicators/<key>/records")
@api_required(*VIEWERS)
@declare(query=RecordQuery, path={"key": KEY})
def indicator_records(key: str, query: RecordQuery) -> Response:
    """The records behind one indicator, paged; `segment` narrows them to one bar or slice."""
    user = _caller()
    ind = _indicator(user, key)
    period, filters = _params(user)
    page, per_page = query.page, query.per_page
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
