"""Pages shared by every interface: layout, language, errors, home pages."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from qifutong.web.i18n import N_, current_locale, shown, translate


def csp_nonce() -> str:
    """This response's script nonce (the Content-Security-Policy names it)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def with_nonce(html: str) -> str:
    """HTML made elsewhere (a plotly chart) with this response's nonce on its scripts."""
    return html.replace("<script ", f'<script nonce="{csp_nonce()}" ').replace(
        "<script>", f'<script nonce="{csp_nonce()}">'
    )


def init_translations(app: Flask) -> None:
    """Flask-Babel with the English catalog, compiled from its .po when the .mo is missing or
    older (in the package's folder, or the instance folder where that cannot be written)."""
    from qifutong.extensions import babel
    from qifutong.web.catalog import compiled

    folder = compiled("en", Path(app.instance_path) / "translations")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(folder))
    # The templates' `_` is translate (layout_context), not Flask-Babel's gettext.
    babel.init_app(app, locale_selector=current_locale)


def init_app(app: Flask) -> None:
    from qifutong.auth.access import acting_user
    from qifutong.inputs import NUL_MESSAGE, holds_nul
    from qifutong.maps import tile_service
    from qifutong.web import catalogue_views, catalogue_words, filters, views
    from qifutong.web.nav import cards_for, nav_entries, nav_for, register_home, register_nav

    app.register_blueprint(views.bp)
    app.register_blueprint(catalogue_views.bp)
    app.register_blueprint(catalogue_views.api)
    register_nav(("street",), N_("数据资源目录"), "catalogue.page", order=90)
    register_home("street", "web.street_home")
    register_home("admin", "web.street_home")
    filters.register(app)
    init_translations(app)
    app.add_template_filter(catalogue_words.coverage_text)
    app.add_template_filter(shown)

    @app.context_processor
    def layout_context() -> dict[str, Any]:
        user = acting_user()
        items = nav_for(user.role) if user else []
        if user is not None and user.role == "admin":
            items = sorted(nav_for("street") + items, key=lambda i: i.order)
        return {
            "_": translate,
            "locale": current_locale(),
            "nav_items": items,  # every page the user may open (home pages list them)
            "nav_entries": nav_entries(items),  # the same, grouped into the top bar's menus
            "me": user,
            "cards_for": cards_for,
            "csp_nonce": csp_nonce,
        }

    @app.before_request
    def forget_previous_caller() -> None:
        # `g` lives as long as the app context; where one outlives a request (tests, CLI
        # tools driving the app), the last request's caller must not carry over.
        g.pop("api_user", None)
        g.pop("_login_user", None)
        g.pop("locale", None)
        g.pop("_flask_babel", None)  # Flask-Babel's locale and catalog of the last request
        g.pop("_holiday_notices", None)
        g.pop("csp_nonce", None)
        g.pop(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)  # Flask-WTF's token

    @app.before_request
    def refuse_nul_characters() -> Any:
        # No field of any form or query may hold a NUL character (PostgreSQL stores none):
        # refused here, before a view passes it to a query.
        for source in (request.args, request.form):
            for key, values in source.lists():
                if holds_nul(key) or any(holds_nul(v) for v in values):
                    if request.path.startswith("/api/"):
                        message = f"{key}: {translate(NUL_MESSAGE)}"
                        body = {"code": "invalid_field", "message": message, "field": key}
                        return jsonify({"error": body}), 422
                    return render_template(
                        "error.html", code=400, message=translate("输入中含有无法识别的字符。")
                    ), 400
        return None

    @app.after_request
    def security_headers(resp: Response) -> Response:
        # Everything is served from this host: no CDN, no outside script or font. A script runs
        # only from a file here or with this response's nonce; nothing is evaluated from text.
        # Styles may be inline: plotly writes its own style rules into the page as it draws.
        # Images may also come from the map tile service the street configured, if any.
        tiles = tile_service(app.config)
        img_src = f"'self' data: {tiles.origin}" if tiles else "'self' data:"
        resp.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; img-src {img_src}; style-src 'self' 'unsafe-inline'; "
            f"script-src 'self' 'nonce-{csp_nonce()}'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'",
        )
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            resp.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return resp

    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError) -> tuple[str, int]:
        return render_template(
            "error.html",
            code=400,
            message=translate("表单已过期或缺少安全令牌，请刷新页面后重试。"),
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> Any:
        code = err.code or 500
        if request.path.startswith("/api/"):
            body = {
                "error": {
                    "code": err.name.lower().replace(" ", "_"),
                    "message": err.description or err.name,
                }
            }
            return jsonify(body), code
        messages = {403: N_("您没有权限查看此页面。"), 404: N_("找不到您要的页面。")}
        message = translate(messages.get(code, err.description or err.name))
        return render_template("error.html", code=code, message=message), code
