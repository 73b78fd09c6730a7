"""The entry page, language switch and the street's and firm's home pages."""

from __future__ import annotations

import functools
import gzip

from flask import Blueprint, redirect, render_template, request, session, url_for
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
    """plotly.js from the installed plotly package: served here, never from a CDN, compressed
    the best way the browser accepts (4.8 MB as it is, 1.2 MB in brotli, 1.5 MB in gzip)."""
    import plotly

    accepted = request.accept_encodings
    encoding = next((e for e in ("br", "gzip") if accepted[e]), "identity")
    response = Response(plotly_bundle(encoding), mimetype="text/javascript")
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    response.set_etag(f"plotly-{plotly.__version__}-{encoding}")
    return response.make_conditional(request)


@functools.cache
def plotly_bundle(encoding: str) -> bytes:
    """The bundle's bytes in that encoding, compressed once per process (under a second)."""
    from pathlib import Path

    import plotly

    data = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    if encoding == "br":
        import brotli

        return bytes(brotli.compress(data, quality=9, mode=brotli.MODE_TEXT))
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    return data


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
