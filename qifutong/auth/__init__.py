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
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))

    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.session_protection = "strong"
    app.register_blueprint(views.bp)
    register_nav(("admin",), "用户管理", "auth.users", order=90)
    register_seeder(90, "demo_users", load_demo_users)
