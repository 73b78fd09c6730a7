"""Demand pages: the street's list (诉求办理), a firm's own (我的诉求), raise, show, move."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, can_see_enterprise, role_required
from qifutong.auth.models import Role, User
from qifutong.demands import attachments, queries, services, workflow
from qifutong.demands.holidays import missing_warning
from qifutong.demands.models import Demand, DemandAttachment
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inputs import db_id, page_number, whole
from qifutong.paging import paginate
from qifutong.timeutil import street_today
from qifutong.web.i18n import translate

bp = Blueprint("demands", __name__)
PER_PAGE = 50


def _user() -> User:
    user = acting_user()
    assert user is not None
    return user


def _filter_from_args() -> queries.DemandFilter:
    return queries.DemandFilter(
        status=request.args.get("status", ""),
        urgency=request.args.get("urgency", ""),
        category=request.args.get("category", ""),
        overdue=request.args.get("overdue") == "1",
        escalated=request.args.get("escalated") == "1",
        mine=request.args.get("mine") == "1",
        q=request.args.get("q", "").strip(),
    )


def _list_page(template_title: str, endpoint: str) -> str:
    user = _user()
    f = _filter_from_args()
    page = max(1, request.args.get("page", 1, type=page_number))
    items, total = paginate(queries.demand_search(user, f), page, PER_PAGE)
    return render_template(
        "demands/index.html",
        items=items,
        total=total,
        page=page,
        per_page=PER_PAGE,
        f=f,
        counts=queries.demand_counts(user),
        overdue={d.id for d in items if services.is_overdue(d)},
        endpoint=endpoint,
        query_args={k: v for k, v in request.args.items() if k != "page"},
        wf=workflow,
        title=template_title,
        calendar_warning=missing_warning(street_today()) if user.sees_all else None,
    )


@bp.get("/demands/")
@role_required(Role.STREET, Role.BUILDING)
def index() -> str:
    return _list_page("诉求办理", "demands.index")


@bp.get("/firm/demands/")
@role_required(Role.FIRM)
def mine() -> str:
    return _list_page("我的诉求", "demands.mine")


def find_enterprise(user: User, text: str) -> tuple[Enterprise | None, list[Enterprise]]:
    """A firm named by USCC or name within the user's scope; else the candidates."""
    text = text.strip()
    if not text:
        return None, []
    stmt = select(Enterprise).where(or_(Enterprise.uscc == text.upper(), Enterprise.name == text))
    exact = [e for e in db.session.scalars(stmt) if can_see_enterprise(user, e)]
    if len(exact) == 1:
        return exact[0], []
    like = select(Enterprise).where(Enterprise.name.contains(text, autoescape=True)).limit(50)
    found = [e for e in db.session.scalars(like) if can_see_enterprise(user, e)]
    if len(found) == 1:
        return found[0], []
    return None, found[:10]


@bp.route("/demands/new", methods=["GET", "POST"])
@role_required(Role.STREET, Role.BUILDING, Role.FIRM)
def new() -> str | Response:
    user = _user()
    form = request.form if request.method == "POST" else request.args
    ent: Enterprise | None = None
    candidates: list[Enterprise] = []
    if user.role == Role.FIRM:
        ent = db.session.get(Enterprise, user.enterprise_id) if user.enterprise_id else None
        if ent is None:
            abort(403)
    elif form.get("enterprise_id"):
        enterprise_id = form.get("enterprise_id", type=db_id)
        ent = db.session.get(Enterprise, enterprise_id) if enterprise_id else None
        if ent is None or not can_see_enterprise(user, ent):
            abort(404)
    elif form.get("enterprise"):
        ent, candidates = find_enterprise(user, form["enterprise"])
    errors: list[str] = []
    if request.method == "POST":
        if ent is None:
            errors.append(translate("请填写企业名称或统一社会信用代码，并从候选中选定一家。"))
        else:
            try:
                demand = services.raise_demand(
                    enterprise_id=ent.id,
                    category=form.get("category", ""),
                    urgency=form.get("urgency", "normal"),
                    title=form.get("title", ""),
                    text=form.get("text", ""),
                    user=user,
                )
                for upload in request.files.getlist("attachments"):
                    if upload and upload.filename:
                        attachments.add_attachment(demand, upload.filename, upload.read(), user)
            except services.DemandError as exc:
                db.session.rollback()
                errors.append(exc.shown())
            else:
                flash(translate("诉求已提交，编号 {id}。", id=demand.id), "success")
                return redirect(url_for("demands.show", demand_id=demand.id))
    return render_template(
        "demands/new.html",
        ent=ent,
        candidates=candidates,
        form=form,
        errors=errors,
        wf=workflow,
        title="提交诉求",
    )


def _visible(demand_id: int) -> Demand:
    user = _user()
    demand = db.session.get(Demand, demand_id)
    if demand is None:
        abort(404)
    if not queries.can_see_demand(user, demand):
        abort(403)
    return demand


@bp.get("/demands/<int:demand_id>")
@role_required(Role.STREET, Role.BUILDING, Role.FIRM)
def show(demand_id: int) -> str:
    user = _user()
    demand = _visible(demand_id)
    allowed = services.allowed_for(user, demand)
    moves = [(to, workflow.move_for(demand.state, to)) for to in allowed]
    return render_template(
        "demands/show.html",
        d=demand,
        moves=moves,
        overdue=services.is_overdue(demand),
        street_users=queries.street_users() if user.sees_all else [],
        departments=queries.departments() if user.sees_all else [],
        can_attach=user.sees_all or user.role == Role.FIRM or demand.raised_by_user_id == user.id,
        wf=workflow,
        title=demand.title,
    )


@bp.post("/demands/<int:demand_id>/transition")
@role_required(Role.STREET, Role.FIRM)
def move(demand_id: int) -> Response:
    user = _user()
    demand = _visible(demand_id)
    rating = request.form.get("rating", type=whole(1, 5))
    owner = request.form.get("owner_user_id", type=db_id)
    try:
        services.transition(
            demand,
            request.form.get("to", ""),
            user=user,
            note=request.form.get("note"),
            owner_department=request.form.get("owner_department"),
            owner_user_id=owner,
            rating=rating,
        )
    except services.DemandError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
    else:
        flash(
            translate("已更新：{state}", state=translate(workflow.STATE_LABELS[demand.state])),
            "success",
        )
    return redirect(url_for("demands.show", demand_id=demand_id))


@bp.post("/demands/<int:demand_id>/attachments")
@role_required(Role.STREET, Role.BUILDING, Role.FIRM)
def attach(demand_id: int) -> Response:
    user = _user()
    demand = _visible(demand_id)
    if not (user.sees_all or user.role == Role.FIRM or demand.raised_by_user_id == user.id):
        abort(403)
    try:
        added = 0
        for upload in request.files.getlist("attachments"):
            if upload and upload.filename:
                attachments.add_attachment(demand, upload.filename, upload.read(), user)
                added += 1
        if not added:
            raise services.DemandError(
                422, "invalid_attachment", "choose a file", zh=translate("请选择要上传的文件。")
            )
    except services.DemandError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
    else:
        flash(translate("附件已上传。"), "success")
    return redirect(url_for("demands.show", demand_id=demand_id))


@bp.get("/demands/<int:demand_id>/attachments/<int:attachment_id>")
@role_required(Role.STREET, Role.BUILDING, Role.FIRM)
def attachment(demand_id: int, attachment_id: int) -> Response:
    demand = _visible(demand_id)
    item = db.session.get(DemandAttachment, attachment_id)
    if item is None or item.demand_id != demand.id:
        abort(404)
    path = attachments.attachment_path(item)
    if not path.exists():
        abort(404)
    return send_file(path, as_attachment=True, download_name=item.file_name)
