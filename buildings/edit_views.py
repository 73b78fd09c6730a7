"""Editing buildings, units and leases within the caller's scope; a lease's page and actions."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from buildings import services
from buildings.alerts import check_lease
from buildings.fields import FieldError, parse_date, parse_number
from buildings.models import INTENTS, LEASE_STATUSES, Building, Lease, Unit
from buildings.queries import lease_chain, lease_events, lease_for_user, warning_settings
from buildings.views import MANAGERS, _user, bp
from buildings.warnings import LEVEL_LABELS, days_left, lease_warning_level
from qifutong.auth.access import role_required
from qifutong.auth.models import Role
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.web.i18n import N_, translate

FIELD_LABELS = {
    "code": "编码",
    "name": "名称",
    "floor": N_("楼层"),
    "room": N_("房号"),
    "area": N_("面积"),
    "rent_per_m2_day": "租金",
    "tenant_name": N_("租户名称"),
    "tenant_uscc": N_("统一社会信用代码"),
    "start_on": N_("起租日期"),
    "end_on": N_("到期日期"),
    "intent": N_("意向"),
    "status": N_("状态"),
    "lat": "纬度",
    "lon": "经度",
    "gross_area": "建筑面积",
    "leasable_area": N_("可租面积"),
    "floors_above": N_("地上层数"),
    "floors_below": N_("地下层数"),
    "built_year": N_("建成年份"),
}


def _error(exc: FieldError) -> None:
    label = FIELD_LABELS.get(exc.field)
    flash(
        translate("{field}：{problem}", field=translate(label), problem=exc.message)
        if label
        else str(exc.message),
        "error",
    )


def _back(default: str) -> str:
    """A local return address from the form (never another site)."""
    target = request.form.get("next") or request.args.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return target
    return default


def _editable_building(building_id: int) -> Building:
    building = db.session.get(Building, building_id)
    if building is None:
        abort(404)
    if not services.can_edit_building(_user(), building_id):
        abort(403)
    return building


def _editable_lease(lease_id: int) -> Lease:
    lease = lease_for_user(lease_id, _user())
    if lease is None:
        abort(404)
    if not services.can_edit_building(_user(), lease.unit.building_id):
        abort(403)
    return lease


def _uscc_of(enterprise_id: int | None) -> str:
    firm = db.session.get(Enterprise, enterprise_id) if enterprise_id else None
    return (firm.uscc or "") if firm is not None else ""


def _check_visit_task(lease: Lease) -> None:
    """Open the street's visit task when the lease is now a key firm's red one."""
    today, thresholds = warning_settings(current_app.config)
    check_lease(lease.id, today, thresholds)


@bp.route("/buildings/new", methods=["GET", "POST"])
@role_required(Role.STREET)
def new_building() -> Any:
    form: dict[str, Any] = dict(request.form)
    if request.method == "POST":
        try:
            building = services.create_building(request.form.get("code", ""), form)
            flash(translate("已保存。"), "success")
            return redirect(url_for("buildings.show", building_id=building.id))
        except FieldError as exc:
            db.session.rollback()
            _error(exc)
    return render_template(
        "buildings/building_form.html", building=None, form=form, title="新增楼宇"
    )


@bp.route("/buildings/<int:building_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_building(building_id: int) -> Any:
    building = _editable_building(building_id)
    form: dict[str, Any] = dict(request.form)
    if request.method == "POST":
        try:
            services.update_building(building, form)
            flash(translate("已保存。"), "success")
            return redirect(url_for("buildings.show", building_id=building.id))
        except FieldError as exc:
            db.session.rollback()
            _error(exc)
    return render_template(
        "buildings/building_form.html", building=building, form=form, title="编辑楼宇"
    )


@bp.route("/buildings/<int:building_id>/units/new", methods=["GET", "POST"])
@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_unit(building_id: int | None = None, unit_id: int | None = None) -> Any:
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit_id and unit is None:
        abort(404)
    building = _editable_building(unit.building_id if unit else int(building_id or 0))
    form: dict[str, Any] = dict(request.form)
    if request.method == "POST":
        try:
            services.save_unit(building, unit, form)
            flash(translate("已保存。"), "success")
            return redirect(url_for("buildings.show", building_id=building.id))
        except FieldError as exc:
            db.session.rollback()
            _error(exc)
    return render_template(
        "buildings/unit_form.html",
        building=building,
        unit=unit,
        form=form,
        title=N_("编辑单元") if unit else "新增单元",
    )


@bp.route("/units/<int:unit_id>/leases/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new_lease(unit_id: int) -> Any:
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        abort(404)
    building = _editable_building(unit.building_id)
    form: dict[str, Any] = dict(request.form) or {
        "area": unit.area,
        "rent_per_m2_day": unit.rent_per_m2_day or "",
    }
    if request.method == "POST":
        try:
            lease = services.create_lease(unit, form, _user())
            _check_visit_task(lease)
            flash(translate("已保存。"), "success")
            return redirect(url_for("buildings.lease", lease_id=lease.id))
        except FieldError as exc:
            db.session.rollback()
            _error(exc)
    return render_template(
        "buildings/lease_form.html",
        building=building,
        unit=unit,
        lease=None,
        form=form,
        title="登记租约",
    )


@bp.route("/leases/<int:lease_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_lease(lease_id: int) -> Any:
    lease = _editable_lease(lease_id)
    form: dict[str, Any] = dict(request.form)
    if request.method == "POST":
        try:
            services.update_lease(lease, form, _user())
            _check_visit_task(lease)
            flash(translate("已保存。"), "success")
            return redirect(url_for("buildings.lease", lease_id=lease.id))
        except FieldError as exc:
            db.session.rollback()
            _error(exc)
    else:
        form = {
            "code": lease.code or "",
            "tenant_name": lease.tenant_name,
            "tenant_uscc": _uscc_of(lease.enterprise_id),
            "start_on": lease.start_on.isoformat(),
            "end_on": lease.end_on.isoformat(),
            "area": lease.area,
            "rent_per_m2_day": lease.rent_per_m2_day if lease.rent_per_m2_day is not None else "",
        }
    return render_template(
        "buildings/lease_form.html",
        building=lease.unit.building,
        unit=lease.unit,
        lease=lease,
        form=form,
        title="编辑租约",
    )


@bp.get("/leases/<int:lease_id>")
@role_required(*MANAGERS)
def lease(lease_id: int) -> str:
    user = _user()
    found = lease_for_user(lease_id, user)
    if found is None:
        abort(404)
    today, thresholds = warning_settings(current_app.config)
    chain = lease_chain(found)
    d = days_left(found.end_on, today)
    return render_template(
        "buildings/lease.html",
        lease=found,
        unit=found.unit,
        building=found.unit.building,
        chain=chain,
        events=lease_events([le.id for le in chain]),
        days=d,
        level=lease_warning_level(d, found.status, thresholds),
        level_labels=LEVEL_LABELS,
        intents=INTENTS,
        statuses=LEASE_STATUSES,
        can_edit=services.can_edit_building(user, found.unit.building_id),
        today=today,
        title=found.tenant_name,
    )


@bp.post("/leases/<int:lease_id>/intent")
@role_required(*MANAGERS)
def record_intent(lease_id: int) -> Response:
    lease = _editable_lease(lease_id)
    back = _back(url_for("buildings.lease", lease_id=lease_id))
    try:
        services.record_intent(
            lease, request.form.get("intent", ""), request.form.get("note", ""), _user()
        )
        new_end = request.form.get("new_end", "").strip()
        if new_end:
            end = parse_date("end_on", new_end)
            assert end is not None
            successor = services.renew_lease(lease, end, _user(), note=request.form.get("note", ""))
            _check_visit_task(successor)
            flash(translate("已登记续签，新租约到期日 {end}。", end=end.isoformat()), "success")
        else:
            flash(
                translate(
                    "已登记 {tenant} 的意向：{intent}。",
                    tenant=lease.tenant_name,
                    intent=translate(INTENTS[lease.intent]),
                ),
                "success",
            )
    except FieldError as exc:
        db.session.rollback()
        _error(exc)
    return redirect(back)


@bp.post("/leases/<int:lease_id>/renew")
@role_required(*MANAGERS)
def renew(lease_id: int) -> Response:
    lease = _editable_lease(lease_id)
    back = _back(url_for("buildings.lease", lease_id=lease_id))
    try:
        end = parse_date("end_on", request.form.get("new_end"))
        start = parse_date("start_on", request.form.get("start_on"), required=False)
        rent = parse_number("rent_per_m2_day", request.form.get("rent"), required=False, minimum=0)
        area = parse_number("area", request.form.get("area"), required=False, positive=True)
        assert end is not None
        successor = services.renew_lease(
            lease,
            end,
            _user(),
            start_on=start,
            rent=rent,
            area=area,
            note=request.form.get("note", ""),
        )
        _check_visit_task(successor)
        flash(translate("已登记续签，新租约到期日 {end}。", end=end.isoformat()), "success")
        if back == url_for("buildings.lease", lease_id=lease_id):
            back = url_for("buildings.lease", lease_id=successor.id)
    except FieldError as exc:
        db.session.rollback()
        _error(exc)
    return redirect(back)


@bp.post("/leases/<int:lease_id>/close")
@role_required(*MANAGERS)
def close(lease_id: int) -> Response:
    lease = _editable_lease(lease_id)
    back = _back(url_for("buildings.lease", lease_id=lease_id))
    today, _ = warning_settings(current_app.config)
    try:
        closed_on = parse_date("closed_on", request.form.get("closed_on"), required=False)
        services.close_lease(
            lease,
            _user(),
            closed_on or today,
            request.form.get("status", "ended"),
            request.form.get("note", ""),
        )
        flash(translate("租约已结束。"), "success")
    except FieldError as exc:
        db.session.rollback()
        _error(exc)
    return redirect(back)
