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

from qifutong import places
from qifutong.auth import services
from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import (
    DIGEST_FREQUENCIES,
    ROLE_LABELS,
    ApiToken,
    Role,
    User,
    user_buildings,
)
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inputs import whole
from qifutong.models_base import utcnow
from qifutong.uscc import normalise as normalise_uscc
from qifutong.web.i18n import N_
from qifutong.web.i18n import translate as _
from qifutong.web.nav import home_url

bp = Blueprint("auth", __name__)
ALL_ROLES = tuple(Role)
WEEKDAYS = (N_("周一"), N_("周二"), N_("周三"), N_("周四"), N_("周五"), N_("周六"), N_("周日"))


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
        if result.user.must_change_password:
            return redirect(url_for("auth.account"))
        return redirect(_safe_next(request.args.get("next")) or home_url(result.user.role))
    return render_template("auth/login.html")


# What a user whose password an administrator reset may open before setting a new one.
_BEFORE_NEW_PASSWORD = {"auth.account", "auth.change_password", "auth.logout", "auth.login"}


@bp.before_app_request
def new_password_first() -> Response | None:
    """After an administrator's reset, every page leads to setting a new password first."""
    from flask_login import current_user

    if (
        request.endpoint in _BEFORE_NEW_PASSWORD
        or request.endpoint in (None, "static")
        or (request.endpoint or "").endswith(".static")
        or request.path.startswith(("/api/", "/vendor/", "/locale/"))
        or not current_user.is_authenticated
        or not current_user.must_change_password
    ):
        return None
    flash(_("管理员已重置您的密码，请先设置新密码。"), "error")
    return redirect(url_for("auth.account"))


@bp.post("/logout")
def logout() -> Response:
    """Log out everywhere: every session of this user so far is void (a copied cookie too)."""
    user = acting_user()
    if user is not None:
        services.end_sessions(user)
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
        frequencies=DIGEST_FREQUENCIES,
        digest_day=WEEKDAYS[current_app.config["QIFUTONG_DIGEST_WEEKDAY"] % 7],
        title="账号与安全",
    )


@bp.post("/account/digest")
@role_required(Role.FIRM)
def digest_frequency() -> Response:
    """How often the user's digest comes (daily, weekly on the street's day, or never)."""
    user = _me()
    try:
        services.set_digest_frequency(user, request.form.get("frequency", ""))
    except services.AuthError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
        return redirect(url_for("auth.account"))
    chosen = _(DIGEST_FREQUENCIES[user.digest_frequency])
    flash(_("摘要频率已改为：{frequency}。", frequency=chosen), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/password")
@role_required(*ALL_ROLES)
def change_password() -> Response:
    """A new password; every session ends, this one included: log in again with it."""
    user = _me()
    form = request.form
    try:
        if form.get("new", "") != form.get("again", ""):
            raise services.AuthError(_("两次输入的新密码不一致"))
        services.change_password(user, form.get("current", ""), form.get("new", ""))
    except services.AuthError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
        return redirect(url_for("auth.account"))
    logout_user()
    session.clear()
    flash(_("密码已修改，请用新密码重新登录。"), "success")
    return redirect(url_for("auth.login"))


@bp.post("/account/tokens")
@role_required(*ALL_ROLES)
def new_token() -> str:
    """A new API token, shown once."""
    user = _me()
    days = request.form.get("days", type=whole(1, 3650))
    expires = utcnow() + timedelta(days=days) if days else None
    token = services.issue_token(user, expires)
    return account(new_token=token)


@bp.post("/account/tokens/<int:token_id>/revoke")
@role_required(*ALL_ROLES)
def revoke_token(token_id: int) -> Response:
    user = _me()
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        abort(404)
    services.revoke_tokens(user, token.prefix)
    flash(_("令牌 {prefix}… 已吊销。", prefix=token.prefix), "success")
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
        buildings=places.names(),
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
            flash(_("没有统一社会信用代码为 {code} 的企业。", code=code), "error")
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
        flash(exc.shown(), "error")
        return redirect(url_for("auth.users"))
    flash(_("用户已创建。"), "success")
    return redirect(url_for("auth.users"))


@bp.post("/admin/users/<int:user_id>/active")
@role_required(Role.ADMIN)
def toggle_active(user_id: int) -> Response:
    """Disable or re-enable a login (its API tokens stop working with it)."""
    user = _user_or_404(user_id)
    me = acting_user()
    if me is not None and user.id == me.id:
        flash(_("不能停用自己的账号。"), "error")
        return redirect(url_for("auth.users"))
    user.active = not user.active
    name = user.display_name or user.username
    if user.active:
        flash(_("已启用“{name}”：可以重新登录。", name=name), "success")
    else:
        flash(_("已停用“{name}”：不能再登录，其 API 令牌同时失效。", name=name), "success")
    return redirect(url_for("auth.users"))


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _departments(current: str | None) -> list[str]:
    """The street's departments (one list, as demands are assigned), and the user's own if it
    is not among them."""
    from qifutong.demands.workflow import DEPARTMENTS

    return list(DEPARTMENTS) + ([current] if current and current not in DEPARTMENTS else [])


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id: int) -> str | Response:
    """Change a login's name, contact, role, department and buildings."""
    user = _user_or_404(user_id)
    me = acting_user()
    if request.method == "POST":
        form = request.form
        role = form.get("role", user.role)
        if me is not None and user.id == me.id and role != user.role:
            flash(_("不能修改自己的角色。"), "error")
            return redirect(url_for("auth.edit_user", user_id=user.id))
        enterprise_id = user.enterprise_id
        code = normalise_uscc(form.get("firm_uscc", ""))
        if code:
            enterprise_id = db.session.scalar(select(Enterprise.id).where(Enterprise.uscc == code))
            if enterprise_id is None:
                flash(_("没有统一社会信用代码为 {code} 的企业。", code=code), "error")
                return redirect(url_for("auth.edit_user", user_id=user.id))
        try:
            services.update_user(
                user,
                role=role,
                display_name=form.get("display_name", "").strip()[:120],
                email=(form.get("email") or "").strip()[:200] or None,
                department=(form.get("department") or "").strip()[:120] or None,
                enterprise_id=enterprise_id,
                building_ids=[int(b) for b in form.getlist("building_ids") if b.isdigit()],
            )
        except services.AuthError as exc:
            db.session.rollback()
            flash(exc.shown(), "error")
            return redirect(url_for("auth.edit_user", user_id=user.id))
        flash(_("已保存“{name}”的账号信息。", name=user.display_name), "success")
        return redirect(url_for("auth.users"))
    return render_template(
        "auth/user_edit.html",
        user=user,
        role_labels=ROLE_LABELS,
        departments=_departments(user.department),
        buildings=sorted(places.names().items(), key=lambda b: b[1]),
        chosen=user.building_ids,
        is_me=me is not None and user.id == me.id,
        title="编辑用户",
    )


@bp.post("/admin/users/<int:user_id>/password")
@role_required(Role.ADMIN)
def reset_password(user_id: int) -> Response:
    """A temporary password, shown to the administrator once; the user sets a new one at login."""
    user = _user_or_404(user_id)
    temporary = services.reset_password(user)
    flash(
        _(
            "已重置“{name}”的密码。临时密码：{password}"
            "（只显示这一次，请当面或电话告知本人）；该用户登录后须先设置新密码。",
            name=user.display_name or user.username,
            password=temporary,
        ),
        "success",
    )
    return redirect(url_for("auth.edit_user", user_id=user.id))
