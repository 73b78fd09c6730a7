"""Activities and trainings (活动培训): publish, target by tags, sign-up, attendance.

Times of activities are the street's local wall-clock times, as the seed and the forms give
them. Publishing announces the offer so the matching engine can push it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import case, func, select
from werkzeug.wrappers import Response

from policies.models import Activity, ActivitySignup
from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role, User
from qifutong.enterprises.models import Enterprise, EnterpriseTag, Tag
from qifutong.errors import QifutongError
from qifutong.events import OFFER_CHANGED, emit
from qifutong.extensions import db
from qifutong.timeutil import street_now
from qifutong.web.i18n import N_, translate

bp = Blueprint("activities", __name__, template_folder="templates")

KINDS = {
    "training": N_("培训"),
    "briefing": N_("政策宣讲"),
    "salon": N_("沙龙"),
    "roadshow": N_("路演"),
    "job_fair": N_("招聘会"),
    "event": N_("活动"),
}
STATUSES = {"draft": N_("草稿"), "published": N_("已发布"), "cancelled": N_("已取消")}


class ActivityError(QifutongError, ValueError):
    """Input or a request that cannot be done; the message says why."""


def targets_firm(activity_tags: list[str], firm_tags: set[str]) -> bool:
    """An activity without tags is for every firm; with tags, for firms sharing one."""
    return not activity_tags or bool(set(activity_tags) & firm_tags)


def firm_tags(enterprise_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(EnterpriseTag.tag_code).where(EnterpriseTag.enterprise_id == enterprise_id)
        )
    )


def signup_counts(ids: list[int]) -> dict[int, tuple[int, int]]:
    """Activity id → (signed up, attended)."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            ActivitySignup.activity_id,
            func.count(),
            func.sum(case((ActivitySignup.attended.is_(True), 1), else_=0)),
        )
        .where(ActivitySignup.activity_id.in_(ids))
        .group_by(ActivitySignup.activity_id)
    )
    return {aid: (int(n), int(a or 0)) for aid, n, a in rows}


def save_activity(activity: Activity | None, form: dict[str, Any]) -> Activity:
    """Create or edit an activity from form fields; clear messages for what is wrong."""
    title = str(form.get("title", "")).strip()
    if not title:
        raise ActivityError(translate("标题：请填写活动名称"))
    kind = str(form.get("kind", "training"))
    if kind not in KINDS:
        raise ActivityError(translate("类型：请从列表中选择"))
    try:
        starts = datetime.fromisoformat(str(form.get("starts_at", "")))
    except ValueError as exc:
        raise ActivityError(translate("开始时间：请按 YYYY-MM-DD HH:MM 填写")) from exc
    try:
        hours = float(form.get("duration_hours") or 2)
    except ValueError as exc:
        raise ActivityError(translate("时长：请填写小时数")) from exc
    if not 0 < hours <= 72:
        raise ActivityError(translate("时长：应在 0 到 72 小时之间"))
    capacity_raw = str(form.get("capacity", "")).strip()
    if capacity_raw and not capacity_raw.isdigit():
        raise ActivityError(translate("名额：请填写整数，不限则留空"))
    tags = [t for t in form.get("tags", []) if t]
    known = set(db.session.scalars(select(Tag.code).where(Tag.code.in_(tags))))
    unknown = [t for t in tags if t not in known]
    if unknown:
        raise ActivityError(translate("目标标签：未知的标签 {t}", t=", ".join(unknown)))
    if activity is None:
        activity = Activity(status="draft", criteria=[])
        db.session.add(activity)
    activity.title = title[:200]
    activity.kind = kind
    activity.starts_at = starts
    activity.ends_at = starts + timedelta(hours=hours)
    activity.place = str(form.get("place", "")).strip()[:200]
    activity.capacity = int(capacity_raw) if capacity_raw else None
    activity.organizer = str(form.get("organizer", "")).strip()[:120]
    activity.summary = str(form.get("summary", "")).strip()
    activity.tags = tags
    db.session.flush()
    return activity


def publish(activity: Activity) -> None:
    activity.status = "published"
    db.session.flush()
    emit(OFFER_CHANGED, kind="activity", offer_id=activity.id)


def sign_up(activity: Activity, enterprise_id: int, user: User | None, now: datetime) -> None:
    """One sign-up per firm; refused when the activity is not open or is full."""
    if activity.status != "published":
        raise ActivityError(translate("该活动未发布，不能报名"))
    if activity.starts_at <= now:
        raise ActivityError(translate("活动已开始或已结束，不能报名"))
    if db.session.get(ActivitySignup, (activity.id, enterprise_id)) is not None:
        raise ActivityError(translate("贵企业已报名该活动"))
    taken = signup_counts([activity.id]).get(activity.id, (0, 0))[0]
    if activity.capacity is not None and taken >= activity.capacity:
        raise ActivityError(translate("名额已满"))
    db.session.add(
        ActivitySignup(
            activity_id=activity.id,
            enterprise_id=enterprise_id,
            user_id=user.id if user else None,
            signed_up_at=now,
            attended=False,
        )
    )


def cancel_signup(activity: Activity, enterprise_id: int, now: datetime) -> None:
    signup = db.session.get(ActivitySignup, (activity.id, enterprise_id))
    if signup is None:
        raise ActivityError(translate("贵企业未报名该活动"))
    if activity.starts_at <= now:
        raise ActivityError(translate("活动已开始，不能取消报名"))
    db.session.delete(signup)


def record_attendance(activity: Activity, attended_ids: set[int]) -> int:
    """Mark who came (the others did not); returns how many attended."""
    signups = db.session.scalars(
        select(ActivitySignup).where(ActivitySignup.activity_id == activity.id)
    )
    count = 0
    for s in signups:
        s.attended = s.enterprise_id in attended_ids
        count += int(s.attended)
    return count


def _user() -> User:
    user = acting_user()
    assert user is not None
    return user


def _activity(activity_id: int) -> Activity:
    item = db.session.get(Activity, activity_id)
    if item is None:
        abort(404)
    return item


def _tag_names() -> dict[str, str]:
    return {t.code: t.name_zh for t in db.session.scalars(select(Tag).order_by(Tag.code))}


@bp.get("/street/activities/")
@role_required(Role.STREET)
def index() -> str:
    items = list(db.session.scalars(select(Activity).order_by(Activity.starts_at.desc())))
    return render_template(
        "activities/index.html",
        items=items,
        counts=signup_counts([a.id for a in items]),
        kinds=KINDS,
        statuses=STATUSES,
        tag_names=_tag_names(),
        now=street_now(),
        title="活动培训",
    )


@bp.route("/street/activities/new", methods=["GET", "POST"])
@bp.route("/street/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@role_required(Role.STREET)
def edit(activity_id: int | None = None) -> str | Response:
    item = _activity(activity_id) if activity_id else None
    errors: list[str] = []
    if request.method == "POST":
        form: dict[str, Any] = request.form.to_dict()
        form["tags"] = request.form.getlist("tags")
        try:
            item = save_activity(item, form)
            if request.form.get("publish") == "1":
                publish(item)
        except ActivityError as exc:
            db.session.rollback()
            errors.append(exc.shown())
        else:
            flash(translate("活动已保存。"), "success")
            return redirect(url_for("activities.show", activity_id=item.id))
    return render_template(
        "activities/edit.html",
        a=item,
        form=request.form,
        errors=errors,
        kinds=KINDS,
        tags=list(db.session.scalars(select(Tag).order_by(Tag.kind, Tag.code))),
        title="编辑活动" if item else "发布活动",
    )


@bp.post("/street/activities/<int:activity_id>/publish")
@role_required(Role.STREET)
def publish_view(activity_id: int) -> Response:
    publish(_activity(activity_id))
    flash(translate("活动已发布，符合条件的企业将收到推送。"), "success")
    return redirect(url_for("activities.show", activity_id=activity_id))


@bp.get("/street/activities/<int:activity_id>")
@role_required(Role.STREET)
def show(activity_id: int) -> str:
    item = _activity(activity_id)
    rows = db.session.execute(
        select(ActivitySignup, Enterprise.name)
        .join(Enterprise, Enterprise.id == ActivitySignup.enterprise_id)
        .where(ActivitySignup.activity_id == item.id)
        .order_by(ActivitySignup.signed_up_at)
    ).all()
    return render_template(
        "activities/show.html",
        a=item,
        rows=rows,
        kinds=KINDS,
        statuses=STATUSES,
        tag_names=_tag_names(),
        title=item.title,
    )


@bp.post("/street/activities/<int:activity_id>/attendance")
@role_required(Role.STREET)
def attendance(activity_id: int) -> Response:
    item = _activity(activity_id)
    ids = {int(v) for v in request.form.getlist("attended") if v.isdigit()}
    count = record_attendance(item, ids)
    flash(translate("已记录签到：{n} 家企业出席。", n=count), "success")
    return redirect(url_for("activities.show", activity_id=activity_id))


def _firm_id() -> int:
    user = _user()
    if user.enterprise_id is None:
        abort(403)
    return user.enterprise_id


@bp.get("/firm/activities/")
@role_required(Role.FIRM)
def firm_index() -> str:
    eid = _firm_id()
    now = street_now()
    tags = firm_tags(eid)
    items = list(
        db.session.scalars(
            select(Activity)
            .where(Activity.status == "published", Activity.ends_at >= now - timedelta(days=30))
            .order_by(Activity.starts_at)
        )
    )
    mine = {
        s.activity_id: s
        for s in db.session.scalars(
            select(ActivitySignup).where(ActivitySignup.enterprise_id == eid)
        )
    }
    return render_template(
        "activities/firm_index.html",
        for_you=[a for a in items if targets_firm(a.tags or [], tags)],
        others=[a for a in items if not targets_firm(a.tags or [], tags)],
        mine=mine,
        counts=signup_counts([a.id for a in items]),
        kinds=KINDS,
        tag_names=_tag_names(),
        now=now,
        title="活动培训",
    )


@bp.post("/firm/activities/<int:activity_id>/signup")
@role_required(Role.FIRM)
def signup(activity_id: int) -> Response:
    try:
        sign_up(_activity(activity_id), _firm_id(), _user(), street_now())
    except ActivityError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
    else:
        flash(translate("报名成功。"), "success")
    return redirect(url_for("activities.firm_index"))


@bp.post("/firm/activities/<int:activity_id>/cancel")
@role_required(Role.FIRM)
def cancel(activity_id: int) -> Response:
    try:
        cancel_signup(_activity(activity_id), _firm_id(), street_now())
    except ActivityError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
    else:
        flash(translate("已取消报名。"), "success")
    return redirect(url_for("activities.firm_index"))
