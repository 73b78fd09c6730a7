"""Logins, roles and scopes."""

from __future__ import annotations

from flask import Flask

from qifutong.extensions import db, login_manager


def init_app(app: Flask) -> None:
    from qifutong.auth import views
    from qifutong.auth.models import User
    from qifutong.auth.seed import load_demo_users
    from qifutong.seeding import register_seeder
    from qifutong.web.nav import register_nav

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """The session's user, if the session was signed since the user's last logout or
        password change."""
        user_id, _, epoch = session_id.partition(".")
        if not (user_id.isdigit() and epoch.isdigit()):
            return None
        user = db.session.get(User, int(user_id))
        if user is None or (user.session_epoch or 0) != int(epoch):
            return None
        return user

    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.session_protection = "strong"
    app.register_blueprint(views.bp)
    register_nav(("admin",), "用户管理", "auth.users", order=90)
    register_seeder(90, "demo_users", load_demo_users)
