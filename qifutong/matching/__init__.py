"""Matching offers to firms ("信息找人") and pushing them to each firm's inbox."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from qifutong.matching import views
    from qifutong.web.nav import register_home, register_nav

    app.register_blueprint(views.bp)
    register_home("firm", "matching.firm_home")
    register_nav(("firm",), "为您推荐", "matching.firm_home", order=10)
