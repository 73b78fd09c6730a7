"""Visit pages: the list and form (走楼访企), one visit, the plan (走访计划) and coverage."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from qifutong import places
from qifutong.auth.access import acting_user, can_see_building, can_see_enterprise, role_required
from qifutong.auth.models import Role, User
from qifutong.demands import services
from qifutong.demands.views import find_enterprise
from qifutong.demands.workflow import STATE_LABELS
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inputs import db_id, page_number, whole
from qifutong.paging import paginate
from qifutong.timeutil import street_today
from qifutong.visits import plan
from qifutong.visits import services as visits
from qifutong.visits.models import Visit
from qifutong.visits.tasks import TASK_REASONS
from qifutong.web.i18n import translate

bp = Blueprint("visits", __name__)
PER_PAGE = 50


def _user() -> User:
    user = acting_user()
    assert user is not None
    return user


def _scope_buildings(user: User) -> set[int] | None:
    return None if user.sees_all else user.building_ids


@bp.get("/visits/")
@role_required(Role.STREET, Role.BUILDING)
def index() -> str:
    user = _user()
    page = max(1, request.args.get("page", 1, type=page_number))
    building_id = request.args.get("building", type=db_id)
    stmt = visits.scope_visits(select(Visit), user)
    if building_id:
        stmt = stmt.where(Visit.building_id == building_id)
    items, total = paginate(
        stmt.order_by(Visit.visited_on.desc(), Visit.id.desc()),
        page,
        PER_PAGE,
    )
    scope = _scope_buildings(user)
    return render_template(
        "demands/visits.html",
        items=items,
        total=total,
        page=page,
        per_page=PER_PAGE,
        building_id=building_id,
        names=places.names(scope),
        title="走楼访企",
    )


@bp.route("/visits/new", methods=["GET", "POST"])
@role_required(Role.STREET, Role.BUILDING)
def new() -> str | Response:
    user = _user()
    form = request.form if request.method == "POST" else request.args
    scope = _scope_buildings(user)
    ent: Enterprise | None = None
    candidates: list[Enterprise] = []
    if form.get("enterprise_id"):
        enterprise_id = form.get("enterprise_id", type=db_id)
        ent = db.session.get(Enterprise, enterprise_id) if enterprise_id else None
        if ent is None or not can_see_enterprise(user, ent):
            abort(404)
    elif form.get("enterprise"):
        ent, candidates = find_enterprise(user, form["enterprise"])
    building_id = form.get("building_id", type=db_id)
    errors: list[str] = []
    if request.method == "POST":
        if form.get("enterprise") and ent is None:
            errors.append(translate("请从候选中选定一家企业，或清空企业只填楼宇。"))
        if building_id and not can_see_building(user, building_id):
            abort(403)
        try:
            visited_on = date.fromisoformat(form.get("visited_on", ""))
        except ValueError:
            errors.append(translate("走访日期：请按 YYYY-MM-DD 填写"))
            visited_on = street_today()
        if not errors:
            try:
                visit = visits.record_visit(
                    user=user,
                    enterprise_id=ent.id if ent else None,
                    building_id=building_id,
                    visited_on=visited_on,
                    visitors=form.get("visitors", ""),
                    findings=form.get("findings", ""),
                    needs=form.get("needs", ""),
                    today=street_today(),
                )
                demand = None
                if form.get("raise_demand") == "1":
                    demand = visits.raise_from_visit(visit, user)
            except (visits.VisitError, services.DemandError) as exc:
                db.session.rollback()
                errors.append(exc.shown())
            else:
                flash(translate("走访记录已保存。"), "success")
                if demand is not None:
                    return redirect(url_for("demands.show", demand_id=demand.id))
                return redirect(url_for("visits.show", visit_id=visit.id))
    return render_template(
        "demands/visit_new.html",
        ent=ent,
        candidates=candidates,
        form=form,
        errors=errors,
        building_id=building_id,
        names=places.names(scope),
        today=street_today(),
        title="新增走访",
    )


def _visible(visit_id: int) -> Visit:
    visit = db.session.get(Visit, visit_id)
    if visit is None:
        abort(404)
    if not visits.can_see_visit(_user(), visit):
        abort(403)
    return visit


@bp.get("/visits/<int:visit_id>")
@role_required(Role.STREET, Role.BUILDING)
def show(visit_id: int) -> str:
    visit = _visible(visit_id)
    names = places.names({visit.building_id} if visit.building_id else set())
    return render_template(
        "demands/visit_show.html",
        v=visit,
        building=names.get(visit.building_id or 0),
        demands=visits.demands_of(visit),
        state_labels=STATE_LABELS,
        title="走访记录",
    )


@bp.post("/visits/<int:visit_id>/raise")
@role_required(Role.STREET, Role.BUILDING)
def raise_demand(visit_id: int) -> Response:
    """The one click: a demand pre-filled from the visit, then its page to adjust if needed."""
    visit = _visible(visit_id)
    try:
        demand = visits.raise_from_visit(visit, _user())
    except services.DemandError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
        return redirect(url_for("visits.show", visit_id=visit_id))
    flash(translate("已由走访记录生成诉求，编号 {id}。", id=demand.id), "success")
    return redirect(url_for("demands.show", demand_id=demand.id))


@bp.get("/visits/plan")
@role_required(Role.STREET)
def plan_page() -> str:
    user = _user()
    cfg = current_app.config
    gap = request.args.get("days", cfg["QIFUTONG_VISIT_GAP_DAYS"], type=whole(1, 3650))
    reason = request.args.get("reason", "")
    grade = request.args.get("grade", "")
    entries = plan.visit_plan(
        street_today(), gap, cfg["QIFUTONG_LEASE_RED_DAYS"], _scope_buildings(user)
    )
    counts = {
        r: sum(1 for e in entries if any(x.reason == r for x in e.reasons)) for r in TASK_REASONS
    }
    if reason:
        entries = [e for e in entries if any(x.reason == reason for x in e.reasons)]
    if grade:
        entries = [e for e in entries if (e.grade or "-") == grade]
    page = max(1, request.args.get("page", 1, type=page_number))
    per_page = 100
    return render_template(
        "demands/plan.html",
        entries=entries[(page - 1) * per_page : page * per_page],
        total=len(entries),
        page=page,
        per_page=per_page,
        counts=counts,
        gap=gap,
        reason=reason,
        grade=grade,
        reasons=TASK_REASONS,
        names=places.names(_scope_buildings(user)),
        today=street_today(),
        title="走访计划",
    )


@bp.get("/visits/coverage")
@role_required(Role.STREET, Role.BUILDING)
def coverage_page() -> str:
    user = _user()
    days = request.args.get("days", 365, type=whole(1, 3650))
    rows = plan.coverage(street_today(), days, _scope_buildings(user))
    totals = {
        "firms": sum(r.firms for r in rows),
        "visited": sum(r.visited for r in rows),
        "key_firms": sum(r.key_firms for r in rows),
        "key_visited": sum(r.key_visited for r in rows),
        "visits": sum(r.visits for r in rows),
    }
    return render_template(
        "demands/coverage.html", rows=rows, totals=totals, days=days, title="走访覆盖率"
    )
