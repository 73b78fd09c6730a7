"""政企互动 pages: the street's announcements and questions; a firm's notices and questions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role, User
from qifutong.enterprises.models import Enterprise, Tag
from qifutong.extensions import db
from qifutong.interaction import services as interaction
from qifutong.interaction.models import Announcement, AnnouncementReceipt, Question
from qifutong.web.i18n import translate

bp = Blueprint("interaction", __name__)


def _user() -> User:
    user = acting_user()
    assert user is not None
    return user


def _tags() -> list[Tag]:
    return list(db.session.scalars(select(Tag).order_by(Tag.kind, Tag.code)))


@bp.get("/interaction/")
@role_required(Role.STREET)
def index() -> str:
    items = list(
        db.session.scalars(select(Announcement).order_by(Announcement.published_at.desc()))
    )
    questions = list(
        db.session.scalars(
            select(Question).order_by(Question.answered_at.is_not(None), Question.id.desc())
        )
    )
    firms = {
        e.id: e.name
        for e in db.session.scalars(
            select(Enterprise).where(Enterprise.id.in_({q.enterprise_id for q in questions}))
        )
    }
    tag_names = {t.code: t.name_zh for t in _tags()}
    return render_template(
        "demands/interaction.html",
        items=items,
        counts=interaction.receipt_counts([a.id for a in items]),
        questions=questions,
        firms=firms,
        tag_names=tag_names,
        title="政企互动",
    )


@bp.route("/interaction/announcements/new", methods=["GET", "POST"])
@role_required(Role.STREET)
def new_announcement() -> str | Response:
    errors: list[str] = []
    if request.method == "POST":
        try:
            item = interaction.publish_announcement(
                title=request.form.get("title", ""),
                body=request.form.get("body", ""),
                target_tags=request.form.getlist("tags"),
                user=_user(),
            )
        except interaction.InteractionError as exc:
            db.session.rollback()
            errors.append(exc.shown())
        else:
            delivered = interaction.receipt_counts([item.id]).get(item.id, (0, 0))[0]
            flash(translate("公告已发布，送达 {n} 家企业。", n=delivered), "success")
            return redirect(url_for("interaction.announcement", announcement_id=item.id))
    return render_template(
        "demands/announcement_new.html",
        tags=_tags(),
        form=request.form,
        errors=errors,
        title="发布公告",
    )


@bp.get("/interaction/announcements/<int:announcement_id>")
@role_required(Role.STREET)
def announcement(announcement_id: int) -> str:
    item = db.session.get(Announcement, announcement_id)
    if item is None:
        abort(404)
    show = request.args.get("show", "unread")
    stmt = (
        select(AnnouncementReceipt, Enterprise.name)
        .join(Enterprise, Enterprise.id == AnnouncementReceipt.enterprise_id)
        .where(AnnouncementReceipt.announcement_id == item.id)
    )
    if show == "read":
        stmt = stmt.where(AnnouncementReceipt.read_at.is_not(None))
    elif show == "unread":
        stmt = stmt.where(AnnouncementReceipt.read_at.is_(None))
    rows = db.session.execute(stmt.order_by(Enterprise.name).limit(500)).all()
    delivered, read = interaction.receipt_counts([item.id]).get(item.id, (0, 0))
    return render_template(
        "demands/announcement_show.html",
        a=item,
        rows=rows,
        show=show,
        delivered=delivered,
        read=read,
        tag_names={t.code: t.name_zh for t in _tags()},
        title=item.title,
    )


@bp.post("/interaction/questions/<int:question_id>/answer")
@role_required(Role.STREET)
def answer(question_id: int) -> Response:
    q = db.session.get(Question, question_id)
    if q is None:
        abort(404)
    try:
        interaction.answer_question(q, _user(), request.form.get("answer", ""))
    except interaction.InteractionError as exc:
        flash(exc.shown(), "error")
    else:
        flash(translate("已答复。"), "success")
    return redirect(url_for("interaction.index") + f"#q{question_id}")


# --- the firm's side -------------------------------------------------------------------------


def _firm_id() -> int:
    user = _user()
    if user.enterprise_id is None:
        abort(403)
    return user.enterprise_id


@bp.get("/firm/notices/")
@role_required(Role.FIRM)
def firm_notices() -> str:
    eid = _firm_id()
    rows = db.session.execute(
        select(Announcement, AnnouncementReceipt.read_at)
        .join(AnnouncementReceipt, AnnouncementReceipt.announcement_id == Announcement.id)
        .where(AnnouncementReceipt.enterprise_id == eid)
        .order_by(Announcement.published_at.desc())
    ).all()
    questions = list(
        db.session.scalars(
            select(Question).where(Question.enterprise_id == eid).order_by(Question.id.desc())
        )
    )
    return render_template(
        "demands/firm_notices.html", rows=rows, questions=questions, title="通知公告"
    )


@bp.get("/firm/notices/<int:announcement_id>")
@role_required(Role.FIRM)
def firm_notice(announcement_id: int) -> str:
    eid = _firm_id()
    item = db.session.get(Announcement, announcement_id)
    if item is None or not interaction.mark_read(announcement_id, eid):
        abort(404)
    return render_template("demands/firm_notice.html", a=item, title=item.title)


@bp.post("/firm/questions")
@role_required(Role.FIRM)
def ask() -> Response:
    try:
        interaction.ask_question(_firm_id(), _user(), request.form.get("text", ""))
    except interaction.InteractionError as exc:
        flash(exc.shown(), "error")
    else:
        flash(translate("问题已提交，街道答复后会显示在这里。"), "success")
    return redirect(url_for("interaction.firm_notices"))
