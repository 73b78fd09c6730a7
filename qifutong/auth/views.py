"""Log in, log out, and the admin's user list."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from qifutong.auth import services
from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import ROLE_LABELS, ApiToken, Role, User, user_buildings
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.queries import building_names
from qifutong.extensions import db
from qifutong.inputs import whole
from qifutong.models_base import utcnow
from qifutong.uscc import normalise as normalise_uscc
from qifutong.web.i18n import translate as _
from qifutong.web.nav import home_url

bp = Blueprint("auth", __name__)
ALL_ROLES = tuple(Role)


def _safe_next(target: str | None) -> str | None:
    """Only local paths: never redirect a login to another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if request.method == "POST":
        cfg = current_app.config
        result = services.authenticate(
            request.form.get("username", ""),
            request.form.get("password", ""),
            request.remote_addr or "",
            free=cfg["QIFUTONG_LOGIN_FREE_FAILURES"],
            window=cfg["QIFUTONG_LOGIN_WINDOW"],
            max_delay=cfg["QIFUTONG_LOGIN_MAX_DELAY"],
        )
        if result.wait_seconds:
            flash(
                _("登录失败次数过多，请 {seconds} 秒后再试。", seconds=result.wait_seconds), "error"
            )
            return render_template("auth/login.html"), 429
        if result.user is None:
            flash(_("用户名或密码错误。"), "error")
            return render_template("auth/login.html"), 401
        login_user(result.user)
        return redirect(_safe_next(request.args.get("next")) or home_url(result.user.role))
    return render_template("auth/login.html")


@bp.post("/logout")
def logout() -> Response:
    """Log out everywhere: every session of this user so far is void (a copied cookie too)."""
    user = acting_user()
    if user is not None:
        services.end_sessions(user)
        db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def _me() -> User:
    user = acting_user()
    if user is None:
        abort(401)
    return user


@bp.get("/account")
@role_required(*ALL_ROLES)
def account(new_token: str | None = None) -> str:
    """The user's password and API tokens."""
    return render_template(
        "auth/account.html",
        tokens=services.tokens_of(_me()),
        new_token=new_token,
        now=utcnow(),
        title="账号与安全",
    )


@bp.post("/account/password")
@role_required(*ALL_ROLES)
def change_password() -> Response:
    """A new password; every session ends, this one included: log in again with it."""
    user = _me()
    form = request.form
    try:
        if form.get("new", "") != form.get("again", ""):
            raise services.AuthError("两次输入的新密码不一致")
        services.change_password(user, form.get("current", ""), form.get("new", ""))
    except services.AuthError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("auth.account"))
    db.session.commit()
    logout_user()
    session.clear()
    flash("密码已修改，请用新密码重新登录。", "success")
    return redirect(url_for("auth.login"))


@bp.post("/account/tokens")
@role_required(*ALL_ROLES)
def new_token() -> str:
    """A new API token, shown once."""
    user = _me()
    days = request.form.get("days", type=whole(1, 3650))
    expires = utcnow() + timedelta(days=days) if days else None
    token = services.issue_token(user, expires)
    db.session.commit()
    return account(new_token=token)


@bp.post("/account/tokens/<int:token_id>/revoke")
@role_required(*ALL_ROLES)
def revoke_token(token_id: int) -> Response:
    user = _me()
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        abort(404)
    services.revoke_tokens(user, token.prefix)
    db.session.commit()
    flash(f"令牌 {token.prefix}… 已吊销。", "success")
    return redirect(url_for("auth.account"))


@bp.get("/admin/users")
@role_required(Role.ADMIN)
def users() -> str:
    rows = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    scopes: dict[int, list[int]] = {}
    for uid, bid in db.session.execute(select(user_buildings)):
        scopes.setdefault(uid, []).append(bid)
    return render_template(
        "auth/users.html",
        users=rows,
        scopes=scopes,
        role_labels=ROLE_LABELS,
        buildings=building_names(),
        title="用户管理",
    )


@bp.post("/admin/users")
@role_required(Role.ADMIN)
def add_user() -> Response:
    """Add a login from the admin's form; the firm is named by its USCC."""
    form = request.form
    enterprise_id = None
    code = normalise_uscc(form.get("firm_uscc", ""))
    if code:
        enterprise_id = db.session.scalar(select(Enterprise.id).where(Enterprise.uscc == code))
        if enterprise_id is None:
            flash(f"没有统一社会信用代码为 {code} 的企业。", "error")
            return redirect(url_for("auth.users"))
    try:
        services.create_user(
            form.get("username", "").strip(),
            form.get("password", ""),
            form.get("role", ""),
            display_name=form.get("display_name", "").strip(),
            enterprise_id=enterprise_id,
            building_ids=[int(b) for b in form.getlist("building_ids") if b.isdigit()],
            email=form.get("email") or None,
        )
    except services.AuthError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("auth.users"))
    db.session.commit()
    flash("用户已创建。", "success")
    return redirect(url_for("auth.users"))


@bp.post("/admin/users/<int:user_id>/active")
@role_required(Role.ADMIN)
def toggle_active(user_id: int) -> Response:
    """Disable or re-enable a login (its API tokens stop working with it)."""
    user = db.session.get(User, user_id)
    me = acting_user()
    if user is None:
        abort(404)
    if me is not None and user.id == me.id:
        flash("不能停用自己的账号。", "error")
        return redirect(url_for("auth.users"))
    user.active = not user.active
    db.session.commit()
    return redirect(url_for("auth.users"))
