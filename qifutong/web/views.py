"""The entry page, language switch and the street's and firm's home pages."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, send_file, session, url_for
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.web.i18n import LOCALES
from qifutong.web.nav import home_url

bp = Blueprint("web", __name__)


@bp.get("/")
def index() -> Response:
    user = acting_user()
    if user is None:
        return redirect(url_for("auth.login"))
    return redirect(home_url(user.role))


@bp.get("/vendor/plotly.min.js")
def plotly_js() -> Response:
    """plotly.js from the installed plotly package: served here, never from a CDN."""
    from pathlib import Path

    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return send_file(path, mimetype="text/javascript", max_age=86400)


@bp.get("/locale/<code>")
def set_locale(code: str) -> Response:
    if code in LOCALES:
        session["locale"] = code
    back = request.referrer or url_for("web.index")
    host = request.host_url
    return redirect(back if back.startswith(host) else url_for("web.index"))


@bp.get("/street/")
@role_required(Role.STREET)
def street_home() -> str:
    return render_template("web/home.html", role="street", title="街道工作台")
