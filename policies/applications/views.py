"""Application pages: the firm's form, its applications and materials library; the street's
review list; one application's page with the moves the caller may make."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from policies.applications import materials as library
from policies.applications import queries, services, workflow
from policies.applications.form import OFFER_KINDS, Prepared, answer_lines
from policies.applications.models import MATERIAL_KINDS, Application, FirmMaterial
from policies.applications.questions import KINDS as QUESTION_KINDS
from policies.forms import parse_amount
from policies.models import FundingProduct, Policy
from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role, User
from qifutong.database import on_commit
from qifutong.demands.attachments import upload_path
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.profile import industry_choices
from qifutong.extensions import db
from qifutong.inputs import db_id, page_number
from qifutong.matching.fields import BOOL, CATEGORY, DATE, INDUSTRY, NUMERIC
from qifutong.paging import paginate
from qifutong.timeutil import street_today
from qifutong.web.i18n import translate

bp = Blueprint("applications", __name__, template_folder="../templates")
PER_PAGE = 30


def _me() -> User:
    user = acting_user()
    assert user is not None
    return user


def _my_firm() -> Enterprise:
    user = _me()
    ent = db.session.get(Enterprise, user.enterprise_id) if user.enterprise_id else None
    if ent is None:
        abort(404)
    return ent


# --- the firm's form -------------------------------------------------------------------------


def _answers_from(form: Any, prepared: Prepared) -> dict[str, Any]:
    keys = [c.field for c in prepared.asks] + [q.key for q in prepared.questions]
    return {k: form.get(k, "") for k in keys if k in form}


def _ask_input(cond: Any) -> dict[str, Any]:
    """How the form asks for a field the record lacks: its input kind, unit and choices."""
    spec = cond.spec
    if spec.type == NUMERIC:
        unit = "万元" if spec.unit == "元" else spec.unit
        return {"input": "number", "unit": unit, "choices": []}
    if spec.type == DATE:
        return {"input": "date", "unit": "", "choices": []}
    if spec.type == BOOL:
        return {"input": "select", "unit": "", "choices": [("是", "是"), ("否", "否")]}
    if spec.type == INDUSTRY:
        return {"input": "select", "unit": "", "choices": industry_choices(None)}
    if spec.type == CATEGORY:
        return {"input": "select", "unit": "", "choices": list(spec.choices)}
    return {"input": "text", "unit": "", "choices": []}


def _form_page(
    ent: Enterprise,
    prepared: Prepared,
    values: dict[str, Any],
    chosen: set[int],
    app: Application | None = None,
    status: int = 200,
) -> tuple[str, int]:
    today = street_today()
    materials = library.firm_materials(ent.id)
    return render_template(
        "applications/form.html",
        ent=ent,
        p=prepared,
        app=app,
        values=values,
        chosen=chosen,
        asks=[(c, _ask_input(c)) for c in prepared.asks],
        materials=materials,
        valid={m.id for m in materials if m.valid_on(today)},
        material_kinds=MATERIAL_KINDS,
        question_kinds=QUESTION_KINDS,
        kind_label=OFFER_KINDS[prepared.kind],
        title=f"申报：{prepared.title}",
    ), status


@bp.route("/firm/applications/new/<kind>/<int:offer_id>", methods=["GET", "POST"])
@role_required(Role.FIRM)
def new(kind: str, offer_id: int) -> Response | tuple[str, int]:
    """The firm's application form, prefilled from its record."""
    ent = _my_firm()
    if kind not in OFFER_KINDS:
        abort(404)
    earlier = services.open_application(ent.id, kind, offer_id)
    if earlier is not None:
        flash(translate("贵企业已经申报过该项目，下面是申报进度。"), "success")
        return redirect(url_for("applications.show", application_id=earlier.id))
    try:
        prepared = services.prepared_for(ent, kind, offer_id, request.form.to_dict())
    except services.ApplicationError as exc:
        if exc.status == 404:
            abort(404)
        flash(exc.shown(), "error")
        return redirect(url_for("matching.offer", kind=kind, offer_id=offer_id))
    if request.method == "GET":
        today = street_today()
        # Each kind of material the firm holds, its newest valid one, is chosen for it.
        newest: dict[str, int] = {}
        for m in library.firm_materials(ent.id):
            if m.valid_on(today):
                newest.setdefault(m.kind, m.id)
        return _form_page(ent, prepared, {}, set(newest.values()))
    values = _answers_from(request.form, prepared)
    chosen = {int(i) for i in request.form.getlist("materials", type=db_id)}
    try:
        app = services.submit(ent, kind, offer_id, values, sorted(chosen), _me())
    except services.ApplicationError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
        prepared = services.prepared_for(ent, kind, offer_id, values)
        return _form_page(ent, prepared, values, chosen, status=exc.status)
    flash(translate("申报已提交，街道受理后会通知您。"), "success")
    return redirect(url_for("applications.show", application_id=app.id))


@bp.get("/firm/applications/")
@role_required(Role.FIRM)
def mine() -> str:
    return _list_page("applications/mine.html", "我的申报")


# --- the street's review list ----------------------------------------------------------------


def _offer_choices() -> list[tuple[str, str]]:
    """The offers the review list filters by: "policy:3" → its title."""
    policies = db.session.execute(
        db.select(Policy.id, Policy.title).where(Policy.status != "draft").order_by(Policy.id)
    ).all()
    funding = db.session.execute(
        db.select(FundingProduct.id, FundingProduct.title).order_by(FundingProduct.id)
    ).all()
    return [(f"policy:{i}", t) for i, t in policies] + [(f"funding:{i}", t) for i, t in funding]


def _list_page(template: str, title: str) -> str:
    user = _me()
    state = request.args.get("state", "")
    state = state if state in (*workflow.STATES, "open") else ""
    offer = request.args.get("offer", "")
    kind, _, raw_id = offer.partition(":")
    try:
        offer_id = db_id(raw_id) if kind in OFFER_KINDS else None
    except ValueError:
        offer_id = None
    if offer_id is None:
        kind, offer = "", ""
    page = max(1, request.args.get("page", 1, type=page_number))
    stmt = queries.search(user, state, kind, offer_id)
    items, total = paginate(stmt, page, PER_PAGE)
    return render_template(
        template,
        items=items,
        total=total,
        page=page,
        per_page=PER_PAGE,
        state=state,
        offer=offer,
        offers=_offer_choices() if user.sees_all else [],
        args={k: v for k, v in request.args.items() if k != "page"},
        wf=workflow,
        overdue={a.id for a in items if services.is_overdue(a)},
        title=title,
    )


@bp.get("/street/applications/")
@role_required(Role.STREET)
def review() -> str:
    return _list_page("applications/review.html", "申报审核")


# --- one application -------------------------------------------------------------------------


def _visible(application_id: int) -> Application:
    app = db.session.get(Application, application_id)
    if app is None or not services.can_see(_me(), app):
        abort(404)
    return app


@bp.get("/applications/<int:application_id>")
@role_required(Role.STREET, Role.FIRM)
def show(application_id: int) -> str | tuple[str, int]:
    app = _visible(application_id)
    user = _me()
    allowed = services.allowed_for(user, app)
    if "submitted" in allowed:  # returned to the firm: it completes the form and resubmits
        found = _resubmission(app)
        if found is not None:
            ent, prepared = found
            chosen = {m.id for m in app.materials}
            return _form_page(ent, prepared, dict(app.answers or {}), chosen, app=app)
    return _show_page(app, user, allowed)


def _resubmission(app: Application) -> tuple[Enterprise, Prepared] | None:
    """The form a returned application is completed on (None, with the reason shown, when
    the offer no longer takes applications)."""
    ent = db.session.get(Enterprise, app.enterprise_id)
    assert ent is not None
    try:
        prepared = services.prepared_for(
            ent, app.offer_kind, app.offer_id, app.answers, window=False
        )
        return ent, prepared
    except services.ApplicationError as exc:
        flash(exc.shown(), "error")
        return None


def _show_page(app: Application, user: User, allowed: list[str]) -> str:
    return render_template(
        "applications/show.html",
        a=app,
        me=user,
        moves=[(to, workflow.MOVES[(app.state, to)]) for to in allowed],
        wf=workflow,
        overdue=services.is_overdue(app),
        material_kinds=MATERIAL_KINDS,
        offer_url=_offer_url(app, user),
        answers=answer_lines(_record(app), dict(app.answers or {})),
        today=street_today(),
        title=app.title,
    )


def _record(app: Application) -> Policy | FundingProduct | None:
    if app.offer_kind == "policy":
        return db.session.get(Policy, app.offer_id)
    return db.session.get(FundingProduct, app.offer_id)


def _offer_url(app: Application, user: User) -> str | None:
    if user.role == Role.FIRM:
        return url_for("matching.offer", kind=app.offer_kind, offer_id=app.offer_id)
    if app.offer_kind == "policy":
        return url_for("policies.funnel", policy_id=app.offer_id)
    return None


@bp.post("/applications/<int:application_id>/move")
@role_required(Role.STREET, Role.FIRM)
def move(application_id: int) -> Response | tuple[str, int]:
    app = _visible(application_id)
    user = _me()
    to = request.form.get("to", "")
    answers = None
    materials = None
    if to == "submitted":
        found = _resubmission(app)
        if found is None:
            return redirect(url_for("applications.show", application_id=app.id))
        answers = _answers_from(request.form, found[1])
        materials = sorted({int(i) for i in request.form.getlist("materials", type=db_id)})
    try:
        amount = parse_amount(request.form.get("amount", "")) if "amount" in request.form else None
        paid_on = (
            date.fromisoformat(request.form["paid_on"]) if request.form.get("paid_on") else None
        )
    except ValueError:
        flash(translate("兑现金额应为数字（可写 5万、20000），日期如 2027-03-01"), "error")
        return redirect(url_for("applications.show", application_id=app.id))
    try:
        services.transition(
            app,
            to,
            user=user,
            note=request.form.get("note"),
            amount=amount,
            paid_on=paid_on,
            answers=answers,
            material_ids=materials,
        )
    except services.ApplicationError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
        return redirect(url_for("applications.show", application_id=application_id))
    label = workflow.STATE_LABELS.get(app.state, app.state)
    flash(translate("已办理，申报当前状态：{state}。", state=translate(label)), "success")
    return redirect(url_for("applications.show", application_id=app.id))


# --- the firm's materials library ------------------------------------------------------------


@bp.route("/firm/materials", methods=["GET", "POST"])
@role_required(Role.FIRM)
def materials() -> Response | tuple[str, int]:
    """Materials uploaded once and reused in every application, each with its validity."""
    ent = _my_firm()
    status = 200
    back = request.values.get("next", "")
    back = back if back.startswith("/firm/applications/") else ""
    if request.method == "POST":
        upload = request.files.get("file")
        try:
            raw = request.form.get("valid_until", "").strip()
            valid_until = date.fromisoformat(raw) if raw else None
        except ValueError:
            flash(translate("有效期应为日期，如 2027-03-01；长期有效可不填"), "error")
            status = 422
        else:
            try:
                if upload is None or not upload.filename:
                    raise services.ApplicationError(
                        422, "invalid_field", "file: choose a file", "请选择要上传的文件"
                    )
                library.add_material(
                    ent,
                    request.form.get("kind", ""),
                    upload.filename,
                    upload.read(),
                    valid_until,
                    _me(),
                    request.form.get("title", ""),
                )
            except services.ApplicationError as exc:
                db.session.rollback()
                flash(exc.shown(), "error")
                status = exc.status
            else:
                flash(translate("材料已上传，申报时可直接选用。"), "success")
                return redirect(back or url_for("applications.materials"))
    return render_template(
        "applications/materials.html",
        items=library.firm_materials(ent.id),
        kinds=MATERIAL_KINDS,
        today=street_today(),
        back=back,
        title="材料库",
    ), status


@bp.post("/firm/materials/<int:material_id>/delete")
@role_required(Role.FIRM)
def delete_material(material_id: int) -> Response:
    """The firm takes a material out of its library (not while an open application uses it)."""
    ent = _my_firm()
    try:
        path = library.delete_material(ent, material_id)
    except services.ApplicationError as exc:
        db.session.rollback()
        if exc.status == 404:
            abort(404)
        flash(exc.shown(), "error")
        return redirect(url_for("applications.materials"))
    on_commit(lambda: path.unlink(missing_ok=True))
    flash(translate("材料已删除。"), "success")
    return redirect(url_for("applications.materials"))


@bp.get("/materials/<int:material_id>")
@role_required(Role.STREET, Role.FIRM)
def material_file(material_id: int) -> Response:
    """A material's file: for the firm that holds it, and the street that reviews it."""
    material = db.session.get(FirmMaterial, material_id)
    user = _me()
    if material is None or not (user.sees_all or user.enterprise_id == material.enterprise_id):
        abort(404)
    return send_file(
        upload_path(material.stored_path), download_name=material.file_name, as_attachment=True
    )
