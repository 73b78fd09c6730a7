"""The cockpit pages: six groups of charts, the records behind each, the map, macro import."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.wrappers import Response

from dashboards import jobs
from dashboards import records as rec
from dashboards.columns import columns_for
from dashboards.indicator import AS_OF_MONTH, GROUPS, Indicator
from dashboards.mapview import map_figure
from dashboards.period import PRESETS, Filters, Period, filters_from_args, period_from_args
from dashboards.present import tile
from dashboards.queries import cockpit as compute_cockpit
from dashboards.queries import make_context, user_scope
from dashboards.registry import get, map_choices, visible
from dashboards.services import dataset_states, latest_macro, recent_batches
from qifutong import places
from qifutong.auth.access import OutOfScope, acting_user, can_see_building, role_required
from qifutong.auth.models import Role, User
from qifutong.industry import industry_names
from qifutong.inputs import page_number
from qifutong.jobs.views import public, start_upload_job, visible_job
from qifutong.maps import base_map_note, tile_service
from qifutong.spreadsheets.limits import LimitExceeded
from qifutong.timeutil import street_today
from qifutong.web.i18n import translate

bp = Blueprint(
    "dashboards",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/cockpit/static",
)
VIEWERS = (Role.STREET, Role.BUILDING, Role.PROPERTY)


def _user() -> User:
    user = acting_user()
    assert user is not None
    return user


def _role(user: User) -> str:
    return "street" if user.sees_all else user.role


def read_params(args: Mapping[str, str], user: User) -> tuple[Period, Filters]:
    """Period and filters from a query string; ValueError on bad input, OutOfScope for a
    building outside the user's scope."""
    today = street_today()
    period = period_from_args(args, today)
    filters = filters_from_args(args)
    if filters.building_id and not can_see_building(user, filters.building_id):
        raise OutOfScope("that building is outside your scope")
    if not user.sees_all and filters.section:
        filters = Filters(filters.building_id, None)  # no firm figures for building users
    return period, filters


def _params(user: User) -> tuple[Period, Filters]:
    try:
        return read_params(request.args, user)
    except ValueError as exc:
        flash(str(exc), "error")
        return period_from_args({}, street_today()), Filters()


def _query_args(period: Period, filters: Filters) -> dict[str, str]:
    return {**period.param(), **filters.param()}


def _groups(user: User) -> list[tuple[str, str]]:
    shown = {i.group for i in visible(_role(user))}
    return [(g, names[0]) for g, names in GROUPS.items() if g in shown]


def _filter_context(user: User, period: Period, filters: Filters) -> dict[str, Any]:
    scope = user_scope(user)
    names = places.names(set(scope) if scope is not None else None)
    return {
        "period": period,
        "filters": filters,
        "presets": PRESETS,
        "building_options": sorted(names.items(), key=lambda kv: kv[1]),
        "sections": {k: v for k, v in industry_names().items() if k.isalpha()},
        "show_industry": user.sees_all,
        "query": _query_args(period, filters),
        "groups": _groups(user),
        "can_import": user.sees_all,
    }


@bp.get("/cockpit/")
@role_required(*VIEWERS)
def cockpit() -> Response:
    user = _user()
    groups = _groups(user)
    if not groups:
        abort(403)
    args: dict[str, Any] = request.args.to_dict()
    return redirect(url_for("dashboards.group", group=groups[0][0], **args))


@bp.get("/cockpit/<group>")
@role_required(*VIEWERS)
def group(group: str) -> str:
    user = _user()
    shown = [i for i in visible(_role(user)) if i.group == group]
    if group not in GROUPS:
        abort(404)
    if not shown:
        abort(403)
    period, filters = _params(user)
    values = compute_cockpit(user, period, filters, street_today(), {i.key for i in shown})
    states = dataset_states(shown)
    tiles = [tile(i, values[i.key], states) for i in shown]
    econ = [values[i.key].as_of for i in shown if i.as_of == AS_OF_MONTH]
    return render_template(
        "dashboards/cockpit.html",
        title="经济数据驾驶舱",
        group=group,
        group_name=GROUPS[group][0],
        tiles=tiles,
        figures={t["ind"].key: t["figure"] for t in tiles},
        compare=period.shifted(-1),
        econ_as_of=max((d for d in econ if d), default=None),
        **_filter_context(user, period, filters),
    )


def _indicator(user: User, key: str) -> Indicator:
    ind = get(key)
    if ind is None:
        abort(404)
    if ind not in visible(_role(user)):
        abort(403)
    return ind


def _records(user: User, ind: Indicator, period: Period, filters: Filters) -> Any:
    ctx = make_context(period, filters, user_scope(user), street_today(), finance=user.sees_all)
    segment = request.args.get("segment", "")
    try:
        df = rec.records(ind, ctx, segment)
    except ValueError:
        abort(400)
    sort, ascending = rec.default_sort(ind, user.sees_all)
    sort = request.args.get("sort") or sort
    if "dir" in request.args:
        ascending = request.args.get("dir") != "desc"
    columns = columns_for(ind, user.sees_all)
    if sort not in {c.field for c in columns}:
        sort = columns[0].field
    return rec.sort_rows(df, sort, ascending), columns, segment, sort, ascending


@bp.get("/cockpit/records/<key>")
@role_required(*VIEWERS)
def records(key: str) -> str:
    user = _user()
    ind = _indicator(user, key)
    period, filters = _params(user)
    df, columns, segment, sort, ascending = _records(user, ind, period, filters)
    page = max(1, request.args.get("page", 1, type=page_number))
    per_page = 50
    rows = rec.plain_rows(rec.page_of(df, page, per_page))
    value = compute_cockpit(user, period, filters, street_today(), {key})[key]
    return render_template(
        "dashboards/records.html",
        title=ind.name_zh,
        ind=ind,
        t=tile(ind, value),
        rows=rows,
        columns=columns,
        total=len(df),
        page=page,
        per_page=per_page,
        segment=segment,
        segment_label=_segment_label(value, segment),
        money_units=rec.column_units(df, columns),
        sort=sort,
        ascending=ascending,
        **_filter_context(user, period, filters),
    )


def _segment_label(value: Any, segment: str) -> str:
    for item in value.items:
        if item.segment == segment:
            return str(item.label)
    return segment


@bp.get("/cockpit/records/<key>.xlsx")
@role_required(*VIEWERS)
def export(key: str) -> Response:
    user = _user()
    ind = _indicator(user, key)
    period, filters = _params(user)
    df, columns, _segment, _sort, _asc = _records(user, ind, period, filters)
    data = rec.to_xlsx(df, columns, ind.name_zh)
    import io

    name = f"{ind.key}_{period.start:%Y%m}-{period.end:%Y%m}.xlsx"
    return send_file(
        io.BytesIO(data),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name,
    )


@bp.get("/cockpit/map")
@role_required(*VIEWERS)
def map_view() -> str:
    user = _user()
    choices = map_choices(_role(user))
    key = request.args.get("indicator") or "occupancy_rate"
    ind = next((i for i in choices if i.key == key), choices[0] if choices else None)
    if ind is None:
        abort(403)
    period, filters = _params(user)
    ctx = make_context(period, filters, user_scope(user), street_today(), finance=user.sees_all)
    tiles = tile_service(current_app.config)
    fig, legend, buildings = map_figure(ind, ctx, tiles)
    return render_template(
        "dashboards/map.html",
        title="地图化",
        ind=ind,
        choices=choices,
        figure=fig,
        legend=legend,
        buildings=buildings,
        base_note=base_map_note(tiles),
        **_filter_context(user, period, filters),
    )


@bp.route("/cockpit/macro", methods=["GET", "POST"])
@role_required(Role.STREET)
def macro() -> str | Response:
    """The upload form; a file sent runs as a job, and `?job=ID` shows its progress or result."""
    user = _user()
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(translate("请选择要导入的CSV文件"), "error")
            return redirect(url_for("dashboards.macro"))
        try:
            job_id = start_upload_job(
                jobs.KIND, upload, user.id, dry_run=bool(request.form.get("dry_run"))
            )
        except LimitExceeded as exc:
            flash(translate("文件未导入：{problem}", problem=exc), "error")
            return redirect(url_for("dashboards.macro"))
        return redirect(url_for("dashboards.macro", job=job_id), code=303)
    job = public(visible_job(request.args["job"])) if request.args.get("job") else None
    result = job["result"] if job and job["state"] == "done" else None
    period, filters = _params(user)
    return render_template(
        "dashboards/macro.html",
        title="区统计数据导入",
        job=job,
        result=result,
        batches=recent_batches(),
        macro_keys=[i for i in visible("street") if i.drill.kind == "macro"],
        latest=latest_macro(),
        **_filter_context(user, period, filters),
    )
